// The project's segmentation model as the rest of the program uses it, over the
// torch-free SegSession: load the current model (checked against the project),
// draft masks for frames without one, rank unannotated frames for labelling next,
// and a MaskProposer for box/click prompts. Shared by the CLI (seg), the GUI
// features, Ask/tutor and the benches; no widget here, so it is safe off the UI thread.
#pragma once

#include "seg/seg_session.h"
#include "seg/seg_trainer.h"

#include "assist/maskproposer.h"
#include "assist/segproject.h"
#include "store/projectstore.h"

#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace sd {

// Progress of a long model pass: (done, total).
using SegProgress = std::function<void(int done, int total)>;

// Loads modelDir (empty: the project's current model) and checks it knows at least
// one of the project's structures. Throws seg::SegModelError with a message for a
// person (no model yet, damaged folder, other structures).
std::unique_ptr<seg::SegSession> loadProjectSegModel(const ProjectStore &store, const QString &modelDir = {},
                                                     int threads = 0);

// The frame's pixels as the engine takes them. Throws ImageError.
vlm::RgbImage frameRgb(const ProjectStore &store, const Frame &frame);

// Masks the model proposes for the (frame, structure) slots of `frameIds` (all
// frames outside the test split when empty) that have no mask; structures it
// finds absent get none. Returns {} when *cancel became true: nothing to write.
// Throws std::invalid_argument (frame of another size) or ImageError.
std::vector<ModelDraft> predictDrafts(const ProjectStore &store, const seg::SegSession &session,
                                      const std::vector<qint64> &frameIds, const std::atomic<bool> *cancel = nullptr,
                                      const SegProgress &progress = {});

// Frames outside the test split without any mask, in the order to label them:
// uncertain and unlike the frames labelled so far first (diverseLabellingOrder).
std::vector<FrameSuggestion> rankUnannotatedFrames(const ProjectStore &store, const seg::SegSession &session,
                                                   const std::atomic<bool> *cancel = nullptr,
                                                   const SegProgress &progress = {});

// The same ranking over given frames: `candidates` to order, `labelled` the frames the
// model already learns from (the benches use it on frames whose masks they hide).
std::vector<FrameSuggestion> rankFramesForLabelling(const ProjectStore &store, const seg::SegSession &session,
                                                    const std::vector<Frame> &candidates,
                                                    const std::vector<Frame> &labelled,
                                                    const std::atomic<bool> *cancel = nullptr,
                                                    const SegProgress &progress = {});

// The structures to train: those with an approved mask in `frames`, in the project's order.
std::vector<std::string> segTrainStructures(const ProjectStore &store, const std::vector<SegTrainingFrame> &frames);
// A training frame as the engine takes it (image and 0/1 masks). Throws ImageError,
// std::invalid_argument for a mask of another size than its frame.
seg::SegTrainSample segTrainSample(const ProjectStore &store, const SegTrainingFrame &frame);

// Probability bytes (0..255) -> CV_8UC1 0/255 mask at 0.5.
cv::Mat probabilityToMask(const std::vector<uint8_t> &probability, int width, int height);

// MaskProposer over the model: the box and clicks become the model's prompt planes.
class SegModelProposer : public MaskProposer {
public:
    explicit SegModelProposer(std::shared_ptr<const seg::SegSession> session);
    QString name() const override; // the model id, recorded as MaskOrigin::model
    cv::Mat propose(const cv::Mat &frameBgr, const MaskPrompt &prompt, const QString &structureKey) override;
    const seg::SegSession &session() const { return *m_session; }

private:
    std::shared_ptr<const seg::SegSession> m_session;
};

// The current model's mask for a structure of a frame that has none (Ask, tutor).
// Empty mask with *why set when there is no model, it does not know the structure,
// or it finds nothing; modelId names the model that proposed it.
struct ProposedMask {
    cv::Mat mask; // CV_8UC1 0/255, frame size
    QString modelId;
};
ProposedMask proposeStructureMask(const ProjectStore &store, qint64 frameId, qint64 structureId, QString *why);

// The project's current model as a proposer; nullptr when it has none or it cannot be loaded.
std::unique_ptr<SegModelProposer> currentSegModelProposer(const ProjectStore &store);

// The refiner of a propagation of `structureKey` (assist/propagation.h): the model in modelDir
// (empty: the project's current one) when it knows the structure; nullptr otherwise (the
// flow's masks are used as they are). Throws seg::SegModelError only for a modelDir given
// explicitly that cannot be loaded.
std::unique_ptr<SegModelProposer> propagationRefiner(const ProjectStore &store, const QString &structureKey,
                                                     const QString &modelDir = {}, int threads = 0);

} // namespace sd
