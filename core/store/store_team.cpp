// Team projects on a PostgreSQL server: connecting (and reconnecting after the server
// went away), change notifications, the team's logins and roles, and the frames'
// bytes, which live on the server and are cached here read-only.
#include "storeprivate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlDriver>
#include <QSqlError>
#include <QStandardPaths>

namespace sd {

using namespace store;

namespace {

[[noreturn]] void connectFailed(const QString &where, const QString &error)
{
    const QString message = QStringLiteral("cannot connect to team project %1: %2").arg(where, error.trimmed());
    if (error.contains(QLatin1String("password")))
        throw LoginRequired(message.toStdString());
    if (error.contains(QLatin1String("does not exist")) || error.contains(QLatin1String("permission denied"))
        || error.contains(QLatin1String("no pg_hba.conf entry")) || error.contains(QLatin1String("SSL")))
        throw StoreError(message.toStdString());
    throw ServerUnreachable(message.toStdString());
}

QString rolesArray(const QList<TeamRole> &roles)
{
    QStringList names;
    for (TeamRole r : roles)
        names << teamRoleToString(r);
    return QLatin1Char('{') + names.join(QLatin1Char(',')) + QLatin1Char('}');
}

QString cacheFolderFor(const QString &projectId)
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation))
        .filePath(QStringLiteral("surgdistill/team/") + projectId);
}

} // namespace

void ProjectStore::Private::subscribe()
{
    if (!listeners.empty() && db.driver()->hasFeature(QSqlDriver::EventNotifications)
        && !db.driver()->subscribedToNotifications().contains(QLatin1String(schema::kChangeChannel)))
        db.driver()->subscribeToNotification(QLatin1String(schema::kChangeChannel));
}

bool ProjectStore::Private::reopen()
{
    db.close();
    if (!db.open())
        return false;
    if (readOnly)
        QSqlQuery(db).exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"));
    lost = false;
    subscribe();
    return true;
}

void ProjectStore::Private::ensureConnected()
{
    if (!isTeam() || (!lost && db.isOpen()))
        return;
    if (!reopen())
        throw ServerUnreachable(QStringLiteral("the server of team project %1 cannot be reached (%2); nothing was "
                                               "lost: SurgDistill keeps trying")
                                    .arg(where(), db.lastError().text().trimmed()).toStdString());
}

bool ProjectStore::serverReachable()
{
    if (!d->isTeam())
        return true;
    if (!d->lost && d->db.isOpen() && QSqlQuery(d->db).exec(QStringLiteral("SELECT 1")))
        return true;
    return d->reopen();
}

// Connects, checks (or, when creating, makes) the schema, migrates like a SQLite
// project, and sets the cache folder of the frames.
void ProjectStore::Private::connectTeam(bool creating, const QString &name)
{
    Private &d = *this;
    if (!d.db.open())
        connectFailed(d.where(), d.db.lastError().text());
    QSqlQuery q(d.db);
    if (d.readOnly)
        q.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"));
    const int version = schema::currentVersion(d.db);
    const QString where = QStringLiteral("team project %1").arg(d.where());
    if (creating && version != 0)
        throw StoreError(QStringLiteral("cannot create %1: the database already holds a project").arg(where)
                             .toStdString());
    if (!creating && version == 0)
        throw StoreError(QStringLiteral("cannot open %1: the database holds no SurgDistill project (an admin "
                                        "creates one with 'surgdistill team init' or 'surgdistill project push')")
                             .arg(where).toStdString());
    if (version > schema::latestVersion())
        throw StoreError(QStringLiteral("cannot open %1: it was written by a newer SurgDistill (schema version %2, "
                                        "this build supports up to %3)")
                             .arg(where).arg(version).arg(schema::latestVersion()).toStdString());
    if (version < schema::latestVersion()) {
        if (d.readOnly)
            throw StoreError(QStringLiteral("cannot open %1 read-only: its schema (version %2) needs an upgrade to "
                                            "%3 by the project's admin").arg(where).arg(version)
                                 .arg(schema::latestVersion()).toStdString());
        try {
            schema::migrate(d.db, schema::latestVersion());
        } catch (const StoreError &e) {
            throw StoreError(QStringLiteral("cannot %1 %2: %3")
                                 .arg(creating ? QStringLiteral("create") : QStringLiteral("upgrade"), where,
                                      QString::fromUtf8(e.what())).toStdString());
        }
    }
    if (creating) {
        const auto now = isoTime(nowUtc());
        for (const auto &[key, value] : {std::pair(QStringLiteral("name"), name),
                                         std::pair(QStringLiteral("created_at"), now)}) {
            QSqlQuery insert(d.db);
            insert.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
            insert.addBindValue(key);
            insert.addBindValue(value);
            if (!insert.exec())
                d.fail(QStringLiteral("cannot name the project"), insert);
        }
    }
    const QString projectId = d.scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"),
                                       {QStringLiteral("project_id")}, "value").toString();
    d.folder = cacheFolderFor(projectId);
    QDir().mkpath(QDir(d.folder).filePath(QString::fromLatin1(ProjectStore::kMediaDir)));
}

std::unique_ptr<ProjectStore> ProjectStore::createTeam(const TeamConnection &connection, const QString &name)
{
    std::unique_ptr<ProjectStore> store(new ProjectStore(connection, OpenMode::ReadWrite));
    store->d->connectTeam(true, name);
    return store;
}

std::unique_ptr<ProjectStore> ProjectStore::openTeam(const TeamConnection &connection, OpenMode mode)
{
    std::unique_ptr<ProjectStore> store(new ProjectStore(connection, mode));
    store->d->connectTeam(false, {});
    return store;
}

