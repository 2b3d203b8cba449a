#include "evaluationmenu.h"

#include "currentuser.h"
#include "expertreviewdialog.h"

#include <QAction>
#include <QInputDialog>
#include <QMessageBox>

namespace sd::ui {

EvaluationMenu::EvaluationMenu(QWidget *window, QMenuBar *menuBar)
    : ProjectMenu(window, menuBar, tr("&Evaluation"), QStringLiteral("evaluationMenu"))
{
    addProjectAction(tr("&Blinded expert review…"), "expertReviewAction", tr("Blinded expert review"),
                     [this](ProjectStore &store) { expertReview(store); });
}

void EvaluationMenu::expertReview(ProjectStore &store)
{
    bool ok = false;
    const QString expert = QInputDialog::getText(window(), tr("Blinded expert review"),
                                                 tr("Your name (stored with your scores):"), QLineEdit::Normal,
                                                 currentUserName(), &ok).trimmed();
    if (!ok || expert.isEmpty())
        return;
    try {
        // A seed per expert: each expert sees a stable order of their own.
        ExpertReviewDialog dialog(store, expert, qHash(expert), window());
        dialog.exec();
    } catch (const std::exception &e) {
        QMessageBox::warning(window(), tr("Blinded expert review"), QString::fromUtf8(e.what()));
    }
}

} // namespace sd::ui
