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
// Opens the project or prints "<command>: <reason>" and returns null. Commands that only read
// pass OpenMode::ReadOnly: they never change the project and work on read-only media.
std::unique_ptr<ProjectStore> openProject(const QString &folder, OpenMode mode, const QString &command,
                                          QTextStream &err);
// Reads a whole-number option in [lo, hi]; prints the problem and returns false when invalid.
bool intOption(const QCommandLineParser &p, const QString &name, qint64 lo, qint64 hi, qint64 &out,
               const QString &command, QTextStream &err);
// Dispatches "<group> <action> ..." to one of the actions, with a group help text.
int dispatchActions(const QString &group, const QString &help,
                    const std::vector<std::pair<QString, std::function<int(const QStringList &)>>> &actions,
                    const QStringList &args);

} // namespace sd::app
