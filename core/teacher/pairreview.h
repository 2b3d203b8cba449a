// The expert's decision on a proposed DPO preference pair: approve it, swap
// chosen and rejected (then it counts as approved), or discard it. Only
// approved pairs enter the DPO dataset (core/dataset/datasetexport.h).
#pragma once

#include "entities.h"

#include <QString>

namespace sd {

class ProjectStore;

// Each throws ReviewError (answerreview.h) for an unknown pair id or an empty reviewer name,
// and records the reviewer; the pair is updated in one transaction.
PreferencePair approvePair(ProjectStore &store, qint64 pairId, const QString &reviewer);
PreferencePair swapAndApprovePair(ProjectStore &store, qint64 pairId, const QString &reviewer);
PreferencePair discardPair(ProjectStore &store, qint64 pairId, const QString &reason, const QString &reviewer);

// True when every frame of the project is synthetic (the demo): only then may the automatic demo
// reviewer decide in a surgeon's place.
bool hasOnlySyntheticFrames(const ProjectStore &store);

// Approves every proposed pair as kDemoAutoReviewer (synthetic demo only). Returns the count.
int autoApprovePairsAsDemoReviewer(ProjectStore &store);

} // namespace sd
