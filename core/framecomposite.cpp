#include "framecomposite.h"

#include "imageio.h"
#include "overlay.h"
#include "store/projectstore.h"

namespace sd {

double overlayAlphaSetting(const ProjectStore *store)
{
    if (!store)
        return kDefaultOverlayAlpha;
    bool ok = false;
    const double a = store->setting(QStringLiteral("overlay_alpha")).toDouble(&ok);
    return ok && a >= 0 && a <= 1 ? a : kDefaultOverlayAlpha;
}

namespace {
cv::Mat loadFrame(const ProjectStore &store, qint64 frameId)
{
    const std::optional<Frame> frame = store.frame(frameId);
    if (!frame)
        throw StoreError(QStringLiteral("frame %1 does not exist").arg(frameId).toStdString());
    return loadImage(store.absolutePath(frame->mediaPath));
}
} // namespace

FrameComposite regionComposite(const ProjectStore &store, qint64 frameId, const cv::Mat &mask8u)
{
    FrameComposite c;
    c.frameBgr = loadFrame(store, frameId);
    if (mask8u.size() != c.frameBgr.size())
        throw StoreError(QStringLiteral("the region does not match the size of frame %1").arg(frameId).toStdString());
    c.mask = mask8u.clone();
    c.compositeBgr = composeOverlay(c.frameBgr, c.mask, overlayAlphaSetting(&store));
    return c;
}

FrameComposite structureComposite(const ProjectStore &store, qint64 frameId, qint64 structureId)
{
    const std::optional<Mask> mask = store.mask(frameId, structureId);
    if (!mask)
        throw StoreError(
            QStringLiteral("frame %1 has no mask of structure %2").arg(frameId).arg(structureId).toStdString());
    return regionComposite(store, frameId, mask->rle.decode());
}

} // namespace sd
