// The picture the model is asked about: a stored frame with one structure's
// mask (or a drawn region) overlaid by composeOverlay(), at the project's
// overlay opacity — the same composite the training data uses.
#pragma once

#include <QtGlobal>

#include <opencv2/core.hpp>

namespace sd {

class ProjectStore;

// The project's "overlay_alpha" setting when it is a number in [0, 1], else kDefaultOverlayAlpha.
double overlayAlphaSetting(const ProjectStore *store);

struct FrameComposite {
    cv::Mat frameBgr;     // CV_8UC3
    cv::Mat mask;         // CV_8UC1, frame size
    cv::Mat compositeBgr; // composeOverlay(frameBgr, mask, alpha)
};

// Frame `frameId` with the mask of `structureId`. Throws StoreError when the
// frame or mask does not exist or has the wrong size, ImageError when the frame
// file cannot be read.
FrameComposite structureComposite(const ProjectStore &store, qint64 frameId, qint64 structureId);

// Frame `frameId` with an arbitrary mask (e.g. a region drawn by the user).
FrameComposite regionComposite(const ProjectStore &store, qint64 frameId, const cv::Mat &mask8u);

} // namespace sd
