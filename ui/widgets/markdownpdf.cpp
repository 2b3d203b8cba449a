#include "markdownpdf.h"

#include <QBrush>
#include <QColor>
#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <stdexcept>

namespace sd::ui {

void writeMarkdownPdf(const QString &markdown, const QString &title, const QString &path)
{
    // Probe writability first: QPdfWriter reports no error for an unwritable path.
    {
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly))
            throw std::runtime_error(QStringLiteral("cannot write %1: %2").arg(path, probe.errorString()).toStdString());
    }
    QTextDocument doc;
    doc.setMarkdown(markdown);
    QFont font = doc.defaultFont();
    font.setPointSizeF(9);
    doc.setDefaultFont(font);
    // Markdown tables come without rules: give them a grid and some padding.
    for (QTextFrame *child : doc.rootFrame()->childFrames())
        if (auto *table = qobject_cast<QTextTable *>(child)) {
            QTextTableFormat format = table->format();
            format.setBorder(1);
            format.setBorderBrush(QBrush(QColor(0x60, 0x60, 0x60)));
            format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
            format.setBorderCollapse(true);
            format.setCellPadding(3);
            format.setWidth(QTextLength(QTextLength::PercentageLength, 100));
            table->setFormat(format);
        }

    QPdfWriter writer(path);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("SurgDistill"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(15, 15, 15, 15),
                                     QPageLayout::Millimeter));
    writer.setResolution(300);
    doc.print(&writer);
}

} // namespace sd::ui
