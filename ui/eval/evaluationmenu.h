// The Evaluation menu: the blinded expert review of the models' answers.
#pragma once

#include "widgets/projectmenu.h"

namespace sd::ui {

class EvaluationMenu : public ProjectMenu {
    Q_OBJECT
public:
    EvaluationMenu(QWidget *window, QMenuBar *menuBar);

private:
    void expertReview(ProjectStore &store);
};

} // namespace sd::ui
