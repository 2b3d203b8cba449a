#include "projectstore.h"

#include "schema.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <atomic>

namespace sd {

namespace {

constexpr int kBusyTimeoutMs = 5000;

QString connectionNameForNewStore()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("surgdistill-store-%1").arg(++counter);
}

// The QSQLITE driver binds a null QString/QByteArray as SQL NULL; NOT NULL text
// columns want '' instead.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

QVariant blob(const QByteArray &b)
{
    return b.isNull() ? QVariant(QByteArray("")) : QVariant(b);
}

// Hex digests are stored as TEXT so that equality lookups compare like with like.
QVariant hexText(const QByteArray &hex)
{
    return QVariant(QString::fromLatin1(hex));
}

QVariant optionalId(const std::optional<qint64> &id)
{
    return id ? QVariant(*id) : QVariant();
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QVariant timeValue(const QDateTime &t)
{
    return t.isValid() ? QVariant(isoTime(t)) : QVariant();
}

QDateTime timeFrom(const QVariant &v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

// Store-assigned timestamps keep millisecond precision so they round-trip exactly.
QDateTime nowUtc()
{
    return QDateTime::currentDateTimeUtc();
}

QDateTime orNow(const QDateTime &t)
{
    return t.isValid() ? t : nowUtc();
}

std::optional<qint64> optionalIdFrom(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray auditEntryHash(const QByteArray &prevHash, const QString &time, const QString &user,
                          const QString &action, const QString &destination, const QByteArray &payloadSha256)
{
    const QByteArray material = prevHash + '|' + time.toUtf8() + '|' + user.toUtf8() + '|' + action.toUtf8()
        + '|' + destination.toUtf8() + '|' + payloadSha256;
    return sha256Hex(material);
}

RleMask rleFromColumn(const QVariant &v, qint64 maskId)
{
    try {
        return RleMask::fromJson(v.toByteArray());
    } catch (const std::exception &e) {
        throw StoreError(QStringLiteral("mask %1 has unreadable RLE data: %2").arg(maskId).arg(e.what()).toStdString());
    }
}

void requireNonEmpty(const QString &value, const char *field, const char *entity)
{
    if (value.trimmed().isEmpty())
        throw StoreError(QStringLiteral("%1: field '%2' must not be empty")
                             .arg(QLatin1String(entity), QLatin1String(field)).toStdString());
}

} // namespace

struct ProjectStore::Private {
    QString folder;
    QString connectionName;
    QSqlDatabase db;
    int depth = 0;             // transaction() nesting
    bool rollbackOnly = false; // a nested call failed; the outer one must not commit

    [[noreturn]] void fail(const QString &what, const QSqlQuery &q) const
    {
        throw StoreError(QStringLiteral("%1 in project %2: %3").arg(what, folder, q.lastError().text()).toStdString());
    }

    QSqlQuery run(const QString &sql, const QVariantList &binds = {}) const
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            fail(QStringLiteral("cannot prepare \"%1\"").arg(sql.left(80)), q);
        for (int i = 0; i < binds.size(); ++i)
            q.bindValue(i, binds.at(i));
        if (!q.exec())
            fail(QStringLiteral("query failed \"%1\"").arg(sql.left(80)), q);
        return q;
    }

    void execRaw(const QString &sql) const
    {
        QSqlQuery q(db);
        if (!q.exec(sql))
            fail(QStringLiteral("\"%1\" failed").arg(sql), q);
    }

    QVariant scalar(const QString &sql, const QVariantList &binds = {}) const
    {
        QSqlQuery q = run(sql, binds);
        return q.next() ? q.value(0) : QVariant();
    }

    qint64 insert(const QString &sql, const QVariantList &binds) const
    {
        QSqlQuery q = run(sql, binds);
        return q.lastInsertId().toLongLong();
    }

    // UPDATE/DELETE of one row by id; a missing row is an error, not a silent no-op.
    void updateOne(const QString &sql, const QVariantList &binds, const QString &entity, qint64 id) const
    {
        QSqlQuery q = run(sql, binds);
        if (q.numRowsAffected() < 1)
            throw StoreError(QStringLiteral("%1 %2 does not exist in project %3").arg(entity).arg(id).arg(folder)
                                 .toStdString());
    }

    void configureConnection(bool checkIdentity);
};

ProjectStore::ProjectStore(const QString &folder) : d(std::make_unique<Private>())
{
    d->folder = QDir(folder).absolutePath();
    d->connectionName = connectionNameForNewStore();
    d->db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connectionName);
    d->db.setDatabaseName(QDir(d->folder).filePath(QString::fromLatin1(kDatabaseFile)));
    d->db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
}

ProjectStore::~ProjectStore()
{
    if (d->db.isOpen()) {
        if (d->depth > 0)
            QSqlQuery(d->db).exec(QStringLiteral("ROLLBACK"));
        d->db.close();
    }
    d->db = QSqlDatabase(); // drop our handle before removing the connection
    QSqlDatabase::removeDatabase(d->connectionName);
}

void ProjectStore::Private::configureConnection(bool checkIdentity)
{
    const QString where = QStringLiteral("cannot open project at %1").arg(folder);
    if (!db.open())
        throw StoreError(QStringLiteral("%1: %2").arg(where, db.lastError().text()).toStdString());
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs)))
        throw StoreError(QStringLiteral("%1: %2").arg(where, q.lastError().text()).toStdString());
    // The first read of the header: garbage bytes fail here ("file is not a database").
    if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next())
        throw StoreError(QStringLiteral("%1: project.sqlite is not a readable SQLite database (%2)")
                             .arg(where, q.lastError().text()).toStdString());
    const int applicationId = q.value(0).toInt();
    q.finish();
    if (checkIdentity && applicationId != schema::kApplicationId)
        throw StoreError(QStringLiteral("%1: not a SurgDistill project (project.sqlite belongs to another "
                                        "application)").arg(where).toStdString());
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next()
        || q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        throw StoreError(QStringLiteral("%1: cannot switch the database to WAL mode (%2)")
                             .arg(where, q.lastError().text()).toStdString());
    q.finish();
    for (const char *pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            throw StoreError(QStringLiteral("%1: %2").arg(where, q.lastError().text()).toStdString());
    }
    const int version = schema::currentVersion(db);
    if (version > schema::latestVersion())
        throw StoreError(QStringLiteral("%1: the project was written by a newer SurgDistill (schema version %2, "
                                        "this build supports up to %3)")
                             .arg(where).arg(version).arg(schema::latestVersion()).toStdString());
    try {
        schema::migrate(db, schema::latestVersion());
    } catch (const StoreError &e) {
        throw StoreError(QStringLiteral("%1: %2").arg(where, QString::fromUtf8(e.what())).toStdString());
    }
}

bool ProjectStore::isProject(const QString &folder)
{
    return QFileInfo(QDir(folder).filePath(QString::fromLatin1(kDatabaseFile))).isFile();
}

