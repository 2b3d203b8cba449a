// "Run the demo pipeline": starts `surgdistill demo run` as its own process and
// follows its OUT/pipeline.jsonl — each stage with its state, the training
// stages' progress, and their curves in the training dashboard.
#pragma once

#include "progresslog.h"

#include <QDialog>
#include <QProcess>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace sd::ui {

class TrainingDashboard;

class DemoPipelineDialog : public QDialog {
    Q_OBJECT
public:
    explicit DemoPipelineDialog(TrainingDashboard *dashboard, QWidget *parent = nullptr);
    ~DemoPipelineDialog() override;

    void setExecutable(const QString &path); // tests; default: this application
    void setOutputFolder(const QString &dir);
    void setFrames(int frames);
    void setExtraArguments(const QStringList &args); // more `demo run` options (tests: --epochs 1)
    bool start();                            // false (with a message shown) when it cannot start
    bool isRunning() const;

    QListWidget *stageList() const { return m_stages; }
    QString reportFolder() const;

Q_SIGNALS:
    void pipelineFinished(bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void poll();
    void finished(int exitCode, QProcess::ExitStatus status);
    void setStage(int index, const QString &title, const QString &status);
    void openReport();

    TrainingDashboard *m_dashboard;
    QString m_executable;
    QStringList m_extraArguments;
    QLineEdit *m_folder = nullptr;
    QSpinBox *m_frames = nullptr;
    QListWidget *m_stages = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_report = nullptr;
    QPushButton *m_curves = nullptr;
    QProcess m_process;
    QTimer *m_timer = nullptr;
    ProgressLog m_events;
    size_t m_seenEvents = 0;
};

} // namespace sd::ui
