#include "framestaging.h"

#include "imageio.h"
#include "importerror.h"
#include "store/projectstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUuid>
#include <opencv2/core.hpp>

namespace sd {

namespace {

const QRegularExpression &frameNamePattern()
{
    static const QRegularExpression re(QStringLiteral("^frame-(\\d+)\\.png$"));
    return re;
}

int numberOf(const QString &fileName)
{
    const auto m = frameNamePattern().match(fileName);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

} // namespace

int highestFrameMediaNumber(const ProjectStore &store)
{
    int highest = 0;
    const QDir media(store.mediaFolder());
    for (const QString &name : media.entryList({QStringLiteral("frame-*.png")}, QDir::Files))
        highest = std::max(highest, numberOf(name));
    for (const Frame &f : store.frames())
        highest = std::max(highest, numberOf(QFileInfo(f.mediaPath).fileName()));
    return highest;
}

FrameStaging::FrameStaging(ProjectStore &store)
    : m_store(store)
{
}

FrameStaging::~FrameStaging()
{
    if (m_committed)
        return;
    for (const QString &f : m_tempFiles)
        QFile::remove(f);
    for (const QString &f : m_finalFiles)
        QFile::remove(f);
}

void FrameStaging::stage(const cv::Mat &bgr, const Frame &frame)
{
    const QString mediaDir = m_store.mediaFolder();
    if (!QDir().mkpath(mediaDir))
        throw ImportError(mediaDir, QStringLiteral("cannot create the media folder"));
    const QString temp = QDir(mediaDir).filePath(
        QStringLiteral(".import-%1.png.part").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    const QByteArray png = encodePng(bgr);
    QFile f(temp);
    // Registered before writing so a half-written file is removed too.
    m_tempFiles << temp;
    m_frames.push_back(frame);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) || f.write(png) != png.size() || !f.flush())
        throw ImportError(temp, QStringLiteral("cannot write media file (%1)").arg(f.errorString()));
    f.close();
}

std::vector<qint64> FrameStaging::insertFrames()
{
    std::vector<qint64> ids;
    ids.reserve(m_frames.size());
    int next = highestFrameMediaNumber(m_store) + 1;
    const QDir media(m_store.mediaFolder());
    for (size_t i = 0; i < m_frames.size(); ++i) {
        QString name;
        do {
            name = QStringLiteral("frame-%1.png").arg(next++, 6, 10, QLatin1Char('0'));
        } while (media.exists(name));
        const QString finalPath = media.filePath(name);
        if (!QFile::rename(m_tempFiles.at(qsizetype(i)), finalPath))
            throw ImportError(finalPath, QStringLiteral("cannot move the new media file into place"));
        m_finalFiles << finalPath;
        m_frames[i].mediaPath = QString::fromLatin1(ProjectStore::kMediaDir) + QLatin1Char('/') + name;
        ids.push_back(m_store.addFrame(m_frames[i]));
    }
    // Every temp file is now a final file.
    m_tempFiles.clear();
    return ids;
}

} // namespace sd
