// The evaluation report as PDF (QPdfWriter needs QtGui, so it lives in ui/):
// the same content as the Markdown report, laid out with ruled tables.
#pragma once

#include "eval/report.h"

#include <QString>

namespace sd::ui {

// Writes the report to `path` (A4 landscape). Throws std::runtime_error when the
// file cannot be written. Needs a QGuiApplication.
void writeReportPdf(const eval::EvalReport &report, const QString &path);

} // namespace sd::ui
