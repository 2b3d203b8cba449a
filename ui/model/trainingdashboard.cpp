#include "trainingdashboard.h"

#include "dataset/datasetexport.h"

#include "customplot.h"
#include "store/projectstore.h"
#include "trainingrundialog.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
constexpr int kRunIdRole = Qt::UserRole + 1;

QCustomPlot *makePlot(const QString &title, const QString &yLabel, QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    plot->setMinimumSize(260, 170);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold)));
    plot->xAxis->setLabel(QCoreApplication::translate("sd::ui::TrainingDashboard", "step"));
    plot->yAxis->setLabel(yLabel);
    plot->addGraph();
    plot->graph(0)->setPen(QPen(QColor(0x3d, 0x7e, 0xc7), 2));
    // Follow the application palette (the dark theme) instead of QCustomPlot's white.
    const QPalette pal = parent->palette();
    const QColor text = pal.color(QPalette::WindowText);
    plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxis *axis : {plot->xAxis, plot->yAxis, plot->yAxis2}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
    }
    if (auto *t = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0)))
        t->setTextColor(text);
    return plot;
}

QString durationText(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("–");
    const qint64 s = qint64(seconds + 0.5);
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

ProgressLog::State stateOfRun(RunStatus status)
{
    switch (status) {
    case RunStatus::Finished: return ProgressLog::State::Finished;
    case RunStatus::Failed: return ProgressLog::State::Failed;
    case RunStatus::Interrupted: return ProgressLog::State::Interrupted;
    case RunStatus::Running: break;
    }
    return ProgressLog::State::Running;
}

RunStatus runStatusOf(ProgressLog::State s)
{
    switch (s) {
    case ProgressLog::State::NotStarted:
    case ProgressLog::State::Running: break;
    case ProgressLog::State::Finished: return RunStatus::Finished;
    case ProgressLog::State::Failed: return RunStatus::Failed;
    case ProgressLog::State::Interrupted: return RunStatus::Interrupted;
    }
    return RunStatus::Running;
}
} // namespace

TrainingDashboard::TrainingDashboard(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("trainingDashboard"));
    setWindowTitle(tr("Training"));
    m_executable = QCoreApplication::applicationFilePath();

    auto *toolbar = new QHBoxLayout;
    auto *newSft = new QPushButton(tr("New SFT run…"), this);
    auto *newDpo = new QPushButton(tr("New DPO run…"), this);
    m_cancel = new QPushButton(tr("Cancel run"), this);
    m_cancel->setObjectName(QStringLiteral("cancelRunButton"));
    m_cancel->setToolTip(tr("Ask the job to stop: it saves a checkpoint first, so the run can be resumed"));
    m_resume = new QPushButton(tr("Resume"), this);
    m_resume->setObjectName(QStringLiteral("resumeRunButton"));
    toolbar->addWidget(newSft);
    toolbar->addWidget(newDpo);
    toolbar->addSpacing(16);
    toolbar->addWidget(m_cancel);
    toolbar->addWidget(m_resume);
    toolbar->addStretch(1);
    m_stepLabel = new QLabel(this);
    m_stepLabel->setObjectName(QStringLiteral("stepLabel"));
    m_etaLabel = new QLabel(this);
    m_etaLabel->setObjectName(QStringLiteral("etaLabel"));
    toolbar->addWidget(m_stepLabel);
    toolbar->addSpacing(16);
    toolbar->addWidget(m_etaLabel);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *left = new QSplitter(Qt::Vertical, splitter);
    m_runs = new QTreeWidget(left);
    m_runs->setObjectName(QStringLiteral("runList"));
    m_runs->setHeaderLabels({tr("Run"), tr("Status"), tr("Started")});
    m_runs->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_details = new QPlainTextEdit(left);
    m_details->setObjectName(QStringLiteral("runDetails"));
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Settings of the selected run"));
    left->addWidget(m_runs);
    left->addWidget(m_details);

    auto *plots = new QWidget(splitter);
    auto *grid = new QGridLayout(plots);
    m_loss = makePlot(tr("Loss"), tr("loss"), plots);
    m_lr = makePlot(tr("Learning rate"), tr("lr"), plots);
    m_speed = makePlot(tr("Throughput"), tr("tokens/s"), plots);
    m_dpo = makePlot(tr("DPO rewards"), tr("reward margin"), plots);
    m_dpo->addGraph(m_dpo->xAxis, m_dpo->yAxis2);
    m_dpo->graph(1)->setPen(QPen(QColor(0x2e, 0xc2, 0x7e), 2));
    m_dpo->graph(0)->setName(tr("reward margin"));
    m_dpo->graph(1)->setName(tr("reward accuracy"));
    m_dpo->yAxis2->setVisible(true);
    m_dpo->yAxis2->setLabel(tr("reward accuracy"));
    m_dpo->yAxis2->setRange(0, 1);
    grid->addWidget(m_loss, 0, 0);
    grid->addWidget(m_lr, 0, 1);
    grid->addWidget(m_speed, 1, 0);
    grid->addWidget(m_dpo, 1, 1);
    splitter->addWidget(left);
    splitter->addWidget(plots);
    splitter->setStretchFactor(1, 3);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    m_timer = new QTimer(this);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, &TrainingDashboard::poll);
    connect(newSft, &QPushButton::clicked, this, [this] { newRunDialog(QStringLiteral("sft")); });
    connect(newDpo, &QPushButton::clicked, this, [this] { newRunDialog(QStringLiteral("dpo")); });
    connect(m_cancel, &QPushButton::clicked, this, &TrainingDashboard::cancelRun);
    connect(m_resume, &QPushButton::clicked, this, [this] { resumeRun(m_runId); });
    connect(m_runs, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        while (item && item->parent())
            item = item->parent();
        if (item)
            showRunDetails(item->data(0, kRunIdRole).toLongLong());
    });
    resize(1200, 760);
    replot();
    updateButtons();
}

