#include "frameprefetcher.h"

#include "widgets/imageconvert.h"
#include "imageio.h"

#include <QtConcurrent/QtConcurrentRun>

namespace sd::ui {

FramePrefetcher::FramePrefetcher()
{
    m_pool.setMaxThreadCount(2);
}

FramePrefetcher::~FramePrefetcher()
{
    clear();
}

void FramePrefetcher::prefetch(const QStringList &paths, const QString &keep)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->first != keep && !paths.contains(it->first) && it->second.isFinished())
            it = m_entries.erase(it);
        else
            ++it;
    }
    for (const QString &path : paths) {
        if (path.isEmpty() || m_entries.count(path))
            continue;
        m_entries[path] = QtConcurrent::run(&m_pool, [path] {
            try {
                const cv::Mat bgr = loadImage(path);
                return DecodedFrame{bgr, matToQImage(bgr)};
            } catch (...) {
                return DecodedFrame{}; // take() loads again and reports the error on the UI thread
            }
        });
    }
}

DecodedFrame FramePrefetcher::take(const QString &path)
{
    const auto it = m_entries.find(path);
    if (it != m_entries.end()) {
        const DecodedFrame decoded = it->second.result(); // waits when still running
        if (!decoded.bgr.empty())
            return decoded;
        m_entries.erase(it);
    }
    DecodedFrame loaded;
    loaded.bgr = loadImage(path);
    loaded.image = matToQImage(loaded.bgr);
    m_entries[path] = QtFuture::makeReadyFuture(loaded);
    return loaded;
}

bool FramePrefetcher::isCached(const QString &path) const
{
    const auto it = m_entries.find(path);
    return it != m_entries.end() && it->second.isFinished();
}

void FramePrefetcher::clear()
{
    // No m_pool.clear(): a decode taken off the queue would leave its future unfinished.
    // At most a few decodes are pending; let them finish.
    for (auto &[path, future] : m_entries)
        future.waitForFinished();
    m_entries.clear();
}

} // namespace sd::ui
