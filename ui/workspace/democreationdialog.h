// Creates the synthetic demo project on a worker thread while a modal
// progress dialog shows the frames rendered so far and offers Cancel.
#pragma once

#include "demo/demoproject.h"

#include <QString>

class QWidget;

namespace sd::ui {

// Returns true when the project was created; false when cancelled or failed
// (errorMessage is then set; a cancel leaves errorMessage empty).
bool createDemoProjectWithProgress(QWidget *parent, const QString &folder, const DemoOptions &options,
                                   QString *errorMessage);

} // namespace sd::ui