std::unique_ptr<ProjectStore> ProjectStore::create(const QString &folder, const QString &name)
{
    const QString absolute = QDir(folder).absolutePath();
    const QString dbPath = QDir(absolute).filePath(QString::fromLatin1(kDatabaseFile));
    if (QFileInfo::exists(dbPath))
        throw StoreError(QStringLiteral("cannot create project at %1: a project already exists there").arg(absolute)
                             .toStdString());
    if (QFileInfo(absolute).exists() && !QFileInfo(absolute).isDir())
        throw StoreError(QStringLiteral("cannot create project at %1: the path is a file, not a folder")
                             .arg(absolute).toStdString());
    if (!QDir().mkpath(QDir(absolute).filePath(QString::fromLatin1(kMediaDir))))
        throw StoreError(QStringLiteral("cannot create project at %1: cannot create the media folder")
                             .arg(absolute).toStdString());

    std::unique_ptr<ProjectStore> store(new ProjectStore(absolute));
    try {
        store->d->configureConnection(false);
        store->transaction([&] {
            store->setSetting(QStringLiteral("name"), name);
            store->setSetting(QStringLiteral("created_at"), isoTime(nowUtc()));
        });
    } catch (...) {
        // Leave no half-made database behind: the folder must not look like a project.
        store.reset();
        for (const char *suffix : {"", "-wal", "-shm", "-journal"})
            QFile::remove(dbPath + QLatin1String(suffix));
        throw;
    }
    return store;
}

std::unique_ptr<ProjectStore> ProjectStore::open(const QString &folder)
{
    const QString absolute = QDir(folder).absolutePath();
    if (!QFileInfo(absolute).isDir())
        throw StoreError(QStringLiteral("cannot open project at %1: the folder does not exist").arg(absolute)
                             .toStdString());
    if (!isProject(absolute))
        throw StoreError(QStringLiteral("cannot open project at %1: not a SurgDistill project (no %2)")
                             .arg(absolute, QString::fromLatin1(kDatabaseFile)).toStdString());
    std::unique_ptr<ProjectStore> store(new ProjectStore(absolute));
    store->d->configureConnection(true);
    QDir().mkpath(store->mediaFolder());
    return store;
}

QString ProjectStore::folder() const
{
    return d->folder;
}

QString ProjectStore::mediaFolder() const
{
    return QDir(d->folder).filePath(QString::fromLatin1(kMediaDir));
}

QString ProjectStore::absolutePath(const QString &relativePath) const
{
    if (QDir::isAbsolutePath(relativePath))
        return relativePath;
    return QDir::cleanPath(QDir(d->folder).filePath(relativePath));
}

int ProjectStore::schemaVersion() const
{
    return schema::currentVersion(d->db);
}

int ProjectStore::latestSchemaVersion()
{
    return schema::latestVersion();
}

void ProjectStore::transaction(const std::function<void()> &fn)
{
    if (d->depth > 0) { // join the outer transaction
        ++d->depth;
        try {
            fn();
        } catch (...) {
            --d->depth;
            d->rollbackOnly = true;
            throw;
        }
        --d->depth;
        return;
    }
    d->execRaw(QStringLiteral("BEGIN IMMEDIATE"));
    d->depth = 1;
    d->rollbackOnly = false;
    try {
        fn();
    } catch (...) {
        d->depth = 0;
        QSqlQuery(d->db).exec(QStringLiteral("ROLLBACK"));
        throw;
    }
    d->depth = 0;
    if (d->rollbackOnly) {
        d->rollbackOnly = false;
        QSqlQuery(d->db).exec(QStringLiteral("ROLLBACK"));
        throw StoreError(QStringLiteral("transaction in project %1 rolled back: a nested operation failed")
                             .arg(d->folder).toStdString());
    }
    QSqlQuery commit(d->db);
    if (!commit.exec(QStringLiteral("COMMIT"))) {
        const QString error = commit.lastError().text();
        QSqlQuery(d->db).exec(QStringLiteral("ROLLBACK"));
        throw StoreError(QStringLiteral("cannot commit to project %1: %2").arg(d->folder, error).toStdString());
    }
}

// ---------------------------------------------------------------- settings

QString ProjectStore::setting(const QString &key, const QString &defaultValue) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    return q.next() ? q.value(0).toString() : defaultValue;
}

void ProjectStore::setSetting(const QString &key, const QString &value)
{
    requireNonEmpty(key, "key", "setting");
    transaction([&] {
        d->run(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
               {key, text(value)});
    });
}

// ---------------------------------------------------------------- videos

namespace {
const QString kVideoColumns = QStringLiteral(
    "id, label, source_hash, fps, duration_sec, phase_start_sec, phase_end_sec, imported_at");

Video videoFrom(const QSqlQuery &q)
{
    Video v;
    v.id = q.value(0).toLongLong();
    v.label = q.value(1).toString();
    v.sourceHash = q.value(2).toString().toLatin1();
    v.fps = q.value(3).toDouble();
    v.durationSec = q.value(4).toDouble();
    v.phaseStartSec = q.value(5).toDouble();
    v.phaseEndSec = q.value(6).toDouble();
    v.importedAt = timeFrom(q.value(7));
    return v;
}
} // namespace

qint64 ProjectStore::addVideo(Video &video)
{
    requireNonEmpty(video.label, "label", "video");
    const QDateTime importedAt = orNow(video.importedAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO videos (label, source_hash, fps, duration_sec, phase_start_sec, "
                                      "phase_end_sec, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                       {video.label, hexText(video.sourceHash), video.fps, video.durationSec, video.phaseStartSec,
                        video.phaseEndSec, isoTime(importedAt)});
    });
    video.id = id;
    video.importedAt = importedAt;
    return id;
}

std::optional<Video> ProjectStore::video(qint64 id) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM videos WHERE id = ?").arg(kVideoColumns), {id});
    if (!q.next())
        return std::nullopt;
    return videoFrom(q);
}

std::optional<Video> ProjectStore::videoBySourceHash(const QByteArray &hash) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM videos WHERE source_hash = ? ORDER BY id LIMIT 1")
                             .arg(kVideoColumns),
                         {hexText(hash)});
    if (!q.next())
        return std::nullopt;
    return videoFrom(q);
}

std::vector<Video> ProjectStore::videos() const
{
    std::vector<Video> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM videos ORDER BY id").arg(kVideoColumns));
    while (q.next())
        out.push_back(videoFrom(q));
    return out;
}

// ---------------------------------------------------------------- frames

namespace {
const QString kFrameColumns = QStringLiteral(
    "f.id, f.video_id, f.timestamp_sec, f.content_hash, f.width, f.height, f.side, f.phase, f.media_path, "
    "f.split, f.synthetic, f.created_at");

Frame frameFrom(const QSqlQuery &q)
{
    Frame f;
    f.id = q.value(0).toLongLong();
    f.videoId = optionalIdFrom(q.value(1));
    f.timestampSec = q.value(2).toDouble();
    f.contentHash = q.value(3).toString().toLatin1();
    f.width = q.value(4).toInt();
    f.height = q.value(5).toInt();
    f.side = sideFromString(q.value(6).toString());
    f.phase = q.value(7).toString();
    f.mediaPath = q.value(8).toString();
    f.split = q.value(9).toString();
    f.synthetic = q.value(10).toInt() != 0;
    f.createdAt = timeFrom(q.value(11));
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
        id = d->insert(QStringLiteral("INSERT INTO frames (video_id, timestamp_sec, content_hash, width, height, side, "
                                      "phase, media_path, split, synthetic, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {optionalId(frame.videoId), frame.timestampSec, hexText(frame.contentHash), frame.width,
                        frame.height, sideToString(frame.side), text(frame.phase), frame.mediaPath, text(frame.split),
                        frame.synthetic ? 1 : 0, isoTime(createdAt)});
    });
    frame.id = id;
    frame.createdAt = createdAt;
    return id;
}

