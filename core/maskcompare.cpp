#include "maskcompare.h"

#include "store/projectstore.h"

namespace sd {

double agreementDice(const RleMask &a, const RleMask &b)
{
    return a.isEmpty() && b.isEmpty() ? 1.0 : dice(a, b);
}

std::optional<MaskAgreement> maskAgreement(const ProjectStore &store, qint64 maskId)
{
    const auto mask = store.maskById(maskId);
    if (!mask)
        return std::nullopt;
    const std::vector<MaskVersion> history = store.maskHistory(maskId);
    MaskAgreement a;
    a.maskId = maskId;
    a.structureId = mask->structureId;
    if (history.empty())
        return a;
    a.annotator = history.front().author;
    const MaskVersion *annotatorVersion = &history.front();
    for (const MaskVersion &v : history)
        if (v.author == a.annotator)
            annotatorVersion = &v;
    const MaskVersion &current = history.back();
    a.annotatorVersion = annotatorVersion->version;
    a.reviewerVersion = current.version;
    if (a.reviewerEdited()) {
        a.reviewer = current.author;
        // Two empty masks agree completely; rle.h's dice/iou return 0 there.
        const bool bothEmpty = annotatorVersion->rle.isEmpty() && current.rle.isEmpty();
        a.dice = agreementDice(annotatorVersion->rle, current.rle);
        a.iou = bothEmpty ? 1.0 : iou(annotatorVersion->rle, current.rle);
    }
    return a;
}

std::vector<MaskAgreement> frameAgreement(const ProjectStore &store, qint64 frameId)
{
    std::vector<MaskAgreement> out;
    for (const Mask &m : store.masksForFrame(frameId))
        if (auto a = maskAgreement(store, m.id))
            out.push_back(*a);
    return out;
}

} // namespace sd
