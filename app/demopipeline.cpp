#include "demopipeline.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <cstdio>
#ifdef _WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

namespace sd::app {
namespace {

// SIGTERM/SIGINT reach this process (the GUI's Cancel, Ctrl+C): the running stage is asked to stop
// the same way, so a training stage writes its checkpoint instead of being orphaned.
std::atomic<bool> g_stopRequested{false};

extern "C" void requestPipelineStop(int)
{
    g_stopRequested = true;
}

// cme-tiny's language model starts from random weights, unlike the paper's pre-trained model (one
// epoch at 1e-5): it needs many epochs at a high learning rate. The vision tower comes pre-trained
// from the "vision" stage and stays frozen, as in the paper's SFT. About 0.5 s a step on 2 idle CPU cores.
constexpr int kDefaultSftEpochs = 12;
// Vision pre-training sees the training split plus freshly rendered synthetic frames (another seed than
// the project's, so no held-out frame): three per project frame. With the training split alone the
// tower tells the held-out structures apart in about 70 % of cases; with the rendered frames, over 90 %
// after two epochs.
constexpr int kRenderedFramesPerFrame = 3;
constexpr int kVisionEpochs = 4;
// Preference pairs are sampled for this many training examples: five answers each is the slowest
// step on a CPU, and DPO needs far fewer pairs than SFT needs examples.
constexpr int kPairExamples = 150;

QJsonObject sftConfig(int epochs)
{
    return {{QStringLiteral("epochs"), epochs},
            {QStringLiteral("lr"), 3e-3},
            {QStringLiteral("batch_size"), 4},
            {QStringLiteral("warmup_ratio"), 0.05},
            {QStringLiteral("weight_decay"), 0.01},
            {QStringLiteral("freeze"), QJsonObject{{QStringLiteral("vision"), true}}},
            {QStringLiteral("seed"), 1}};
}

// The paper's DPO trains all parts; cme-tiny's pre-trained vision tower stays frozen here too: trained on
// 150 text preferences it lost some of what it saw (held-out naming 95.8 % -> 87.5 %; frozen: 95.8 %).
QJsonObject dpoConfig()
{
    return {{QStringLiteral("epochs"), 1},
            {QStringLiteral("lr"), 1e-4},
            {QStringLiteral("batch_size"), 4},
            {QStringLiteral("beta"), 0.1},
            {QStringLiteral("freeze"), QJsonObject{{QStringLiteral("vision"), true}}},
            {QStringLiteral("seed"), 1}};
}

QString path(const QString &dir, const QString &name)
{
    return QDir(dir).filePath(name);
}

bool writeFile(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QString bar(double fraction, int width = 28)
{
    const int filled = qBound(0, int(fraction * width + 0.5), width);
    return QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char('.'));
}

QString duration(double seconds)
{
    const int s = int(seconds + 0.5);
    return s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1 s").arg(s);
}

// Appends JSON lines to pipeline.jsonl and plain lines to pipeline.log, flushing each,
// so the GUI (and a person with `tail -f`) can follow.
class PipelineLog {
public:
    explicit PipelineLog(const QString &outDir)
        : m_events(path(outDir, QStringLiteral("pipeline.jsonl"))), m_log(path(outDir, QStringLiteral("pipeline.log")))
    {
        m_events.open(QIODevice::WriteOnly | QIODevice::Append);
        m_log.open(QIODevice::WriteOnly | QIODevice::Append);
    }
    void event(const QJsonObject &o)
    {
        m_events.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        m_events.flush();
    }
    void line(const QString &text)
    {
        m_log.write(text.toUtf8() + '\n');
        m_log.flush();
    }

private:
    QFile m_events, m_log;
};

struct StageOutcome {
    int exitCode = 0;
    QString finishedModel; // a training stage's final checkpoint folder
};

class StageRunner {
public:
    StageRunner(PipelineLog &log, bool quiet) : m_log(log), m_quiet(quiet), m_tty(isatty(fileno(stdout))) {}

