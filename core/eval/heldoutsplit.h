// Held-out split by operation: all frames of one video land in the same split,
// so a model is never tested on a frame whose neighbours it was trained on.
// A still image (no video) is its own group. Deterministic for a given seed.
#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QtGlobal>
#include <optional>

namespace sd {

class ProjectStore;

namespace eval {

// Picks the groups (keys of groupSizes, value = frames in the group) that form
// the test split: groups are shuffled with the seed, then each is added while
// that brings the test frame count closer to testShare * total. With two or
// more groups and 0 < testShare < 1, both splits get at least one group.
// Throws std::invalid_argument when testShare is outside [0, 1].
QSet<QString> chooseTestGroups(const QMap<QString, int> &groupSizes, double testShare, quint64 seed);

// "video-<id>" for frames of a video, "frame-<id>" for still images.
QString splitGroupKey(const std::optional<qint64> &videoId, qint64 frameId);

struct SplitSummary {
    int trainFrames = 0;
    int testFrames = 0;
    int trainGroups = 0;
    int testGroups = 0;
};

// Writes frames.split ("train"/"test") for every frame of the project in one
// transaction and returns the counts. Throws std::invalid_argument for a bad
// share and StoreError when the project cannot be written (nothing changes then).
SplitSummary assignHeldOutSplit(ProjectStore &store, double testShare, quint64 seed);

} // namespace eval
} // namespace sd
