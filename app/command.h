// Sub-commands of the surgdistill executable register themselves here, so each
// lives in its own file (cmd_*.cpp) and main.cpp never changes for a new one.
#pragma once

#include <QString>
#include <QStringList>
#include <functional>
#include <map>

namespace sd::app {

struct Command {
    QString name;        // e.g. "demo"
    QString summary;     // one line for --help
    // args excludes the program name and the command name; returns the exit code.
    std::function<int(const QStringList &args)> run;
    bool needsGui = false;
};

std::map<QString, Command> &commandRegistry();

struct CommandRegistration {
    explicit CommandRegistration(Command c);
};

} // namespace sd::app

#define SD_REGISTER_COMMAND(var, ...) \
    static const ::sd::app::CommandRegistration var{::sd::app::Command{__VA_ARGS__}}
