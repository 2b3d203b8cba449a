// ProgressLog on progress.jsonl files in the training job's format, written
// piecewise the way a running job appends them (including half-written lines).
#include "progresslog.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sd;

class TestProgressLog : public QObject {
    Q_OBJECT

    static void append(const QString &path, const QByteArray &bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        QCOMPARE(f.write(bytes), bytes.size());
    }

    static QByteArray stepLine(int step, double loss, double lr)
    {
        return QStringLiteral("{\"event\":\"step\",\"stage\":\"sft\",\"step\":%1,\"total_steps\":10,\"epoch\":%2,"
                              "\"loss\":%3,\"lr\":%4,\"tokens_per_s\":%5,\"elapsed_s\":%6,\"eta_s\":%7}\n")
            .arg(step).arg(step / 10.0).arg(loss).arg(lr).arg(800 + step).arg(step * 2.0).arg((10 - step) * 2.0)
            .toUtf8();
    }

private Q_SLOTS:
    void missingFileIsNotAnError()
    {
        QTemporaryDir tmp;
        ProgressLog log(tmp.filePath("progress.jsonl"));
        QCOMPARE(log.poll(), 0);
        QCOMPARE(log.state(), ProgressLog::State::NotStarted);
        QVERIFY(log.points().empty());
    }

    void incrementalWithPartialLastLine()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("progress.jsonl");
        append(path, "{\"event\":\"start\",\"stage\":\"sft\",\"lr\":0.0002,\"epochs\":1}\n");
        append(path, stepLine(1, 2.5, 1e-5));
        const QByteArray second = stepLine(2, 2.25, 2e-5);
        append(path, second.left(20)); // the job is mid-write
        ProgressLog log(path);
        QCOMPARE(log.poll(), 2);
        QCOMPARE(log.state(), ProgressLog::State::Running);
        QCOMPARE(log.points().size(), size_t(1));
        QCOMPARE(log.startEvent().value("lr").toDouble(), 0.0002);
        QVERIFY(log.problems().isEmpty());

        append(path, second.mid(20));
        append(path, stepLine(3, 2.0, 3e-5));
        append(path, "{\"event\":\"checkpoint\",\"step\":3,\"path\":\"ckpt/step-3\"}\n");
        QCOMPARE(log.poll(), 3);
        QCOMPARE(log.points().size(), size_t(3));
        QCOMPARE(log.points()[1].step, 2);
        QCOMPARE(log.points()[1].loss, 2.25);
        QCOMPARE(log.points()[1].lr, 2e-5);
        QCOMPARE(log.points()[2].tokensPerSecond, 803.0);
        QCOMPARE(log.points()[2].etaSeconds, 14.0);
        QCOMPARE(log.points()[2].totalSteps, 10);
        QVERIFY(!log.points()[2].rewardMargin);
        QCOMPARE(log.checkpoints().size(), size_t(1));
        QCOMPARE(log.checkpoints()[0].path, QStringLiteral("ckpt/step-3"));
        QCOMPARE(log.poll(), 0); // nothing new

        append(path, "{\"event\":\"finished\",\"step\":3,\"path\":\"final\"}\n");
        QCOMPARE(log.poll(), 1);
        QCOMPARE(log.state(), ProgressLog::State::Finished);
        QCOMPARE(log.finalPath(), QStringLiteral("final"));
    }

    void dpoRewardsErrorsAndGarbage()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("progress.jsonl");
        append(path, "{\"event\":\"step\",\"stage\":\"dpo\",\"step\":1,\"total_steps\":4,\"epoch\":0.25,\"loss\":0.69,"
                     "\"lr\":5e-7,\"tokens_per_s\":100,\"elapsed_s\":1,\"eta_s\":3,\"reward_chosen\":0.1,"
                     "\"reward_rejected\":-0.2,\"reward_margin\":0.3,\"reward_accuracy\":0.75}\n");
        append(path, "this is not json\n");
        append(path, "{\"event\":\"error\",\"message\":\"out of memory\"}\n");
        ProgressLog log(path);
        QCOMPARE(log.poll(), 3);
        QCOMPARE(log.points().size(), size_t(1));
        QCOMPARE(log.points()[0].stage, QStringLiteral("dpo"));
        QCOMPARE(*log.points()[0].rewardMargin, 0.3);
        QCOMPARE(*log.points()[0].rewardAccuracy, 0.75);
        QCOMPARE(log.problems().size(), 1);
        QVERIFY(log.problems()[0].startsWith("line 2"));
        QCOMPARE(log.state(), ProgressLog::State::Failed);
        QCOMPARE(log.errorMessage(), QStringLiteral("out of memory"));
    }

    // A resumed job starts again from its last checkpoint: repeated steps replace the old ones.
    void resumeReplacesRepeatedSteps()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("progress.jsonl");
        append(path, "{\"event\":\"start\"}\n");
        for (int s = 1; s <= 4; ++s)
            append(path, stepLine(s, 3.0 - s * 0.1, 1e-5));
        append(path, "{\"event\":\"interrupted\",\"step\":4}\n");
        ProgressLog log(path);
        log.poll();
        QCOMPARE(log.state(), ProgressLog::State::Interrupted);
        append(path, "{\"event\":\"start\"}\n");
        append(path, stepLine(3, 1.0, 1e-5));
        log.poll();
        QCOMPARE(log.state(), ProgressLog::State::Running);
        QCOMPARE(log.resumeCount(), 1);
        QCOMPARE(log.points().size(), size_t(3));
        QCOMPARE(log.points().back().step, 3);
        QCOMPARE(log.points().back().loss, 1.0);
    }

    void replacedFileIsReadAgain()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("progress.jsonl");
        append(path, stepLine(1, 2.0, 1e-5) + stepLine(2, 1.9, 1e-5));
        ProgressLog log(path);
        log.poll();
        QCOMPARE(log.points().size(), size_t(2));
        QVERIFY(QFile::remove(path));
        append(path, stepLine(1, 5.0, 1e-5));
        log.poll();
        QCOMPARE(log.points().size(), size_t(1));
        QCOMPARE(log.points()[0].loss, 5.0);
    }
};

QTEST_GUILESS_MAIN(TestProgressLog)
#include "tst_progresslog.moc"