void ProjectStore::updateFrame(const Frame &frame)
{
    transaction([&] {
        d->updateOne(QStringLiteral("UPDATE frames SET side = ?, phase = ?, split = ? WHERE id = ?"),
                     {sideToString(frame.side), text(frame.phase), text(frame.split), frame.id},
                     QStringLiteral("frame"), frame.id);
    });
}

std::optional<Frame> ProjectStore::frame(qint64 id) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM frames f WHERE f.id = ?").arg(kFrameColumns), {id});
    if (!q.next())
        return std::nullopt;
    return frameFrom(q);
}

std::optional<Frame> ProjectStore::frameByContentHash(const QByteArray &hash) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM frames f WHERE f.content_hash = ? ORDER BY f.id LIMIT 1")
                             .arg(kFrameColumns),
                         {hexText(hash)});
    if (!q.next())
        return std::nullopt;
    return frameFrom(q);
}

std::vector<Frame> ProjectStore::frames(const FrameFilter &filter) const
{
    QStringList where;
    QVariantList binds;
    // Mask-related criteria apply to one and the same mask (e.g. "approved masks
    // of the duodenum by alice"); a mask without review counts as draft.
    QStringList maskWhere;
    QVariantList maskBinds;
    if (filter.structureId) {
        maskWhere << QStringLiteral("m.structure_id = ?");
        maskBinds << *filter.structureId;
    }
    if (!filter.author.isEmpty()) {
        maskWhere << QStringLiteral("m.author = ?");
        maskBinds << filter.author;
    }
    if (filter.reviewState) {
        maskWhere << QStringLiteral("COALESCE((SELECT r.state FROM reviews r WHERE r.mask_id = m.id "
                                    "ORDER BY r.id DESC LIMIT 1), 'draft') = ?");
        maskBinds << reviewStateToString(*filter.reviewState);
    }
    if (!maskWhere.isEmpty()) {
        where << QStringLiteral("EXISTS (SELECT 1 FROM masks m WHERE m.frame_id = f.id AND %1)")
                     .arg(maskWhere.join(QLatin1String(" AND ")));
        binds << maskBinds;
    }
    if (filter.side) {
        where << QStringLiteral("f.side = ?");
        binds << sideToString(*filter.side);
    }
    if (!filter.idSearch.trimmed().isEmpty()) {
        // Prefix match without LIKE so that '%' or '_' in the search are literal.
        const QString prefix = filter.idSearch.trimmed();
        where << QStringLiteral("substr(CAST(f.id AS TEXT), 1, length(?)) = ?");
        binds << prefix << prefix;
    }
    if (!filter.split.isEmpty()) {
        where << QStringLiteral("f.split = ?");
        binds << filter.split;
    }
    QString sql = QStringLiteral("SELECT %1 FROM frames f").arg(kFrameColumns);
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QLatin1String(" AND "));
    sql += QStringLiteral(" ORDER BY f.id");
    std::vector<Frame> out;
    QSqlQuery q = d->run(sql, binds);
    while (q.next())
        out.push_back(frameFrom(q));
    return out;
}

int ProjectStore::frameCount() const
{
    return d->scalar(QStringLiteral("SELECT COUNT(*) FROM frames")).toInt();
}

// ---------------------------------------------------------------- structures

namespace {
const QString kStructureColumns = QStringLiteral("id, key, name, color, sort_order");

Structure structureFrom(const QSqlQuery &q)
{
    Structure s;
    s.id = q.value(0).toLongLong();
    s.key = q.value(1).toString();
    s.name = q.value(2).toString();
    s.color = q.value(3).toString();
    s.sortOrder = q.value(4).toInt();
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
    std::vector<Structure> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM structures ORDER BY sort_order, id").arg(kStructureColumns));
    while (q.next())
        out.push_back(structureFrom(q));
    return out;
}

std::optional<Structure> ProjectStore::structure(qint64 id) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM structures WHERE id = ?").arg(kStructureColumns), {id});
    if (!q.next())
        return std::nullopt;
    return structureFrom(q);
}

std::optional<Structure> ProjectStore::structureByKey(const QString &key) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM structures WHERE key = ?").arg(kStructureColumns), {key});
    if (!q.next())
        return std::nullopt;
    return structureFrom(q);
}

qint64 ProjectStore::addStructure(Structure &s)
{
    validateStructure(s);
    qint64 id = 0;
    transaction([&] {
        if (structureByKey(s.key))
            throw StoreError(QStringLiteral("a structure with key '%1' already exists").arg(s.key).toStdString());
        id = d->insert(QStringLiteral("INSERT INTO structures (key, name, color, sort_order) VALUES (?, ?, ?, ?)"),
                       {s.key, s.name, s.color, s.sortOrder});
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
        d->updateOne(QStringLiteral("UPDATE structures SET key = ?, name = ?, color = ?, sort_order = ? WHERE id = ?"),
                     {s.key, s.name, s.color, s.sortOrder, s.id}, QStringLiteral("structure"), s.id);
    });
}

void ProjectStore::removeStructure(qint64 id)
{
    transaction([&] {
        const auto s = structure(id);
        if (!s)
            throw StoreError(QStringLiteral("structure %1 does not exist").arg(id).toStdString());
        const int masks = d->scalar(QStringLiteral("SELECT COUNT(*) FROM masks WHERE structure_id = ?"), {id}).toInt();
        if (masks > 0)
            throw StoreError(QStringLiteral("cannot remove structure '%1': %2 mask(s) use it")
                                 .arg(s->name).arg(masks).toStdString());
        const int uses = d->scalar(QStringLiteral("SELECT (SELECT COUNT(*) FROM teacher_requests WHERE structure_id = ?)"
                                                  " + (SELECT COUNT(*) FROM preference_pairs WHERE structure_id = ?)"),
                                   {id, id}).toInt();
        if (uses > 0)
            throw StoreError(QStringLiteral("cannot remove structure '%1': %2 teacher request(s) or preference "
                                            "pair(s) use it").arg(s->name).arg(uses).toStdString());
        d->run(QStringLiteral("DELETE FROM structures WHERE id = ?"), {id});
    });
}

// ---------------------------------------------------------------- masks

namespace {
const QString kMaskColumns = QStringLiteral("id, frame_id, structure_id, rle_json, author, version, updated_at");

Mask maskFrom(const QSqlQuery &q)
{
    Mask m;
    m.id = q.value(0).toLongLong();
    m.frameId = q.value(1).toLongLong();
    m.structureId = q.value(2).toLongLong();
    m.rle = rleFromColumn(q.value(3), m.id);
    m.author = q.value(4).toString();
    m.version = q.value(5).toInt();
    m.updatedAt = timeFrom(q.value(6));
    return m;
}
} // namespace

