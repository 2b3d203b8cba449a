#include "command.h"

namespace sd::app {

std::map<QString, Command> &commandRegistry()
{
    static std::map<QString, Command> registry;
    return registry;
}

CommandRegistration::CommandRegistration(Command c)
{
    commandRegistry()[c.name] = std::move(c);
}

} // namespace sd::app
