#include "currentuser.h"

#include <QSettings>

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
