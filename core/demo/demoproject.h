// The synthetic demo CME project: rendered endoscopy-like frames with the five
// landmarks, ground-truth masks approved by "demo reviewer", grouped into a few
// synthetic operations. Deterministic: the same options always give the same
// project content (see projectContentHash()).
//
// Creation is all-or-nothing: the project is built in a hidden sibling folder
// and moved into place only when complete, so a failure or a cancel leaves
// nothing behind.
#pragma once

#include <QByteArray>
#include <opencv2/core.hpp>
#include <QString>
#include <functional>
#include <map>
#include <stdexcept>

namespace sd {

class DemoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char *kDemoReviewer = "demo reviewer";
// Frames of `demo run` (and its GUI window) by default: 4 operations, 1 of them held out.
inline constexpr int kDemoPipelineFrames = 120;
// Coherent clips of `demo create` and of the app's demo project (propagation shows on them).
inline constexpr int kDemoClips = 3;
inline constexpr int kDemoClipFrames = 10;
// Clip frames are 5 video frames (0.2 s at 25 fps) apart, like frames extracted at 5 fps.
inline constexpr double kDemoClipStepSec = 0.2;

struct DemoOptions {
    int frames = 300;       // 1 .. 100000
    int width = 640;        // 64 .. 4096
    int height = 512;       // 64 .. 4096
    quint64 seed = 1;
    int videos = 0;         // synthetic operations; 0 = one per 30 frames, at least 2 (if frames allow), at most 10
    // Coherent clips (demo/democlip.h) added after the `frames` independent frames, spread
    // over the operations: clipFrames consecutive frames each, ground truth on every one.
    // 0 here so that options written before clips existed still give the same project;
    // `demo create` and the app ask for kDemoClips.
    int clips = 0;          // 0 .. 100
    int clipFrames = kDemoClipFrames; // 2 .. 100
    QString name = QStringLiteral("CME demo (synthetic)");
};

// Called after each frame with (done, total); return false to cancel
// (createDemoProject then throws DemoError("cancelled") and leaves nothing).
// Called on the thread that called createDemoProject.
using DemoProgress = std::function<bool(int done, int total)>;

struct DemoSummary {
    QString folder;                         // absolute path of the new project
    int frames = 0;
    int videos = 0;
    int masks = 0;
    int clips = 0;
    int clipFrames = 0;                     // frames of all clips together (included in `frames`)
    int leftFrames = 0;
    int rightFrames = 0;
    int framesWithInstrument = 0;
    std::map<QString, int> masksPerStructure; // structure key -> mask count
    QByteArray projectHash;                 // projectContentHash() of the result
};

// Throws DemoError with a clear message: invalid options, folder already a
// project, folder exists and is not empty, or any store / image error.
DemoSummary createDemoProject(const QString &folder, const DemoOptions &options = {},
                              const DemoProgress &progress = {});

// Checks options without creating anything; returns an empty string if fine.
QString demoOptionsProblem(const DemoOptions &options);

// The number of synthetic operations used for the given options.
int demoVideoCount(const DemoOptions &options);

// The training pictures a demo project of these options would give, without a project: every
// frame rendered and each of its masks composed over it as the dataset export does (composeOverlay,
// default alpha). `sink` gets each overlay (BGR) with its structure key. For pre-training a vision
// tower on synthetic frames (`model pretrain-vision --render`); use another seed than the evaluated
// project's so none of its frames is seen. Throws DemoError for invalid options.
void renderDemoOverlays(const DemoOptions &options,
                        const std::function<void(const cv::Mat &overlayBgr, const QString &structureKey)> &sink);

} // namespace sd
