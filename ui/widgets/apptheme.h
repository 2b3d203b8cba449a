// The application's look: a calm, neutral dark theme (Fusion). Images read best on a
// dark surround, and the amber "synthetic" marks stay the most prominent colour on
// screen. The GUI applies it at start-up; tests that photograph views for the docs too.
#pragma once

class QApplication;

namespace sd::ui {

void applyAppTheme(QApplication &app);

} // namespace sd::ui
