// The always-available MaskProposer: OpenCV GrabCut, initialised from the box (outside
// = background; inside, pixels that look like the box's rim = probably background, the
// rest = probably the structure), with the clicks as hard seeds (small discs). It works on a crop around the box (plus a margin for the colour model of the
// surroundings), downscaled to a fixed pixel budget, with few iterations, so a prompt
// on a 640x512 frame answers in well under 300 ms on one core (bench/assist_bench).
#pragma once

#include "assist/maskproposer.h"

namespace sd {

struct GrabCutOptions {
    int iterations = 2;
    int maxWorkPixels = 15000;   // the crop is downscaled to at most this many pixels
    double marginFraction = 0.25; // crop margin around the box, as a fraction of its size
    double seedFraction = 0.02;   // click disc radius, as a fraction of the work crop's diagonal
    int refinePixels = 60000;     // boundary refinement at up to this many pixels; 0 = none
    bool fillHoles = true;        // the landmarks are solid: a hole is texture GrabCut misread
    double rimQuantile = 0.15;    // box pixels more like the box's rim than this share of the rim start as background; 0 = off
    double rimFraction = 0.04;    // width of the rim, as a fraction of the box's shorter side
    double rimMinShare = 0.03;    // the split must leave at least this share of the box as structure
};

class GrabCutProposer final : public MaskProposer {
public:
    explicit GrabCutProposer(GrabCutOptions options = {});
    QString name() const override { return QStringLiteral("grabcut"); }
    cv::Mat propose(const cv::Mat &frameBgr, const MaskPrompt &prompt, const QString &structureKey) override;

private:
    GrabCutOptions m_options;
};

// Checks a prompt against a frame of `frameSize` and returns the box to work in (the
// prompt's box, clipped, grown to hold the inside clicks; or one built around the inside
// clicks when there is no box). Throws std::invalid_argument with a message for a person:
// empty prompt, box outside the frame or of (nearly) zero area, a click outside the frame,
// only outside clicks. Shared by every proposer so they refuse the same prompts alike.
cv::Rect checkedPromptBox(const MaskPrompt &prompt, cv::Size frameSize);

} // namespace sd
