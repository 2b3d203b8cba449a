// The Teacher menu: private distillation's screens (generate answers, review
// answers and preference pairs, import pairs, export the data sets, audit log,
// settings). The workspace only creates it and passes the project on
// (ProjectMenu).
#pragma once

#include "widgets/projectmenu.h"

namespace sd::ui {

class TeacherMenu : public ProjectMenu {
    Q_OBJECT
public:
    TeacherMenu(QWidget *window, QMenuBar *menuBar);
};

} // namespace sd::ui
