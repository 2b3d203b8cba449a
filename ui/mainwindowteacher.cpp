// MainWindow's Teacher menu: private distillation's screens (generate answers,
// review answers and preference pairs, import pairs, export the data sets,
// audit log, settings). Kept apart from mainwindow.cpp so the workspace and
// the teacher screens can change independently. Every screen is modal on the
// current project: it cannot be switched underneath it.
#include "mainwindow.h"

#include "answerreviewdialog.h"
#include "auditlogdialog.h"
#include "dataset/datasetexport.h"
#include "pairreviewdialog.h"
#include "projectstore.h"
#include "teacher/offlineteacher.h"
#include "teachergeneratedialog.h"
#include "teachersettingsdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>

namespace sd::ui {

void MainWindow::setupTeacherMenu()
{
    QMenu *menu = menuBar()->addMenu(tr("&Teacher"));
    menu->setObjectName(QStringLiteral("teacherMenu"));
    // Runs a screen on the open project, or says that one is needed.
    auto onProject = [this](auto open) {
        return [this, open] {
            if (!m_store) {
                QMessageBox::information(this, tr("Teacher"), tr("Open a project first."));
                return;
            }
            open(*m_store);
        };
    };
    auto add = [&](const QString &text, const char *name, auto open) {
        QAction *a = menu->addAction(text, this, onProject(open));
        a->setObjectName(QLatin1String(name));
        return a;
    };
    add(tr("&Generate teacher answers…"), "teacherGenerateAction", [this](ProjectStore &s) {
        TeacherGenerateDialog(s, this).exec();
    });
    add(tr("&Review answers…"), "teacherReviewAnswersAction", [this](ProjectStore &s) {
        AnswerReviewDialog(s, this).exec();
    });
    add(tr("Review &preference pairs…"), "teacherReviewPairsAction", [this](ProjectStore &s) {
        PairReviewDialog(s, this).exec();
    });
    add(tr("&Import preference pairs (JSONL)…"), "teacherImportPairsAction", [this](ProjectStore &s) {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import preference pairs"), QDir::homePath(),
                                                          tr("DPO JSON lines (*.jsonl);;All files (*)"));
        if (!path.isEmpty())
            importPreferencePairsWithMessage(this, s, path);
    });
    add(tr("E&xport datasets…"), "teacherExportAction", [this](ProjectStore &s) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for sft.jsonl, dpo.jsonl and images"),
                                                              QDir::homePath());
        if (dir.isEmpty())
            return;
        const QStringList splits{QStringLiteral("all"), QStringLiteral("train"), QStringLiteral("test")};
        bool ok = false;
        const QString split = QInputDialog::getItem(this, tr("Export datasets"), tr("Frames of the split:"), splits,
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
            QMessageBox::information(this, tr("Export datasets"), lines.join(QLatin1Char('\n')));
        } catch (const std::exception &e) {
            lines << QString::fromUtf8(e.what());
            QMessageBox::warning(this, tr("Export datasets"), lines.join(QLatin1Char('\n')));
        }
    });
    menu->addSeparator();
    add(tr("&Audit log…"), "teacherAuditAction", [this](ProjectStore &s) { AuditLogDialog(s, this).exec(); });
    add(tr("Teacher &settings…"), "teacherSettingsAction", [this](ProjectStore &s) {
        TeacherSettingsDialog(s, this).exec();
    });
}

} // namespace sd::ui