Mask ProjectStore::saveMask(qint64 frameId, qint64 structureId, const RleMask &rle, const QString &author)
{
    requireNonEmpty(author, "author", "mask");
    std::optional<Mask> saved;
    transaction([&] {
        const auto f = frame(frameId);
        if (!f)
            throw StoreError(QStringLiteral("cannot save mask: frame %1 does not exist").arg(frameId).toStdString());
        if (!structure(structureId))
            throw StoreError(QStringLiteral("cannot save mask: structure %1 does not exist").arg(structureId)
                                 .toStdString());
        if (!rle.isValid())
            throw StoreError(QStringLiteral("cannot save mask for frame %1: the RLE counts do not cover %2x%3 pixels")
                                 .arg(frameId).arg(rle.width).arg(rle.height).toStdString());
        if (rle.width != f->width || rle.height != f->height)
            throw StoreError(QStringLiteral("cannot save mask for frame %1: mask is %2x%3 but the frame is %4x%5")
                                 .arg(frameId).arg(rle.width).arg(rle.height).arg(f->width).arg(f->height)
                                 .toStdString());
        const QString json = QString::fromUtf8(rle.toJson());
        const QString now = isoTime(nowUtc());
        QSqlQuery existing = d->run(QStringLiteral("SELECT id, version FROM masks WHERE frame_id = ? AND structure_id = ?"),
                                    {frameId, structureId});
        qint64 maskId = 0;
        int version = 1;
        if (existing.next()) {
            maskId = existing.value(0).toLongLong();
            version = existing.value(1).toInt() + 1;
            existing.finish();
            d->run(QStringLiteral("UPDATE masks SET rle_json = ?, author = ?, version = ?, updated_at = ? WHERE id = ?"),
                   {json, author, version, now, maskId});
        } else {
            maskId = d->insert(QStringLiteral("INSERT INTO masks (frame_id, structure_id, rle_json, author, version, "
                                              "updated_at) VALUES (?, ?, ?, ?, 1, ?)"),
                               {frameId, structureId, json, author, now});
        }
        d->run(QStringLiteral("INSERT INTO mask_versions (mask_id, version, rle_json, author, created_at) "
                              "VALUES (?, ?, ?, ?, ?)"),
               {maskId, version, json, author, now});
        saved = maskById(maskId);
    });
    return *saved;
}

std::optional<Mask> ProjectStore::mask(qint64 frameId, qint64 structureId) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM masks WHERE frame_id = ? AND structure_id = ?").arg(kMaskColumns),
                         {frameId, structureId});
    if (!q.next())
        return std::nullopt;
    return maskFrom(q);
}

std::optional<Mask> ProjectStore::maskById(qint64 maskId) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM masks WHERE id = ?").arg(kMaskColumns), {maskId});
    if (!q.next())
        return std::nullopt;
    return maskFrom(q);
}

std::vector<Mask> ProjectStore::masksForFrame(qint64 frameId) const
{
    std::vector<Mask> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT m.id, m.frame_id, m.structure_id, m.rle_json, m.author, m.version, "
                                        "m.updated_at FROM masks m JOIN structures s ON s.id = m.structure_id "
                                        "WHERE m.frame_id = ? ORDER BY s.sort_order, s.id"),
                         {frameId});
    while (q.next())
        out.push_back(maskFrom(q));
    return out;
}

std::vector<MaskVersion> ProjectStore::maskHistory(qint64 maskId) const
{
    std::vector<MaskVersion> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT id, mask_id, version, rle_json, author, created_at FROM mask_versions "
                                        "WHERE mask_id = ? ORDER BY version"),
                         {maskId});
    while (q.next()) {
        MaskVersion v;
        v.id = q.value(0).toLongLong();
        v.maskId = q.value(1).toLongLong();
        v.version = q.value(2).toInt();
        v.rle = rleFromColumn(q.value(3), v.maskId);
        v.author = q.value(4).toString();
        v.createdAt = timeFrom(q.value(5));
        out.push_back(std::move(v));
    }
    return out;
}

Mask ProjectStore::restoreMaskVersion(qint64 maskId, int version, const QString &author)
{
    std::optional<Mask> restored;
    transaction([&] {
        const auto current = maskById(maskId);
        if (!current)
            throw StoreError(QStringLiteral("cannot restore: mask %1 does not exist").arg(maskId).toStdString());
        const QVariant json = d->scalar(QStringLiteral("SELECT rle_json FROM mask_versions WHERE mask_id = ? AND version = ?"),
                                        {maskId, version});
        if (json.isNull())
            throw StoreError(QStringLiteral("cannot restore: mask %1 has no version %2").arg(maskId).arg(version)
                                 .toStdString());
        restored = saveMask(current->frameId, current->structureId, rleFromColumn(json, maskId), author);
    });
    return *restored;
}

QStringList ProjectStore::maskAuthors() const
{
    QStringList out;
    QSqlQuery q = d->run(QStringLiteral("SELECT DISTINCT author FROM masks ORDER BY author"), {});
    while (q.next())
        out << q.value(0).toString();
    return out;
}

// ---------------------------------------------------------------- reviews

namespace {
Review reviewFrom(const QSqlQuery &q)
{
    Review r;
    r.id = q.value(0).toLongLong();
    r.maskId = q.value(1).toLongLong();
    r.state = reviewStateFromString(q.value(2).toString());
    r.reviewer = q.value(3).toString();
    r.comment = q.value(4).toString();
    r.maskVersion = q.value(5).toInt();
    r.createdAt = timeFrom(q.value(6));
    r.partialApproval = q.value(7).toBool();
    return r;
}
const QString kReviewColumns =
    QStringLiteral("id, mask_id, state, reviewer, comment, mask_version, created_at, partial_approval");
} // namespace

qint64 ProjectStore::addReview(Review &review)
{
    requireNonEmpty(review.reviewer, "reviewer", "review");
    const QDateTime createdAt = orNow(review.createdAt);
    qint64 id = 0;
    int maskVersion = review.maskVersion;
    transaction([&] {
        const auto m = maskById(review.maskId);
        if (!m)
            throw StoreError(QStringLiteral("cannot add review: mask %1 does not exist").arg(review.maskId)
                                 .toStdString());
        if (maskVersion == 0)
            maskVersion = m->version; // a review without explicit version refers to the current one
        if (maskVersion < 1 || maskVersion > m->version)
            throw StoreError(QStringLiteral("cannot add review: mask %1 has no version %2").arg(review.maskId)
                                 .arg(maskVersion).toStdString());
        if (review.partialApproval && review.state != ReviewState::Submitted)
            throw StoreError("cannot add review: a partial approval keeps the state 'submitted'");
        id = d->insert(QStringLiteral("INSERT INTO reviews (mask_id, state, reviewer, comment, mask_version, created_at, "
                                      "partial_approval) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                       {review.maskId, reviewStateToString(review.state), review.reviewer, text(review.comment),
                        maskVersion, isoTime(createdAt), review.partialApproval ? 1 : 0});
    });
    review.id = id;
    review.maskVersion = maskVersion;
    review.createdAt = createdAt;
    return id;
}

