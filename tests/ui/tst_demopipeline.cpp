// "Run the demo pipeline" end to end: the dialog starts the real `surgdistill
// demo run` (small: 24 frames, 1 SFT epoch, answers of at most 24 tokens), lists every stage as it finishes,
// points the training dashboard at the DPO run, and the run leaves the report,
// the trained models and a project whose evaluation is stored.
#include "model/demopipelinedialog.h"
#include "store/projectstore.h"
#include "model/trainingdashboard.h"

#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd;
using namespace sd::ui;

class TestDemoPipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsEveryStage()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        TrainingDashboard dashboard;
        DemoPipelineDialog dialog(&dashboard);
        dialog.setExecutable(QStringLiteral(SURGDISTILL_EXE));
        dialog.setExtraArguments({QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--max-tokens"),
                                  QStringLiteral("24")});
        const QString out = tmp.filePath(QStringLiteral("run"));
        dialog.setOutputFolder(out);
        dialog.setFrames(24);
        QSignalSpy done(&dialog, &DemoPipelineDialog::pipelineFinished);
        QVERIFY(dialog.start());
        QVERIFY(dialog.isRunning());
        QVERIFY2(done.wait(900000), "the pipeline did not finish in 15 minutes");
        QCOMPARE(done.first().first().toBool(), true);

        // Every stage is listed, in order, and finished.
        QListWidget *stages = dialog.stageList();
        QCOMPARE(stages->count(), 12);
        for (int i = 0; i < stages->count(); ++i)
            QCOMPARE(stages->item(i)->data(Qt::UserRole).toString(), QStringLiteral("finished"));
        QVERIFY(stages->item(6)->text().contains(QStringLiteral("vision")));
        QVERIFY(stages->item(7)->text().contains(QStringLiteral("SFT")));
        QVERIFY(stages->item(10)->text().contains(QStringLiteral("DPO")));

        // The report and the three models exist; the evaluation is in the project.
        for (const char *f : {"report/report.md", "report/report.csv", "report/report.pdf",
                              "models/cme-tiny-base/config.json", "models/cme-tiny-vision/vision_pretrain.json", "pipeline.jsonl", "pipeline.log"})
            QVERIFY2(QFile::exists(QDir(out).filePath(QLatin1String(f))), f);
        QFile md(QDir(out).filePath(QStringLiteral("report/report.md")));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString report = QString::fromUtf8(md.readAll());
        for (const char *model : {"Base", "SFT", "DPO"})
            QVERIFY2(report.contains(QLatin1String(model)), model);
        auto store = ProjectStore::open(QDir(out).filePath(QStringLiteral("project")));
        QCOMPARE(int(store->evaluations().size()), 3);
        QVERIFY(!store->preferencePairs(PairStatus::Approved).empty());

        // A second start on the same (now full) folder is refused: nothing is overwritten.
        QVERIFY(!dialog.start());
    }
};

QTEST_MAIN(TestDemoPipeline)
#include "tst_demopipeline.moc"
