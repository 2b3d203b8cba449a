// The model windows of the workspace — training dashboard, Ask the model and
// the resident tutor — and the "Model" menu that opens them, with the
// segmentation model's actions (SegModelActions). Kept out of
// MainWindow so the workspace itself only creates this and passes the project on
// (ProjectMenu).
#pragma once

#include "widgets/projectmenu.h"

namespace sd::ui {

class AskView;
class SegModelActions;
class TrainingDashboard;
class TutorView;

class ModelWindows : public ProjectMenu {
    Q_OBJECT
public:
    // The windows are top-level windows owned by `window`; currentFrame tells
    // the Ask view which frame the workspace shows.
    ModelWindows(QWidget *window, QMenuBar *menuBar, std::function<qint64()> currentFrame);

    // Asks about a running training job before the application closes; false = do not close.
    bool confirmClose();

    TrainingDashboard *dashboard() const { return m_dashboard; }
    AskView *askView() const { return m_ask; }
    TutorView *tutorView() const { return m_tutor; }
    SegModelActions *segModel() const { return m_seg; }

    void showDashboard();
    void showAskView();
    void showTutor();

protected:
    void projectChanged() override;

private:
    static void raise(QWidget *w);

    std::function<qint64()> m_currentFrame;
    TrainingDashboard *m_dashboard = nullptr;
    AskView *m_ask = nullptr;
    TutorView *m_tutor = nullptr;
    SegModelActions *m_seg = nullptr;
};

} // namespace sd::ui
