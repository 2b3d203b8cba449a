// Frame thumbnails, decoded off the UI thread and kept in a bounded cache.
// The newest request is served first, so a fast scroll through thousands of
// frames fills the rows in view before the ones scrolled past.
#pragma once

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QThreadPool>
#include <atomic>
#include <memory>

namespace sd::ui {

class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    explicit ThumbnailCache(QSize thumbnailSize, QObject *parent = nullptr);
    ~ThumbnailCache() override;

    QSize thumbnailSize() const { return m_size; }

    // The cached thumbnail, or a null image after queuing the load (thumbnailReady follows).
    // A file that cannot be decoded gives a null image once and is not retried. A key asked
    // for with another path than it was cached with is loaded again (a frame whose file
    // changed, an id used again), so the cache can outlive reloads of the list.
    QImage thumbnail(qint64 key, const QString &path);
    bool contains(qint64 key) const { return m_cache.contains(key); }
    bool failed(qint64 key) const { return m_failed.contains(key); }
    int decodeCount() const { return m_decodes; } // loads started so far

    // Drops everything; loads still running are discarded when they finish.
    void clear();
    void waitForIdle();

Q_SIGNALS:
    void thumbnailReady(qint64 key);

private:
    struct Entry {
        QImage image;
        QString path;
    };
    void store(qint64 key, quint64 generation, const QString &path, const QImage &image);

    QSize m_size;
    QThreadPool m_pool;
    QCache<qint64, Entry> m_cache;
    QSet<qint64> m_inFlight;
    QHash<qint64, QString> m_failed; // key -> the path that could not be decoded
    quint64 m_generation = 0;
    int m_priority = 0;
    int m_decodes = 0;
};

} // namespace sd::ui
