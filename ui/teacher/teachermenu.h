// The Teacher menu: private distillation's screens (generate answers, review
// answers and preference pairs, import pairs, export the data sets, audit log,
// settings). The workspace only creates it and passes the project on. Every
// screen is modal on the workspace window: the project cannot be switched
// underneath it.
#pragma once

#include <QObject>

class QMenu;
class QMenuBar;
class QWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class TeacherMenu : public QObject {
    Q_OBJECT
public:
    TeacherMenu(QWidget *window, QMenuBar *menuBar);

    void setProject(ProjectStore *store) { m_store = store; } // not owned; may be null
    QMenu *menu() const { return m_menu; }

private:
    QWidget *m_window;
    QMenu *m_menu = nullptr;
    ProjectStore *m_store = nullptr;
};

} // namespace sd::ui
