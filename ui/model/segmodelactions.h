// The segmentation model's actions in the Model menu: train it as a background job
// followed on the training dashboard, draft masks for unannotated frames, and rank
// frames to label next. Prediction runs on a worker thread behind a progress
// dialog with Cancel; drafts are written in one transaction only when it finishes.
#pragma once

#include "widgets/progressrun.h"
#include "widgets/segmodel.h"

#include <QObject>
#include <functional>

class QMenu;
class QWidget;

namespace sd::ui {

class TrainingDashboard;

class SegModelActions : public QObject {
    Q_OBJECT
public:
    SegModelActions(QWidget *window, QMenu *menu, TrainingDashboard *dashboard,
                    std::function<ProjectStore *()> project);

    // The three steps, also for tests (no dialog except the progress window).
    bool train(ProjectStore &store, double minutes = 10);
    int predictDrafts(ProjectStore &store);     // drafts written; -1: nothing (cancelled, error, no model)
    int suggestNext(ProjectStore &store, int k = 20); // frames ranked; -1 as above

Q_SIGNALS:
    void message(const QString &text, int timeoutMs);
    void masksChanged();        // model drafts were written
    void suggestionsChanged();  // a new "Suggested next" ranking

private:
    bool haveModel(ProjectStore &store);
    // Runs work on a worker thread with its own read-only store and the project's
    // current model, behind a progress dialog; *modelId names the model.
    using ModelWork = std::function<void(const ProjectStore &, const seg::SegSession &, const std::atomic<bool> &cancel,
                                         const SegProgress &)>;
    ProgressRunResult runOnModel(const ProjectStore &store, const QString &title, const QString &label, QString *modelId,
                                 const ModelWork &work);

    QWidget *m_window;
    TrainingDashboard *m_dashboard;
    std::function<ProjectStore *()> m_project;
};

} // namespace sd::ui
