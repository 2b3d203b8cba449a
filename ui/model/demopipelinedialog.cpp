#include "demopipelinedialog.h"

#include "trainingdashboard.h"

#include "demo/demoproject.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace sd::ui {

DemoPipelineDialog::DemoPipelineDialog(TrainingDashboard *dashboard, QWidget *parent)
    : QDialog(parent), m_dashboard(dashboard), m_executable(QCoreApplication::applicationFilePath())
{
    setWindowTitle(tr("Run the demo pipeline"));
    setObjectName(QStringLiteral("demoPipelineDialog"));
    auto *intro = new QLabel(tr("Runs the paper's whole pipeline on a synthetic demo project, without a GPU or a "
                                "network: offline teacher answers, automatic demo review, SFT of the small cme-tiny "
                                "model, preference pairs, DPO and the evaluation of base, SFT and DPO. The models "
                                "are toys and not clinically meaningful."),
                             this);
    intro->setWordWrap(true);

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("outputFolderEdit"));
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    m_folder->setText(QDir(base).filePath(QStringLiteral("demo-run-")
                                          + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder (new or empty)"));
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    m_frames = new QSpinBox(this);
    m_frames->setObjectName(QStringLiteral("framesSpin"));
    m_frames->setRange(20, 5000);
    m_frames->setValue(kDemoPipelineFrames);
    auto *form = new QFormLayout;
    form->addRow(tr("Output folder"), folderRow);
    form->addRow(tr("Demo frames"), m_frames);

    m_stages = new QListWidget(this);
    m_stages->setObjectName(QStringLiteral("stageList"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setPlaceholderText(tr("The stages' messages appear here."));

    m_start = new QPushButton(tr("&Start"), this);
    m_cancel = new QPushButton(tr("&Cancel run"), this);
    m_curves = new QPushButton(tr("Training &curves…"), this);
    m_report = new QPushButton(tr("Open &report"), this);
    auto *close = new QPushButton(tr("Close"), this);
    m_cancel->setEnabled(false);
    m_report->setEnabled(false);
    m_curves->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &DemoPipelineDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_process.terminate(); });
    connect(m_curves, &QPushButton::clicked, this, [this] {
        m_dashboard->show();
        m_dashboard->raise();
    });
    connect(m_report, &QPushButton::clicked, this, &DemoPipelineDialog::openReport);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_curves);
    buttons->addWidget(m_report);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_stages, 2);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_log, 1);
    layout->addLayout(buttons);
    resize(760, 620);

    m_timer = new QTimer(this);
    m_timer->setInterval(400);
    connect(m_timer, &QTimer::timeout, this, &DemoPipelineDialog::poll);
    connect(&m_process, &QProcess::finished, this, &DemoPipelineDialog::finished);
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_log->appendPlainText(QString::fromUtf8(m_process.readAllStandardError()).trimmed()); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { m_log->appendPlainText(QString::fromUtf8(m_process.readAllStandardOutput()).trimmed()); });
}

DemoPipelineDialog::~DemoPipelineDialog()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        m_process.waitForFinished(5000);
    }
}

void DemoPipelineDialog::setExecutable(const QString &path)
{
    m_executable = path;
}

void DemoPipelineDialog::setExtraArguments(const QStringList &args)
{
    m_extraArguments = args;
}

void DemoPipelineDialog::setOutputFolder(const QString &dir)
{
    m_folder->setText(dir);
}

void DemoPipelineDialog::setFrames(int frames)
{
    m_frames->setValue(frames);
}

bool DemoPipelineDialog::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

QString DemoPipelineDialog::reportFolder() const
{
    return QDir(m_folder->text()).filePath(QStringLiteral("report"));
}

