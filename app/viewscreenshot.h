// Documentation screenshots of the model windows: puts the training dashboard,
// the Ask view or the resident tutor into a state worth showing (a run
// followed, an answer generated, an answer graded and explained) on the
// workspace's current frame, then hands the window to `done`.
#pragma once

#include <QString>
#include <functional>

class QWidget;

namespace sd::ui {
class MainWindow;
}

namespace sd::app {

struct ViewScreenshotOptions {
    QString view;     // "training", "ask" or "tutor"
    QString modelDir; // ask / tutor: the model to run
    QString runDir;   // training: the run folder to follow
};

// False with a reason when the view is unknown or cannot be prepared.
bool prepareViewScreenshot(ui::MainWindow &window, const ViewScreenshotOptions &options,
                           std::function<void(QWidget *)> done, QString *error);

} // namespace sd::app
