// Blinded expert evaluation: the expert sees one frame and question with the
// answers of several models in a random order and no model names. A
// BlindedItem carries answer ids and texts only; which model wrote an answer
// is resolved from the store when the report is built, never for the screens.
#pragma once

#include "entities.h"

#include <vector>

namespace sd {

class ProjectStore;

namespace eval {

struct BlindedAnswer {
    qint64 answerId = 0;
    QString text;
};

struct BlindedItem {
    qint64 frameId = 0;
    qint64 structureId = 0;
    QString question;
    std::vector<BlindedAnswer> answers;   // shuffled
};

// The newest evaluation of each model label (in the order labels first appear).
std::vector<Evaluation> latestEvaluations(const ProjectStore &store);

// The (frame, structure, question) items answered by at least two of the given
// evaluations, by frame and structure id; each item's answers are shuffled
// with a per-item order derived from `seed`, so a session can be resumed in the
// same order. Throws StoreError.
std::vector<BlindedItem> blindedItems(const ProjectStore &store, const std::vector<Evaluation> &evaluations,
                                      quint64 seed);

} // namespace eval
} // namespace sd
