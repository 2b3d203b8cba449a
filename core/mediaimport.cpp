#include "mediaimport.h"

#include "framestaging.h"
#include "imageio.h"
#include "store/projectstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <opencv2/videoio/registry.hpp>

#include <cmath>

namespace sd {

namespace {

const QStringList &imageNameFilters()
{
    static const QStringList filters{QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.jpeg")};
    return filters;
}

void reportProgress(const ImportProgress &progress, int done, int total, const QString &what)
{
    if (progress && !progress(done, total))
        throw ImportError(what, QStringLiteral("import cancelled; nothing was imported"));
}

QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw ImportError(path, QStringLiteral("cannot open (%1)").arg(f.errorString()));
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f) || f.error() != QFileDevice::NoError)
        throw ImportError(path, QStringLiteral("read error (%1)").arg(f.errorString()));
    return h.result().toHex();
}

QString nextVideoLabel(const ProjectStore &store)
{
    QSet<QString> used;
    const auto videos = store.videos();
    for (const Video &v : videos)
        used.insert(v.label);
    int n = int(videos.size()) + 1;
    QString label;
    do {
        label = QStringLiteral("video-%1").arg(n++, 4, 10, QLatin1Char('0'));
    } while (used.contains(label));
    return label;
}

// Video frames can come back grey or with alpha depending on the codec.
cv::Mat toBgr8(const cv::Mat &m)
{
    if (m.type() == CV_8UC3)
        return m;
    cv::Mat out;
    if (m.type() == CV_8UC1)
        cv::cvtColor(m, out, cv::COLOR_GRAY2BGR);
    else if (m.type() == CV_8UC4)
        cv::cvtColor(m, out, cv::COLOR_BGRA2BGR);
    return out;
}

// Stages a decoded frame unless its pixels are already in the project or earlier
// in this import (counted as skipped). `frame` carries side, phase and timestamp.
void stageUnlessDuplicate(FrameStaging &staging, const ProjectStore &store, QSet<QByteArray> &seen,
                          const cv::Mat &bgr, Frame frame, ImportResult &result)
{
    const QByteArray hash = contentHash(bgr);
    if (seen.contains(hash) || store.frameByContentHash(hash)) {
        ++result.skippedDuplicates;
        return;
    }
    seen.insert(hash);
    frame.contentHash = hash;
    frame.width = bgr.cols;
    frame.height = bgr.rows;
    staging.stage(bgr, frame);
}

} // namespace