    StageOutcome run(const DemoStage &stage, int threads)
    {
        StageOutcome outcome;
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments(stage.args);
        if (threads > 0) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("OMP_NUM_THREADS"), QString::number(threads));
            child.setProcessEnvironment(env);
        }
        m_log.line(QStringLiteral("$ surgdistill ") + stage.args.join(QLatin1Char(' ')));
        child.start();
        if (!child.waitForStarted(-1)) {
            m_err << "cannot start " << child.program() << ": " << child.errorString() << "\n";
            outcome.exitCode = 1;
            return outcome;
        }
        bool stopSent = false;
        while (child.state() != QProcess::NotRunning) {
            child.waitForReadyRead(500);
            drain(child, stage, outcome, false);
            if (g_stopRequested && !stopSent) {
                child.terminate();
                stopSent = true;
            }
        }
        drain(child, stage, outcome, true);
        endProgressLine();
        outcome.exitCode = child.exitStatus() == QProcess::NormalExit ? child.exitCode() : 1;
        return outcome;
    }

private:
    void drain(QProcess &child, const DemoStage &stage, StageOutcome &outcome, bool final)
    {
        m_stdout += child.readAllStandardOutput();
        m_stderr += child.readAllStandardError();
        if (final) {
            if (!m_stdout.endsWith('\n') && !m_stdout.isEmpty())
                m_stdout += '\n';
            if (!m_stderr.endsWith('\n') && !m_stderr.isEmpty())
                m_stderr += '\n';
        }
        for (int nl; (nl = m_stderr.indexOf('\n')) >= 0;) {
            const QString text = QString::fromUtf8(m_stderr.left(nl));
            m_stderr.remove(0, nl + 1);
            m_log.line(text);
            endProgressLine();
            m_err << "    " << text << "\n" << Qt::flush;
        }
        for (int nl; (nl = m_stdout.indexOf('\n')) >= 0;) {
            const QByteArray raw = m_stdout.left(nl);
            m_stdout.remove(0, nl + 1);
            handleLine(raw, stage, outcome);
        }
    }

    void handleLine(const QByteArray &raw, const DemoStage &stage, StageOutcome &outcome)
    {
        const QJsonDocument doc = raw.startsWith('{') ? QJsonDocument::fromJson(raw) : QJsonDocument();
        if (!doc.isObject()) {
            m_log.line(QString::fromUtf8(raw));
            if (!m_quiet) {
                endProgressLine();
                m_out << "    " << QString::fromUtf8(raw) << "\n" << Qt::flush;
            }
            return;
        }
        // A training progress event: keep it for the dashboard, show a progress bar.
        QJsonObject o = doc.object();
        o.insert(QStringLiteral("stage_key"), stage.key);
        m_log.event(o);
        const QString event = o.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("finished"))
            outcome.finishedModel = o.value(QStringLiteral("path")).toString();
        if (event != QLatin1String("step"))
            return;
        const double step = o.value(QStringLiteral("step")).toDouble();
        const double totalSteps = qMax(1.0, o.value(QStringLiteral("total_steps")).toDouble());
        const QString text = QStringLiteral("    [%1] step %2/%3  loss %4  eta %5")
                                 .arg(bar(step / totalSteps))
                                 .arg(int(step))
                                 .arg(int(totalSteps))
                                 .arg(o.value(QStringLiteral("loss")).toDouble(), 0, 'f', 4)
                                 .arg(duration(o.value(QStringLiteral("eta_s")).toDouble()));
        if (m_tty) {
            m_out << "\r" << text << Qt::flush;
            m_progressOpen = true;
        } else if (int(step) % 10 == 0 || step >= totalSteps) {
            m_out << text << "\n" << Qt::flush;
        }
    }

    void endProgressLine()
    {
        if (m_progressOpen)
            m_out << "\n" << Qt::flush;
        m_progressOpen = false;
    }

    PipelineLog &m_log;
    bool m_quiet;
    bool m_tty;
    bool m_progressOpen = false;
    QByteArray m_stdout, m_stderr;
    QTextStream m_out{stdout};
    QTextStream m_err{stderr};
};

QString tinyBaseDir(const DemoPipelineOptions &o)
{
    return path(o.outDir, QStringLiteral("models/cme-tiny-base"));
}

// cme-tiny after vision pre-training: what SFT starts from, and the table's "Base" row.
QString tinyVisionDir(const DemoPipelineOptions &o)
{
    return path(o.outDir, QStringLiteral("models/cme-tiny-vision"));
}

} // namespace

