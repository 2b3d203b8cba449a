#include "recentprojects.h"

#include <QSettings>

namespace sd::ui {

namespace {
const char *const kKey = "recent/projects";

void store(const QStringList &list)
{
    QSettings().setValue(QLatin1String(kKey), list);
}
} // namespace

QStringList recentProjects()
{
    return QSettings().value(QLatin1String(kKey)).toStringList();
}

void addRecentProject(const QString &location)
{
    if (location.isEmpty())
        return;
    QStringList list = recentProjects();
    list.removeAll(location);
    list.prepend(location);
    while (list.size() > kMaxRecentProjects)
        list.removeLast();
    store(list);
}

void removeRecentProject(const QString &location)
{
    QStringList list = recentProjects();
    list.removeAll(location);
    store(list);
}

void clearRecentProjects()
{
    store({});
}

} // namespace sd::ui
