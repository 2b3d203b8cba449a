// The one name under which this workstation's person is recorded: masks, reviews,
// the audit log and saved answers all use it, so one person never appears under
// several names.
#pragma once

#include <QString>

namespace sd {

// The session's name (setSessionUserName) when set, else QSettings "user/name" (set in
// the User dialog), else the environment's SURGDISTILL_USER, USER or USERNAME, else the account name, else "unknown".
QString currentUserName();

// Stores `name` (trimmed) as "user/name"; an empty name falls back to the login again.
void setCurrentUserName(const QString &name);

// Overrides the stored name for this process only (surgdistill --user); empty clears it.
void setSessionUserName(const QString &name);

} // namespace sd
