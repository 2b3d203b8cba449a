// Videos, frames and the structures masks are drawn for.
#include "storeprivate.h"

#include <QRegularExpression>

namespace sd {

using namespace store;

// ---------------------------------------------------------------- videos

namespace {
namespace videoSql {
const QString columns = QStringLiteral(
    "id, label, source_hash, fps, duration_sec, phase_start_sec, phase_end_sec, imported_at");
const QString select = QStringLiteral("SELECT %1 FROM videos").arg(columns);
const QString byId = select + QStringLiteral(" WHERE id = ?");
const QString bySourceHash = select + QStringLiteral(" WHERE source_hash = ? ORDER BY id LIMIT 1");
const QString every = select + QStringLiteral(" ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO videos (label, source_hash, fps, duration_sec, phase_start_sec, phase_end_sec, imported_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)");
} // namespace videoSql

Video videoFromRow(const Row &r)
{
    Video v;
    v.id = r.id("id");
    v.label = r.text("label");
    v.sourceHash = r.hex("source_hash");
    v.fps = r.real("fps");
    v.durationSec = r.real("duration_sec");
    v.phaseStartSec = r.real("phase_start_sec");
    v.phaseEndSec = r.real("phase_end_sec");
    v.importedAt = r.time("imported_at");
    return v;
}
} // namespace

qint64 ProjectStore::addVideo(Video &video)
{
    requireNonEmpty(video.label, "label", "video");
    const QDateTime importedAt = orNow(video.importedAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(videoSql::insert, {video.label, hexText(video.sourceHash), video.fps, video.durationSec,
                                          video.phaseStartSec, video.phaseEndSec, isoTime(importedAt)});
    });
    video.id = id;
    video.importedAt = importedAt;
    return id;
}

std::optional<Video> ProjectStore::video(qint64 id) const
{
    return d->one(videoSql::byId, {id}, videoFromRow);
}

std::optional<Video> ProjectStore::videoBySourceHash(const QByteArray &hash) const
{
    return d->one(videoSql::bySourceHash, {hexText(hash)}, videoFromRow);
}

std::vector<Video> ProjectStore::videos() const
{
    return d->all(videoSql::every, {}, videoFromRow);
}

// ---------------------------------------------------------------- frames

