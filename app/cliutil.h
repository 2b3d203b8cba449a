// Small helpers shared by the sub-commands that take QCommandLineParser
// options (teacher, audit, dataset): parse with a command name in "Usage:",
// open a project with a clear message.
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace sd {
class ProjectStore;
enum class OpenMode;
}

namespace sd::app {

// Parses args for `command` ("surgdistill teacher generate"). Returns -1 to continue, otherwise the exit
// code to return (0 after --help, 2 after a usage error, both already printed).
int parseOrHelp(QCommandLineParser &p, const QString &command, const QString &positionalSyntax,
                const QStringList &args);
// The parser's help text with "Usage: <command> [options] <positionalSyntax>".
QString commandHelp(const QCommandLineParser &p, const QString &command, const QString &positionalSyntax);
// Opens a project folder or a team project's postgresql:// URL; throws StoreError. For a
// team project whose server wants a password that PGPASSFILE does not hold, asks for it on
// the terminal (never echoed, never stored), and makes the login this session's user name.
std::unique_ptr<ProjectStore> openStore(const QString &location, OpenMode mode);
// Reads a line from the terminal without echo ("" without a terminal).
QString promptSecret(const QString &prompt);
// Opens the project or prints "<command>: <reason>" and returns null. Commands that only read
// pass OpenMode::ReadOnly: they never change the project and work on read-only media.
std::unique_ptr<ProjectStore> openProject(const QString &folder, OpenMode mode, const QString &command,
                                          QTextStream &err);
// Reads a whole-number option in [lo, hi]; prints the problem and returns false when invalid.
bool intOption(const QCommandLineParser &p, const QString &name, qint64 lo, qint64 hi, qint64 &out,
               const QString &command, QTextStream &err);
// The most CPU threads a --threads option accepts: 4 × the hardware threads
// (256 when unknown). libtorch starts every thread it is asked for, so a typo
// like 99999 would otherwise exhaust the process before any work starts.
qint64 maxThreads();
// --threads N: 0 (the default: libtorch decides) or 1..maxThreads(); prints the problem and returns false
// otherwise. Leaves `out` alone when the option is not given.
bool threadsOption(const QCommandLineParser &p, qint64 &out, const QString &command, QTextStream &err);
// Dispatches "<group> <action> ..." to one of the actions, with a group help text.
int dispatchActions(const QString &group, const QString &help,
                    const std::vector<std::pair<QString, std::function<int(const QStringList &)>>> &actions,
                    const QStringList &args);

} // namespace sd::app