void ProjectStore::onChange(QObject *context, ChangeHandler handler)
{
    if (!d->isTeam())
        return;
    d->listeners.push_back({context, std::move(handler)});
    if (d->listeners.size() == 1)
        QObject::connect(d->db.driver(), &QSqlDriver::notification, context,
                         [this](const QString &channel, QSqlDriver::NotificationSource, const QVariant &payload) {
                             if (channel != QLatin1String(schema::kChangeChannel))
                                 return;
                             const QString text = payload.toString();
                             const StoreChange change{text.section(QLatin1Char(':'), 0, 0),
                                                      text.section(QLatin1Char(':'), 1).toLongLong()};
                             for (const auto &l : d->listeners)
                                 if (l.context)
                                     l.handler(change);
                         });
    d->subscribe();
}

// ---------------------------------------------------------------- frame bytes

void ProjectStore::Private::fetchMedia(const QString &relativePath, const QString &cachePath) const
{
    QByteArray bytes;
    try {
        const QVariant v = scalar(QStringLiteral("SELECT m.bytes FROM frame_media m JOIN frames f ON f.id = m.frame_id "
                                                 "WHERE f.media_path = ?"), {relativePath}, "bytes");
        if (v.isNull())
            return;
        bytes = v.toByteArray();
    } catch (const ServerUnreachable &) {
        return; // the caller finds no file and says it cannot read the frame
    }
    QDir().mkpath(QFileInfo(cachePath).absolutePath());
    QSaveFile file(cachePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return;
    // Read-only: the server's copy is the frame; a local change would only hide it.
    QFile::setPermissions(cachePath, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
}

void ProjectStore::Private::uploadMedia(Frame &frame, qint64 id) const
{
    const QString staged = QDir::cleanPath(QDir(folder).filePath(frame.mediaPath));
    QFile file(staged);
    if (!file.open(QIODevice::ReadOnly))
        throw StoreError(QStringLiteral("cannot add frame: cannot read its image %1 (%2)")
                             .arg(staged, file.errorString()).toStdString());
    const QByteArray bytes = file.readAll();
    // Names are given by the server's ids, so two clients importing at once never collide.
    const QString suffix = QFileInfo(frame.mediaPath).suffix();
    const QString serverPath = QStringLiteral("%1/f%2.%3").arg(QString::fromLatin1(kMediaDir)).arg(id)
                                   .arg(suffix.isEmpty() ? QStringLiteral("png") : suffix);
    run(QStringLiteral("UPDATE frames SET media_path = ? WHERE id = ?"), {serverPath, id});
    run(QStringLiteral("INSERT INTO frame_media (frame_id, bytes) VALUES (?, ?)"), {id, bytes});
    const QString cached = QDir::cleanPath(QDir(folder).filePath(serverPath));
    QFile::remove(cached);
    if (QFile::rename(staged, cached))
        QFile::setPermissions(cached, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    frame.mediaPath = serverPath;
}

// ---------------------------------------------------------------- people and roles

TeamSession ProjectStore::teamSession() const
{
    TeamSession session;
    if (!d->isTeam())
        return session;
    session.login = d->scalar(QStringLiteral("SELECT session_user AS login"), {}, "login").toString();
    for (TeamRole r : {TeamRole::Annotator, TeamRole::Reviewer, TeamRole::Admin})
        if (d->scalar(QStringLiteral("SELECT sd_has_role(?) AS member"), {teamRoleToString(r)}, "member").toBool())
            session.roles << r;
    return session;
}

bool ProjectStore::tlsInUse() const
{
    return d->isTeam()
        && d->scalar(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), {}, "ssl").toBool();
}

void ProjectStore::addTeamUser(const QString &login, const QString &password, const QList<TeamRole> &roles)
{
    requireNonEmpty(login, "login", "team member");
    if (!d->isTeam())
        throw StoreError("team members exist only in team projects");
    transaction([&] {
        d->run(QStringLiteral("SELECT sd_add_user(?, ?, ?)"), {login, text(password), rolesArray(roles)});
    });
}

void ProjectStore::setTeamUserRoles(const QString &login, const QList<TeamRole> &roles)
{
    requireNonEmpty(login, "login", "team member");
    if (!d->isTeam())
        throw StoreError("team members exist only in team projects");
    transaction([&] {
        if (!d->scalar(QStringLiteral("SELECT COUNT(*) AS n FROM pg_roles WHERE rolname = ?"), {login}, "n").toInt())
            throw StoreError(QStringLiteral("there is no login '%1' on this server").arg(login).toStdString());
        d->run(QStringLiteral("SELECT sd_set_user_roles(?, ?)"), {login, rolesArray(roles)});
    });
}

std::vector<TeamUser> ProjectStore::teamUsers() const
{
    if (!d->isTeam())
        return {};
    return d->all(
        QStringLiteral("SELECT m.rolname AS login, string_agg(g.rolname::text, ',' ORDER BY g.rolname) AS groups "
                       "FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid "
                       "JOIN pg_roles m ON m.oid = am.member "
                       "WHERE g.rolname IN (sd_role_name('annotator'), sd_role_name('reviewer'), sd_role_name('admin')) "
                       "AND m.rolcanlogin GROUP BY m.rolname ORDER BY m.rolname"),
        {}, [this](const Row &r) {
            TeamUser u;
            u.login = r.text("login");
            const QString prefix = d->team->database + QLatin1Char('_');
            for (const QString &group : r.text("groups").split(QLatin1Char(','), Qt::SkipEmptyParts))
                if (const auto role = teamRoleFromString(group.mid(prefix.size())))
                    u.roles << *role;
            return u;
        });
}

} // namespace sd
