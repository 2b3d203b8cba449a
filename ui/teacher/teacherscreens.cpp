#include "teacherscreens.h"

#include "answerreviewdialog.h"
#include "auditlogdialog.h"
#include "pairreviewdialog.h"
#include "teachergeneratedialog.h"
#include "teachersettingsdialog.h"

namespace sd::ui {

QStringList teacherScreenNames()
{
    return {QStringLiteral("review-answers"), QStringLiteral("review-pairs"), QStringLiteral("generate"),
            QStringLiteral("audit-log"), QStringLiteral("settings")};
}

QDialog *createTeacherScreen(const QString &name, ProjectStore &store, QWidget *parent)
{
    if (name == QLatin1String("review-answers"))
        return new AnswerReviewDialog(store, parent);
    if (name == QLatin1String("review-pairs"))
        return new PairReviewDialog(store, parent);
    if (name == QLatin1String("generate")) {
        auto *d = new TeacherGenerateDialog(store, parent);
        d->showPreview();
        return d;
    }
    if (name == QLatin1String("audit-log"))
        return new AuditLogDialog(store, parent);
    if (name == QLatin1String("settings"))
        return new TeacherSettingsDialog(store, parent);
    return nullptr;
}

} // namespace sd::ui
