// The training dashboard on progress.jsonl files in the job's contract format
// (plots every point, tolerates a half-written last line), and its job control
// (start detached, cancel with SIGTERM, resume, history in the project) against
// a small shell program that follows the `surgdistill train` contract.
#include "model/customplot.h"
#include "demo/demoproject.h"
#include "progresslog.h"
#include "store/projectstore.h"
#include "testsupport.h"
#include "model/trainingdashboard.h"
#include "trainingjob.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace sd;
using namespace sd::ui;

namespace {
// Follows the job contract: progress lines, a checkpoint every 5 steps, on
// SIGTERM a checkpoint plus "interrupted", and a second start on the same
// RUN_DIR resumes after the last checkpoint.
const char *const kContractJob = R"(#!/bin/bash
kind="$2"; out="${10}"
mkdir -p "$out"; echo "$@" > "$out/args.txt"
log="$out/progress.jsonl"; total=30; step=0
[ -f "$out/last_checkpoint" ] && step=$(cat "$out/last_checkpoint")
logged=$step
checkpoint() { mkdir -p "$out/ckpt-$step"; echo "$step" > "$out/last_checkpoint";
  echo "{\"event\":\"checkpoint\",\"step\":$step,\"path\":\"ckpt-$step\"}" >> "$log"; }
trap 'step=$logged; checkpoint; echo "{\"event\":\"interrupted\",\"step\":$step}" >> "$log"; exit 0' TERM
echo "{\"event\":\"start\",\"stage\":\"$kind\",\"lr\":0.00001}" >> "$log"
while [ "$step" -lt "$total" ]; do
  step=$((step + 1))
  echo "{\"event\":\"step\",\"stage\":\"$kind\",\"step\":$step,\"total_steps\":$total,\"epoch\":0.5,\"loss\":$((100 - step)),\"lr\":0.00001,\"tokens_per_s\":500,\"elapsed_s\":$step,\"eta_s\":$((total - step))}" >> "$log"
  logged=$step
  [ $((step % 5)) -eq 0 ] && checkpoint
  sleep 0.15 & wait $!
done
mkdir -p "$out/final"
echo "{\"event\":\"finished\",\"step\":$step,\"path\":\"$out/final\"}" >> "$log"
)";

// Full precision, so the plotted values can be compared exactly.
QString num(double v)
{
    return QString::number(v, 'g', 17);
}

QByteArray stepLine(const char *stage, int step, int total, double loss, double lr, double speed, double eta,
                    const QString &dpoExtra = {})
{
    return QStringLiteral("{\"event\":\"step\",\"stage\":\"%1\",\"step\":%2,\"total_steps\":%3,\"epoch\":%4,"
                          "\"loss\":%5,\"lr\":%6,\"tokens_per_s\":%7,\"elapsed_s\":%8,\"eta_s\":%9%10}\n")
        .arg(QLatin1String(stage)).arg(step).arg(total).arg(num(double(step) / total), num(loss), num(lr), num(speed),
                                                           num(step * 1.5), num(eta), dpoExtra)
        .toUtf8();
}
} // namespace

