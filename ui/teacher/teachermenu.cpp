#include "teachermenu.h"

#include "answerreviewdialog.h"
#include "auditlogdialog.h"
#include "dataset/datasetexport.h"
#include "pairreviewdialog.h"
#include "store/projectstore.h"
#include "teacher/offlineteacher.h"
#include "teachergeneratedialog.h"
#include "teachersettingsdialog.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

namespace sd::ui {

TeacherMenu::TeacherMenu(QWidget *window, QMenuBar *menuBar)
    : ProjectMenu(window, menuBar, tr("&Teacher"), QStringLiteral("teacherMenu"))
{
    QWidget *const parent = window; // the screens are modal on the workspace window
    auto add = [this](const QString &text, const char *name, std::function<void(ProjectStore &)> open) {
        addProjectAction(text, name, tr("Teacher"), std::move(open));
    };
    add(tr("&Generate teacher answers…"), "teacherGenerateAction", [parent](ProjectStore &s) {
        TeacherGenerateDialog(s, parent).exec();
    });
    add(tr("&Review answers…"), "teacherReviewAnswersAction", [parent](ProjectStore &s) {
        AnswerReviewDialog(s, parent).exec();
    });
    add(tr("Review &preference pairs…"), "teacherReviewPairsAction", [parent](ProjectStore &s) {
        PairReviewDialog(s, parent).exec();
    });
    add(tr("&Import preference pairs (JSONL)…"), "teacherImportPairsAction", [parent](ProjectStore &s) {
        const QString path = QFileDialog::getOpenFileName(parent, tr("Import preference pairs"), QDir::homePath(),
                                                          tr("DPO JSON lines (*.jsonl);;All files (*)"));
        if (!path.isEmpty())
            importPreferencePairsWithMessage(parent, s, path);
    });
    add(tr("E&xport datasets…"), "teacherExportAction", [parent](ProjectStore &s) {
        const QString dir = QFileDialog::getExistingDirectory(parent, tr("Folder for sft.jsonl, dpo.jsonl and images"),
                                                              QDir::homePath());
        if (dir.isEmpty())
            return;
        const QStringList splits{QStringLiteral("all"), QStringLiteral("train"), QStringLiteral("test")};
        bool ok = false;
        const QString split = QInputDialog::getItem(parent, tr("Export datasets"), tr("Frames of the split:"), splits,
                                                    0, false, &ok);
        if (!ok)
            return;
        DatasetExportOptions options;
        options.split = split;
        QStringList lines;
        try {
            const DatasetExportSummary sft = exportSftJsonl(s, dir, options);
            lines << tr("SFT: %n example(s) in %1", nullptr, sft.examples).arg(QDir::toNativeSeparators(sft.jsonlPath));
            const DatasetExportSummary dpo = exportDpoJsonl(s, dir, options);
            lines << tr("DPO: %n pair(s) in %1", nullptr, dpo.examples).arg(QDir::toNativeSeparators(dpo.jsonlPath));
            lines << tr("Only reviewed data was exported: accepted or edited answers, approved pairs.");
            QMessageBox::information(parent, tr("Export datasets"), lines.join(QLatin1Char('\n')));
        } catch (const std::exception &e) {
            lines << QString::fromUtf8(e.what());
            QMessageBox::warning(parent, tr("Export datasets"), lines.join(QLatin1Char('\n')));
        }
    });
    menu()->addSeparator();
    add(tr("&Audit log…"), "teacherAuditAction", [parent](ProjectStore &s) { AuditLogDialog(s, parent).exec(); });
    add(tr("Teacher &settings…"), "teacherSettingsAction", [parent](ProjectStore &s) {
        TeacherSettingsDialog(s, parent).exec();
    });
}

} // namespace sd::ui
