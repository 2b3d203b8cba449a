// Opening a team project the way a person expects: the password comes from the system
// keychain, else libpq's ~/.pgpass, else the person types it in TeamConnectionDialog.
// A refused login or a server that does not answer is said in the dialog, which stays
// open for another try; nothing is opened until the server accepted the login.
#pragma once

#include "store/teamconnection.h"

#include <memory>

class QWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

// askFirst: show the dialog before trying (File > Open team project…); otherwise try at
// once and ask only when the server wants a password (File > Open recent).
// Returns null when the person cancels.
std::unique_ptr<ProjectStore> openTeamProjectInteractively(QWidget *parent, const TeamConnection &connection,
                                                           bool askFirst);

// The keychain entry that holds the password of this login on this server and database.
QString teamKeychainAccount(const TeamConnection &connection);

} // namespace sd::ui