class TestTrainingDashboard : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
    }

    void plotsEveryPointOfAGrowingLog()
    {
        const QString runDir = m_tmp.filePath("sft-run");
        QVERIFY(QDir().mkpath(runDir));
        QByteArray bytes = "{\"event\":\"start\",\"stage\":\"sft\",\"lr\":2e-05,\"epochs\":1}\n";
        const int n = 25;
        for (int s = 1; s <= n; ++s)
            bytes += stepLine("sft", s, 40, 3.0 / s, 2e-5 * s / n, 900 + s, 40 - s);
        const QByteArray partial = stepLine("sft", n + 1, 40, 0.01, 2e-5, 999, 14);
        bytes += partial.left(partial.size() / 2); // the job is writing this line right now
        sd::testsupport::writeFile(progressFilePath(runDir), bytes);

        TrainingDashboard dash;
        dash.watchRunDir(runDir);
        QCOMPARE(dash.lossPlot()->graph(0)->data()->size(), n);
        QCOMPARE(dash.lrPlot()->graph(0)->data()->size(), n);
        QCOMPARE(dash.speedPlot()->graph(0)->data()->size(), n);
        for (int s = 1; s <= n; ++s) {
            const auto loss = dash.lossPlot()->graph(0)->data()->at(s - 1);
            QCOMPARE(loss->key, double(s));
            QCOMPARE(loss->value, 3.0 / s);
            QCOMPARE(dash.lrPlot()->graph(0)->data()->at(s - 1)->value, 2e-5 * s / n);
            QCOMPARE(dash.speedPlot()->graph(0)->data()->at(s - 1)->value, 900.0 + s);
        }
        QVERIFY(!dash.dpoPlot()->isVisibleTo(&dash));
        QVERIFY(dash.etaText().contains("0:00:15")); // eta_s of step 25
        QVERIFY(dash.findChild<QLabel *>("stepLabel")->text().contains("25"));

        // The job finishes the line: the next poll adds exactly that point.
        QFile f(progressFilePath(runDir));
        QVERIFY(f.open(QIODevice::Append));
        f.write(partial.mid(partial.size() / 2));
        f.close();
        dash.poll();
        QCOMPARE(dash.lossPlot()->graph(0)->data()->size(), n + 1);
        QCOMPARE(dash.lossPlot()->graph(0)->data()->at(n)->value, 0.01);
        QCOMPARE(dash.speedPlot()->graph(0)->data()->at(n)->value, 999.0);
    }

    // A real job: cme-tiny created by `surgdistill model create-tiny` and trained for 4 SFT steps by
    // `surgdistill train sft`; the dashboard plots every step the job wrote, with the job's own numbers.
    void plotsARealCmeTinyRun()
    {
        const QString dir = m_tmp.filePath("real");
        QVERIFY(QDir().mkpath(dir));
        QByteArray jsonl;
        const char *answers[] = {"This is the inferior mesenteric vein in a left-sided CME.",
                                 "This is the pancreas; its inferior border marks the level of high ligation.",
                                 "This is the duodenum, protected during medial-to-lateral mobilisation.",
                                 "This is angel's hair, the sign of the correct plane."};
        auto message = [](const char *role, const char *text) {
            return QJsonObject{{"role", role},
                               {"content", QJsonArray{QJsonObject{{"type", "text"}, {"text", text}}}}};
        };
        for (int i = 0; i < 8; ++i)
            jsonl += QJsonDocument(QJsonObject{{"messages", QJsonArray{message("user", "Which structure?"),
                                                                        message("assistant", answers[i % 4])}}})
                         .toJson(QJsonDocument::Compact)
                     + '\n';
        const QString data = QDir(dir).filePath("train.jsonl");
        sd::testsupport::writeFile(data, jsonl);
        const QString model = QDir(dir).filePath("cme-tiny");
        const QString runDir = QDir(dir).filePath("run");
        QProcess create;
        create.start(QStringLiteral(SURGDISTILL_EXE), {"model", "create-tiny", "--corpus", data, "--out", model});
        QVERIFY(create.waitForFinished(120000));
        QCOMPARE(create.exitCode(), 0);
        sd::testsupport::writeFile(QDir(dir).filePath("cfg.json"),
                                   QJsonDocument(QJsonObject{{"lr", 0.001}, {"epochs", 2}, {"batch_size", 2}}).toJson());
        QProcess train;
        train.start(QStringLiteral(SURGDISTILL_EXE), {"train", "sft", "--dataset", data, "--base", model, "--out", runDir,
                                                      "--config", QDir(dir).filePath("cfg.json")});
        QVERIFY(train.waitForFinished(300000));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());

        ProgressLog log(progressFilePath(runDir));
        log.poll();
        QCOMPARE(int(log.points().size()), 8); // 8 examples, batch 2, 2 epochs
        TrainingDashboard dash;
        dash.watchRunDir(runDir);
        dash.poll();
        QCOMPARE(dash.lossPlot()->graph(0)->data()->size(), 8);
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(dash.lossPlot()->graph(0)->data()->at(i)->key, double(log.points()[size_t(i)].step));
            QCOMPARE(dash.lossPlot()->graph(0)->data()->at(i)->value, log.points()[size_t(i)].loss);
        }
        QCOMPARE(log.state(), ProgressLog::State::Finished);
    }

    void plotsDpoRewards()
    {
        const QString runDir = m_tmp.filePath("dpo-run");
        QVERIFY(QDir().mkpath(runDir));
        QByteArray bytes = "{\"event\":\"start\",\"stage\":\"dpo\",\"beta\":0.1}\n";
        for (int s = 1; s <= 8; ++s)
            bytes += stepLine("dpo", s, 8, 0.69 - 0.05 * s, 5e-7, 120, 8 - s,
                              QStringLiteral(",\"reward_chosen\":%1,\"reward_rejected\":%2,\"reward_margin\":%3,"
                                             "\"reward_accuracy\":%4")
                                  .arg(num(0.1 * s), num(-0.1 * s), num(0.2 * s), num(s / 8.0)));
        bytes += "{\"event\":\"finished\",\"step\":8,\"path\":\"final\"}\n";
        sd::testsupport::writeFile(progressFilePath(runDir), bytes);
        TrainingDashboard dash;
        dash.watchRunDir(runDir);
        QVERIFY(dash.dpoPlot()->isVisibleTo(&dash));
        QCOMPARE(dash.dpoPlot()->graph(0)->data()->size(), 8);
        QCOMPARE(dash.dpoPlot()->graph(1)->data()->size(), 8);
        for (int s = 1; s <= 8; ++s) {
            QCOMPARE(dash.dpoPlot()->graph(0)->data()->at(s - 1)->value, 0.2 * s);
            QCOMPARE(dash.dpoPlot()->graph(1)->data()->at(s - 1)->value, s / 8.0);
        }
        QCOMPARE(dash.progress().state(), ProgressLog::State::Finished);
        QVERIFY(dash.statusText().contains("final"));
        QVERIFY(dash.etaText().startsWith("done"));
    }

    void startCancelResumeWithHistory()
    {
        const QString job = m_tmp.filePath("contract-job.sh");
        sd::testsupport::writeFile(job, kContractJob);
        QVERIFY(QFile::setPermissions(job, QFile::permissions(job) | QFileDevice::ExeOwner));
        DemoOptions o;
        o.frames = 2;
        createDemoProject(m_tmp.filePath("project"), o);
        auto store = ProjectStore::open(m_tmp.filePath("project"));
        const QString data = m_tmp.filePath("train.jsonl");
        sd::testsupport::writeFile(data, "{}\n");

        TrainingDashboard dash;
        dash.setProject(store.get());
        dash.setTrainExecutable(job);
        TrainingSettings s = TrainingSettings::paperDefaults("sft");
        s.baseModel = sd::testsupport::fixtureDir() + "/model";
        s.dataset = data;
        s.runDir = m_tmp.filePath("project/runs/sft-1");
        s.useLora = true;
        s.loraRank = 8;
        s.lr = 3e-5;

        // Settings the job cannot run are refused before anything starts.
        TrainingSettings bad = s;
        bad.dataset = m_tmp.filePath("missing.jsonl");
        QCOMPARE(dash.startRun(bad), qint64(0));
        QVERIFY(dash.statusText().contains("missing.jsonl"));
        QVERIFY(store->trainingRuns().empty());

        const qint64 runId = dash.startRun(s);
        QVERIFY(runId > 0);
        QTRY_VERIFY_WITH_TIMEOUT(dash.progress().points().size() >= 7, 60000);
        QVERIFY(dash.jobRunning());
        const QString args = QString::fromUtf8(sd::testsupport::readFile(s.runDir + "/args.txt")).trimmed();
        QCOMPARE(args, trainArguments(s).join(' '));
        const QJsonObject config = QJsonDocument::fromJson(sd::testsupport::readFile(configFilePath(s.runDir))).object();
        QCOMPARE(config.value("lr").toDouble(), 3e-5);
        QCOMPARE(config.value("lora").toObject().value("rank").toInt(), 8);
        QCOMPARE(config.value("freeze").toObject().value("vision").toBool(), true);
        QCOMPARE(store->trainingRun(runId)->status, RunStatus::Running);

        QVERIFY(dash.cancelRun());
        QTRY_COMPARE_WITH_TIMEOUT(dash.progress().state(), ProgressLog::State::Interrupted, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!dash.jobRunning(), 30000);
        const int stoppedAt = dash.progress().points().back().step;
        QCOMPARE(store->trainingRun(runId)->status, RunStatus::Interrupted);
        const auto checkpoints = store->checkpoints(runId);
        QVERIFY(!checkpoints.empty());
        QCOMPARE(checkpoints.back().step, stoppedAt);
        QCOMPARE(checkpointModelFolders(*store).front(), QDir::cleanPath(s.runDir + "/ckpt-" + QString::number(stoppedAt)));

        QVERIFY(dash.resumeRun(runId));
        QTRY_COMPARE_WITH_TIMEOUT(dash.progress().state(), ProgressLog::State::Finished, 60000);
        QCOMPARE(dash.progress().resumeCount(), 1);
        QCOMPARE(int(dash.progress().points().size()), 30); // every step once, resumed ones not doubled
        QCOMPARE(dash.lossPlot()->graph(0)->data()->size(), 30);
        QTRY_COMPARE_WITH_TIMEOUT(store->trainingRun(runId)->status, RunStatus::Finished, 10000);
        QVERIFY(store->trainingRun(runId)->finishedAt.isValid());
        const auto finalCheckpoints = store->checkpoints(runId);
        QCOMPARE(finalCheckpoints.back().path, s.runDir + "/final");
        QCOMPARE(checkpointModelFolders(*store).front(), QDir::cleanPath(s.runDir + "/final"));

        // History: the run with its checkpoints as children.
        QCOMPARE(dash.runList()->topLevelItemCount(), 1);
        QCOMPARE(dash.runList()->topLevelItem(0)->childCount(), int(finalCheckpoints.size()));
        QVERIFY(dash.confirmClose()); // nothing running: closes without asking
    }

    // A job that dies without a final event (here: refuses its arguments) is
    // reported with the end of its output and recorded as failed.
    void jobThatEndsSilently()
    {
        const QString job = m_tmp.filePath("refusing-job.sh");
        sd::testsupport::writeFile(job, "#!/bin/bash\necho \"train: unknown option --frobnicate\" >&2\nexit 2\n");
        QVERIFY(QFile::setPermissions(job, QFile::permissions(job) | QFileDevice::ExeOwner));
        DemoOptions o;
        o.frames = 1;
        createDemoProject(m_tmp.filePath("project2"), o);
        auto store = ProjectStore::open(m_tmp.filePath("project2"));
        const QString data = m_tmp.filePath("train2.jsonl");
        sd::testsupport::writeFile(data, "{}\n");
        TrainingDashboard dash;
        dash.setProject(store.get());
        dash.setTrainExecutable(job);
        TrainingSettings s = TrainingSettings::paperDefaults("dpo");
        s.baseModel = sd::testsupport::fixtureDir() + "/model";
        s.dataset = data;
        s.runDir = m_tmp.filePath("project2/runs/dpo-1");
        const qint64 runId = dash.startRun(s);
        QVERIFY(runId > 0);
        QTRY_VERIFY_WITH_TIMEOUT(dash.statusText().contains("unknown option --frobnicate"), 30000);
        QCOMPARE(store->trainingRun(runId)->status, RunStatus::Failed);
        QVERIFY(!dash.jobRunning());
    }
};

QTEST_MAIN(TestTrainingDashboard)
#include "tst_trainingdashboard.moc"
