// `surgdistill review agreement | honeypots | independent` (cmd_consensus.cpp).
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace sd::app {

// Runs the consensus action with its arguments (after the action name) and returns its
// exit code; nothing when `action` is not one of them.
std::optional<int> runConsensusAction(const QString &action, const QStringList &args);

} // namespace sd::app
