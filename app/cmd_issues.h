// `surgdistill review issues | issue ...` (cmd_issues.cpp): pinned review issues from the
// command line, for listing and for headless use.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace sd::app {

// Runs the issue action with its arguments (after the action name) and returns its exit
// code; nothing when `action` is not one of them.
std::optional<int> runIssueAction(const QString &action, const QStringList &args);

} // namespace sd::app
