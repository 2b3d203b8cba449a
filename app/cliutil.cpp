#include "cliutil.h"

#include "currentuser.h"
#include "store/projectstore.h"

#include <QFile>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace sd::app {

QString commandHelp(const QCommandLineParser &p, const QString &command, const QString &positionalSyntax)
{
    const QString text = p.helpText();
    const int eol = text.indexOf(QLatin1Char('\n'));
    return QStringLiteral("Usage: %1 [options]%2%3").arg(command, positionalSyntax.isEmpty() ? QString() : QStringLiteral(" "),
                                                          positionalSyntax)
        + (eol >= 0 ? text.mid(eol) : QString());
}

int parseOrHelp(QCommandLineParser &p, const QString &command, const QString &positionalSyntax,
                const QStringList &args)
{
    p.addHelpOption();
    if (!p.parse(QStringList{command} + args)) {
        QTextStream(stderr) << command << ": " << p.errorText() << "\n\n" << commandHelp(p, command, positionalSyntax);
        return 2;
    }
    if (p.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << commandHelp(p, command, positionalSyntax);
        return 0;
    }
    return -1;
}

QString promptSecret(const QString &prompt)
{
    QFile tty(QStringLiteral("/dev/tty"));
    if (!tty.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
        return {};
    const int fd = tty.handle();
    termios saved{};
    const bool isTerminal = tcgetattr(fd, &saved) == 0;
    if (isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    tty.write(prompt.toUtf8());
    QByteArray line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n')
        line += c;
    if (isTerminal)
        tcsetattr(fd, TCSAFLUSH, &saved);
    tty.write("\n");
    return QString::fromUtf8(line);
}

std::unique_ptr<ProjectStore> openStore(const QString &location, OpenMode mode)
{
    if (!TeamConnection::looksLikeUrl(location))
        return ProjectStore::open(location, mode);
    QString error;
    auto connection = TeamConnection::fromUrl(location, &error);
    if (!connection)
        throw StoreError(QStringLiteral("cannot open team project %1: %2").arg(location, error).toStdString());
    std::unique_ptr<ProjectStore> store;
    try {
        store = ProjectStore::openTeam(*connection, mode);
    } catch (const LoginRequired &) {
        connection->password = promptSecret(QStringLiteral("Password for %1 on %2: ")
                                                .arg(connection->user, connection->displayName()));
        if (connection->password.isEmpty())
            throw;
        store = ProjectStore::openTeam(*connection, mode);
    }
    // What a team member does is recorded under their login: the server checks it.
    setSessionUserName(store->teamSession().login);
    return store;
}

std::unique_ptr<ProjectStore> openProject(const QString &folder, OpenMode mode, const QString &command,
                                          QTextStream &err)
{
    if (folder.isEmpty()) {
        err << command << ": no project given (--project DIR or postgresql:// URL)\n";
        return nullptr;
    }
    try {
        return openStore(folder, mode);
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return nullptr;
    }
}

bool intOption(const QCommandLineParser &p, const QString &name, qint64 lo, qint64 hi, qint64 &out,
               const QString &command, QTextStream &err)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const qint64 v = p.value(name).toLongLong(&ok);
    if (!ok || v < lo || v > hi) {
        err << command << ": --" << name << " must be a whole number between " << lo << " and " << hi << ", got '"
            << p.value(name) << "'\n";
        return false;
    }
    out = v;
    return true;
}

qint64 maxThreads()
{
    const unsigned hardware = std::thread::hardware_concurrency();
    return hardware == 0 ? 256 : qint64(4) * hardware;
}

bool threadsOption(const QCommandLineParser &p, qint64 &out, const QString &command, QTextStream &err)
{
    if (!p.isSet(QStringLiteral("threads")))
        return true;
    bool ok = false;
    const qint64 v = p.value(QStringLiteral("threads")).toLongLong(&ok);
    if (!ok || v < 0 || v > maxThreads()) {
        err << command << ": --threads must be 0 (the default) or a whole number from 1 to " << maxThreads()
            << " (4 per hardware thread), got '" << p.value(QStringLiteral("threads")) << "'\n";
        return false;
    }
    out = v;
    return true;
}

int dispatchActions(const QString &group, const QString &help,
                    const std::vector<std::pair<QString, std::function<int(const QStringList &)>>> &actions,
                    const QStringList &args)
{
    const QString action = args.value(0);
    for (const auto &[name, run] : actions)
        if (action == name)
            return run(args.mid(1));
    if (action.isEmpty() || action == QLatin1String("--help") || action == QLatin1String("-h")
        || action == QLatin1String("help")) {
        QTextStream(action.isEmpty() ? stderr : stdout) << help;
        return action.isEmpty() ? 2 : 0;
    }
    QTextStream(stderr) << "surgdistill " << group << ": unknown action '" << action << "'\n\n" << help;
    return 2;
}

} // namespace sd::app
