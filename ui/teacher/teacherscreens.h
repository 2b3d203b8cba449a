// The teacher screens by name, for the command line's --screenshot-view
// (documentation screenshots) and anything else that opens one without the menu.
#pragma once

#include <QStringList>

class QDialog;
class QWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

// "review-answers", "review-pairs", "generate" (with its payload preview filled), "audit-log", "settings".
QStringList teacherScreenNames();
// A new, not yet shown dialog (owned by parent), or nullptr for an unknown name.
QDialog *createTeacherScreen(const QString &name, ProjectStore &store, QWidget *parent);

} // namespace sd::ui
