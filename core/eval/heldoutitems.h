// What an evaluation asks about: every (frame, structure) of the test split that
// has a mask and a reviewed reference answer (a teacher answer accepted or
// edited by a reviewer: the same text that would have been a training target).
#pragma once

#include "entities.h"

#include <vector>

namespace sd {

class ProjectStore;

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

} // namespace eval
} // namespace sd
