// Assisted segmentation: a person's prompt (a box and/or clicks on the frame) turned
// into a proposed mask. Two back-ends implement MaskProposer: GrabCut (core, always
// there) and the project's trained segmentation model (an adapter over the torch-free
// engine interface in training/, living above core). The canvas's smart-select tool,
// propagation refinement and the bench all talk to this interface only.
#pragma once

#include <QPoint>
#include <QRect>
#include <QString>
#include <opencv2/core.hpp>
#include <vector>

namespace sd {

// In frame pixel coordinates. A null box means "no box" (points only).
struct MaskPrompt {
    QRect box;
    std::vector<QPoint> inside;   // click: this pixel belongs to the structure
    std::vector<QPoint> outside;  // Shift+click: this pixel does not
    bool isEmpty() const { return box.isNull() && inside.empty() && outside.empty(); }
};

class MaskProposer {
public:
    virtual ~MaskProposer() = default;
    // Recorded as MaskOrigin::model of the versions it makes, e.g. "grabcut".
    virtual QString name() const = 0;
    // frameBgr: CV_8UC3. Returns a CV_8UC1 mask of the frame's size (0 or 255).
    // Throws std::invalid_argument with a message for a person on a prompt that cannot
    // give a mask (empty, box outside the frame or of zero area, a structure the back-end
    // does not know); the caller shows it and writes nothing.
    virtual cv::Mat propose(const cv::Mat &frameBgr, const MaskPrompt &prompt, const QString &structureKey) = 0;
};

} // namespace sd
