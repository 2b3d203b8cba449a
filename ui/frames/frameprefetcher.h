// Decodes the frames next to the one on screen in the background, so paging
// through a project (Page Down / Page Up, "next frame needing my review")
// does not wait for PNG decoding of full-HD frames. Keeps only a few decoded
// frames: the current one and the neighbours last asked for.
#pragma once

#include <QFuture>
#include <QImage>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <map>

#include <opencv2/core.hpp>

namespace sd::ui {

// A frame as core loads it (BGR, for the training composite and the magic
// wand) and as the view shows it (RGB QImage), both made off the UI thread.
struct DecodedFrame {
    cv::Mat bgr;
    QImage image;
};

class FramePrefetcher {
public:
    FramePrefetcher();
    ~FramePrefetcher(); // waits for decodes still running

    // Starts decoding the given media files (absolute paths) unless cached or
    // running; forgets every other entry except `keep`.
    void prefetch(const QStringList &paths, const QString &keep = {});
    // The decoded frame: from the cache, after waiting for its running decode,
    // or loaded now. Throws like core's loadImage() for a broken file.
    DecodedFrame take(const QString &path);
    bool isCached(const QString &path) const; // decoded and ready
    void clear();

private:
    QThreadPool m_pool;
    std::map<QString, QFuture<DecodedFrame>> m_entries; // empty: decode failed, take() reports it
};

} // namespace sd::ui
