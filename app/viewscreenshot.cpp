#include "viewscreenshot.h"

#include "model/askview.h"
#include "workspace/mainwindow.h"
#include "model/modelwindows.h"
#include "store/projectstore.h"
#include "model/trainingdashboard.h"
#include "model/tutorview.h"

#include <QTimer>

namespace sd::app {

namespace {
// The first structure with a mask on the frame (structure display order).
qint64 firstMaskedStructure(const ProjectStore &store, qint64 frameId)
{
    for (const Structure &s : store.structures())
        if (store.mask(frameId, s.id))
            return s.id;
    return 0;
}

void afterLayout(QWidget *w, std::function<void(QWidget *)> done)
{
    QTimer::singleShot(600, w, [w, done] { done(w); });
}
} // namespace

bool prepareViewScreenshot(ui::MainWindow &window, const ViewScreenshotOptions &o,
                           std::function<void(QWidget *)> done, QString *error)
{
    ui::ModelWindows *windows = window.modelWindows();
    ProjectStore *store = window.project();
    const qint64 frameId = window.currentFrameId();
    if (!store || !frameId) {
        *error = QStringLiteral("the project has no frame to show");
        return false;
    }
    if (o.view == QLatin1String("training")) {
        windows->showDashboard();
        if (!o.runDir.isEmpty())
            windows->dashboard()->watchRunDir(o.runDir);
        afterLayout(windows->dashboard(), done);
        return true;
    }
    const qint64 structureId = firstMaskedStructure(*store, frameId);
    if (!structureId) {
        *error = QStringLiteral("frame %1 has no mask").arg(frameId);
        return false;
    }
    if (o.view == QLatin1String("ask")) {
        windows->showAskView();
        ui::AskView *ask = windows->askView();
        ask->setFrame(frameId);
        ask->setStructure(structureId);
        ask->setModelDir(o.modelDir);
        ask->setMaxNewTokens(48);
        QObject::connect(ask, &ui::AskView::generationFinished, ask, [ask, done] { afterLayout(ask, done); });
        QObject::connect(ask, &ui::AskView::generationFailed, ask, [ask, done] { afterLayout(ask, done); });
        if (!ask->ask()) {
            *error = ask->statusText();
            return false;
        }
        return true;
    }
    if (o.view == QLatin1String("tutor")) {
        windows->showTutor();
        ui::TutorView *tutor = windows->tutorView();
        tutor->setResident(QStringLiteral("Resident A"));
        tutor->setModelDir(o.modelDir);
        tutor->setCase(frameId, structureId);
        const Structure s = *store->structure(structureId);
        tutor->setAnswer(QStringLiteral("This is the %1, in a right-sided CME; it must be preserved.").arg(s.name));
        QObject::connect(tutor, &ui::TutorView::modelTurnFinished, tutor, [tutor, done] { afterLayout(tutor, done); });
        QObject::connect(tutor, &ui::TutorView::modelFailed, tutor, [tutor, done] { afterLayout(tutor, done); });
        if (!tutor->submit()) {
            *error = tutor->statusText();
            return false;
        }
        if (!tutor->isGenerating()) // no model: the grading alone
            afterLayout(tutor, done);
        return true;
    }
    *error = QStringLiteral("unknown view \"%1\" (training, ask or tutor)").arg(o.view);
    return false;
}

} // namespace sd::app