std::vector<Review> ProjectStore::reviews(qint64 maskId) const
{
    std::vector<Review> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM reviews WHERE mask_id = ? ORDER BY id").arg(kReviewColumns),
                         {maskId});
    while (q.next())
        out.push_back(reviewFrom(q));
    return out;
}

std::optional<Review> ProjectStore::latestReview(qint64 maskId) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM reviews WHERE mask_id = ? ORDER BY id DESC LIMIT 1")
                             .arg(kReviewColumns),
                         {maskId});
    if (!q.next())
        return std::nullopt;
    return reviewFrom(q);
}

// ---------------------------------------------------------------- prompt templates

qint64 ProjectStore::addPromptTemplate(PromptTemplate &t)
{
    requireNonEmpty(t.text, "text", "prompt template");
    requireNonEmpty(t.language, "language", "prompt template");
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO prompt_templates (structure_id, language, text) VALUES (?, ?, ?)"),
                       {optionalId(t.structureId), t.language, t.text});
    });
    t.id = id;
    return id;
}

void ProjectStore::updatePromptTemplate(const PromptTemplate &t)
{
    requireNonEmpty(t.text, "text", "prompt template");
    requireNonEmpty(t.language, "language", "prompt template");
    transaction([&] {
        d->updateOne(QStringLiteral("UPDATE prompt_templates SET structure_id = ?, language = ?, text = ? WHERE id = ?"),
                     {optionalId(t.structureId), t.language, t.text, t.id}, QStringLiteral("prompt template"), t.id);
    });
}

void ProjectStore::removePromptTemplate(qint64 id)
{
    transaction([&] {
        d->updateOne(QStringLiteral("DELETE FROM prompt_templates WHERE id = ?"), {id}, QStringLiteral("prompt template"),
                     id);
    });
}

std::vector<PromptTemplate> ProjectStore::promptTemplates(std::optional<qint64> structureId) const
{
    // For a structure: its own templates plus the general ones (structure_id NULL).
    QSqlQuery q = structureId
        ? d->run(QStringLiteral("SELECT id, structure_id, language, text FROM prompt_templates "
                                "WHERE structure_id = ? OR structure_id IS NULL ORDER BY id"),
                 {*structureId})
        : d->run(QStringLiteral("SELECT id, structure_id, language, text FROM prompt_templates ORDER BY id"));
    std::vector<PromptTemplate> out;
    while (q.next()) {
        PromptTemplate t;
        t.id = q.value(0).toLongLong();
        t.structureId = optionalIdFrom(q.value(1));
        t.language = q.value(2).toString();
        t.text = q.value(3).toString();
        out.push_back(std::move(t));
    }
    return out;
}

// ---------------------------------------------------------------- teacher

namespace {
const QString kRequestColumns = QStringLiteral(
    "id, frame_id, structure_id, template_id, provider, model, payload, status, error, created_at, question, language");

TeacherRequest requestFrom(const QSqlQuery &q)
{
    TeacherRequest r;
    r.id = q.value(0).toLongLong();
    r.frameId = q.value(1).toLongLong();
    r.structureId = q.value(2).toLongLong();
    r.templateId = optionalIdFrom(q.value(3));
    r.provider = q.value(4).toString();
    r.model = q.value(5).toString();
    r.payload = q.value(6).toByteArray();
    r.status = q.value(7).toString();
    r.error = q.value(8).toString();
    r.createdAt = timeFrom(q.value(9));
    r.question = q.value(10).toString();
    r.language = q.value(11).toString();
    return r;
}
} // namespace

qint64 ProjectStore::addTeacherRequest(TeacherRequest &r)
{
    requireNonEmpty(r.provider, "provider", "teacher request");
    const QDateTime createdAt = orNow(r.createdAt);
    const QString status = r.status.isEmpty() ? QStringLiteral("pending") : r.status;
    const QString language = r.language.isEmpty() ? QStringLiteral("en") : r.language;
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO teacher_requests (frame_id, structure_id, template_id, provider, model, "
                                      "payload, status, error, created_at, question, language) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {r.frameId, r.structureId, optionalId(r.templateId), r.provider, text(r.model), blob(r.payload),
                        status, text(r.error), isoTime(createdAt), text(r.question), language});
    });
    r.id = id;
    r.status = status;
    r.createdAt = createdAt;
    return id;
}

void ProjectStore::updateTeacherRequest(const TeacherRequest &r)
{
    requireNonEmpty(r.status, "status", "teacher request");
    transaction([&] {
        d->updateOne(QStringLiteral("UPDATE teacher_requests SET template_id = ?, provider = ?, model = ?, payload = ?, "
                                    "status = ?, error = ?, question = ?, language = ? WHERE id = ?"),
                     {optionalId(r.templateId), r.provider, text(r.model), blob(r.payload), r.status, text(r.error),
                      text(r.question), r.language.isEmpty() ? QStringLiteral("en") : r.language, r.id},
                     QStringLiteral("teacher request"), r.id);
    });
}

std::optional<TeacherRequest> ProjectStore::teacherRequest(qint64 id) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM teacher_requests WHERE id = ?").arg(kRequestColumns), {id});
    if (!q.next())
        return std::nullopt;
    return requestFrom(q);
}

std::vector<TeacherRequest> ProjectStore::teacherRequests(const QString &status) const
{
    QSqlQuery q = status.isEmpty()
        ? d->run(QStringLiteral("SELECT %1 FROM teacher_requests ORDER BY id").arg(kRequestColumns))
        : d->run(QStringLiteral("SELECT %1 FROM teacher_requests WHERE status = ? ORDER BY id").arg(kRequestColumns),
                 {status});
    std::vector<TeacherRequest> out;
    while (q.next())
        out.push_back(requestFrom(q));
    return out;
}

qint64 ProjectStore::addTeacherAnswer(TeacherAnswer &a)
{
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO teacher_answers (request_id, text, prompt_tokens, completion_tokens, "
                                      "created_at) VALUES (?, ?, ?, ?, ?)"),
                       {a.requestId, text(a.text), a.promptTokens, a.completionTokens, isoTime(createdAt)});
    });
    a.id = id;
    a.createdAt = createdAt;
    return id;
}

std::vector<TeacherAnswer> ProjectStore::teacherAnswers(qint64 requestId) const
{
    std::vector<TeacherAnswer> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT id, request_id, text, prompt_tokens, completion_tokens, created_at "
                                        "FROM teacher_answers WHERE request_id = ? ORDER BY id"),
                         {requestId});
    while (q.next()) {
        TeacherAnswer a;
        a.id = q.value(0).toLongLong();
        a.requestId = q.value(1).toLongLong();
        a.text = q.value(2).toString();
        a.promptTokens = q.value(3).toInt();
        a.completionTokens = q.value(4).toInt();
        a.createdAt = timeFrom(q.value(5));
        out.push_back(std::move(a));
    }
    return out;
}

qint64 ProjectStore::addAnswerReview(AnswerReview &r)
{
    requireNonEmpty(r.reviewer, "reviewer", "answer review");
    const QDateTime createdAt = orNow(r.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO answer_reviews (answer_id, decision, edited_text, reason, reviewer, "
                                      "created_at) VALUES (?, ?, ?, ?, ?, ?)"),
                       {r.answerId, r.decision, text(r.editedText), text(r.reason), r.reviewer, isoTime(createdAt)});
    });
    r.id = id;
    r.createdAt = createdAt;
    return id;
}

