// `surgdistill team ...` and `surgdistill project push`: team projects on a PostgreSQL
// server. Logins and roles are the server's; these commands only ask it.
#include "cliutil.h"
#include "command.h"

#include "store/projectstore.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace {

using namespace sd;
using namespace sd::app;

const QString kRolesHelp = QStringLiteral("Comma-separated: annotator, reviewer, admin.");

bool parseRoles(const QString &text, QList<TeamRole> &roles, QTextStream &err, const QString &command)
{
    for (const QString &name : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto role = teamRoleFromString(name.trimmed());
        if (!role) {
            err << command << ": unknown role '" << name << "' (annotator, reviewer, admin)\n";
            return false;
        }
        roles << *role;
    }
    if (roles.isEmpty()) {
        err << command << ": give at least one role with --role (annotator, reviewer, admin)\n";
        return false;
    }
    return true;
}

QString rolesText(const QList<TeamRole> &roles)
{
    QStringList names;
    for (TeamRole r : roles)
        names << teamRoleToString(r);
    return names.join(QLatin1Char(','));
}

int runInit(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill team init");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Creates a team project in an empty PostgreSQL database. The login needs CREATEROLE (it becomes the "
        "project's admin) and makes the roles <database>_annotator, _reviewer and _admin."));
    p.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("postgresql://LOGIN@HOST:PORT/DATABASE"));
    p.addOption({QStringLiteral("name"), QStringLiteral("The project's name."), QStringLiteral("NAME")});
    if (const int rc = parseOrHelp(p, command, QStringLiteral("URL"), args); rc >= 0)
        return rc;
    QTextStream err(stderr);
    if (p.positionalArguments().size() != 1) {
        err << command << ": expected one postgresql:// URL\n";
        return 2;
    }
    QString error;
    auto connection = TeamConnection::fromUrl(p.positionalArguments().front(), &error);
    if (!connection) {
        err << command << ": " << error << "\n";
        return 2;
    }
    try {
        std::unique_ptr<ProjectStore> store;
        try {
            store = ProjectStore::createTeam(*connection, p.value(QStringLiteral("name")));
        } catch (const LoginRequired &) {
            connection->password = promptSecret(QStringLiteral("Password for %1: ").arg(connection->user));
            if (connection->password.isEmpty())
                throw;
            store = ProjectStore::createTeam(*connection, p.value(QStringLiteral("name")));
        }
        QTextStream(stdout) << "Created team project " << store->location() << " (schema " << store->schemaVersion()
                            << "); " << connection->user << " is its admin\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runUser(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill team user");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Team members of a team project (admins only).\n"
        "  add URL LOGIN --role R[,R]   create the login (password asked on the terminal, or --no-password for\n"
        "                               logins that authenticate otherwise) and give it roles\n"
        "  role URL LOGIN --role R[,R]  set the login's roles\n"
        "  list URL                     the logins and their roles"));
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("add, role or list"));
    p.addOption({QStringLiteral("role"), kRolesHelp, QStringLiteral("ROLES")});
    p.addOption({QStringLiteral("no-password"), QStringLiteral("Create the login without a password.")});
    p.addOption({QStringLiteral("password-stdin"), QStringLiteral("Read the new login's password from stdin.")});
    if (const int rc = parseOrHelp(p, command, QStringLiteral("add|role|list URL [LOGIN] [--role ROLES]"), args); rc >= 0)
        return rc;
    QTextStream err(stderr);
    QTextStream out(stdout);
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    const int expected = action == QLatin1String("list") ? 2 : 3;
    if (!QStringList{QStringLiteral("add"), QStringLiteral("role"), QStringLiteral("list")}.contains(action)
        || pos.size() != expected) {
        err << command << ": expected add URL LOGIN --role ROLES, role URL LOGIN --role ROLES, or list URL\n";
        return 2;
    }
    QList<TeamRole> roles;
    if (action != QLatin1String("list") && !parseRoles(p.value(QStringLiteral("role")), roles, err, command))
        return 2;
    if (!TeamConnection::looksLikeUrl(pos.at(1))) {
        err << command << ": team members exist only in team projects; give the postgresql:// URL\n";
        return 2;
    }
    auto store = openProject(pos.at(1), action == QLatin1String("list") ? OpenMode::ReadOnly : OpenMode::ReadWrite,
                             command, err);
    if (!store)
        return 1;
    try {
        if (action == QLatin1String("list")) {
            for (const TeamUser &u : store->teamUsers())
                out << u.login << "\t" << rolesText(u.roles) << "\n";
            return 0;
        }
        const QString login = pos.at(2);
        if (action == QLatin1String("role")) {
            store->setTeamUserRoles(login, roles);
            out << login << ": " << rolesText(roles) << "\n";
            return 0;
        }
        QString password;
        if (p.isSet(QStringLiteral("password-stdin")))
            password = QTextStream(stdin).readLine();
        else if (!p.isSet(QStringLiteral("no-password"))) {
            password = promptSecret(QStringLiteral("Password for the new login %1: ").arg(login));
            if (password.isEmpty()) {
                err << command << ": no password given (use --password-stdin or --no-password)\n";
                return 2;
            }
        }
        store->addTeamUser(login, password, roles);
        out << "Added " << login << " (" << rolesText(roles) << ")\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runTeam(const QStringList &args)
{
    const QString action = args.value(0);
    if (action == QLatin1String("init"))
        return runInit(args.mid(1));
    if (action == QLatin1String("user"))
        return runUser(args.mid(1));
    QTextStream(action.isEmpty() || action.startsWith(QLatin1Char('-')) ? stdout : stderr)
        << "Usage: surgdistill team <action>\n\n"
           "Actions:\n"
           "  init URL [--name NAME]               create a team project in an empty PostgreSQL database\n"
           "  user add|role|list URL [LOGIN] ...   manage the team's logins and roles (admins)\n\n"
           "URL: postgresql://LOGIN@HOST:PORT/DATABASE[?sslmode=verify-full&sslrootcert=CA.crt]; the password\n"
           "comes from PGPASSFILE (~/.pgpass) or is asked for on the terminal, never from the URL.\n";
    return action.isEmpty() || action == QLatin1String("--help") || action == QLatin1String("-h") ? 0 : 2;
}

int runProject(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill project push");
    if (args.value(0) != QLatin1String("push")) {
        QTextStream(stderr) << "Usage: surgdistill project push DIR --server URL\n\n"
                               "Copies a project folder to an empty database on a PostgreSQL server as a team project,\n"
                               "all or nothing: row counts, table hashes, frame images and the audit chain are\n"
                               "verified before the copy commits.\n";
        return args.isEmpty() || args.value(0) == QLatin1String("--help") ? 0 : 2;
    }
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Copies a project folder to a team project's server, all or nothing."));
    p.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("The project folder."));
    p.addOption({QStringLiteral("server"), QStringLiteral("The empty team database: postgresql://LOGIN@HOST/DB."),
                 QStringLiteral("URL")});
    if (const int rc = parseOrHelp(p, command, QStringLiteral("DIR --server URL"), args.mid(1)); rc >= 0)
        return rc;
    QTextStream err(stderr);
    QTextStream out(stdout);
    if (p.positionalArguments().size() != 1 || !p.isSet(QStringLiteral("server"))) {
        err << command << ": expected DIR --server URL\n";
        return 2;
    }
    QString error;
    auto target = TeamConnection::fromUrl(p.value(QStringLiteral("server")), &error);
    if (!target) {
        err << command << ": " << error << "\n";
        return 2;
    }
    auto source = openProject(p.positionalArguments().front(), OpenMode::ReadOnly, command, err);
    if (!source)
        return 1;
    auto progress = [&](const QString &line) { out << "  " << line << "\n"; out.flush(); };
    try {
        PushReport report;
        try {
            report = source->pushToServer(*target, progress);
        } catch (const LoginRequired &) {
            target->password = promptSecret(QStringLiteral("Password for %1: ").arg(target->user));
            if (target->password.isEmpty())
                throw;
            report = source->pushToServer(*target, progress);
        }
        qint64 rows = 0;
        for (const auto &[table, n] : report.rows)
            rows += n;
        out << "Pushed " << rows << " rows, " << report.frameBytes << " bytes of frames and " << report.auditEntries
            << " audit entries to " << report.url << " (verified)\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

SD_REGISTER_COMMAND(teamCommand, QStringLiteral("team"),
                    QStringLiteral("team projects on a PostgreSQL server: init, user add|role|list"), runTeam);
SD_REGISTER_COMMAND(projectCommand, QStringLiteral("project"),
                    QStringLiteral("project push DIR --server URL: move a project folder to a team server"), runProject);

} // namespace
