#include "segmodelactions.h"

#include "trainingdashboard.h"

#include "assist/segproject.h"
#include "currentuser.h"
#include "store/projectstore.h"
#include "widgets/progressrun.h"
#include "widgets/segmodel.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QMenu>
#include <QMessageBox>

namespace sd::ui {

SegModelActions::SegModelActions(QWidget *window, QMenu *menu, TrainingDashboard *dashboard,
                                 std::function<ProjectStore *()> project)
    : QObject(window), m_window(window), m_dashboard(dashboard), m_project(std::move(project))
{
    QMenu *seg = menu->addMenu(tr("&Segmentation model"));
    seg->setObjectName(QStringLiteral("segModelMenu"));
    auto add = [&](const QString &text, const char *name, const std::function<void(ProjectStore &)> &work) {
        QAction *a = seg->addAction(text, this, [this, text, work] {
            ProjectStore *store = m_project();
            if (!store) {
                QMessageBox::information(m_window, text, tr("Open a project first."));
                return;
            }
            work(*store);
        });
        a->setObjectName(QLatin1String(name));
    };
    add(tr("&Train segmentation model"), "segTrainAction", [this](ProjectStore &s) { train(s); });
    add(tr("&Predict drafts for unannotated frames"), "segPredictAction", [this](ProjectStore &s) { predictDrafts(s); });
    add(tr("Suggest &next frames to label"), "segSuggestAction", [this](ProjectStore &s) { suggestNext(s); });
}

bool SegModelActions::train(ProjectStore &store, double minutes)
{
    if (segTrainingFrames(store).empty()) {
        QMessageBox::information(m_window, tr("Train segmentation model"),
                                 tr("The project has no approved masks outside the test split to train on."));
        return false;
    }
    const QString runDir = QDir(store.folder()).filePath(
        QStringLiteral("runs/seg-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QStringList args{QStringLiteral("seg"),     QStringLiteral("train"),   QStringLiteral("--project"),
                           store.folder(),            QStringLiteral("--out"),   runDir,
                           QStringLiteral("--minutes"), QString::number(minutes)};
    if (!m_dashboard->startJob(args, runDir)) {
        Q_EMIT message(m_dashboard->statusText(), 8000);
        return false;
    }
    m_dashboard->show();
    m_dashboard->raise();
    Q_EMIT message(tr("Training the segmentation model in the background (at most %1 minutes).").arg(minutes), 8000);
    return true;
}

bool SegModelActions::haveModel(ProjectStore &store)
{
    if (!currentSegModelFolder(store).isEmpty())
        return true;
    QMessageBox::information(m_window, tr("Segmentation model"),
                             tr("This project has no segmentation model yet. Train one first "
                                "(Model > Segmentation model > Train segmentation model)."));
    return false;
}

ProgressRunResult SegModelActions::runOnModel(const ProjectStore &store, const QString &title, const QString &label,
                                              QString *modelId, const ModelWork &work)
{
    const QString location = store.location(); // the folder, or a team project's URL
    return runWithProgress(m_window, title, label,
                           [&](const std::atomic<bool> &cancel, const std::function<void(int, int)> &progress) {
                               // A store belongs to its thread: the worker reads through its own.
                               const auto reader = ProjectStore::open(location, OpenMode::ReadOnly);
                               const auto session = loadProjectSegModel(*reader);
                               *modelId = QString::fromStdString(session->info().id);
                               work(*reader, *session, cancel, progress);
                           });
}

int SegModelActions::predictDrafts(ProjectStore &store)
{
    if (!haveModel(store))
        return -1;
    std::vector<ModelDraft> drafts;
    QString modelId;
    const ProgressRunResult r = runOnModel(
        store, tr("Model drafts"), tr("Predicting masks… frame %1 of %2"), &modelId,
        [&](const ProjectStore &reader, const seg::SegSession &session, const std::atomic<bool> &cancel,
            const SegProgress &progress) { drafts = sd::predictDrafts(reader, session, {}, &cancel, progress); });
    if (r.cancelled) {
        Q_EMIT message(tr("Prediction cancelled: nothing was written."), 8000);
        return -1;
    }
    if (!r.error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Model drafts"), r.error);
        return -1;
    }
    int written = 0;
    try {
        written = saveModelDrafts(store, drafts, currentUserName(), modelId);
    } catch (const std::exception &e) {
        QMessageBox::warning(m_window, tr("Model drafts"), QString::fromUtf8(e.what()));
        return -1;
    }
    Q_EMIT message(tr("%n model draft(s) written; each needs a person's submission and a reviewer's approval.",
                      nullptr, written), 10000);
    Q_EMIT masksChanged();
    return written;
}

int SegModelActions::suggestNext(ProjectStore &store, int k)
{
    if (!haveModel(store))
        return -1;
    std::vector<FrameSuggestion> ranked;
    QString modelId;
    const ProgressRunResult r = runOnModel(
        store, tr("Suggest next frames"), tr("Measuring the model's uncertainty… frame %1 of %2"), &modelId,
        [&](const ProjectStore &reader, const seg::SegSession &session, const std::atomic<bool> &cancel,
            const SegProgress &progress) { ranked = rankUnannotatedFrames(reader, session, &cancel, progress); });
    if (r.cancelled) {
        Q_EMIT message(tr("Cancelled: the suggestions were not changed."), 8000);
        return -1;
    }
    if (!r.error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Suggest next frames"), r.error);
        return -1;
    }
    if (ranked.size() > size_t(k))
        ranked.resize(size_t(k));
    try {
        saveSegSuggestions(store, modelId, ranked);
    } catch (const std::exception &e) {
        QMessageBox::warning(m_window, tr("Suggest next frames"), QString::fromUtf8(e.what()));
        return -1;
    }
    Q_EMIT message(tr("%n frame(s) suggested for labelling next: see the frame list's \"Suggested next\" filter.",
                      nullptr, int(ranked.size())), 10000);
    Q_EMIT suggestionsChanged();
    return int(ranked.size());
}

} // namespace sd::ui