namespace {
namespace frameSql {
const QString columns = QStringLiteral(
    "f.id, f.video_id, f.timestamp_sec, f.content_hash, f.width, f.height, f.side, f.phase, f.media_path, "
    "f.split, f.synthetic, f.created_at");
const QString select = QStringLiteral("SELECT %1 FROM frames f").arg(columns);
const QString byId = select + QStringLiteral(" WHERE f.id = ?");
const QString byContentHash = select + QStringLiteral(" WHERE f.content_hash = ? ORDER BY f.id LIMIT 1");
const QString order = QStringLiteral(" ORDER BY f.id");
const QString count = QStringLiteral("SELECT COUNT(*) AS n FROM frames");
const QString insert = QStringLiteral(
    "INSERT INTO frames (video_id, timestamp_sec, content_hash, width, height, side, phase, media_path, split, "
    "synthetic, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
const QString update = QStringLiteral("UPDATE frames SET side = ?, phase = ?, split = ? WHERE id = ?");

// Filter conditions, joined with AND. Mask-related ones apply to one and the
// same mask (e.g. "approved masks of the duodenum by alice"); a mask without
// review counts as draft.
const QString maskStructure = QStringLiteral("m.structure_id = ?");
const QString maskAuthor = QStringLiteral("m.author = ?");
const QString maskReviewState = QStringLiteral(
    "COALESCE((SELECT CASE WHEN r.state = 'approved' AND r.mask_version <> m.version"
    " THEN 'draft' ELSE r.state END FROM reviews r WHERE r.mask_id = m.id ORDER BY r.id DESC LIMIT 1),"
    " 'draft') = ?"); // as reviewState(): edited since its approval, a draft again
const QString hasMask = QStringLiteral("EXISTS (SELECT 1 FROM masks m WHERE m.frame_id = f.id AND %1)");
const QString side = QStringLiteral("f.side = ?");
// Prefix match without LIKE so that '%' or '_' in the search are literal.
const QString idPrefix = QStringLiteral("substr(CAST(f.id AS TEXT), 1, length(?)) = ?");
const QString split = QStringLiteral("f.split = ?");
} // namespace frameSql

Frame frameFromRow(const Row &r)
{
    Frame f;
    f.id = r.id("id");
    f.videoId = r.optionalId("video_id");
    f.timestampSec = r.real("timestamp_sec");
    f.contentHash = r.hex("content_hash");
    f.width = r.integer("width");
    f.height = r.integer("height");
    f.side = sideFromString(r.text("side"));
    f.phase = r.text("phase");
    f.mediaPath = r.text("media_path");
    f.split = r.text("split");
    f.synthetic = r.flag("synthetic");
    f.createdAt = r.time("created_at");
    return f;
}
} // namespace

qint64 ProjectStore::addFrame(Frame &frame)
{
    requireNonEmpty(QString::fromLatin1(frame.contentHash), "contentHash", "frame");
    requireNonEmpty(frame.mediaPath, "mediaPath", "frame");
    if (frame.width <= 0 || frame.height <= 0)
        throw StoreError(QStringLiteral("frame %1: invalid size %2x%3")
                             .arg(frame.mediaPath).arg(frame.width).arg(frame.height).toStdString());
    const QDateTime createdAt = orNow(frame.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(frameSql::insert,
                       {optionalId(frame.videoId), frame.timestampSec, hexText(frame.contentHash), frame.width,
                        frame.height, sideToString(frame.side), text(frame.phase), frame.mediaPath, text(frame.split),
                        frame.synthetic ? 1 : 0, isoTime(createdAt)});
        if (d->isTeam())
            d->uploadMedia(frame, id);
    });
    frame.id = id;
    frame.createdAt = createdAt;
    return id;
}

void ProjectStore::updateFrame(const Frame &frame)
{
    transaction([&] {
        d->updateOne(frameSql::update, {sideToString(frame.side), text(frame.phase), text(frame.split), frame.id},
                     QStringLiteral("frame"), frame.id);
    });
}

std::optional<Frame> ProjectStore::frame(qint64 id) const
{
    return d->one(frameSql::byId, {id}, frameFromRow);
}

std::optional<Frame> ProjectStore::frameByContentHash(const QByteArray &hash) const
{
    return d->one(frameSql::byContentHash, {hexText(hash)}, frameFromRow);
}

std::vector<Frame> ProjectStore::frames(const FrameFilter &filter) const
{
    QStringList where;
    QVariantList binds;
    QStringList maskWhere;
    QVariantList maskBinds;
    if (filter.structureId) {
        maskWhere << frameSql::maskStructure;
        maskBinds << *filter.structureId;
    }
    if (!filter.author.isEmpty()) {
        maskWhere << frameSql::maskAuthor;
        maskBinds << filter.author;
    }
    if (filter.reviewState) {
        maskWhere << frameSql::maskReviewState;
        maskBinds << reviewStateToString(*filter.reviewState);
    }
    if (!maskWhere.isEmpty()) {
        where << frameSql::hasMask.arg(maskWhere.join(QLatin1String(" AND ")));
        binds << maskBinds;
    }
    if (filter.side) {
        where << frameSql::side;
        binds << sideToString(*filter.side);
    }
    if (!filter.idSearch.trimmed().isEmpty()) {
        const QString prefix = filter.idSearch.trimmed();
        where << frameSql::idPrefix;
        binds << prefix << prefix;
    }
    if (!filter.split.isEmpty()) {
        where << frameSql::split;
        binds << filter.split;
    }
    QString sql = frameSql::select;
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QLatin1String(" AND "));
    return d->all(sql + frameSql::order, binds, frameFromRow);
}

int ProjectStore::frameCount() const
{
    return d->scalar(frameSql::count, {}, "n").toInt();
}

// ---------------------------------------------------------------- structures

