#include "framelayers.h"

#include "store/projectstore.h"
#include "widgets/displaynames.h"
#include "widgets/imageconvert.h"

#include <opencv2/core.hpp>

namespace sd::ui {

namespace {
QString reviewStateOf(const ProjectStore &store, const Mask &mask)
{
    const auto review = store.latestReview(mask.id);
    // The segmentation model's own drafts say so until a person edits them.
    if (mask.origin.kind == MaskOriginKind::Model)
        return review ? FrameLayers::tr("%1 (model draft)").arg(reviewStateDisplayName(review->state))
                      : FrameLayers::tr("Model draft, not reviewed");
    return review ? reviewStateDisplayName(review->state) : FrameLayers::tr("Not reviewed");
}
} // namespace

FrameLayers FrameLayers::load(const ProjectStore &store, qint64 frameId, QSize frameSize)
{
    FrameLayers out;
    const std::vector<Mask> masks = store.masksForFrame(frameId);
    for (const Structure &s : store.structures()) { // in the structures' display order
        for (const Mask &m : masks) {
            if (m.structureId != s.id)
                continue;
            if (m.rle.height != frameSize.height() || m.rle.width != frameSize.width()) {
                out.notShown << tr("The %1 mask of frame %2 has the wrong size and is not shown")
                                    .arg(structureDisplayName(s))
                                    .arg(frameId);
                continue;
            }
            out.layers.push_back({s.id, structureDisplayName(s), QColor(s.color), matToQImage(m.rle.decode())});
            out.status[s.id] = reviewStateOf(store, m);
        }
    }
    return out;
}

std::map<qint64, QString> FrameLayers::reviewStatus(const ProjectStore &store, qint64 frameId)
{
    std::map<qint64, QString> status;
    for (const Mask &m : store.masksForFrame(frameId))
        status[m.structureId] = reviewStateOf(store, m);
    return status;
}

} // namespace sd::ui