std::vector<DemoStage> demoStages(const DemoPipelineOptions &o)
{
    const QStringList pairTokens = o.maxTokens > 0
        ? QStringList{QStringLiteral("--max-new-tokens"), QString::number(o.maxTokens)} : QStringList{};
    const QStringList evalTokens = o.maxTokens > 0
        ? QStringList{QStringLiteral("--max-tokens"), QString::number(o.maxTokens)} : QStringList{};
    const QString project = path(o.outDir, QStringLiteral("project"));
    const QString dataset = path(o.outDir, QStringLiteral("dataset"));
    const QString threads = QString::number(o.threads);
    const QString runs = path(o.outDir, QStringLiteral("runs"));
    const QString configs = path(o.outDir, QStringLiteral("configs"));
    return {
        {QStringLiteral("project"), QStringLiteral("Create the synthetic demo project"),
         {QStringLiteral("demo"), QStringLiteral("create"), project, QStringLiteral("--frames"),
          QString::number(o.frames), QStringLiteral("--quiet")}},
        {QStringLiteral("split"), QStringLiteral("Hold out 20 % of the operations for evaluation"),
         {QStringLiteral("split"), QStringLiteral("--project"), project, QStringLiteral("--test-share"),
          QStringLiteral("0.2"), QStringLiteral("--seed"), QStringLiteral("1")}},
        {QStringLiteral("teacher"), QStringLiteral("Teacher answers from text and mask only (offline teacher)"),
         {QStringLiteral("teacher"), QStringLiteral("generate"), QStringLiteral("--project"), project,
          QStringLiteral("--provider"), QStringLiteral("offline"), QStringLiteral("--quiet")}},
        {QStringLiteral("review"), QStringLiteral("Accept the answers as the demo reviewer (not a surgeon)"),
         {QStringLiteral("teacher"), QStringLiteral("demo-accept"), QStringLiteral("--project"), project}},
        {QStringLiteral("dataset"), QStringLiteral("Export the reviewed training set (TRL messages JSONL)"),
         {QStringLiteral("dataset"), QStringLiteral("export"), QStringLiteral("--project"), project,
          QStringLiteral("--out"), dataset, QStringLiteral("--kind"), QStringLiteral("sft"), QStringLiteral("--split"),
          QStringLiteral("train")}},
        {QStringLiteral("model"), QStringLiteral("Create cme-tiny: tokenizer trained on the texts, random weights"),
         {QStringLiteral("model"), QStringLiteral("create-tiny"), QStringLiteral("--corpus"),
          path(dataset, QStringLiteral("sft.jsonl")), QStringLiteral("--out"), tinyBaseDir(o)}},
        {QStringLiteral("vision"), QStringLiteral("Pre-train cme-tiny's vision tower to tell the structures apart"),
         {QStringLiteral("model"), QStringLiteral("pretrain-vision"), QStringLiteral("--dataset"),
          path(dataset, QStringLiteral("sft.jsonl")), QStringLiteral("--base"), tinyBaseDir(o), QStringLiteral("--out"),
          tinyVisionDir(o), QStringLiteral("--render"), QString::number(kRenderedFramesPerFrame * o.frames),
          QStringLiteral("--epochs"), QString::number(kVisionEpochs), QStringLiteral("--threads"), threads}},
        {QStringLiteral("sft"), QStringLiteral("Supervised fine-tuning (SFT)"),
         {QStringLiteral("train"), QStringLiteral("sft"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
          path(dataset, QStringLiteral("sft.jsonl")), QStringLiteral("--base"), tinyVisionDir(o), QStringLiteral("--out"),
          path(runs, QStringLiteral("sft")), QStringLiteral("--config"),
          path(configs, QStringLiteral("sft.json")), QStringLiteral("--threads"), threads}},
        {QStringLiteral("pairs"), QStringLiteral("Sample 5 answers per example, teacher picks chosen/rejected"),
         QStringList{QStringLiteral("pairs"), QStringLiteral("generate"), QStringLiteral("--project"), project,
          QStringLiteral("--sft-model"), QStringLiteral("{sft_model}"), QStringLiteral("--limit"),
          QString::number(kPairExamples), QStringLiteral("--threads"), threads, QStringLiteral("--quiet")} + pairTokens},
        {QStringLiteral("pair_review"), QStringLiteral("Approve the pairs as the demo reviewer (not a surgeon)"),
         {QStringLiteral("pairs"), QStringLiteral("demo-approve"), QStringLiteral("--project"), project}},
        {QStringLiteral("dpo"), QStringLiteral("Direct Preference Optimization (DPO)"),
         {QStringLiteral("train"), QStringLiteral("dpo"), QStringLiteral("--project"), project, QStringLiteral("--base"),
          QStringLiteral("{sft_model}"), QStringLiteral("--out"), path(runs, QStringLiteral("dpo")),
          QStringLiteral("--config"), path(configs, QStringLiteral("dpo.json")), QStringLiteral("--threads"), threads}},
        {QStringLiteral("eval"), QStringLiteral("Evaluate base, SFT and DPO on the held-out operations"),
         QStringList{QStringLiteral("eval"), QStringLiteral("--project"), project, QStringLiteral("--models"),
          QStringLiteral("Base=%1,SFT={sft_model},DPO={dpo_model}").arg(tinyVisionDir(o)), QStringLiteral("--out"),
          path(o.outDir, QStringLiteral("report")), QStringLiteral("--judge"), QStringLiteral("offline")} + evalTokens},
    };
}

int runDemoPipeline(const DemoPipelineOptions &options)
{
    QTextStream out(stdout), err(stderr);
    if (!QDir().mkpath(path(options.outDir, QStringLiteral("configs")))) {
        err << "surgdistill demo run: cannot create " << options.outDir << "\n";
        return 1;
    }
    const int epochs = options.sftEpochs > 0 ? options.sftEpochs : kDefaultSftEpochs;
    if (!writeFile(path(options.outDir, QStringLiteral("configs/sft.json")), QJsonDocument(sftConfig(epochs)).toJson())
        || !writeFile(path(options.outDir, QStringLiteral("configs/dpo.json")), QJsonDocument(dpoConfig()).toJson())) {
        err << "surgdistill demo run: cannot write the training configurations into " << options.outDir << "\n";
        return 1;
    }

    g_stopRequested = false;
    std::signal(SIGTERM, requestPipelineStop);
    std::signal(SIGINT, requestPipelineStop);
    PipelineLog log(options.outDir);
    StageRunner runner(log, options.quiet);
    auto stages = demoStages(options);
    QMap<QString, QString> models;
    QElapsedTimer total;
    total.start();
    out << "SurgDistill demo pipeline: " << options.frames << " synthetic frames, output in "
        << QDir::toNativeSeparators(options.outDir) << "\n"
        << "Everything here is synthetic; the models are toys and not clinically meaningful.\n\n" << Qt::flush;
    for (int i = 0; i < int(stages.size()); ++i) {
        DemoStage &stage = stages[size_t(i)];
        for (QString &a : stage.args) {
            a.replace(QStringLiteral("{sft_model}"), models.value(QStringLiteral("sft")));
            a.replace(QStringLiteral("{dpo_model}"), models.value(QStringLiteral("dpo")));
        }
        out << "[" << (i + 1) << "/" << stages.size() << "] " << stage.title << "\n" << Qt::flush;
        QJsonObject e{{QStringLiteral("event"), QStringLiteral("stage")},
                      {QStringLiteral("index"), i + 1},
                      {QStringLiteral("total"), int(stages.size())},
                      {QStringLiteral("key"), stage.key},
                      {QStringLiteral("title"), stage.title},
                      {QStringLiteral("status"), QStringLiteral("started")},
                      {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
        log.event(e);
        QElapsedTimer timer;
        timer.start();
        const StageOutcome result = runner.run(stage, options.threads);
        const double seconds = timer.elapsed() / 1000.0;
        e.insert(QStringLiteral("elapsed_s"), seconds);
        if (!result.finishedModel.isEmpty())
            models.insert(stage.key, result.finishedModel);
        const bool trainingWithoutModel = (stage.key == QLatin1String("sft") || stage.key == QLatin1String("dpo"))
                                          && result.finishedModel.isEmpty();
        if (g_stopRequested) {
            e.insert(QStringLiteral("status"), QStringLiteral("failed"));
            log.event(e);
            err << "surgdistill demo run: stopped during '" << stage.title << "'\n";
            return 130;
        }
        if (result.exitCode != 0 || trainingWithoutModel) {
            e.insert(QStringLiteral("status"), QStringLiteral("failed"));
            log.event(e);
            err << "surgdistill demo run: stage '" << stage.title << "' failed"
                << (result.exitCode != 0 ? QStringLiteral(" (exit status %1)").arg(result.exitCode)
                                         : QStringLiteral(" (no model was written)"))
                << ". The log is in " << path(options.outDir, QStringLiteral("pipeline.log")) << "\n";
            return result.exitCode != 0 ? result.exitCode : 1;
        }
        e.insert(QStringLiteral("status"), QStringLiteral("finished"));
        log.event(e);
        out << "    done in " << duration(seconds) << "\n" << Qt::flush;
    }

    QFile report(path(options.outDir, QStringLiteral("report/report.md")));
    out << "\nFinished in " << duration(total.elapsed() / 1000.0) << ".\n\n";
    if (report.open(QIODevice::ReadOnly))
        out << QString::fromUtf8(report.readAll()) << "\n";
    out << "Report: " << QDir::toNativeSeparators(path(options.outDir, QStringLiteral("report")))
        << " (report.md, report.csv, report.pdf). Open the project in the app: surgdistill "
        << QDir::toNativeSeparators(path(options.outDir, QStringLiteral("project"))) << "\n";
    log.event({{QStringLiteral("event"), QStringLiteral("pipeline_finished")},
               {QStringLiteral("elapsed_s"), total.elapsed() / 1000.0}});
    return 0;
}

} // namespace sd::app
