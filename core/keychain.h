// Secrets in the system keychain (service "SurgDistill"): the cloud teachers' API keys
// and team-project passwords. Never in project files, logs or the audit. Without a
// keychain (a build without QtKeychain, or no keychain daemon: headless, CI) reading
// gives nothing and writing says why, quickly.
#pragma once

#include <QString>

namespace sd {

// The secret stored under `account`, or an empty string when there is none.
QString readKeychainSecret(const QString &account);
// Returns an empty string on success, otherwise the reason.
QString writeKeychainSecret(const QString &account, const QString &secret);
// Removes it (a wrong team password); missing entries are fine.
void deleteKeychainSecret(const QString &account);

} // namespace sd
