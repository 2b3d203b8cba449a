// File > Open recent: the projects opened lately, newest first — project folders and
// team-project URLs (TeamConnection::toUrl, which never holds a password). QSettings
// "recent/projects".
#pragma once

#include <QStringList>

namespace sd::ui {

QStringList recentProjects();
void addRecentProject(const QString &location); // moves it to the front; keeps kMaxRecentProjects
void removeRecentProject(const QString &location);
void clearRecentProjects();

constexpr int kMaxRecentProjects = 8;

} // namespace sd::ui
