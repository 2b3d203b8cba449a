// Opening and creating a project, transactions and settings. The entities'
// reads and writes live in store_*.cpp; shared helpers in storeprivate.h.
#include "projectstore.h"

#include "schema.h"
#include "storeprivate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>
#include <atomic>

namespace sd {

using namespace store;

namespace {

constexpr int kBusyTimeoutMs = 5000;

QString connectionNameForNewStore()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("surgdistill-store-%1").arg(++counter);
}

} // namespace

ProjectStore::ProjectStore(const TeamConnection &connection, OpenMode mode) : d(std::make_unique<Private>())
{
    d->dialect = schema::Dialect::Postgres;
    d->team = connection;
    d->readOnly = mode == OpenMode::ReadOnly;
    d->connectionName = connectionNameForNewStore();
    d->db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), d->connectionName);
    d->db.setHostName(connection.host);
    d->db.setPort(connection.port);
    d->db.setDatabaseName(connection.database);
    d->db.setUserName(connection.user);
    d->db.setPassword(connection.password);
    d->db.setConnectOptions(connection.connectOptions());
}

ProjectStore::ProjectStore(const QString &folder, OpenMode mode) : d(std::make_unique<Private>())
{
    d->folder = QDir(folder).absolutePath();
    d->readOnly = mode == OpenMode::ReadOnly;
    d->connectionName = connectionNameForNewStore();
    d->db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connectionName);
    const QString path = QDir(d->folder).filePath(QString::fromLatin1(kDatabaseFile));
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs);
    if (d->readOnly) {
        // A read-only connection to a WAL database creates -wal and -shm files and leaves
        // them behind, and fails where the folder is not writable. When the -wal file holds
        // nothing, project.sqlite alone is the whole project: read it as immutable (no
        // locks, no side files). Otherwise the newest commits are only in the -wal
        // (a writer has the project open, or crashed): read through it with mode=ro.
        // A writer that starts meanwhile writes its own -wal; project.sqlite changes only
        // at its checkpoint, and read-only commands are short.
        d->immutable = QFileInfo(path + QLatin1String("-wal")).size() == 0;
        d->db.setDatabaseName(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) + QStringLiteral("?mode=ro")
                              + (d->immutable ? QStringLiteral("&immutable=1") : QString()));
        options += QStringLiteral(";QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI");
    } else {
        d->db.setDatabaseName(path);
    }
    d->db.setConnectOptions(options);
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
    if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next()) {
        if (readOnly && !immutable) // the -wal needs a -shm file that a read-only folder cannot get
            throw StoreError(QStringLiteral("%1: cannot read it read-only (%2): project.sqlite-wal holds changes "
                                            "not yet written into project.sqlite; open the project once with write "
                                            "access").arg(where, q.lastError().text()).toStdString());
        if (!readOnly && q.lastError().text().contains(QLatin1String("readonly database")))
            throw StoreError(QStringLiteral("%1: the project is read-only here (%2); opening it for changes needs "
                                            "write access (read-only commands such as 'surgdistill audit verify' "
                                            "work without it)")
                                 .arg(where, q.lastError().text()).toStdString());
        throw StoreError(QStringLiteral("%1: project.sqlite is not a readable SQLite database (%2)")
                             .arg(where, q.lastError().text()).toStdString());
    }
    const int applicationId = Row(q).integer("application_id");
    q.finish();
    if (checkIdentity && applicationId != schema::kApplicationId)
        throw StoreError(QStringLiteral("%1: not a SurgDistill project (project.sqlite belongs to another "
                                        "application)").arg(where).toStdString());
    // Setting the journal mode writes the file header: a read-only store leaves it as it is.
    if (!readOnly) {
        if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next()
            || Row(q).text("journal_mode").compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            throw StoreError(QStringLiteral("%1: cannot switch the database to WAL mode (%2)")
                                 .arg(where, q.lastError().text()).toStdString());
        q.finish();
    }
    for (const char *pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) { // per connection, nothing written
        if (!q.exec(QString::fromLatin1(pragma)))
            throw StoreError(QStringLiteral("%1: %2").arg(where, q.lastError().text()).toStdString());
    }
    const int version = schema::currentVersion(db);
    if (version > schema::latestVersion())
        throw StoreError(QStringLiteral("%1: the project was written by a newer SurgDistill (schema version %2, "
                                        "this build supports up to %3)")
                             .arg(where).arg(version).arg(schema::latestVersion()).toStdString());
    if (readOnly) {
        if (version < schema::latestVersion()) // migrating would write
            throw StoreError(QStringLiteral("%1 read-only: the project has an older schema (version %2, this build "
                                            "uses %3); open it once with write access to upgrade it")
                                 .arg(where).arg(version).arg(schema::latestVersion()).toStdString());
        return;
    }
    try {
        schema::migrate(db, schema::latestVersion());
    } catch (const StoreError &e) {
        throw StoreError(QStringLiteral("%1: %2").arg(where, QString::fromUtf8(e.what())).toStdString());
    }
}