std::vector<AnswerReview> ProjectStore::answerReviews(qint64 answerId) const
{
    std::vector<AnswerReview> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT id, answer_id, decision, edited_text, reason, reviewer, created_at "
                                        "FROM answer_reviews WHERE answer_id = ? ORDER BY id"),
                         {answerId});
    while (q.next()) {
        AnswerReview r;
        r.id = q.value(0).toLongLong();
        r.answerId = q.value(1).toLongLong();
        r.decision = q.value(2).toString();
        r.editedText = q.value(3).toString();
        r.reason = q.value(4).toString();
        r.reviewer = q.value(5).toString();
        r.createdAt = timeFrom(q.value(6));
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<TeacherAnswer> ProjectStore::teacherAnswer(qint64 id) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT id, request_id, text, prompt_tokens, completion_tokens, created_at "
                                        "FROM teacher_answers WHERE id = ?"),
                         {id});
    if (!q.next())
        return std::nullopt;
    TeacherAnswer a;
    a.id = q.value(0).toLongLong();
    a.requestId = q.value(1).toLongLong();
    a.text = q.value(2).toString();
    a.promptTokens = q.value(3).toInt();
    a.completionTokens = q.value(4).toInt();
    a.createdAt = timeFrom(q.value(5));
    return a;
}

void ProjectStore::setAnswerFlag(AnswerFlag &f)
{
    requireNonEmpty(f.flaggedBy, "flaggedBy", "answer flag");
    const QDateTime createdAt = orNow(f.createdAt);
    transaction([&] {
        d->insert(QStringLiteral("INSERT OR REPLACE INTO answer_flags (answer_id, reason, flagged_by, created_at) "
                                 "VALUES (?, ?, ?, ?)"),
                  {f.answerId, text(f.reason), f.flaggedBy, isoTime(createdAt)});
    });
    f.createdAt = createdAt;
}

void ProjectStore::clearAnswerFlag(qint64 answerId)
{
    transaction([&] { d->run(QStringLiteral("DELETE FROM answer_flags WHERE answer_id = ?"), {answerId}); });
}

std::vector<AnswerFlag> ProjectStore::answerFlags() const
{
    std::vector<AnswerFlag> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT answer_id, reason, flagged_by, created_at FROM answer_flags "
                                        "ORDER BY answer_id"));
    while (q.next()) {
        AnswerFlag f;
        f.answerId = q.value(0).toLongLong();
        f.reason = q.value(1).toString();
        f.flaggedBy = q.value(2).toString();
        f.createdAt = timeFrom(q.value(3));
        out.push_back(std::move(f));
    }
    return out;
}

// ---------------------------------------------------------------- preference pairs

qint64 ProjectStore::addPreferencePair(PreferencePair &p)
{
    const QDateTime createdAt = orNow(p.createdAt);
    const QString status = p.status.isEmpty() ? QStringLiteral("proposed") : p.status;
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO preference_pairs (frame_id, structure_id, prompt, chosen, rejected, "
                                      "reason, status, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {p.frameId, p.structureId, text(p.prompt), text(p.chosen), text(p.rejected), text(p.reason),
                        status, text(p.reviewer), isoTime(createdAt)});
    });
    p.id = id;
    p.status = status;
    p.createdAt = createdAt;
    return id;
}

void ProjectStore::updatePreferencePair(const PreferencePair &p)
{
    requireNonEmpty(p.status, "status", "preference pair");
    transaction([&] {
        d->updateOne(QStringLiteral("UPDATE preference_pairs SET prompt = ?, chosen = ?, rejected = ?, reason = ?, "
                                    "status = ?, reviewer = ? WHERE id = ?"),
                     {text(p.prompt), text(p.chosen), text(p.rejected), text(p.reason), p.status, text(p.reviewer),
                      p.id},
                     QStringLiteral("preference pair"), p.id);
    });
}

std::vector<PreferencePair> ProjectStore::preferencePairs(const QString &status) const
{
    const QString columns = QStringLiteral(
        "id, frame_id, structure_id, prompt, chosen, rejected, reason, status, reviewer, created_at");
    QSqlQuery q = status.isEmpty()
        ? d->run(QStringLiteral("SELECT %1 FROM preference_pairs ORDER BY id").arg(columns))
        : d->run(QStringLiteral("SELECT %1 FROM preference_pairs WHERE status = ? ORDER BY id").arg(columns), {status});
    std::vector<PreferencePair> out;
    while (q.next()) {
        PreferencePair p;
        p.id = q.value(0).toLongLong();
        p.frameId = q.value(1).toLongLong();
        p.structureId = q.value(2).toLongLong();
        p.prompt = q.value(3).toString();
        p.chosen = q.value(4).toString();
        p.rejected = q.value(5).toString();
        p.reason = q.value(6).toString();
        p.status = q.value(7).toString();
        p.reviewer = q.value(8).toString();
        p.createdAt = timeFrom(q.value(9));
        out.push_back(std::move(p));
    }
    return out;
}

// ---------------------------------------------------------------- training

namespace {
const QString kRunColumns = QStringLiteral("id, kind, base_model, run_dir, config_json, status, started_at, finished_at");

TrainingRun runFrom(const QSqlQuery &q)
{
    TrainingRun r;
    r.id = q.value(0).toLongLong();
    r.kind = q.value(1).toString();
    r.baseModel = q.value(2).toString();
    r.runDir = q.value(3).toString();
    r.configJson = q.value(4).toByteArray();
    r.status = q.value(5).toString();
    r.startedAt = timeFrom(q.value(6));
    r.finishedAt = timeFrom(q.value(7));
    return r;
}
} // namespace

qint64 ProjectStore::addTrainingRun(TrainingRun &r)
{
    requireNonEmpty(r.kind, "kind", "training run");
    const QDateTime startedAt = orNow(r.startedAt);
    const QString status = r.status.isEmpty() ? QStringLiteral("running") : r.status;
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO training_runs (kind, base_model, run_dir, config_json, status, "
                                      "started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                       {r.kind, text(r.baseModel), text(r.runDir), blob(r.configJson), status, isoTime(startedAt),
                        timeValue(r.finishedAt)});
    });
    r.id = id;
    r.status = status;
    r.startedAt = startedAt;
    return id;
}

void ProjectStore::updateTrainingRun(const TrainingRun &r)
{
    requireNonEmpty(r.kind, "kind", "training run");
    requireNonEmpty(r.status, "status", "training run");
    transaction([&] {
        d->updateOne(QStringLiteral("UPDATE training_runs SET kind = ?, base_model = ?, run_dir = ?, config_json = ?, "
                                    "status = ?, started_at = COALESCE(?, started_at), finished_at = ? WHERE id = ?"),
                     {r.kind, text(r.baseModel), text(r.runDir), blob(r.configJson), r.status, timeValue(r.startedAt),
                      timeValue(r.finishedAt), r.id},
                     QStringLiteral("training run"), r.id);
    });
}

std::optional<TrainingRun> ProjectStore::trainingRun(qint64 id) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM training_runs WHERE id = ?").arg(kRunColumns), {id});
    if (!q.next())
        return std::nullopt;
    return runFrom(q);
}

