// A small real evaluation through the command line: the reference checkpoint
// under two labels ("base" and "sft") answers held-out demo frames; the stored
// metrics are recomputed here, the CSV is read back and the PDF's first page is
// rendered to an image (saved beside the build for a look).
#include "demo/demoproject.h"
#include "eval/blinding.h"
#include "eval/heldoutitems.h"
#include "metrics/bleu.h"
#include "metrics/rouge.h"
#include "store/projectstore.h"
#include "testsupport.h"
#include "tinybert.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#ifdef SURGDISTILL_HAVE_QTPDF
#include <QPdfDocument>
#endif

using namespace sd;

namespace {

QString modelDir()
{
    return testsupport::fixtureDir() + QStringLiteral("/model");
}

// Runs the real executable; returns stdout+stderr, fails the test on a bad exit code.
QString runCli(const QStringList &args, int expectedExit = 0)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(SURGDISTILL_EXE), args);
    if (!p.waitForFinished(600000))
        return QStringLiteral("<timeout>");
    const QString out = QString::fromUtf8(p.readAll());
    if (p.exitCode() != expectedExit)
        qWarning().noquote() << out;
    [&] { QCOMPARE(p.exitCode(), expectedExit); }();
    return out;
}

QMap<QString, QStringList> csvRows(const QString &csv)
{
    QMap<QString, QStringList> rows; // "section|structure|metric|model" -> fields
    for (const QString &line : csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(1)) {
        const QStringList f = line.split(QLatin1Char(','));
        rows.insert(QStringList{f[0], f[1], f[2], f[3]}.join(QLatin1Char('|')), f);
    }
    return rows;
}

} // namespace

class TestEvalRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void evaluationOfTwoModelsRendersCsvAndPdf()
    {
        if (!QFile::exists(modelDir() + QStringLiteral("/config.json")))
            QSKIP("reference checkpoint ../shared/fixtures/qwen2_5_vl_tiny/model not found");
        const QString project = m_tmp.filePath(QStringLiteral("demo"));
        DemoOptions o;
        o.frames = 6;
        o.width = 320;
        o.height = 256;
        createDemoProject(project, o);

        // Without a split there is nothing held out: a clear error, nothing stored.
        const QString out = m_tmp.filePath(QStringLiteral("report"));
        const QString models = QStringLiteral("base=%1,sft=%1").arg(modelDir());
        QVERIFY(runCli({QStringLiteral("eval"), QStringLiteral("--project"), project, QStringLiteral("--models"), models,
                        QStringLiteral("--out"), out}, 1)
                    .contains(QLatin1String("no held-out item to evaluate")));

        QVERIFY(runCli({QStringLiteral("split"), QStringLiteral("--project"), project, QStringLiteral("--test-share"),
                        QStringLiteral("0.5"), QStringLiteral("--seed"), QStringLiteral("3")})
                    .contains(QLatin1String("test:")));

        // Reviewed teacher answers as references for the held-out masks.
        {
            auto store = ProjectStore::open(project);
            QVERIFY(store->evaluations().empty());
            FrameFilter test;
            test.split = QStringLiteral("test");
            QVERIFY(!store->frames(test).empty());
            for (const Frame &f : store->frames(test))
                for (const Mask &m : store->masksForFrame(f.id)) {
                    const auto s = store->structure(m.structureId);
                    TeacherRequest r;
                    r.frameId = f.id;
                    r.structureId = m.structureId;
                    r.provider = QStringLiteral("offline");
                    r.status = RequestStatus::Done;
                    store->addTeacherRequest(r);
                    TeacherAnswer a;
                    a.requestId = r.id;
                    a.text = QStringLiteral("The highlighted structure is the %1. It guides the dissection plane in "
                                            "Complete Mesocolic Excision.").arg(s->name);
                    store->addTeacherAnswer(a);
                    AnswerReview rv;
                    rv.answerId = a.id;
                    rv.decision = AnswerDecision::Accepted;
                    rv.reviewer = QStringLiteral("reviewer");
                    store->addAnswerReview(rv);
                }
            QVERIFY(eval::heldOutItems(*store).items.size() >= 2);
        }

        const QString log = runCli({QStringLiteral("eval"), QStringLiteral("--project"), project,
                                    QStringLiteral("--models"), models, QStringLiteral("--out"), out,
                                    QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--max-tokens"),
                                    QStringLiteral("12")});
        QVERIFY2(log.contains(QLatin1String("BERTScore: not available (no encoder configured)")), qPrintable(log));

        // Stored: two evaluations, three answers each, metrics as recomputed here.
        auto store = ProjectStore::open(project);
        const auto evals = store->evaluations();
        QCOMPARE(evals.size(), size_t(2));
        QCOMPARE(evals[0].modelLabel, QStringLiteral("base"));
        QCOMPARE(evals[1].modelLabel, QStringLiteral("sft"));
        std::vector<double> bleus;
        for (const Evaluation &e : evals) {
            const auto answers = store->evalAnswers(e.id);
            QCOMPARE(answers.size(), size_t(3));
            for (const EvalAnswer &a : answers) {
                QVERIFY(!a.answer.isEmpty());
                QCOMPARE(a.bleu, metrics::sentenceBleu(a.answer, {a.reference}).score);
                QCOMPARE(a.rougeL, metrics::rougeL(a.answer, a.reference).fmeasure);
                QVERIFY(!a.bertF1);
                QVERIFY(a.judgeScore && *a.judgeScore >= 1.0 && *a.judgeScore <= 5.0);
                QVERIFY(a.judgeExplanation.contains(QLatin1String("structure named:")));
                if (e.modelLabel == QLatin1String("base"))
                    bleus.push_back(a.bleu);
            }
        }
        // Same checkpoint, greedy decoding: both labels answer identically.
        QCOMPARE(store->evalAnswers(evals[0].id)[0].answer, store->evalAnswers(evals[1].id)[0].answer);

        // CSV: Table 1 per model, BERTScore said to be unavailable.
        auto rows = csvRows(QString::fromUtf8(testsupport::readFile(out + QStringLiteral("/report.csv"))));
        const QStringList bleuRow = rows.value(QStringLiteral("overall||BLEU-4 (sentence)|base"));
        QCOMPARE(bleuRow.value(4), QStringLiteral("3"));
        QVERIFY(std::abs(bleuRow.value(5).toDouble() - (bleus[0] + bleus[1] + bleus[2]) / 3.0) < 1e-6);
        QVERIFY(rows.contains(QStringLiteral("overall||ROUGE-L F1|sft")));
        QCOMPARE(rows.value(QStringLiteral("overall||BERTScore F1|sft")).value(8),
                 QStringLiteral("not available (no encoder configured)"));
        QCOMPARE(rows.value(QStringLiteral("overall||Preferred by expert (count)|base")).value(7), QStringLiteral("0"));
        const QString md = QString::fromUtf8(testsupport::readFile(out + QStringLiteral("/report.md")));
        QVERIFY(md.contains(QLatin1String("| Metric | base | sft |")));

        // A blinded expert prefers an answer; --report-only unblinds it in a new report.
        const auto items = eval::blindedItems(*store, eval::latestEvaluations(*store), 1);
        QCOMPARE(items.size(), size_t(3));
        std::vector<ExpertScore> scores;
        for (const auto &a : items[0].answers)
            scores.push_back(ExpertScore{0, a.answerId, QStringLiteral("dr. e"), 4, 3,
                                         a.answerId == store->evalAnswers(evals[1].id)[0].id
                                             || a.answerId == store->evalAnswers(evals[1].id)[1].id
                                             || a.answerId == store->evalAnswers(evals[1].id)[2].id,
                                         {}});
        store->saveExpertScores(scores);
        const QString out2 = m_tmp.filePath(QStringLiteral("report2"));
        runCli({QStringLiteral("eval"), QStringLiteral("--project"), project, QStringLiteral("--report-only"),
                QStringLiteral("--out"), out2});
        rows = csvRows(QString::fromUtf8(testsupport::readFile(out2 + QStringLiteral("/report.csv"))));
        QCOMPARE(rows.value(QStringLiteral("overall||Preferred by expert (count)|sft")).value(7), QStringLiteral("1"));
        QCOMPARE(rows.value(QStringLiteral("overall||Preferred by expert (count)|base")).value(7), QStringLiteral("0"));
        QCOMPARE(rows.value(QStringLiteral("overall||Expert accuracy (1-5)|base")).value(5), QStringLiteral("4"));

        // With a BERT encoder (a tiny random one) and no judge: BERTScore numbers, every answer unjudged.
        const QString encoder = m_tmp.filePath(QStringLiteral("bert"));
        QVERIFY(QDir().mkpath(encoder));
        testsupport::writeTinyBert(encoder);
        // The model folder is a checkpoint of a training run: the evaluation links to it.
        QVERIFY(!evals[0].checkpointId);
        TrainingRun run;
        run.kind = QStringLiteral("sft");
        store->addTrainingRun(run);
        Checkpoint checkpoint;
        checkpoint.runId = run.id;
        checkpoint.step = 10;
        checkpoint.path = modelDir();
        store->addCheckpoint(checkpoint);
        const QString out3 = m_tmp.filePath(QStringLiteral("report3"));
        const QString log3 = runCli({QStringLiteral("eval"), QStringLiteral("--project"), project,
                                     QStringLiteral("--models"), QStringLiteral("tiny=") + modelDir(),
                                     QStringLiteral("--out"), out3, QStringLiteral("--limit"), QStringLiteral("2"),
                                     QStringLiteral("--max-tokens"), QStringLiteral("8"), QStringLiteral("--judge"),
                                     QStringLiteral("none"), QStringLiteral("--bert-encoder"), encoder});
        QVERIFY2(log3.contains(QLatin1String("BERTScore: BERT, 2 layers, hidden 8, layer 2")), qPrintable(log3));
        const auto tinyEval = store->evaluations().back();
        QCOMPARE(tinyEval.modelLabel, QStringLiteral("tiny"));
        QCOMPARE(tinyEval.checkpointId.value_or(0), checkpoint.id);
        double bertSum = 0;
        for (const EvalAnswer &a : store->evalAnswers(tinyEval.id)) {
            QVERIFY(a.bertF1 && *a.bertF1 >= -1.0 && *a.bertF1 <= 1.0);
            QVERIFY(!a.judgeScore);
            QCOMPARE(a.judgeError, QStringLiteral("no judge configured"));
            bertSum += *a.bertF1;
        }
        rows = csvRows(QString::fromUtf8(testsupport::readFile(out3 + QStringLiteral("/report.csv"))));
        const QStringList bertRow = rows.value(QStringLiteral("overall||BERTScore F1|tiny"));
        QCOMPARE(bertRow.value(4), QStringLiteral("2"));
        QVERIFY(std::abs(bertRow.value(5).toDouble() - bertSum / 2.0) < 1e-6);
        QCOMPARE(rows.value(QStringLiteral("overall||Unjudged answers|tiny")).value(7), QStringLiteral("2"));
        QCOMPARE(rows.value(QStringLiteral("overall||Judge score (1-5)|tiny")).value(8), QStringLiteral("no judge"));

        // PDF: first page rendered to an image, kept for a look, and not blank.
        const QString pdf = out + QStringLiteral("/report.pdf");
        QVERIFY(testsupport::readFile(pdf).startsWith("%PDF-"));
#ifdef SURGDISTILL_HAVE_QTPDF
        QPdfDocument doc;
        QCOMPARE(doc.load(pdf), QPdfDocument::Error::None);
        QVERIFY(doc.pageCount() >= 1);
        const QSizeF points = doc.pagePointSize(0);
        QVERIFY(points.width() > points.height()); // landscape
        const QImage page = doc.render(0, (points * 2).toSize());
        QVERIFY(!page.isNull());
        const QString png = QStringLiteral(SURGDISTILL_BINARY_DIR "/tst_evalrun_report_page1.png");
        QVERIFY(page.save(png));
        qInfo().noquote() << "first PDF page rendered to" << png;
        int dark = 0;
        for (int y = 0; y < page.height(); y += 2)
            for (int x = 0; x < page.width(); x += 2)
                dark += qGray(page.pixel(x, y)) < 128;
        QVERIFY2(dark > 2000, qPrintable(QString::number(dark))); // text and table rules
#else
        QSKIP("Qt PDF (qt6-pdf-dev) not found: the PDF was written but not rendered");
#endif
    }
};

QTEST_MAIN(TestEvalRun)
#include "tst_evalrun.moc"
