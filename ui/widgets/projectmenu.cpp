#include "projectmenu.h"

#include <QAction>
#include <QMenuBar>
#include <QMessageBox>

namespace sd::ui {

ProjectMenu::ProjectMenu(QWidget *window, QMenuBar *menuBar, const QString &title, const QString &name)
    : QObject(window), m_window(window), m_menu(menuBar->addMenu(title))
{
    m_menu->setObjectName(name);
}

void ProjectMenu::setProject(ProjectStore *store)
{
    m_store = store;
    projectChanged();
}

QAction *ProjectMenu::addProjectAction(const QString &text, const char *name, const QString &title,
                                       std::function<void(ProjectStore &)> work)
{
    QAction *a = m_menu->addAction(text, this, [this, title, work = std::move(work)] {
        if (!m_store) {
            QMessageBox::information(m_window, title, tr("Open a project first."));
            return;
        }
        work(*m_store);
    });
    a->setObjectName(QLatin1String(name));
    return a;
}

} // namespace sd::ui
