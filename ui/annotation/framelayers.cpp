#include "framelayers.h"

#include "consensus/independentannotation.h"
#include "store/projectstore.h"
#include "widgets/displaynames.h"
#include "widgets/imageconvert.h"

#include <opencv2/core.hpp>

namespace sd::ui {

namespace {
QString reviewStateOf(const ProjectStore &store, const Mask &mask)
{
    const auto review = store.latestReview(mask.id);
    // An approval is of one version; after an edit the mask is a draft again (reviewworkflow.h).
    const bool current = review && (review->maskVersion == mask.version || review->state != ReviewState::Approved);
    // Machine-made drafts (the segmentation model's, propagated ones) say so until a person edits them.
    if (mask.origin.kind == MaskOriginKind::Model)
        return current ? FrameLayers::tr("%1 (model draft)").arg(reviewStateDisplayName(review->state))
                       : FrameLayers::tr("Model draft, not reviewed");
    if (mask.origin.kind == MaskOriginKind::Propagated)
        return current ? FrameLayers::tr("%1 (propagated draft)").arg(reviewStateDisplayName(review->state))
                       : FrameLayers::tr("Propagated draft, not reviewed");
    if (!review)
        return FrameLayers::tr("Not reviewed");
    return current ? reviewStateDisplayName(review->state) : FrameLayers::tr("Edited after its review");
}

QString annotationStateOf(const Annotation &a)
{
    return a.state == AnnotationState::Submitted ? FrameLayers::tr("Own annotation, submitted")
                                                 : FrameLayers::tr("Own annotation, draft");
}

// One mask per structure to show: the reference masks, or the user's own independent annotations.
struct LayerSource {
    qint64 structureId = 0;
    RleMask rle;
    QString status;
};

std::vector<LayerSource> sources(const ProjectStore &store, qint64 frameId, const UserIdentity *user)
{
    std::vector<LayerSource> out;
    if (user && consensus::annotatesIndependently(store, frameId, *user)) {
        for (const Annotation &a : consensus::visibleAnnotations(store, frameId, *user))
            if (a.annotator == user->name)
                out.push_back({a.structureId, a.rle, annotationStateOf(a)});
        return out;
    }
    for (const Mask &m : store.masksForFrame(frameId))
        out.push_back({m.structureId, m.rle, reviewStateOf(store, m)});
    return out;
}

FrameLayers layersOf(const ProjectStore &store, qint64 frameId, QSize frameSize, const UserIdentity *user)
{
    FrameLayers out;
    const std::vector<LayerSource> masks = sources(store, frameId, user);
    if (!user || !consensus::annotatesIndependently(store, frameId, *user)) {
        for (const Structure &s : store.structures())
            out.baseVersions[s.id] = 0;
        for (const Mask &m : store.masksForFrame(frameId))
            out.baseVersions[m.structureId] = m.version;
    }
    for (const Structure &s : store.structures()) { // in the structures' display order
        for (const LayerSource &m : masks) {
            if (m.structureId != s.id)
                continue;
            if (m.rle.height != frameSize.height() || m.rle.width != frameSize.width()) {
                out.notShown << FrameLayers::tr("The %1 mask of frame %2 has the wrong size and is not shown")
                                    .arg(structureDisplayName(s))
                                    .arg(frameId);
                continue;
            }
            out.layers.push_back({s.id, structureDisplayName(s), QColor(s.color), matToQImage(m.rle.decode())});
            out.status[s.id] = m.status;
        }
    }
    return out;
}

std::map<qint64, QString> statusOf(const ProjectStore &store, qint64 frameId, const UserIdentity *user)
{
    std::map<qint64, QString> status;
    for (const LayerSource &m : sources(store, frameId, user))
        status[m.structureId] = m.status;
    return status;
}
} // namespace

FrameLayers FrameLayers::load(const ProjectStore &store, qint64 frameId, QSize frameSize)
{
    return layersOf(store, frameId, frameSize, nullptr);
}

FrameLayers FrameLayers::load(const ProjectStore &store, qint64 frameId, QSize frameSize, const UserIdentity &user)
{
    return layersOf(store, frameId, frameSize, &user);
}

std::map<qint64, QString> FrameLayers::reviewStatus(const ProjectStore &store, qint64 frameId)
{
    return statusOf(store, frameId, nullptr);
}

std::map<qint64, QString> FrameLayers::reviewStatus(const ProjectStore &store, qint64 frameId,
                                                    const UserIdentity &user)
{
    return statusOf(store, frameId, &user);
}

} // namespace sd::ui
