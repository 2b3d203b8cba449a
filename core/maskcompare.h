// Agreement between the annotator's and the reviewer's version of a mask:
// Dice and IoU per structure, shown in review mode so reviewers (and the
// project lead) see how much a review changed.
#pragma once

#include <QString>
#include <optional>
#include <vector>

namespace sd {

class ProjectStore;
struct RleMask;

// Dice of two masks of one size, where two empty masks agree completely (1);
// rle.h's dice() returns 0 there.
double agreementDice(const RleMask &a, const RleMask &b);

struct MaskAgreement {
    qint64 maskId = 0;
    qint64 structureId = 0;
    QString annotator;          // author of version 1
    int annotatorVersion = 0;   // the annotator's latest version
    QString reviewer;           // author of the latest version when someone else edited it
    int reviewerVersion = 0;    // the current version (== annotatorVersion when nobody else edited)
    double dice = 1.0;
    double iou = 1.0;
    bool reviewerEdited() const { return reviewerVersion != annotatorVersion; }
};

// nullopt when the mask does not exist.
std::optional<MaskAgreement> maskAgreement(const ProjectStore &store, qint64 maskId);
// Every mask of the frame, in structure order.
std::vector<MaskAgreement> frameAgreement(const ProjectStore &store, qint64 frameId);

} // namespace sd
