#pragma once
#include <QStringList>

namespace sd::app {
// Starts the main window. args: optional project folder; without one the
// embedded demo project is created (once) and opened.
int runGui(const QStringList &args);
}
