#include "projecthash.h"

#include "store/projectstore.h"

#include <QCryptographicHash>
#include <algorithm>
#include <map>

namespace sd {

QByteArray projectContentHash(const ProjectStore &store)
{
    std::map<qint64, QString> structureKeys;
    for (const Structure &s : store.structures())
        structureKeys[s.id] = s.key;
    std::map<qint64, QString> videoLabels;
    for (const Video &v : store.videos())
        videoLabels[v.id] = v.label;

    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Every field is followed by a separator byte so that ("ab","c") and
    // ("a","bc") cannot collide.
    auto field = [&hash](const QByteArray &bytes) {
        hash.addData(bytes);
        hash.addData(QByteArrayView("\x1f", 1));
    };

    std::vector<Frame> frames = store.frames();
    std::sort(frames.begin(), frames.end(), [](const Frame &a, const Frame &b) { return a.id < b.id; });
    for (const Frame &f : frames) {
        field("frame");
        field(f.contentHash);
        field(QByteArray::number(f.width) + 'x' + QByteArray::number(f.height));
        field(sideToString(f.side).toUtf8());
        field(f.phase.toUtf8());
        field(f.split.toUtf8());
        field(f.synthetic ? "synthetic" : "real");
        field(QByteArray::number(f.timestampSec, 'f', 3));
        field(f.mediaPath.toUtf8());
        field(f.videoId ? videoLabels[*f.videoId].toUtf8() : QByteArray("-"));

        std::vector<Mask> masks = store.masksForFrame(f.id);
        std::sort(masks.begin(), masks.end(), [&](const Mask &a, const Mask &b) {
            return structureKeys[a.structureId] < structureKeys[b.structureId];
        });
        for (const Mask &m : masks) {
            field("mask");
            field(structureKeys[m.structureId].toUtf8());
            field(m.rle.toJson());
            field(m.author.toUtf8());
            field(QByteArray::number(m.version));
            const auto review = store.latestReview(m.id);
            field(review ? reviewStateToString(review->state).toUtf8() + ' ' + review->reviewer.toUtf8()
                         : QByteArray("unreviewed"));
        }
    }
    return hash.result().toHex();
}

} // namespace sd
