// A feature's menu in the workspace's menu bar: the one way a feature joins
// the shell. The feature owns its menu and actions; the workspace only creates
// it (in menu order), passes the open project on and shows its messages in the
// status bar. Screens opened from it are modal on the workspace window, so the
// project cannot be switched underneath them.
#pragma once

#include <QObject>
#include <functional>

class QAction;
class QMenu;
class QMenuBar;
class QWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class ProjectMenu : public QObject {
    Q_OBJECT
public:
    // Adds the menu `title`, object name `name`, to menuBar; owned by `window`.
    ProjectMenu(QWidget *window, QMenuBar *menuBar, const QString &title, const QString &name);

    void setProject(ProjectStore *store); // not owned; may be null
    ProjectStore *project() const { return m_store; }
    QMenu *menu() const { return m_menu; }

Q_SIGNALS:
    void message(const QString &text, int timeoutMs); // for the workspace's status bar

protected:
    QWidget *window() const { return m_window; }
    // After setProject: the feature shows the new project (check marks, its windows).
    virtual void projectChanged() {}
    // An action that runs `work` on the open project, or says in a box titled `title` that one is needed.
    QAction *addProjectAction(const QString &text, const char *name, const QString &title,
                              std::function<void(ProjectStore &)> work);

private:
    QWidget *m_window;
    QMenu *m_menu;
    ProjectStore *m_store = nullptr;
};

} // namespace sd::ui
