// The project side of the segmentation model (torch-free): which frames and masks
// it trains on, which model is the project's current one, where it may write
// drafts, and the last "suggested next" ranking. The engine itself lives in
// training/seg/; app/, ui/ and bench/ connect the two.
#pragma once

#include "entities.h"
#include "store/projectstore.h"

#include <QString>
#include <map>
#include <optional>
#include <vector>

namespace sd {

// TrainingRun::kind of a segmentation model run (`surgdistill seg train`).
inline constexpr const char *kSegRunKind = "seg";

// One training frame: structure key -> its approved mask, or nullopt when the
// frame has no mask of that structure at all (taken as absent). Structures with
// a mask that is not approved are left out (unknown: they do not count).
struct SegTrainingFrame {
    Frame frame;
    std::map<QString, std::optional<RleMask>> masks;
};

// Frames outside the test split with at least one approved mask, by id.
std::vector<SegTrainingFrame> segTrainingFrames(const ProjectStore &store);

// The model folder of the newest finished (or stopped) seg run whose model/ exists;
// empty when the project has none.
QString currentSegModelFolder(const ProjectStore &store);

// (frame, structure) pairs of the given frames (all frames when empty) that have no
// mask yet, for the given structure keys; frames of the test split are left out
// unless includeTest.
struct MaskSlot {
    qint64 frameId = 0;
    qint64 structureId = 0;
    QString structureKey;
};
std::vector<MaskSlot> slotsWithoutMask(const ProjectStore &store, const QStringList &structureKeys,
                                       const std::vector<qint64> &frameIds = {}, bool includeTest = false);

// A model-proposed mask for a slot. Saved as a draft whose version records
// MaskOrigin{Model, modelId}; never reviewed here.
struct ModelDraft {
    MaskSlot slot;
    RleMask rle;
};
// All in one transaction; a slot that got a mask meanwhile is skipped (never
// overwritten). Returns the number written. Throws StoreError (nothing written).
int saveModelDrafts(ProjectStore &store, const std::vector<ModelDraft> &drafts, const QString &author,
                    const QString &modelId);

// Frames without any mask, in the order suggested for labelling; score = the model's uncertainty.
struct FrameSuggestion {
    qint64 frameId = 0;
    double score = 0;
};
inline constexpr const char *kSegSuggestionsSetting = "seg_suggestions";
// A frame that could be labelled next: the model's uncertainty on it and a cheap
// signature of the frame (what it looks like and what the model makes of it), so
// frames can be compared with each other and with the frames already labelled.
struct LabellingCandidate {
    qint64 frameId = 0;
    double uncertainty = 0;
    std::vector<float> feature;
};
// The order in which to label `candidates`: a greedy pick, weighted by uncertainty, of
// the frame farthest (in signature) from everything labelled or picked so far, for the
// first `diversePicks` places; the rest by uncertainty. Uncertainty alone piles up near-
// identical frames of one operation that a weak model cannot read; the distance spreads
// the picks over what the labelled set does not cover yet. Deterministic (ties: input
// order). Every feature must have the same length. score = the candidate's uncertainty.
std::vector<FrameSuggestion> diverseLabellingOrder(const std::vector<LabellingCandidate> &candidates,
                                                   const std::vector<std::vector<float>> &labelled,
                                                   int diversePicks = 100);
void saveSegSuggestions(ProjectStore &store, const QString &modelId, const std::vector<FrameSuggestion> &ranked);
std::vector<FrameSuggestion> segSuggestions(const ProjectStore &store); // empty when none were made

} // namespace sd