std::vector<TrainingRun> ProjectStore::trainingRuns() const
{
    std::vector<TrainingRun> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM training_runs ORDER BY id").arg(kRunColumns));
    while (q.next())
        out.push_back(runFrom(q));
    return out;
}

qint64 ProjectStore::addCheckpoint(Checkpoint &c)
{
    requireNonEmpty(c.path, "path", "checkpoint");
    const QDateTime createdAt = orNow(c.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO checkpoints (run_id, step, path, metrics_json, created_at) "
                                      "VALUES (?, ?, ?, ?, ?)"),
                       {c.runId, c.step, c.path, blob(c.metricsJson), isoTime(createdAt)});
    });
    c.id = id;
    c.createdAt = createdAt;
    return id;
}

std::vector<Checkpoint> ProjectStore::checkpoints(qint64 runId) const
{
    std::vector<Checkpoint> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT id, run_id, step, path, metrics_json, created_at FROM checkpoints "
                                        "WHERE run_id = ? ORDER BY step, id"),
                         {runId});
    while (q.next()) {
        Checkpoint c;
        c.id = q.value(0).toLongLong();
        c.runId = q.value(1).toLongLong();
        c.step = q.value(2).toInt();
        c.path = q.value(3).toString();
        c.metricsJson = q.value(4).toByteArray();
        c.createdAt = timeFrom(q.value(5));
        out.push_back(std::move(c));
    }
    return out;
}

qint64 ProjectStore::addEvaluation(Evaluation &e)
{
    requireNonEmpty(e.modelLabel, "modelLabel", "evaluation");
    const QDateTime createdAt = orNow(e.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO evaluations (model_label, checkpoint_id, metrics_json, created_at) "
                                      "VALUES (?, ?, ?, ?)"),
                       {e.modelLabel, optionalId(e.checkpointId), blob(e.metricsJson), isoTime(createdAt)});
    });
    e.id = id;
    e.createdAt = createdAt;
    return id;
}

std::vector<Evaluation> ProjectStore::evaluations() const
{
    std::vector<Evaluation> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT id, model_label, checkpoint_id, metrics_json, created_at FROM evaluations "
                                        "ORDER BY id"));
    while (q.next()) {
        Evaluation e;
        e.id = q.value(0).toLongLong();
        e.modelLabel = q.value(1).toString();
        e.checkpointId = optionalIdFrom(q.value(2));
        e.metricsJson = q.value(3).toByteArray();
        e.createdAt = timeFrom(q.value(4));
        out.push_back(std::move(e));
    }
    return out;
}

namespace {

const QString kEvalAnswerColumns = QStringLiteral(
    "id, evaluation_id, frame_id, structure_id, question, reference, answer, bleu, rouge_l, bert_f1, judge_score, "
    "judge_explanation, judge_error, created_at");

EvalAnswer evalAnswerFrom(const QSqlQuery &q)
{
    EvalAnswer a;
    a.id = q.value(0).toLongLong();
    a.evaluationId = q.value(1).toLongLong();
    a.frameId = q.value(2).toLongLong();
    a.structureId = q.value(3).toLongLong();
    a.question = q.value(4).toString();
    a.reference = q.value(5).toString();
    a.answer = q.value(6).toString();
    a.bleu = q.value(7).toDouble();
    a.rougeL = q.value(8).toDouble();
    if (!q.value(9).isNull())
        a.bertF1 = q.value(9).toDouble();
    if (!q.value(10).isNull())
        a.judgeScore = q.value(10).toDouble();
    a.judgeExplanation = q.value(11).toString();
    a.judgeError = q.value(12).toString();
    a.createdAt = timeFrom(q.value(13));
    return a;
}

QVariant optionalReal(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant();
}

} // namespace

qint64 ProjectStore::addEvalAnswer(EvalAnswer &a)
{
    if (a.judgeScore && (*a.judgeScore < 1.0 || *a.judgeScore > 5.0))
        throw StoreError(QStringLiteral("evaluation answer: judge score %1 is outside 1-5").arg(*a.judgeScore)
                             .toStdString());
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO eval_answers (evaluation_id, frame_id, structure_id, question, "
                                      "reference, answer, bleu, rouge_l, bert_f1, judge_score, judge_explanation, "
                                      "judge_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {a.evaluationId, a.frameId, a.structureId, text(a.question), text(a.reference), text(a.answer),
                        a.bleu, a.rougeL, optionalReal(a.bertF1), optionalReal(a.judgeScore),
                        text(a.judgeExplanation), text(a.judgeError), isoTime(createdAt)});
    });
    a.id = id;
    a.createdAt = createdAt;
    return id;
}

std::vector<EvalAnswer> ProjectStore::evalAnswers(qint64 evaluationId) const
{
    std::vector<EvalAnswer> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM eval_answers WHERE evaluation_id = ? ORDER BY id")
                             .arg(kEvalAnswerColumns),
                         {evaluationId});
    while (q.next())
        out.push_back(evalAnswerFrom(q));
    return out;
}

std::optional<EvalAnswer> ProjectStore::evalAnswer(qint64 id) const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM eval_answers WHERE id = ?").arg(kEvalAnswerColumns), {id});
    if (!q.next())
        return std::nullopt;
    return evalAnswerFrom(q);
}

void ProjectStore::saveExpertScores(std::vector<ExpertScore> &scores)
{
    for (const ExpertScore &s : scores) {
        requireNonEmpty(s.expert, "expert", "expert score");
        if (s.accuracy < 1 || s.accuracy > 5 || s.conciseness < 1 || s.conciseness > 5)
            throw StoreError(QStringLiteral("expert score for answer %1: accuracy and conciseness must be 1-5 (got %2, %3)")
                                 .arg(s.answerId).arg(s.accuracy).arg(s.conciseness).toStdString());
    }
    transaction([&] {
        for (ExpertScore &s : scores) {
            s.createdAt = orNow(s.createdAt);
            d->run(QStringLiteral("INSERT INTO expert_scores (answer_id, expert, accuracy, conciseness, "
                                  "preferred, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT (answer_id, expert) DO UPDATE SET accuracy = excluded.accuracy, "
                                  "conciseness = excluded.conciseness, preferred = excluded.preferred, "
                                  "created_at = excluded.created_at"),
                   {s.answerId, s.expert, s.accuracy, s.conciseness, s.preferred ? 1 : 0,
                    isoTime(s.createdAt)});
            // lastInsertId is stale after the DO UPDATE branch: look the row up.
            s.id = d->scalar(QStringLiteral("SELECT id FROM expert_scores WHERE answer_id = ? AND expert = ?"),
                             {s.answerId, s.expert}).toLongLong();
        }
    });
}

std::vector<ExpertScore> ProjectStore::expertScores() const
{
    std::vector<ExpertScore> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT id, answer_id, expert, accuracy, conciseness, preferred, created_at "
                                        "FROM expert_scores ORDER BY id"));
    while (q.next()) {
        ExpertScore s;
        s.id = q.value(0).toLongLong();
        s.answerId = q.value(1).toLongLong();
        s.expert = q.value(2).toString();
        s.accuracy = q.value(3).toInt();
        s.conciseness = q.value(4).toInt();
        s.preferred = q.value(5).toInt() != 0;
        s.createdAt = timeFrom(q.value(6));
        out.push_back(std::move(s));
    }
    return out;
}

