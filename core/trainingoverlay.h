// The picture the model learns from and is asked about: a frame with one
// structure's mask (or a drawn region) as a semi-transparent green overlay
// (composeOverlay) at the project's overlay opacity. Every place that shows or
// exports "frame + mask as the model sees it" — dataset export, evaluation,
// the workspace's training composite, the teacher and expert review screens,
// Ask and the tutor — goes through this class, so they cannot drift apart.
#pragma once

#include <QtGlobal>

#include <opencv2/core.hpp>

namespace sd {

class ProjectStore;

struct FrameComposite {
    cv::Mat frameBgr;     // CV_8UC3
    cv::Mat mask;         // CV_8UC1, frame size
    cv::Mat compositeBgr; // the training overlay of frameBgr and mask
};

class TrainingOverlay {
public:
    // Reads the project's opacity setting once: a number in [0, 1], else
    // kDefaultOverlayAlpha. A null store gives the default (no project open).
    explicit TrainingOverlay(const ProjectStore *store);
    explicit TrainingOverlay(const ProjectStore &store) : TrainingOverlay(&store) {}

    double alpha() const { return m_alpha; }

    // bgrFrame CV_8UC3 and mask8u CV_8UC1 of the same size (see composeOverlay).
    cv::Mat compose(const cv::Mat &bgrFrame, const cv::Mat &mask8u) const;

    // Frame `frameId` of the project with the mask of `structureId`. Throws
    // StoreError when the frame or mask does not exist or has the wrong size,
    // ImageError when the frame file cannot be read. Needs a store.
    FrameComposite ofStructure(qint64 frameId, qint64 structureId) const;
    // Frame `frameId` with an arbitrary mask (e.g. a region drawn by the user).
    FrameComposite ofRegion(qint64 frameId, const cv::Mat &mask8u) const;

    // The setting's key, for the places that record which opacity was used.
    static const char *settingKey();

private:
    const ProjectStore *m_store;
    double m_alpha;
};

} // namespace sd