void TrainingDashboard::setProject(ProjectStore *store)
{
    m_store = store;
    m_runId = 0;
    m_runDir.clear();
    m_log.reset({});
    m_timer->stop();
    refreshHistory();
    replot();
    // Follow the newest run (a job may still be running from an earlier session).
    if (m_runs->topLevelItemCount() > 0)
        m_runs->setCurrentItem(m_runs->topLevelItem(0));
}

void TrainingDashboard::setTrainExecutable(const QString &path)
{
    m_executable = path;
}

void TrainingDashboard::newRunDialog(const QString &kind)
{
    TrainingSettings initial = TrainingSettings::paperDefaults(kind);
    if (m_store)
        initial.runDir = QDir(m_store->folder())
                             .filePath(QStringLiteral("runs/%1-%2").arg(kind,
                                  QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    TrainingRunDialog dialog(initial, this);
    if (dialog.exec() == QDialog::Accepted)
        startRun(dialog.settings());
}

std::optional<TrainingSettings> TrainingDashboard::runSettings(const TrainingRun &run) const
{
    const QJsonObject o = QJsonDocument::fromJson(run.configJson).object();
    const QJsonObject config = o.contains(QStringLiteral("config")) ? o.value(QStringLiteral("config")).toObject() : o;
    TrainingSettings s = TrainingSettings::fromConfigJson(run.kind, config);
    s.baseModel = run.baseModel;
    s.runDir = run.runDir;
    s.dataset = o.value(QStringLiteral("dataset")).toString();
    if (s.dataset.isEmpty())
        return std::nullopt;
    return s;
}

qint64 TrainingDashboard::startRun(const TrainingSettings &settings)
{
    if (jobRunning()) {
        m_status->setText(tr("A training job is already running; cancel it first."));
        return 0;
    }
    const QString problem = settings.problem();
    if (!problem.isEmpty()) {
        m_status->setText(tr("Cannot start: %1").arg(problem));
        return 0;
    }
    if (!m_store) {
        m_status->setText(tr("Open a project first: runs are recorded in the project."));
        return 0;
    }
    TrainingSettings s = settings;
    if (s.dataset.isEmpty()) {
        // The project's reviewed data, exported beside the run so the job reads exactly what was approved now.
        try {
            DatasetExportOptions options;
            options.split = QStringLiteral("train");
            const QString dir = QDir(settings.runDir).absoluteFilePath(QStringLiteral("data"));
            const DatasetExportSummary exported = s.kind == QLatin1String("dpo")
                                                      ? exportDpoJsonl(*m_store, dir, options)
                                                      : exportSftJsonl(*m_store, dir, options);
            if (exported.examples == 0) {
                m_status->setText(s.kind == QLatin1String("dpo")
                                      ? tr("Cannot start: the project has no approved preference pairs yet.")
                                      : tr("Cannot start: the project has no accepted teacher answers yet."));
                return 0;
            }
            s.dataset = exported.jsonlPath;
        } catch (const std::exception &e) {
            m_status->setText(tr("Cannot start: %1").arg(QString::fromUtf8(e.what())));
            return 0;
        }
    }
    TrainingRun run;
    run.kind = settings.kind;
    run.baseModel = settings.baseModel;
    run.runDir = QDir(settings.runDir).absolutePath();
    QJsonObject record;
    s.runDir = run.runDir;
    s.dataset = QFileInfo(s.dataset).absoluteFilePath();
    record.insert(QStringLiteral("dataset"), s.dataset);
    record.insert(QStringLiteral("config"), settings.toConfigJson());
    run.configJson = QJsonDocument(record).toJson(QJsonDocument::Compact);
    try {
        writeRunConfig(s);
        m_store->addTrainingRun(run);
    } catch (const std::exception &e) {
        m_status->setText(tr("Cannot start: %1").arg(QString::fromUtf8(e.what())));
        return 0;
    }
    if (!resumeRun(run.id))
        return 0;
    return run.id;
}

bool TrainingDashboard::resumeRun(qint64 runId)
{
    if (jobRunning()) {
        m_status->setText(tr("A training job is already running."));
        return false;
    }
    std::optional<TrainingRun> run = m_store && runId > 0 ? m_store->trainingRun(runId) : std::nullopt;
    if (!run) {
        m_status->setText(tr("No such training run."));
        return false;
    }
    const std::optional<TrainingSettings> settings = runSettings(*run);
    if (!settings) {
        m_status->setText(tr("The run does not record its data set; start a new run instead."));
        return false;
    }
    const qint64 pid = launch(trainArguments(*settings), settings->runDir);
    if (!pid) {
        run->status = RunStatus::Failed;
        run->finishedAt = QDateTime::currentDateTimeUtc();
        m_store->updateTrainingRun(*run);
        refreshHistory();
        return false;
    }
    if (run->status != RunStatus::Running) {
        run->status = RunStatus::Running;
        run->finishedAt = QDateTime();
        m_store->updateTrainingRun(*run);
    }
    refreshHistory();
    m_status->setText(tr("Training job started (process %1).").arg(pid));
    watchRunDir(settings->runDir, run->id); // may already report a job that ended at once
    return true;
}

qint64 TrainingDashboard::launch(const QStringList &arguments, const QString &runDir)
{
    QProcess process;
    process.setProgram(m_executable);
    process.setArguments(arguments);
    process.setStandardOutputFile(jobLogFilePath(runDir), QIODevice::Append);
    process.setStandardErrorFile(jobLogFilePath(runDir), QIODevice::Append);
    qint64 pid = 0;
    if (!process.startDetached(&pid)) {
        m_status->setText(tr("Cannot start %1: %2").arg(m_executable, process.errorString()));
        return 0;
    }
    try {
        writeJobPid(runDir, pid);
    } catch (const std::exception &e) {
        m_status->setText(QString::fromUtf8(e.what()));
    }
    return pid;
}

bool TrainingDashboard::startJob(const QStringList &arguments, const QString &runDir)
{
    if (jobRunning()) {
        m_status->setText(tr("A training job is already running."));
        return false;
    }
    if (!QDir().mkpath(runDir)) {
        m_status->setText(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(runDir)));
        return false;
    }
    const qint64 pid = launch(arguments, runDir);
    if (!pid)
        return false;
    m_status->setText(tr("Training job started (process %1).").arg(pid));
    watchRunDir(runDir, 0);
    return true;
}

bool TrainingDashboard::cancelRun()
{
    const std::optional<qint64> pid = m_runDir.isEmpty() ? std::nullopt : readJobPid(m_runDir);
    if (!pid || !processAlive(*pid) || !terminateJob(*pid)) {
        m_status->setText(tr("No running job to cancel."));
        return false;
    }
    m_status->setText(tr("Asked the job to stop; it saves a checkpoint first."));
    return true;
}

bool TrainingDashboard::jobRunning() const
{
    if (m_runDir.isEmpty())
        return false;
    const std::optional<qint64> pid = readJobPid(m_runDir);
    return pid && processAlive(*pid);
}

void TrainingDashboard::watchRunDir(const QString &runDir, qint64 runId)
{
    m_runDir = runDir;
    m_runId = runId;
    m_log.reset(progressFilePath(runDir));
    m_recordedCheckpoints = 0;
    m_recordedState = ProgressLog::State::NotStarted;
    m_silentEndReported = false;
    // What the store already has need not be recorded again.
    if (const std::optional<TrainingRun> run = m_store && runId ? m_store->trainingRun(runId) : std::nullopt) {
        m_recordedCheckpoints = m_store->checkpoints(runId).size();
        m_recordedState = stateOfRun(run->status);
    }
    poll();
    m_timer->start();
}

void TrainingDashboard::poll()
{
    if (m_runDir.isEmpty())
        return;
    // Liveness first: a job that exits right after its last line has written
    // everything before this check, so nothing is missed below.
    const std::optional<qint64> pid = readJobPid(m_runDir);
    const bool alive = pid && processAlive(*pid);
    if (m_log.poll() > 0) {
        syncStore();
        replot();
        Q_EMIT progressUpdated();
    }
    const bool unfinished =
        m_log.state() == ProgressLog::State::Running || m_log.state() == ProgressLog::State::NotStarted;
    if (pid && !alive && unfinished)
        jobEndedSilently();
    // Keep following a folder without a job of ours (e.g. started from the command line) while it runs.
    if (!alive && !(unfinished && !pid))
        m_timer->stop();
    updateButtons();
}

// The job process is gone without "finished", "error" or "interrupted" (crashed,
// killed, or refused its arguments): say so with the end of its log.
void TrainingDashboard::jobEndedSilently()
{
    if (m_silentEndReported)
        return;
    m_silentEndReported = true;
    QFile log(jobLogFilePath(m_runDir));
    QString tail;
    if (log.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = log.readAll();
        tail = QString::fromUtf8(bytes.right(600)).trimmed();
    }
    m_status->setText(tail.isEmpty() ? tr("The training job ended without reporting a result.")
                                     : tr("The training job ended without reporting a result. Its last output:\n%1")
                                           .arg(tail));
    if (!m_store || !m_runId)
        return;
    std::optional<TrainingRun> run = m_store->trainingRun(m_runId);
    if (run && run->status == RunStatus::Running) {
        run->status = RunStatus::Failed;
        run->finishedAt = QDateTime::currentDateTimeUtc();
        try {
            m_store->updateTrainingRun(*run);
        } catch (const std::exception &) {
            // Shown in the status line already; the log keeps everything.
        }
        m_recordedState = ProgressLog::State::Failed;
        refreshHistory();
    }
}

void TrainingDashboard::syncStore()
{
    if (!m_store || !m_runId)
        return;
    std::optional<TrainingRun> run = m_store->trainingRun(m_runId);
    if (!run)
        return;
    try {
        m_store->transaction([&] {
            const auto &checkpoints = m_log.checkpoints();
            for (size_t i = m_recordedCheckpoints; i < checkpoints.size(); ++i) {
                Checkpoint c;
                c.runId = m_runId;
                c.step = checkpoints[i].step;
                c.path = checkpoints[i].path;
                m_store->addCheckpoint(c);
            }
            m_recordedCheckpoints = checkpoints.size();
            const ProgressLog::State state = m_log.state();
            if (state != m_recordedState && state != ProgressLog::State::NotStarted) {
                if (state == ProgressLog::State::Finished && !m_log.finalPath().isEmpty()) {
                    Checkpoint c; // the final model is the checkpoint people ask
                    c.runId = m_runId;
                    c.step = m_log.points().empty() ? 0 : m_log.points().back().step;
                    c.path = m_log.finalPath();
                    c.metricsJson = QByteArrayLiteral("{\"final\":true}");
                    m_store->addCheckpoint(c);
                }
                run->status = runStatusOf(state);
                run->finishedAt = state == ProgressLog::State::Running ? QDateTime() : QDateTime::currentDateTimeUtc();
                m_store->updateTrainingRun(*run);
                m_recordedState = state;
            }
        });
    } catch (const std::exception &e) {
        m_status->setText(tr("Cannot record the run in the project: %1").arg(QString::fromUtf8(e.what())));
    }
    refreshHistory();
}

void TrainingDashboard::replot()
{
    const auto &points = m_log.points();
    QVector<double> step, loss, lr, speed, margin, accuracy, dpoStep;
    for (const ProgressPoint &p : points) {
        step << p.step;
        loss << p.loss;
        lr << p.lr;
        speed << p.tokensPerSecond;
        if (p.rewardMargin || p.rewardAccuracy) {
            dpoStep << p.step;
            margin << p.rewardMargin.value_or(0);
            accuracy << p.rewardAccuracy.value_or(0);
        }
    }
    m_loss->graph(0)->setData(step, loss, true);
    m_lr->graph(0)->setData(step, lr, true);
    m_speed->graph(0)->setData(step, speed, true);
    m_dpo->graph(0)->setData(dpoStep, margin, true);
    m_dpo->graph(1)->setData(dpoStep, accuracy, true);
    m_dpo->setVisible(!dpoStep.isEmpty() || m_log.startEvent().value(QStringLiteral("stage")) == QLatin1String("dpo"));
    for (QCustomPlot *plot : {m_loss, m_lr, m_speed, m_dpo}) {
        plot->graph(0)->rescaleAxes();
        plot->yAxis->scaleRange(1.15, plot->yAxis->range().center()); // room above and below the curve
        if (!points.empty())
            plot->xAxis->setRange(0, std::max(points.back().totalSteps, points.back().step));
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    m_dpo->yAxis2->setRange(0, 1);

    if (points.empty()) {
        m_stepLabel->setText(m_runDir.isEmpty() ? QString() : tr("Waiting for the first step…"));
        m_etaLabel->clear();
    } else {
        const ProgressPoint &p = points.back();
        m_stepLabel->setText(tr("%1 step %2 of %3 · epoch %4 · loss %5")
                                 .arg(p.stage.toUpper()).arg(p.step).arg(p.totalSteps)
                                 .arg(p.epoch, 0, 'f', 2).arg(p.loss, 0, 'g', 4));
        m_etaLabel->setText(etaText());
    }
    switch (m_log.state()) {
    case ProgressLog::State::Finished:
        m_status->setText(tr("Finished: %1").arg(m_log.finalPath()));
        break;
    case ProgressLog::State::Failed:
        m_status->setText(tr("The job failed: %1").arg(m_log.errorMessage()));
        break;
    case ProgressLog::State::Interrupted:
        m_status->setText(tr("Interrupted at step %1; Resume continues from the last checkpoint.")
                              .arg(points.empty() ? 0 : points.back().step));
        break;
    default:
        break;
    }
}

QString TrainingDashboard::etaText() const
{
    const auto &points = m_log.points();
    if (points.empty())
        return {};
    if (m_log.state() == ProgressLog::State::Finished)
        return tr("done after %1").arg(durationText(points.back().elapsedSeconds));
    return tr("ETA %1 (elapsed %2)").arg(durationText(points.back().etaSeconds), durationText(points.back().elapsedSeconds));
}

QString TrainingDashboard::statusText() const
{
    return m_status->text();
}

void TrainingDashboard::refreshHistory()
{
    const qint64 selected = m_runId;
    const QSignalBlocker block(m_runs);
    m_runs->clear();
    if (!m_store)
        return;
    const std::vector<TrainingRun> runs = m_store->trainingRuns();
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        auto *item = new QTreeWidgetItem(m_runs, {tr("#%1 %2").arg(run->id).arg(run->kind.toUpper()),
                                                  runStatusToString(run->status),
                                                  run->startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))});
        item->setData(0, kRunIdRole, run->id);
        item->setToolTip(0, run->runDir);
        for (const Checkpoint &c : m_store->checkpoints(run->id)) {
            auto *child = new QTreeWidgetItem(item, {tr("step %1").arg(c.step), QString(), c.path});
            child->setToolTip(2, c.path);
        }
        if (run->id == selected)
            m_runs->setCurrentItem(item);
    }
}

