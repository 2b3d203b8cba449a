#include "localprocess.h"

#include <QFile>
#include <QString>

#include <cerrno>
#include <signal.h>

namespace sd {

bool processAlive(qint64 pid)
{
    // Signal 0 checks existence; EPERM means it exists but belongs to someone else.
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno != EPERM))
        return false;
    // A detached job that ended may stay a zombie where nobody reaps orphans
    // (containers whose init does not): that is a finished job, not a running one.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')'); // the command name may contain spaces
        if (close >= 0 && close + 2 < line.size() && (line.at(close + 2) == 'Z' || line.at(close + 2) == 'X'))
            return false;
    }
    return true;
}

} // namespace sd
