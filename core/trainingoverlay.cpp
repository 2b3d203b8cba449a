#include "trainingoverlay.h"

#include "imageio.h"
#include "overlay.h"
#include "store/projectstore.h"

namespace sd {

const char *TrainingOverlay::settingKey()
{
    return "overlay_alpha";
}

namespace {
double alphaSetting(const ProjectStore *store)
{
    if (!store)
        return kDefaultOverlayAlpha;
    bool ok = false;
    const double a = store->setting(QLatin1String(TrainingOverlay::settingKey())).toDouble(&ok);
    return ok && a >= 0 && a <= 1 ? a : kDefaultOverlayAlpha;
}

const ProjectStore &requireStore(const ProjectStore *store)
{
    if (!store)
        throw StoreError("no project is open");
    return *store;
}
} // namespace

TrainingOverlay::TrainingOverlay(const ProjectStore *store) : m_store(store), m_alpha(alphaSetting(store)) {}

cv::Mat TrainingOverlay::compose(const cv::Mat &bgrFrame, const cv::Mat &mask8u) const
{
    return composeOverlay(bgrFrame, mask8u, m_alpha);
}

FrameComposite TrainingOverlay::ofRegion(qint64 frameId, const cv::Mat &mask8u) const
{
    const ProjectStore &store = requireStore(m_store);
    const std::optional<Frame> frame = store.frame(frameId);
    if (!frame)
        throw StoreError(QStringLiteral("frame %1 does not exist").arg(frameId).toStdString());
    FrameComposite c;
    c.frameBgr = loadImage(store.absolutePath(frame->mediaPath));
    if (mask8u.size() != c.frameBgr.size())
        throw StoreError(QStringLiteral("the region does not match the size of frame %1").arg(frameId).toStdString());
    c.mask = mask8u.clone();
    c.compositeBgr = compose(c.frameBgr, c.mask);
    return c;
}

FrameComposite TrainingOverlay::ofStructure(qint64 frameId, qint64 structureId) const
{
    const std::optional<Mask> mask = requireStore(m_store).mask(frameId, structureId);
    if (!mask)
        throw StoreError(
            QStringLiteral("frame %1 has no mask of structure %2").arg(frameId).arg(structureId).toStdString());
    return ofRegion(frameId, mask->rle.decode());
}

} // namespace sd