void TrainingDashboard::showRunDetails(qint64 runId)
{
    const std::optional<TrainingRun> run = m_store ? m_store->trainingRun(runId) : std::nullopt;
    if (!run)
        return;
    const QJsonDocument config = QJsonDocument::fromJson(run->configJson);
    m_details->setPlainText(tr("Kind: %1\nBase model: %2\nRun folder: %3\nStatus: %4\n\n%5")
                                .arg(run->kind.toUpper(), run->baseModel, run->runDir, runStatusToString(run->status),
                                     QString::fromUtf8(config.toJson(QJsonDocument::Indented))));
    if (runId != m_runId)
        watchRunDir(run->runDir, run->id);
}

void TrainingDashboard::updateButtons()
{
    const bool running = jobRunning();
    m_cancel->setEnabled(running);
    m_resume->setEnabled(!running && m_runId && m_log.state() != ProgressLog::State::Finished);
}

bool TrainingDashboard::confirmClose()
{
    if (!jobRunning())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Training"),
                    tr("A training job is running. Keep it running in the background?"),
                    QMessageBox::NoButton, this);
    QPushButton *keep = box.addButton(tr("Keep running"), QMessageBox::AcceptRole);
    QPushButton *stop = box.addButton(tr("Stop the job"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() == stop) {
        cancelRun();
        return true;
    }
    return box.clickedButton() == keep;
}

void TrainingDashboard::closeEvent(QCloseEvent *event)
{
    if (!confirmClose()) {
        event->ignore();
        return;
    }
    m_timer->stop();
    QWidget::closeEvent(event);
}

} // namespace sd::ui
