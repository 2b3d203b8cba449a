// Ground-truth checks ("honeypots", as in CVAT): a seeded share of the approved
// frames is offered to annotators again as ordinary frames to annotate
// independently (independentannotation.h hides the reference from them); each
// submitted annotation's Dice against the reference is recorded per annotator and
// structure. 5-15 % of the data usually suffices.
#pragma once

#include <QString>
#include <vector>

namespace sd {
class ProjectStore;
}

namespace sd::consensus {

// Frames whose reference masks are all approved (at least one), ascending.
std::vector<qint64> approvedFrames(const ProjectStore &store);

struct HoneypotSelection {
    int approvedFrames = 0;           // candidates
    int target = 0;                   // round(share x approved), at least 1 when share > 0
    std::vector<qint64> newlyMarked;  // ascending
    int alreadyMarked = 0;            // approved frames that were honeypots before
};

// Marks honeypots until `share` of the approved frames are honeypots: the missing ones
// are drawn from the unmarked approved frames by a Fisher-Yates shuffle on
// std::mt19937_64(seed), so the same project, share and seed give the same frames on
// every platform. Throws ReviewError for a share outside (0, 1] or no approved frame.
HoneypotSelection markHoneypots(ProjectStore &store, double share, qint64 seed, const QString &markedBy);

} // namespace sd::consensus