namespace {
namespace structureSql {
const QString select = QStringLiteral("SELECT id, key, name, color, sort_order FROM structures");
const QString every = select + QStringLiteral(" ORDER BY sort_order, id");
const QString byId = select + QStringLiteral(" WHERE id = ?");
const QString byKey = select + QStringLiteral(" WHERE key = ?");
const QString insert = QStringLiteral("INSERT INTO structures (key, name, color, sort_order) VALUES (?, ?, ?, ?)");
const QString update =
    QStringLiteral("UPDATE structures SET key = ?, name = ?, color = ?, sort_order = ? WHERE id = ?");
const QString remove = QStringLiteral("DELETE FROM structures WHERE id = ?");
const QString maskUses = QStringLiteral("SELECT COUNT(*) AS n FROM masks WHERE structure_id = ?");
const QString teacherUses = QStringLiteral(
    "SELECT (SELECT COUNT(*) FROM teacher_requests WHERE structure_id = ?)"
    " + (SELECT COUNT(*) FROM preference_pairs WHERE structure_id = ?) AS n");
} // namespace structureSql

Structure structureFromRow(const Row &r)
{
    Structure s;
    s.id = r.id("id");
    s.key = r.text("key");
    s.name = r.text("name");
    s.color = r.text("color");
    s.sortOrder = r.integer("sort_order");
    return s;
}

void validateStructure(const Structure &s)
{
    static const QRegularExpression keyPattern(QStringLiteral("^[a-z0-9_]+$"));
    static const QRegularExpression colorPattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    if (!keyPattern.match(s.key).hasMatch())
        throw StoreError(QStringLiteral("structure key '%1' is invalid (use lower-case letters, digits and '_')")
                             .arg(s.key).toStdString());
    requireNonEmpty(s.name, "name", "structure");
    if (!colorPattern.match(s.color).hasMatch())
        throw StoreError(QStringLiteral("structure '%1': colour '%2' is not of the form #rrggbb")
                             .arg(s.key, s.color).toStdString());
}
} // namespace

std::vector<Structure> ProjectStore::structures() const
{
    return d->all(structureSql::every, {}, structureFromRow);
}

std::optional<Structure> ProjectStore::structure(qint64 id) const
{
    return d->one(structureSql::byId, {id}, structureFromRow);
}

std::optional<Structure> ProjectStore::structureByKey(const QString &key) const
{
    return d->one(structureSql::byKey, {key}, structureFromRow);
}

qint64 ProjectStore::addStructure(Structure &s)
{
    validateStructure(s);
    qint64 id = 0;
    transaction([&] {
        if (structureByKey(s.key))
            throw StoreError(QStringLiteral("a structure with key '%1' already exists").arg(s.key).toStdString());
        id = d->insert(structureSql::insert, {s.key, s.name, s.color, s.sortOrder});
    });
    s.id = id;
    return id;
}

void ProjectStore::updateStructure(const Structure &s)
{
    validateStructure(s);
    transaction([&] {
        const auto other = structureByKey(s.key);
        if (other && other->id != s.id)
            throw StoreError(QStringLiteral("a structure with key '%1' already exists").arg(s.key).toStdString());
        d->updateOne(structureSql::update, {s.key, s.name, s.color, s.sortOrder, s.id}, QStringLiteral("structure"),
                     s.id);
    });
}

void ProjectStore::removeStructure(qint64 id)
{
    transaction([&] {
        const auto s = structure(id);
        if (!s)
            throw StoreError(QStringLiteral("structure %1 does not exist").arg(id).toStdString());
        const int masks = d->scalar(structureSql::maskUses, {id}, "n").toInt();
        if (masks > 0)
            throw StoreError(QStringLiteral("cannot remove structure '%1': %2 mask(s) use it")
                                 .arg(s->name).arg(masks).toStdString());
        const int uses = d->scalar(structureSql::teacherUses, {id, id}, "n").toInt();
        if (uses > 0)
            throw StoreError(QStringLiteral("cannot remove structure '%1': %2 teacher request(s) or preference "
                                            "pair(s) use it").arg(s->name).arg(uses).toStdString());
        d->run(structureSql::remove, {id});
    });
}

} // namespace sd
