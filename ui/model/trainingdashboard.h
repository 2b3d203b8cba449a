// The training dashboard: starts SFT/DPO runs as a detached background job
// (`surgdistill train ...`, so it survives closing the window), follows its
// progress.jsonl with live curves (loss, learning rate, tokens/s; DPO reward
// margin and accuracy) and the ETA, cancels (SIGTERM: the job checkpoints),
// resumes, and lists the project's runs with their settings and checkpoints.
#pragma once

#include "entities.h"
#include "progresslog.h"
#include "trainingjob.h"

#include <QWidget>

class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class TrainingDashboard : public QWidget {
    Q_OBJECT
public:
    explicit TrainingDashboard(QWidget *parent = nullptr);

    void setProject(ProjectStore *store); // not owned; refreshes the run history
    // The program run as `<exe> train ...`; defaults to this application.
    void setTrainExecutable(const QString &path);
    QString trainExecutable() const { return m_executable; }

    // Writes RUN_DIR/config.json, records the run in the project and starts the
    // job detached. Returns the run id (0 on failure, reason in statusText()).
    qint64 startRun(const TrainingSettings &settings);
    // Starts the job again on the run's folder: it resumes from its last checkpoint.
    bool resumeRun(qint64 runId);
    // Starts `<exe> arguments` detached as the job of runDir (pid file, job.log) and
    // follows runDir; for jobs that record their run in the project themselves
    // (`seg train`). False on failure, reason in statusText().
    bool startJob(const QStringList &arguments, const QString &runDir);
    bool cancelRun();                    // SIGTERM to the followed job
    // Follows a run folder (started here or elsewhere); runId links it to the store.
    void watchRunDir(const QString &runDir, qint64 runId = 0);
    QString watchedRunDir() const { return m_runDir; }
    void poll();                         // reads new progress lines, replots (timer: every 500 ms)
    bool jobRunning() const;
    // With a running job: asks whether to keep it running. False = do not close.
    bool confirmClose();

    const ProgressLog &progress() const { return m_log; }
    QCustomPlot *lossPlot() const { return m_loss; }
    QCustomPlot *lrPlot() const { return m_lr; }
    QCustomPlot *speedPlot() const { return m_speed; }
    QCustomPlot *dpoPlot() const { return m_dpo; }
    QTreeWidget *runList() const { return m_runs; }
    QString etaText() const;
    QString statusText() const;

Q_SIGNALS:
    void progressUpdated();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void newRunDialog(const QString &kind);
    // The detached process of a job in runDir, its output appended to job.log and its pid written; 0 on failure.
    qint64 launch(const QStringList &arguments, const QString &runDir);
    void refreshHistory();
    void showRunDetails(qint64 runId);
    void replot();
    void syncStore();     // checkpoints and status of the followed run into the project
    void jobEndedSilently();
    void updateButtons();
    std::optional<TrainingSettings> runSettings(const TrainingRun &run) const;

    ProjectStore *m_store = nullptr;
    QString m_executable;
    QString m_runDir;
    qint64 m_runId = 0;
    ProgressLog m_log;
    size_t m_recordedCheckpoints = 0;
    ProgressLog::State m_recordedState = ProgressLog::State::NotStarted;
    bool m_silentEndReported = false;

    QTreeWidget *m_runs = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QCustomPlot *m_loss = nullptr;
    QCustomPlot *m_lr = nullptr;
    QCustomPlot *m_speed = nullptr;
    QCustomPlot *m_dpo = nullptr;
    QLabel *m_stepLabel = nullptr;
    QLabel *m_etaLabel = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_resume = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace sd::ui
