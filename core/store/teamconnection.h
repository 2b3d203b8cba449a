// Where a team project lives: a PostgreSQL database, named by a connection URL
//   postgresql://USER@HOST:PORT/DATABASE?sslmode=require&sslrootcert=/path/ca.crt
// (HOST may be a Unix socket folder, written percent-encoded or as ?host=/path).
// The password is never part of the URL, a project file, a log or the audit: libpq
// reads it from PGPASSFILE (~/.pgpass), or the caller sets it from the system keychain
// or a prompt for this connection only.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace sd {

struct TeamConnection {
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString database;
    QString user;
    QString sslMode;       // libpq sslmode: disable, allow, prefer, require, verify-ca, verify-full; "" = libpq's default
    QString sslRootCert;   // CA certificate file for verify-ca / verify-full
    QString password;      // in memory only; empty: libpq asks PGPASSFILE / PGPASSWORD

    // Parses a postgresql:// or postgres:// URL. Returns nothing and sets *error (for a
    // person) on anything malformed, and on a URL that carries a password.
    static std::optional<TeamConnection> fromUrl(const QString &url, QString *error = nullptr);
    static bool looksLikeUrl(const QString &location); // starts with postgresql:// or postgres://
    QString toUrl() const;          // without the password; parses back to the same connection
    QString displayName() const;    // "database on host" for the status bar
    QString connectOptions() const; // QSqlDatabase::setConnectOptions form (ssl, timeouts, app name)
    bool isUnixSocket() const { return host.startsWith(QLatin1Char('/')); }
};

// Team roles are PostgreSQL group roles of the project database ("<database>_annotator",
// ...); a login is a member of one or more of them. The server enforces what each may do.
enum class TeamRole { Annotator, Reviewer, Admin };
QString teamRoleToString(TeamRole r);                   // "annotator" / "reviewer" / "admin"
std::optional<TeamRole> teamRoleFromString(const QString &s);

struct TeamUser {
    QString login;
    QList<TeamRole> roles;
};

} // namespace sd
