#include "thumbnailcache.h"

#include <QImageReader>
#include <QPointer>
#include <QRunnable>

#include <algorithm>

namespace sd::ui {

ThumbnailCache::ThumbnailCache(QSize thumbnailSize, QObject *parent)
    : QObject(parent), m_size(thumbnailSize)
{
    // Two decoders keep the UI responsive on small machines; cost unit: KiB.
    m_pool.setMaxThreadCount(std::clamp(QThread::idealThreadCount() / 2, 1, 4));
    m_cache.setMaxCost(64 * 1024);
}

ThumbnailCache::~ThumbnailCache()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QImage ThumbnailCache::thumbnail(qint64 key, const QString &path)
{
    if (const Entry *e = m_cache.object(key)) {
        if (e->path == path)
            return e->image;
        m_cache.remove(key);
    }
    if (m_inFlight.contains(key))
        return {};
    if (const auto f = m_failed.constFind(key); f != m_failed.constEnd()) {
        if (*f == path)
            return {};
        m_failed.erase(f);
    }
    m_inFlight.insert(key);
    ++m_decodes;
    const quint64 generation = m_generation;
    const QSize size = m_size;
    QPointer<ThumbnailCache> self(this);
    m_pool.start(QRunnable::create([self, key, path, size, generation] {
                     QImageReader reader(path);
                     reader.setAutoTransform(false);
                     QImage img = reader.read();
                     if (!img.isNull())
                         img = img.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                                   .convertToFormat(QImage::Format_RGB32);
                     if (self)
                         QMetaObject::invokeMethod(
                             self, [self, key, generation, path, img] {
                                 if (self)
                                     self->store(key, generation, path, img);
                             },
                             Qt::QueuedConnection);
                 }),
                 ++m_priority);
    return {};
}

void ThumbnailCache::store(qint64 key, quint64 generation, const QString &path, const QImage &image)
{
    if (generation != m_generation)
        return;
    m_inFlight.remove(key);
    if (image.isNull())
        m_failed.insert(key, path);
    else
        m_cache.insert(key, new Entry{image, path}, std::max<qsizetype>(1, image.sizeInBytes() / 1024));
    Q_EMIT thumbnailReady(key);
}

void ThumbnailCache::clear()
{
    m_pool.clear();
    ++m_generation;
    m_cache.clear();
    m_inFlight.clear();
    m_failed.clear();
}

void ThumbnailCache::waitForIdle()
{
    m_pool.waitForDone();
}

} // namespace sd::ui
