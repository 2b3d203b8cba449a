#include "currentuser.h"

#include <QSettings>

namespace sd {

namespace {
const QString kNameKey = QStringLiteral("user/name");
}

QString currentUserName()
{
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

} // namespace sd
