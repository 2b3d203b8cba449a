// Masks follow the video (#17): a mask on one frame carried onto the following frames
// of the same video by dense optical flow (OpenCV DIS on downscaled grey frames),
// cleaned up, and refined by a MaskProposer (the project's segmentation model) when
// there is one. The pure part works on images only; the store part plans which
// frames follow, computes without writing (cancellable, so a cancel writes nothing)
// and writes all drafts in one transaction, never over an existing mask unless asked.
#pragma once

#include "assist/maskproposer.h"
#include "entities.h"
#include "store/projectstore.h"

#include <QString>
#include <atomic>
#include <functional>
#include <opencv2/core.hpp>
#include <stdexcept>
#include <vector>

namespace sd {

struct PropagationOptions {
    int flowWidth = 320;             // frames are downscaled to this width for the flow; 0: full size
    // The flow runs from an anchor frame to each new frame: the source, moved on to the latest
    // result every `anchorEvery` frames (1: frame to frame; 0: always the source). On the demo
    // clips flow straight from the source is the most accurate over a few frames (no drift)
    // and frame to frame the least (bench/propagation_bench); a moving anchor keeps the
    // motion between anchor and frame within what DIS follows on longer runs.
    int anchorEvery = 5;
    double minComponentShare = 0.1;  // components below this share of the largest are dropped
    // A refiner's proposal replaces the warped mask only when they agree at least this
    // much (IoU): a model that misreads the frame must not throw the flow away.
    double refineMinIou = 0.5;
};

// Pure: `mask` (CV_32F 0..1, or CV_8U 0/255) of `fromBgr` carried onto `toBgr`: the flow
// from `toBgr` to `fromBgr` says where each pixel came from. Soft (CV_32F 0..1) so a chain
// does not lose area to thresholding at every step. Throws std::invalid_argument for
// frames of different sizes or a mask of another size.
cv::Mat1f warpMaskByFlow(const cv::Mat &fromBgr, const cv::Mat &toBgr, const cv::Mat &mask,
                         const PropagationOptions &options = {});

// Pure: a soft mask to a clean CV_8UC1 0/255 mask: threshold at 0.5, close small gaps,
// drop components much smaller than the largest.
cv::Mat cleanPropagatedMask(const cv::Mat1f &soft, const PropagationOptions &options = {});

// Pure: the warped mask offered to `refiner` with its bounding box (+5 %); its proposal
// is taken when it agrees with the warped mask (options.refineMinIou), else the warped mask
// stays. A prompt the refiner refuses keeps the warped mask too.
cv::Mat refinePropagatedMask(const cv::Mat &frameBgr, const cv::Mat &warped, MaskProposer &refiner,
                             const QString &structureKey, const PropagationOptions &options = {});

// Pure: the source mask carried onto frames 1..count of a sequence (frame(0) is the
// source). Returns one CV_8UC1 0/255 mask per following frame, in order; {} when
// *cancel became true. frame(i) gives the BGR image of frame i.
std::vector<cv::Mat> propagateMask(const std::function<cv::Mat(size_t)> &frame, size_t count,
                                   const cv::Mat &sourceMask, MaskProposer *refiner = nullptr,
                                   const QString &structureKey = {}, const PropagationOptions &options = {},
                                   const std::atomic<bool> *cancel = nullptr,
                                   const std::function<void(int done, int total)> &progress = {});

// Why a propagation cannot start. The message (PropagationError::what) is for a person.
enum class PropagationProblem { NoFrame, NoStructure, BadCount, NotInVideo, NoFollowingFrames, NoSourceMask, EmptySourceMask };

class PropagationError : public std::runtime_error {
public:
    PropagationError(PropagationProblem problem, const QString &message)
        : std::runtime_error(message.toStdString()), m_problem(problem)
    {
    }
    PropagationProblem problem() const { return m_problem; }

private:
    PropagationProblem m_problem;
};

// What a propagation would do: the source and the frames after it in its video.
struct PropagationPlan {
    Frame source;
    Structure structure;
    RleMask sourceMask;
    std::vector<Frame> targets;      // the next frames of the video by timestamp, at most `next`
    std::vector<qint64> occupied;    // those targets that already have a mask of the structure
};

// Throws PropagationError: no such frame or structure, next < 1, a frame outside a video,
// the last frame of its video, no (or an empty) mask of the structure on the frame.
PropagationPlan planPropagation(const ProjectStore &store, qint64 frameId, qint64 structureId, int next);

struct PropagatedDraft {
    qint64 frameId = 0;
    RleMask rle;
};

// Reads only (a read-only store on a worker thread is fine). {} when *cancel became true.
// Throws ImageError, std::invalid_argument (frames of other sizes).
std::vector<PropagatedDraft> computePropagation(const ProjectStore &store, const PropagationPlan &plan,
                                                MaskProposer *refiner = nullptr, const PropagationOptions &options = {},
                                                const std::atomic<bool> *cancel = nullptr,
                                                const std::function<void(int done, int total)> &progress = {});

// MaskOrigin::model of propagated drafts: "flow", or "flow+" and the refiner's name.
QString propagationModelName(const MaskProposer *refiner);

struct PropagationWrite {
    int written = 0;     // new masks
    int overwritten = 0; // new versions of existing masks (only with overwrite)
    int skipped = 0;     // existing masks left alone
    int empty = 0;       // nothing left to draw on the frame (the structure moved out of view)
};

// All drafts in one transaction as versions with origin Propagated (model `modelName`);
// a frame whose structure has a mask (now, not only when planned) is skipped unless
// overwrite, which appends a version and keeps the history. Throws StoreError.
PropagationWrite savePropagatedDrafts(ProjectStore &store, qint64 structureId,
                                      const std::vector<PropagatedDraft> &drafts, const QString &author,
                                      const QString &modelName, bool overwrite);

} // namespace sd