bool ProjectStore::isProject(const QString &folder)
{
    if (TeamConnection::looksLikeUrl(folder))
        return TeamConnection::fromUrl(folder).has_value();
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

    std::unique_ptr<ProjectStore> store(new ProjectStore(absolute, OpenMode::ReadWrite));
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

std::unique_ptr<ProjectStore> ProjectStore::open(const QString &folder, OpenMode mode)
{
    if (TeamConnection::looksLikeUrl(folder)) {
        QString error;
        const auto connection = TeamConnection::fromUrl(folder, &error);
        if (!connection)
            throw StoreError(QStringLiteral("cannot open team project %1: %2").arg(folder, error).toStdString());
        return openTeam(*connection, mode);
    }
    const QString absolute = QDir(folder).absolutePath();
    if (!QFileInfo(absolute).isDir())
        throw StoreError(QStringLiteral("cannot open project at %1: the folder does not exist").arg(absolute)
                             .toStdString());
    if (!isProject(absolute))
        throw StoreError(QStringLiteral("cannot open project at %1: not a SurgDistill project (no %2)")
                             .arg(absolute, QString::fromLatin1(kDatabaseFile)).toStdString());
    std::unique_ptr<ProjectStore> store(new ProjectStore(absolute, mode));
    store->d->configureConnection(true);
    if (mode == OpenMode::ReadWrite)
        QDir().mkpath(store->mediaFolder());
    return store;
}

QString ProjectStore::location() const
{
    return d->where();
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
    const QString path = QDir::cleanPath(QDir(d->folder).filePath(relativePath));
    if (d->isTeam() && !QFileInfo::exists(path))
        d->fetchMedia(relativePath, path);
    return path;
}

bool ProjectStore::isTeam() const
{
    return d->isTeam();
}

std::optional<TeamConnection> ProjectStore::teamConnection() const
{
    return d->team;
}

int ProjectStore::schemaVersion() const
{
    return schema::currentVersion(d->db);
}

int ProjectStore::latestSchemaVersion()
{
    return schema::latestVersion();
}

bool ProjectStore::isReadOnly() const
{
    return d->readOnly;
}

void ProjectStore::transaction(const std::function<void()> &fn)
{
    d->requireWritable();
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
    if (d->isTeam()) {
        d->ensureConnected();
        d->execRaw(QStringLiteral("BEGIN"));
        // Writers take turns, as SQLite's BEGIN IMMEDIATE makes them: read-check-write
        // sequences (claims, version numbers) stay race-free without retry loops.
        try {
            d->execRaw(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(schema::kApplicationId + 1));
        } catch (...) {
            QSqlQuery(d->db).exec(QStringLiteral("ROLLBACK"));
            throw;
        }
    } else {
        d->execRaw(QStringLiteral("BEGIN IMMEDIATE"));
    }
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
        if (d->isTeam())
            d->fail(QStringLiteral("cannot commit"), commit);
        throw StoreError(QStringLiteral("cannot commit to project %1: %2").arg(d->folder, error).toStdString());
    }
}

// ---------------------------------------------------------------- settings

QString ProjectStore::setting(const QString &key, const QString &defaultValue) const
{
    const QVariant value = d->scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key}, "value");
    return value.isNull() ? defaultValue : value.toString();
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

bool ProjectStore::integrityOk() const
{
    if (d->isTeam()) // the server guards its pages; what can go missing is a frame's bytes
        return d->scalar(QStringLiteral("SELECT COUNT(*) AS missing FROM frames f "
                                        "WHERE NOT EXISTS (SELECT 1 FROM frame_media m WHERE m.frame_id = f.id)"),
                         {}, "missing").toLongLong() == 0;
    QSqlQuery q(d->db);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")) || !q.next())
        return false;
    return Row(q).text("integrity_check") == QLatin1String("ok");
}

} // namespace sd
