#include "currentuser.h"

#include <QSettings>

#include <pwd.h>
#include <unistd.h>

namespace sd {

namespace {
const QString kNameKey = QStringLiteral("user/name");
QString g_sessionName; // GUI thread only: set once from the command line or a test
} // namespace

QString currentUserName()
{
    if (!g_sessionName.isEmpty())
        return g_sessionName;
    const QString chosen = QSettings().value(kNameKey).toString().trimmed();
    if (!chosen.isEmpty())
        return chosen;
    for (const char *var : {"SURGDISTILL_USER", "USER", "USERNAME"}) {
        const QString v = qEnvironmentVariable(var).trimmed();
        if (!v.isEmpty())
            return v;
    }
    // No login variables (a service, a container): the account's name.
    if (const passwd *pw = ::getpwuid(::getuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    return QStringLiteral("unknown");
}

void setCurrentUserName(const QString &name)
{
    QSettings().setValue(kNameKey, name.trimmed());
}

void setSessionUserName(const QString &name)
{
    g_sessionName = name.trimmed();
}

} // namespace sd