// ---------------------------------------------------------------- audit log

AuditEntry ProjectStore::appendAudit(const QString &user, const QString &action, const QString &destination,
                                     const QByteArray &payload)
{
    requireNonEmpty(user, "user", "audit entry");
    requireNonEmpty(action, "action", "audit entry");
    AuditEntry e;
    transaction([&] {
        // Read the chain head inside the write transaction so concurrent writers cannot fork the chain.
        const QVariant head = d->scalar(QStringLiteral("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1"));
        e.prevHash = head.isNull() ? QByteArray("") : head.toString().toLatin1();
        const QString time = isoTime(nowUtc());
        e.time = timeFrom(time);
        e.user = user;
        e.action = action;
        e.destination = destination.isNull() ? QStringLiteral("") : destination;
        e.payload = payload.isNull() ? QByteArray("") : payload;
        e.payloadSha256 = sha256Hex(e.payload);
        e.entryHash = auditEntryHash(e.prevHash, time, e.user, e.action, e.destination, e.payloadSha256);
        e.id = d->insert(QStringLiteral("INSERT INTO audit_log (time, user, action, destination, payload, payload_sha256, "
                                        "prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                         {time, e.user, e.action, e.destination, e.payload, hexText(e.payloadSha256),
                          hexText(e.prevHash), hexText(e.entryHash)});
    });
    return e;
}

namespace {
const QString kAuditColumns = QStringLiteral(
    "id, time, user, action, destination, payload, payload_sha256, prev_hash, entry_hash");
}

std::vector<AuditEntry> ProjectStore::auditLog() const
{
    std::vector<AuditEntry> out;
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM audit_log ORDER BY id").arg(kAuditColumns));
    while (q.next()) {
        AuditEntry e;
        e.id = q.value(0).toLongLong();
        e.time = timeFrom(q.value(1));
        e.user = q.value(2).toString();
        e.action = q.value(3).toString();
        e.destination = q.value(4).toString();
        e.payload = q.value(5).toByteArray();
        e.payloadSha256 = q.value(6).toString().toLatin1();
        e.prevHash = q.value(7).toString().toLatin1();
        e.entryHash = q.value(8).toString().toLatin1();
        out.push_back(std::move(e));
    }
    return out;
}

qint64 ProjectStore::verifyAuditChain() const
{
    // Works on the stored text (not re-formatted times) so verification is exact.
    QSqlQuery q = d->run(QStringLiteral("SELECT %1 FROM audit_log ORDER BY id").arg(kAuditColumns));
    QByteArray previous("");
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        const QByteArray payloadSha = q.value(6).toString().toLatin1();
        const QByteArray prevHash = q.value(7).toString().toLatin1();
        const QByteArray entryHash = q.value(8).toString().toLatin1();
        const bool ok = sha256Hex(q.value(5).toByteArray()) == payloadSha && prevHash == previous
            && auditEntryHash(prevHash, q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                              q.value(4).toString(), payloadSha) == entryHash;
        if (!ok)
            return id;
        previous = entryHash;
    }
    return 0;
}

bool ProjectStore::integrityOk() const
{
    QSqlQuery q(d->db);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")) || !q.next())
        return false;
    return q.value(0).toString() == QLatin1String("ok");
}


// ---------------------------------------------------------------- saved answers and tutor

qint64 ProjectStore::addSavedAnswer(SavedAnswer &a)
{
    requireNonEmpty(a.question, "question", "saved answer");
    requireNonEmpty(a.model, "model", "saved answer");
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO saved_answers (frame_id, structure_id, region_json, question, answer, "
                                      "model, settings_json, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {optionalId(a.frameId), optionalId(a.structureId), text(a.regionJson), a.question,
                        text(a.answer), a.model, blob(a.settingsJson), text(a.author), isoTime(createdAt)});
    });
    a.id = id;
    a.createdAt = createdAt;
    return id;
}

std::vector<SavedAnswer> ProjectStore::savedAnswers(std::optional<qint64> frameId) const
{
    const QString columns = QStringLiteral("id, frame_id, structure_id, region_json, question, answer, model, "
                                           "settings_json, author, created_at");
    QSqlQuery q = frameId
        ? d->run(QStringLiteral("SELECT %1 FROM saved_answers WHERE frame_id = ? ORDER BY id").arg(columns), {*frameId})
        : d->run(QStringLiteral("SELECT %1 FROM saved_answers ORDER BY id").arg(columns));
    std::vector<SavedAnswer> out;
    while (q.next()) {
        SavedAnswer a;
        a.id = q.value(0).toLongLong();
        a.frameId = optionalIdFrom(q.value(1));
        a.structureId = optionalIdFrom(q.value(2));
        a.regionJson = q.value(3).toString();
        a.question = q.value(4).toString();
        a.answer = q.value(5).toString();
        a.model = q.value(6).toString();
        a.settingsJson = q.value(7).toByteArray();
        a.author = q.value(8).toString();
        a.createdAt = timeFrom(q.value(9));
        out.push_back(std::move(a));
    }
    return out;
}

qint64 ProjectStore::addTutorAttempt(TutorAttempt &a)
{
    requireNonEmpty(a.resident, "resident", "tutor attempt");
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(QStringLiteral("INSERT INTO tutor_attempts (resident, frame_id, structure_id, answer, "
                                      "structure_correct, side_correct, points_found, points_total, expert_answer, "
                                      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {a.resident.trimmed(), a.frameId, a.structureId, text(a.answer), int(a.structureCorrect),
                        int(a.sideCorrect), a.pointsFound, a.pointsTotal, text(a.expertAnswer), isoTime(createdAt)});
    });
    a.id = id;
    a.resident = a.resident.trimmed();
    a.createdAt = createdAt;
    return id;
}

std::vector<TutorAttempt> ProjectStore::tutorAttempts(const QString &resident) const
{
    QSqlQuery q = d->run(QStringLiteral(
        "SELECT id, resident, frame_id, structure_id, answer, structure_correct, side_correct, points_found, "
        "points_total, expert_answer, created_at FROM tutor_attempts WHERE resident = ? ORDER BY id"),
        {resident.trimmed()});
    std::vector<TutorAttempt> out;
    while (q.next()) {
        TutorAttempt a;
        a.id = q.value(0).toLongLong();
        a.resident = q.value(1).toString();
        a.frameId = q.value(2).toLongLong();
        a.structureId = q.value(3).toLongLong();
        a.answer = q.value(4).toString();
        a.structureCorrect = q.value(5).toBool();
        a.sideCorrect = q.value(6).toBool();
        a.pointsFound = q.value(7).toInt();
        a.pointsTotal = q.value(8).toInt();
        a.expertAnswer = q.value(9).toString();
        a.createdAt = timeFrom(q.value(10));
        out.push_back(std::move(a));
    }
    return out;
}

QStringList ProjectStore::tutorResidents() const
{
    QSqlQuery q = d->run(QStringLiteral("SELECT DISTINCT resident FROM tutor_attempts ORDER BY resident"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

} // namespace sd
