#include "teamconnection.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace sd {

namespace {
const QStringList kSslModes = {QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                               QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

std::optional<TeamConnection> refuse(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}
} // namespace

bool TeamConnection::looksLikeUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

std::optional<TeamConnection> TeamConnection::fromUrl(const QString &text, QString *error)
{
    if (!looksLikeUrl(text))
        return refuse(error, QStringLiteral("a team project URL starts with postgresql://"));
    // libpq writes a socket folder as a percent-encoded host (postgresql://u@%2Ftmp%2Fpg/db),
    // which is no valid URL host: take it out before QUrl parses the rest.
    QString socketFolder;
    QString rest = text;
    static const QRegularExpression encodedHost(QStringLiteral("^(postgres(?:ql)?://(?:[^@/]*@)?)(%2[Ff][^:/?]*)"));
    if (const auto match = encodedHost.match(text); match.hasMatch()) {
        socketFolder = QUrl::fromPercentEncoding(match.captured(2).toUtf8());
        rest = match.captured(1) + QStringLiteral("localhost") + text.mid(match.capturedEnd(2));
    }
    const QUrl url(rest, QUrl::StrictMode);
    if (!url.isValid())
        return refuse(error, QStringLiteral("the team project URL is malformed: %1").arg(url.errorString()));
    if (!url.password().isEmpty())
        return refuse(error, QStringLiteral("the URL must not contain a password: put it into your PGPASSFILE "
                                            "(~/.pgpass) or let SurgDistill ask for it"));
    TeamConnection c;
    c.user = url.userName();
    if (!socketFolder.isEmpty())
        c.host = socketFolder;
    else if (!url.host().isEmpty())
        c.host = url.host(QUrl::FullyDecoded);
    if (url.port() > 0)
        c.port = url.port();
    c.database = url.path(QUrl::FullyDecoded).mid(1);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            if (!kSslModes.contains(value))
                return refuse(error, QStringLiteral("unknown sslmode '%1' (one of %2)")
                                         .arg(value, kSslModes.join(QStringLiteral(", "))));
            c.sslMode = value;
        } else if (key == QLatin1String("sslrootcert")) {
            c.sslRootCert = value;
        } else if (key == QLatin1String("host")) {
            c.host = value;
        } else if (key == QLatin1String("user")) {
            c.user = value;
        } else if (key == QLatin1String("port")) {
            bool ok = false;
            c.port = value.toInt(&ok);
            if (!ok)
                return refuse(error, QStringLiteral("the port '%1' is not a number").arg(value));
        } else {
            return refuse(error, QStringLiteral("unknown URL parameter '%1' (known: sslmode, sslrootcert, host, "
                                                "user, port)").arg(key));
        }
    }
    if (c.database.isEmpty() || c.database.contains(QLatin1Char('/')))
        return refuse(error, QStringLiteral("the URL must name one database: postgresql://user@host/database"));
    if (c.port <= 0 || c.port > 65535)
        return refuse(error, QStringLiteral("the port %1 is out of range").arg(c.port));
    return c;
}

QString TeamConnection::toUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    QUrlQuery query;
    if (isUnixSocket())
        query.addQueryItem(QStringLiteral("host"), host);
    else
        url.setHost(host);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + database);
    if (!sslMode.isEmpty())
        query.addQueryItem(QStringLiteral("sslmode"), sslMode);
    if (!sslRootCert.isEmpty())
        query.addQueryItem(QStringLiteral("sslrootcert"), sslRootCert);
    url.setQuery(query);
    if (!isUnixSocket())
        return url.toString(QUrl::FullyEncoded);
    // libpq's own way to name a socket folder: a percent-encoded host.
    url.setHost(QStringLiteral("socket-folder"));
    QUrlQuery rest(url);
    rest.removeQueryItem(QStringLiteral("host"));
    url.setQuery(rest);
    return url.toString(QUrl::FullyEncoded)
        .replace(QLatin1String("@socket-folder"), QLatin1Char('@') + QString::fromLatin1(QUrl::toPercentEncoding(host)))
        .replace(QLatin1String("//socket-folder"), QLatin1String("//") + QString::fromLatin1(QUrl::toPercentEncoding(host)));
}

QString TeamConnection::displayName() const
{
    return QStringLiteral("%1 on %2").arg(database, isUnixSocket() ? QStringLiteral("this computer") : host);
}

QString TeamConnection::connectOptions() const
{
    // connect_timeout and keepalives: a server that went away is noticed within seconds,
    // so the UI can say so and keep the edit for later instead of hanging. tcp_user_timeout
    // bounds a query sent into a network that silently dropped (TCP would retransmit for
    // minutes otherwise; keepalives only watch idle connections).
    QStringList options = {QStringLiteral("connect_timeout=5"), QStringLiteral("application_name=SurgDistill"),
                           QStringLiteral("keepalives_idle=5"), QStringLiteral("keepalives_interval=2"),
                           QStringLiteral("keepalives_count=2"), QStringLiteral("tcp_user_timeout=8000")};
    if (!sslMode.isEmpty())
        options << QStringLiteral("sslmode=%1").arg(sslMode);
    if (!sslRootCert.isEmpty())
        options << QStringLiteral("sslrootcert=%1").arg(sslRootCert);
    return options.join(QLatin1Char(';'));
}

QString teamRoleToString(TeamRole r)
{
    switch (r) {
    case TeamRole::Reviewer: return QStringLiteral("reviewer");
    case TeamRole::Admin: return QStringLiteral("admin");
    case TeamRole::Annotator: break;
    }
    return QStringLiteral("annotator");
}

std::optional<TeamRole> teamRoleFromString(const QString &s)
{
    for (TeamRole r : {TeamRole::Annotator, TeamRole::Reviewer, TeamRole::Admin})
        if (teamRoleToString(r) == s)
            return r;
    return std::nullopt;
}

} // namespace sd
