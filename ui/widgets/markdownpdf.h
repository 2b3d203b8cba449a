// A Markdown report as PDF (QPdfWriter needs QtGui, so it lives in ui/): A4
// landscape, tables ruled. Used by the evaluation and the agreement reports.
#pragma once

#include <QString>

namespace sd::ui {

// Throws std::runtime_error when the file cannot be written. Needs a QGuiApplication.
void writeMarkdownPdf(const QString &markdown, const QString &title, const QString &path);

} // namespace sd::ui
