// The training job's settings, config JSON (the job contract's keys), command
// line and pid file.
#include "testsupport.h"
#include "trainingjob.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd;

class TestTrainingJob : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void paperDefaults()
    {
        const TrainingSettings sft = TrainingSettings::paperDefaults("sft");
        QCOMPARE(sft.epochs, 1);
        QVERIFY(sft.freezeVision);
        QVERIFY(!sft.freezeMerger);
        QVERIFY(!sft.freezeLanguage);
        const TrainingSettings dpo = TrainingSettings::paperDefaults("dpo");
        QVERIFY(!dpo.freezeVision); // DPO trains all components
        QCOMPARE(dpo.beta, 0.1);
    }

    void configJsonHasTheContractKeys()
    {
        TrainingSettings s = TrainingSettings::paperDefaults("dpo");
        s.useLora = true;
        s.loraRank = 4;
        s.loraTargets = {"q_proj", "v_proj"};
        s.lr = 1e-6;
        s.gradAccum = 3;
        const QJsonObject c = s.toConfigJson();
        for (const char *key : {"lr", "epochs", "batch_size", "grad_accum", "warmup_ratio", "weight_decay",
                                "max_grad_norm", "seed", "lora", "freeze", "beta", "save_every", "dtype"})
            QVERIFY2(c.contains(key), key);
        QCOMPARE(c.value("lora").toObject().value("targets").toArray().size(), 2);
        QCOMPARE(c.value("grad_accum").toInt(), 3);
        const TrainingSettings back = TrainingSettings::fromConfigJson("dpo", c);
        QCOMPARE(back.toConfigJson(), c);
        // Full fine-tuning writes "lora": null.
        s.useLora = false;
        QVERIFY(s.toConfigJson().value("lora").isNull());
        QVERIFY(!TrainingSettings::fromConfigJson("dpo", s.toConfigJson()).useLora);
    }

    void problemsAndArguments()
    {
        QTemporaryDir tmp;
        TrainingSettings s = TrainingSettings::paperDefaults("sft");
        s.baseModel = sd::testsupport::fixtureDir() + "/model";
        s.dataset = tmp.filePath("train.jsonl");
        s.runDir = tmp.filePath("run");
        QVERIFY(s.problem().contains("train.jsonl"));
        sd::testsupport::writeFile(s.dataset, "{}\n");
        QCOMPARE(s.problem(), QString());
        s.freezeMerger = s.freezeLanguage = true;
        QVERIFY(s.problem().contains("frozen"));
        s.useLora = true; // adapters are trained even with everything frozen
        QCOMPARE(s.problem(), QString());
        s.baseModel = tmp.filePath("nothing");
        QVERIFY(s.problem().contains("config.json"));

        s.baseModel = "/m";
        QCOMPARE(trainArguments(s), (QStringList{"train", "sft", "--base", "/m", "--dataset", s.dataset, "--config",
                                                 s.runDir + "/config.json", "--out", s.runDir}));
        writeRunConfig(s);
        QCOMPARE(QJsonDocument::fromJson(sd::testsupport::readFile(configFilePath(s.runDir))).object(),
                 s.toConfigJson());
    }

    void pidFile()
    {
        QTemporaryDir tmp;
        QVERIFY(!readJobPid(tmp.path()));
        writeJobPid(tmp.path(), QCoreApplication::applicationPid());
        QCOMPARE(*readJobPid(tmp.path()), QCoreApplication::applicationPid());
        QVERIFY(processAlive(QCoreApplication::applicationPid()));

        // A finished child (reaped) is not alive; a zombie counts as finished too.
        QProcess child;
        child.start("sleep", {"30"});
        QVERIFY(child.waitForStarted());
        const qint64 pid = child.processId();
        QVERIFY(processAlive(pid));
        QVERIFY(terminateJob(pid));
        QVERIFY(child.waitForFinished());
        QVERIFY(!processAlive(pid));
        QVERIFY(!terminateJob(pid));
        sd::testsupport::writeFile(pidFilePath(tmp.path()), "garbage");
        QVERIFY(!readJobPid(tmp.path()));
    }
};

QTEST_GUILESS_MAIN(TestTrainingJob)
#include "tst_trainingjob.moc"
