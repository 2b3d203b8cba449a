#include "reportpdf.h"

#include "widgets/markdownpdf.h"

namespace sd::ui {

void writeReportPdf(const eval::EvalReport &report, const QString &path)
{
    writeMarkdownPdf(eval::reportMarkdown(report), QStringLiteral("SurgDistill evaluation report"), path);
}

} // namespace sd::ui
