// What an evaluation asks about: every (frame, structure) of the test split that
// has a mask and a reviewed reference answer (a teacher answer accepted or
// edited by a reviewer: the same text that would have been a training target).
#pragma once

#include "entities.h"

#include <vector>

#include <opencv2/core.hpp>

namespace sd {

class ProjectStore;
class TrainingOverlay;

namespace eval {

struct EvalItem {
    Frame frame;
    Structure structure;
    Mask mask;
    QString reference;
};

struct HeldOutItems {
    std::vector<EvalItem> items;     // by frame id, then structure order
    int withoutReference = 0;        // test (frame, structure) masks skipped for lack of a reviewed answer
};

// The reviewed reference for (frame, structure): the newest teacher answer whose
// latest review accepted it (its text) or edited it (the edited text); empty if none.
QString reviewedReference(const ProjectStore &store, qint64 frameId, qint64 structureId);

HeldOutItems heldOutItems(const ProjectStore &store);

// The picture the model is asked about for an item (BGR): its frame with the
// item's mask as the training overlay. Throws ImageError when the frame cannot
// be read, std::invalid_argument when the mask does not fit the frame.
cv::Mat itemImage(const ProjectStore &store, const TrainingOverlay &overlay, const EvalItem &item);

} // namespace eval
} // namespace sd