QStringList imageFilesInFolder(const QString &folder, bool recursive)
{
    QStringList files;
    QDirIterator it(folder, imageNameFilters(), QDir::Files | QDir::Readable,
                    recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

ImportResult importImages(ProjectStore &store, const QStringList &paths, const ImageImportOptions &options,
                          const ImportProgress &progress)
{
    QStringList files;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        if (!fi.exists())
            throw ImportError(p, QStringLiteral("does not exist"));
        if (fi.isDir()) {
            const QStringList inFolder = imageFilesInFolder(p, options.recurseFolders);
            if (inFolder.isEmpty())
                throw ImportError(p, QStringLiteral("folder contains no PNG or JPEG files"));
            files << inFolder;
        } else {
            files << p;
        }
    }
    if (files.isEmpty())
        throw ImportError(QString(), QStringLiteral("no image files given"));

    ImportResult result;
    FrameStaging staging(store);
    QSet<QByteArray> seen;
    const int total = int(files.size());
    // Phase 1: decode and validate every file, staging the re-encoded PNGs.
    for (int i = 0; i < total; ++i) {
        const QString &file = files.at(i);
        reportProgress(progress, i, total, file);
        cv::Mat image;
        try {
            image = loadImage(file);
        } catch (const ImageError &e) {
            throw ImportError(file, QString::fromStdString(e.what()).remove(file + QStringLiteral(": ")));
        }
        Frame frame;
        frame.side = options.side;
        frame.phase = options.phase;
        stageUnlessDuplicate(staging, store, seen, image, frame, result);
    }
    reportProgress(progress, total, total, QString());
    // Phase 2: one transaction for every row; files renamed into place inside it.
    if (!staging.isEmpty()) {
        try {
            store.transaction([&] { result.frameIds = staging.insertFrames(); });
        } catch (const ImportError &) {
            throw;
        } catch (const std::exception &e) {
            throw ImportError(store.folder(), QStringLiteral("cannot store the imported frames (%1)")
                                                  .arg(QString::fromStdString(e.what())));
        }
        staging.markCommitted();
    }
    return result;
}

ImportResult importVideo(ProjectStore &store, const QString &path, const VideoImportOptions &options,
                         const ImportProgress &progress)
{
    if (!(options.intervalSec > 0) || !std::isfinite(options.intervalSec))
        throw ImportError(path, QStringLiteral("frame interval must be a positive number of seconds"));
    if (!(options.phaseStartSec >= 0) || !std::isfinite(options.phaseStartSec))
        throw ImportError(path, QStringLiteral("phase start must be >= 0 seconds"));
    const bool openEnd = options.phaseEndSec < 0;
    if (!openEnd && (!std::isfinite(options.phaseEndSec) || options.phaseEndSec < options.phaseStartSec))
        throw ImportError(path, QStringLiteral("phase end (%1 s) is before the phase start (%2 s)")
                                    .arg(options.phaseEndSec)
                                    .arg(options.phaseStartSec));
    const QFileInfo fi(path);
    if (!fi.exists() || !fi.isFile())
        throw ImportError(path, QStringLiteral("does not exist"));

    const QByteArray sourceHash = fileSha256(path);
    if (const auto existing = store.videoBySourceHash(sourceHash))
        throw ImportError(path, QStringLiteral("this video was already imported as %1").arg(existing->label));

    // FFmpeg explicitly where available: CAP_ANY may fall back to the image
    // sequence reader, which would "open" things that are not videos.
    const int api = cv::videoio_registry::hasBackend(cv::CAP_FFMPEG) ? cv::CAP_FFMPEG : cv::CAP_ANY;
    cv::VideoCapture cap;
    try {
        cap.open(QFile::encodeName(path).toStdString(), api);
    } catch (const cv::Exception &e) {
        throw ImportError(path, QStringLiteral("cannot open video (%1)").arg(QString::fromStdString(e.what())));
    }
    if (!cap.isOpened())
        throw ImportError(path, QStringLiteral("cannot open video (not a video or unsupported codec)"));
    try { // a huge frame size is refused before any frame is decoded
        checkImagePixels(qint64(cap.get(cv::CAP_PROP_FRAME_WIDTH)), qint64(cap.get(cv::CAP_PROP_FRAME_HEIGHT)),
                         path);
    } catch (const ImageError &e) { // named like importImages does: the ImportError carries the path
        throw ImportError(path, QString::fromStdString(e.what()).remove(path + QStringLiteral(": ")));
    }
    const double fps = cap.get(cv::CAP_PROP_FPS);
    if (!(fps > 0) || !std::isfinite(fps) || fps > 1000)
        throw ImportError(path, QStringLiteral("video has no usable frame rate (%1)").arg(fps));
    const double reportedFrames = cap.get(cv::CAP_PROP_FRAME_COUNT);
    const double reportedDuration = reportedFrames > 0 ? reportedFrames / fps : 0;

    const double start = options.phaseStartSec;
    const double end = openEnd ? reportedDuration : options.phaseEndSec;
    const int expected = end >= start ? int(std::floor((end - start) / options.intervalSec + 1e-9)) + 1 : 1;
    const double eps = 1e-6;

    ImportResult result;
    FrameStaging staging(store);
    QSet<QByteArray> seen;
    qint64 index = 0;     // frames read so far
    qint64 k = 0;         // next target: start + k * interval
    int taken = 0;
    try {
        reportProgress(progress, 0, expected, path);
        while (true) {
            const double t = double(index) / fps;
            if (!openEnd && t > options.phaseEndSec + eps)
                break;
            if (!cap.grab())
                break;
            ++index;
            const double target = start + double(k) * options.intervalSec;
            if (t + eps < target)
                continue;
            cv::Mat raw;
            if (!cap.retrieve(raw) || raw.empty())
                throw ImportError(path, QStringLiteral("cannot decode the frame at %1 s").arg(t, 0, 'f', 3));
            const cv::Mat bgr = toBgr8(raw);
            if (bgr.empty())
                throw ImportError(path, QStringLiteral("unsupported pixel format at %1 s").arg(t, 0, 'f', 3));
            // Several targets may fall on one frame when the interval is shorter than a frame.
            while (start + double(k) * options.intervalSec <= t + eps)
                ++k;
            ++taken;
            Frame frame;
            frame.timestampSec = t;
            frame.side = options.side;
            frame.phase = options.phase;
            stageUnlessDuplicate(staging, store, seen, bgr, frame, result);
            reportProgress(progress, std::min(taken, expected), std::max(taken, expected), path);
        }
    } catch (const cv::Exception &e) {
        throw ImportError(path, QStringLiteral("video decoding failed (%1)").arg(QString::fromStdString(e.what())));
    }
    if (index == 0)
        throw ImportError(path, QStringLiteral("cannot decode any frame (corrupt or unsupported video)"));
    const double duration = std::max(reportedDuration, double(index) / fps);
    if (taken == 0)
        throw ImportError(path, QStringLiteral("no frame inside the phase window %1-%2 s (the video is %3 s long)")
                                    .arg(start)
                                    .arg(openEnd ? duration : options.phaseEndSec)
                                    .arg(duration, 0, 'f', 2));

    Video video;
    video.label = nextVideoLabel(store);
    video.sourceHash = sourceHash;
    video.fps = fps;
    video.durationSec = duration;
    video.phaseStartSec = start;
    video.phaseEndSec = openEnd ? duration : options.phaseEndSec;
    try {
        store.transaction([&] {
            result.videoId = store.addVideo(video);
            for (Frame &f : staging.frames())
                f.videoId = *result.videoId;
            result.frameIds = staging.insertFrames();
        });
    } catch (const ImportError &) {
        throw;
    } catch (const std::exception &e) {
        throw ImportError(path, QStringLiteral("cannot store the imported video (%1)").arg(QString::fromStdString(e.what())));
    }
    staging.markCommitted();
    return result;
}

} // namespace sd