bool DemoPipelineDialog::start()
{
    if (isRunning())
        return false;
    const QString out = QDir(m_folder->text().trimmed()).absolutePath();
    if (QDir(out).exists() && !QDir(out).isEmpty()) {
        m_status->setText(tr("%1 is not empty; choose a new folder.").arg(QDir::toNativeSeparators(out)));
        return false;
    }
    m_folder->setText(out);
    m_stages->clear();
    m_log->clear();
    m_seenEvents = 0;
    m_events.reset(QDir(out).filePath(QStringLiteral("pipeline.jsonl")));
    m_report->setEnabled(false);
    const QStringList args = QStringList{QStringLiteral("demo"), QStringLiteral("run"), QStringLiteral("--out"), out,
                                         QStringLiteral("--frames"), QString::number(m_frames->value()),
                                         QStringLiteral("--quiet")}
                             + m_extraArguments;
    m_process.start(m_executable, args);
    if (!m_process.waitForStarted(10000)) {
        m_status->setText(tr("Cannot start the pipeline: %1").arg(m_process.errorString()));
        return false;
    }
    m_status->setText(tr("Running…"));
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_folder->setEnabled(false);
    m_frames->setEnabled(false);
    m_timer->start();
    return true;
}

void DemoPipelineDialog::setStage(int index, const QString &title, const QString &status)
{
    while (m_stages->count() < index)
        m_stages->addItem(QString());
    static const QHash<QString, QString> marks = {{QStringLiteral("started"), QStringLiteral("▶")},
                                                  {QStringLiteral("finished"), QStringLiteral("✔")},
                                                  {QStringLiteral("failed"), QStringLiteral("✘")}};
    QListWidgetItem *item = m_stages->item(index - 1);
    item->setText(QStringLiteral("%1  %2. %3").arg(marks.value(status, QStringLiteral("·"))).arg(index).arg(title));
    item->setData(Qt::UserRole, status);
}

void DemoPipelineDialog::poll()
{
    m_events.poll();
    const auto &events = m_events.otherEvents();
    for (; m_seenEvents < events.size(); ++m_seenEvents) {
        const QJsonObject &e = events[m_seenEvents];
        if (e.value(QLatin1String("event")).toString() != QLatin1String("stage"))
            continue;
        const int index = e.value(QLatin1String("index")).toInt();
        const int total = e.value(QLatin1String("total")).toInt();
        const QString key = e.value(QLatin1String("key")).toString();
        const QString status = e.value(QLatin1String("status")).toString();
        setStage(index, e.value(QLatin1String("title")).toString(), status);
        m_progress->setRange(0, total);
        m_progress->setValue(status == QLatin1String("finished") ? index : index - 1);
        if (status == QLatin1String("started") && (key == QLatin1String("sft") || key == QLatin1String("dpo"))) {
            // The dashboard follows the training stage's own progress.jsonl, as for any run.
            m_dashboard->watchRunDir(QDir(m_folder->text()).filePath(QStringLiteral("runs/") + key));
            m_curves->setEnabled(true);
        }
    }
    if (!m_events.points().empty() && m_stages->count() > 0) {
        const ProgressPoint &p = m_events.points().back();
        m_status->setText(tr("%1 step %2 of %3, loss %4")
                              .arg(p.stage.toUpper())
                              .arg(p.step)
                              .arg(p.totalSteps)
                              .arg(p.loss, 0, 'f', 4));
    }
}

void DemoPipelineDialog::finished(int exitCode, QProcess::ExitStatus status)
{
    poll();
    m_timer->stop();
    const bool ok = status == QProcess::NormalExit && exitCode == 0;
    m_status->setText(ok ? tr("Finished. The report is in %1.").arg(QDir::toNativeSeparators(reportFolder()))
                         : tr("The pipeline stopped (exit status %1). Its log: %2")
                               .arg(exitCode)
                               .arg(QDir::toNativeSeparators(QDir(m_folder->text()).filePath(
                                   QStringLiteral("pipeline.log")))));
    m_report->setEnabled(ok);
    m_start->setEnabled(true);
    m_cancel->setEnabled(false);
    m_folder->setEnabled(true);
    m_frames->setEnabled(true);
    Q_EMIT pipelineFinished(ok);
}

void DemoPipelineDialog::openReport()
{
    QDesktopServices::openUrl(QUrl::fromLocalFile(QDir(reportFolder()).filePath(QStringLiteral("report.pdf"))));
}

void DemoPipelineDialog::closeEvent(QCloseEvent *event)
{
    if (isRunning()
        && QMessageBox::question(this, windowTitle(), tr("The demo pipeline is still running. Stop it?"))
               != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    if (isRunning()) {
        m_process.terminate();
        m_process.waitForFinished(5000);
    }
    QDialog::closeEvent(event);
}

} // namespace sd::ui
