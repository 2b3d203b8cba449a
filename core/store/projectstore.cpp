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
    const int applicationId = Row(q).integer("application_id");
    q.finish();
    if (checkIdentity && applicationId != schema::kApplicationId)
        throw StoreError(QStringLiteral("%1: not a SurgDistill project (project.sqlite belongs to another "
                                        "application)").arg(where).toStdString());
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next()
        || Row(q).text("journal_mode").compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
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
    QSqlQuery q(d->db);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")) || !q.next())
        return false;
    return Row(q).text("integrity_check") == QLatin1String("ok");
}

} // namespace sd
