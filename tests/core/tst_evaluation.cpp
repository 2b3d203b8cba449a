// Evaluation in core/: held-out split by video, judge prompt and strict reply
// parsing, the offline rubric judge on hand-written answers, stored answers and
// expert scores, blinded items and the Table-1 report (Markdown and CSV).
#include "eval/blinding.h"
#include "eval/heldoutitems.h"
#include "eval/heldoutsplit.h"
#include "eval/judge.h"
#include "eval/judgerubric.h"
#include "eval/report.h"
#include "metrics/bleu.h"
#include "store/projectstore.h"

#include <QCryptographicHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>
#include <stdexcept>

using namespace sd;
using namespace sd::eval;

namespace {

const QString kRef = QStringLiteral(
    "This is the inferior mesenteric vein, running left of the duodenojejunal flexure along the mesocolic plane. "
    "It is ligated at its root during Complete Mesocolic Excision; preserve the plane to avoid bleeding.");
const QString kGood = QStringLiteral(
    "The highlighted structure is the inferior mesenteric vein on the left side, along the mesocolic plane near the "
    "duodenojejunal flexure. It is ligated at its root; preserve the plane to avoid bleeding.");

JudgeInput imvInput(const QString &candidate, const QString &side = QStringLiteral("left"))
{
    return JudgeInput{QStringLiteral("Identify the highlighted anatomical structure."), kRef, candidate,
                      QStringLiteral("vena_mesenterica_inferior"), QStringLiteral("Vena mesenterica inferior"), side,
                      QStringLiteral("cme_mobilisation")};
}

// A fake network: returns a canned reply or throws, so LlmJudge's handling of
// what comes back is tested without a provider.
class CannedBackend : public JudgeBackend {
public:
    QString reply;
    bool fail = false;
    QString lastSystem, lastUser;
    QString complete(const QString &system, const QString &user) override
    {
        lastSystem = system;
        lastUser = user;
        if (fail)
            throw std::runtime_error("connection refused");
        return reply;
    }
};

Frame makeFrame(std::optional<qint64> video, int n)
{
    Frame f;
    f.videoId = video;
    f.contentHash = QCryptographicHash::hash(QByteArray::number(n), QCryptographicHash::Sha256).toHex();
    f.width = 64;
    f.height = 48;
    f.mediaPath = QStringLiteral("media/%1.png").arg(n);
    f.side = n % 3 == 0 ? Side::Right : Side::Left;
    return f;
}

} // namespace

class TestEvaluation : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_projects = 0;

    std::unique_ptr<ProjectStore> newProject()
    {
        return ProjectStore::create(m_tmp.filePath(QStringLiteral("p%1").arg(++m_projects)), QStringLiteral("eval"));
    }

    // 6 videos of 3..13 frames and 5 still images; returns frame id -> video key.
    QMap<qint64, QString> fillFrames(ProjectStore &store)
    {
        QMap<qint64, QString> group;
        int n = 0;
        const int sizes[] = {3, 13, 5, 8, 4, 10};
        for (int v = 0; v < 6; ++v) {
            Video video;
            video.label = QStringLiteral("video-%1").arg(v);
            video.sourceHash = QByteArray::number(v).toHex();
            store.addVideo(video);
            for (int i = 0; i < sizes[v]; ++i) {
                Frame f = makeFrame(video.id, ++n);
                store.addFrame(f);
                group.insert(f.id, QStringLiteral("v%1").arg(video.id));
            }
        }
        for (int i = 0; i < 5; ++i) {
            Frame f = makeFrame(std::nullopt, ++n);
            store.addFrame(f);
            group.insert(f.id, QStringLiteral("f%1").arg(f.id));
        }
        return group;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // ---------------------------------------------------------------- split

    void splitKeepsEveryVideoInOneSplit()
    {
        auto store = newProject();
        const auto group = fillFrames(*store);
        const int total = group.size(); // 43
        QSet<QString> assignments;
        for (double share : {0.2, 0.5}) {
            for (quint64 seed = 0; seed < 12; ++seed) {
                const SplitSummary s = assignHeldOutSplit(*store, share, seed);
                QMap<QString, QString> splitOfGroup;
                int test = 0;
                QString signature;
                for (const Frame &f : store->frames()) {
                    QVERIFY(f.split == QLatin1String("train") || f.split == QLatin1String("test"));
                    const QString g = group.value(f.id);
                    if (splitOfGroup.contains(g))
                        QCOMPARE(f.split, splitOfGroup.value(g)); // one operation, one split
                    splitOfGroup.insert(g, f.split);
                    test += f.split == QLatin1String("test");
                    signature += f.split.at(1);
                }
                assignments.insert(signature);
                QCOMPARE(s.testFrames, test);
                QCOMPARE(s.trainFrames + s.testFrames, total);
                QCOMPARE(s.trainGroups + s.testGroups, 11);
                QVERIFY(s.testGroups >= 1 && s.trainGroups >= 1);
                // Greedy closeness: never further from the target than the largest group.
                QVERIFY2(std::abs(test - share * total) <= 13, qPrintable(QString::number(test)));

                // Deterministic: the same seed gives the same split again.
                assignHeldOutSplit(*store, share, seed);
                QString again;
                for (const Frame &f : store->frames())
                    again += f.split.at(1);
                QCOMPARE(again, signature);
            }
        }
        QVERIFY2(assignments.size() > 3, "different seeds should give different splits");
    }

    void splitRejectsBadShareAndChangesNothing()
    {
        auto store = newProject();
        fillFrames(*store);
        assignHeldOutSplit(*store, 0.3, 7);
        QString before;
        for (const Frame &f : store->frames())
            before += f.split.at(1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, assignHeldOutSplit(*store, 1.5, 7));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, assignHeldOutSplit(*store, std::nan(""), 7));
        QString after;
        for (const Frame &f : store->frames())
            after += f.split.at(1);
        QCOMPARE(after, before);
        // The extremes put everything on one side.
        QCOMPARE(assignHeldOutSplit(*store, 0.0, 1).testFrames, 0);
        QCOMPARE(assignHeldOutSplit(*store, 1.0, 1).trainFrames, 0);
    }

    // ---------------------------------------------------------------- judge

    void judgePromptCarriesTextAndWeights()
    {
        const JudgePrompt p = buildJudgePrompt(imvInput(kGood), JudgeWeights{3, 1});
        QVERIFY(p.user.contains(kRef));
        QVERIFY(p.user.contains(kGood));
        QVERIFY(p.user.contains(QLatin1String("Identify the highlighted anatomical structure.")));
        QVERIFY(p.user.contains(QLatin1String("Highlighted structure: Vena mesenterica inferior; side of the "
                                              "operation: left; phase: cme_mobilisation")));
        QVERIFY(p.user.contains(QLatin1String("Weight 75%")));
        QVERIFY(p.user.contains(QLatin1String("Weight 25%")));
        QVERIFY_THROWS_EXCEPTION(JudgeError, buildJudgePrompt(imvInput(kGood), JudgeWeights{0, 0}));
        QVERIFY_THROWS_EXCEPTION(JudgeError, buildJudgePrompt(imvInput(kGood), JudgeWeights{-1, 2}));
    }

    void judgeReplyParsesValidJson()
    {
        const JudgeVerdict v = parseJudgeReply(
            QStringLiteral("{\"accuracy\": 4, \"conciseness\": 2, \"explanation\": \"Right vein, wordy.\"}"), {});
        QCOMPARE(v.accuracy, 4);
        QCOMPARE(v.conciseness, 2);
        QCOMPARE(v.explanation, QStringLiteral("Right vein, wordy."));
        QVERIFY(std::abs(v.score - (0.7 * 4 + 0.3 * 2)) < 1e-12);
        // A fenced reply and integral floats are the same verdict; weights change the score only.
        const JudgeVerdict f = parseJudgeReply(
            QStringLiteral("```json\n{\"accuracy\": 4.0, \"conciseness\": 2, \"explanation\": \"ok\"}\n```"),
            JudgeWeights{1, 1});
        QCOMPARE(f.accuracy, 4);
        QVERIFY(std::abs(f.score - 3.0) < 1e-12);
    }

    void judgeReplyRejectsMalformedAndOffScale_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("message");
        QTest::newRow("prose") << QStringLiteral("I would give it a 4 out of 5.") << QStringLiteral("not the requested JSON");
        QTest::newRow("empty") << QStringLiteral("  ") << QStringLiteral("empty");
        QTest::newRow("truncated") << QStringLiteral("{\"accuracy\": 4, \"concis") << QStringLiteral("not the requested JSON");
        QTest::newRow("array") << QStringLiteral("[4, 3]") << QStringLiteral("not an object");
        QTest::newRow("missing accuracy") << QStringLiteral("{\"conciseness\": 3, \"explanation\": \"x\"}")
                                          << QStringLiteral("no \"accuracy\"");
        QTest::newRow("zero") << QStringLiteral("{\"accuracy\": 0, \"conciseness\": 3, \"explanation\": \"x\"}")
                              << QStringLiteral("off the 1-5 scale");
        QTest::newRow("six") << QStringLiteral("{\"accuracy\": 4, \"conciseness\": 6, \"explanation\": \"x\"}")
                             << QStringLiteral("off the 1-5 scale");
        QTest::newRow("ten-point") << QStringLiteral("{\"accuracy\": 8, \"conciseness\": 9, \"explanation\": \"x\"}")
                                   << QStringLiteral("off the 1-5 scale");
        QTest::newRow("half") << QStringLiteral("{\"accuracy\": 4.5, \"conciseness\": 3, \"explanation\": \"x\"}")
                              << QStringLiteral("not an integer");
        QTest::newRow("string score") << QStringLiteral("{\"accuracy\": \"4\", \"conciseness\": 3, \"explanation\": \"x\"}")
                                      << QStringLiteral("not an integer");
        QTest::newRow("bool score") << QStringLiteral("{\"accuracy\": true, \"conciseness\": 3, \"explanation\": \"x\"}")
                                    << QStringLiteral("not an integer");
        QTest::newRow("no explanation") << QStringLiteral("{\"accuracy\": 4, \"conciseness\": 3}")
                                        << QStringLiteral("no explanation");
        QTest::newRow("blank explanation") << QStringLiteral("{\"accuracy\": 4, \"conciseness\": 3, \"explanation\": \" \"}")
                                           << QStringLiteral("no explanation");
        QTest::newRow("trailing prose") << QStringLiteral("{\"accuracy\": 4, \"conciseness\": 3, \"explanation\": \"x\"} Hope this helps")
                                        << QStringLiteral("not the requested JSON");
    }

    void judgeReplyRejectsMalformedAndOffScale()
    {
        QFETCH(QString, reply);
        QFETCH(QString, message);
        try {
            parseJudgeReply(reply, {});
            QFAIL("accepted a malformed reply");
        } catch (const JudgeError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
        // Through the judge: unjudged, the reason kept, no score invented.
        CannedBackend backend;
        backend.reply = reply;
        LlmJudge judge(backend, QStringLiteral("canned"));
        const JudgeOutcome out = judge.judge(imvInput(kGood));
        QVERIFY(!out.verdict);
        QVERIFY2(out.error.contains(message), qPrintable(out.error));
        QVERIFY(backend.lastUser.contains(kGood));
    }

    void llmJudgeBackendFailureLeavesUnjudged()
    {
        CannedBackend backend;
        backend.fail = true;
        LlmJudge judge(backend, QStringLiteral("canned"));
        const JudgeOutcome out = judge.judge(imvInput(kGood));
        QVERIFY(!out.verdict);
        QCOMPARE(out.error, QStringLiteral("judge request failed: connection refused"));
        backend.fail = false;
        backend.reply = QStringLiteral("{\"accuracy\": 5, \"conciseness\": 4, \"explanation\": \"Correct.\"}");
        const JudgeOutcome ok = judge.judge(imvInput(kGood));
        QVERIFY(ok.verdict);
        QVERIFY(ok.error.isEmpty());
        QVERIFY(std::abs(ok.verdict->score - 4.7) < 1e-12);
    }

    // ---------------------------------------------------------------- rubric

    void rubricJudgesHandWrittenAnswers()
    {
        RubricJudge judge; // weights 0.7 / 0.3
        // Everything right: structure, side, all 6 location and 5 significance terms, no repetition.
        const RubricChecks good = rubricChecks(imvInput(kGood));
        QVERIFY(good.structureNamed);
        QCOMPARE(*good.side, 1.0);
        QCOMPARE(good.location, 1.0);
        QCOMPARE(good.significance, 1.0);
        QCOMPARE(good.repetition, 0.0);
        auto v = judge.judge(imvInput(kGood)).verdict;
        QVERIFY(v);
        QCOMPARE(v->accuracy, 5);
        QCOMPARE(v->conciseness, 5);
        QCOMPARE(v->score, 5.0);
        QVERIFY(v->explanation.contains(QLatin1String("structure named: yes; side: correct (left)")));

        // Wrong structure and wrong side, nothing of the reference: accuracy 1.
        const QString wrong = QStringLiteral("This is the pancreas, on the right side.");
        const RubricChecks w = rubricChecks(imvInput(wrong));
        QVERIFY(!w.structureNamed);
        QCOMPARE(*w.side, 0.0);
        QCOMPARE(w.location, 0.0);
        QCOMPARE(w.significance, 0.0);
        v = judge.judge(imvInput(wrong)).verdict;
        QCOMPARE(v->accuracy, 1);
        QCOMPARE(v->conciseness, 5);
        QVERIFY(std::abs(v->score - 2.2) < 1e-12);
        QVERIFY(v->explanation.contains(QLatin1String("side: wrong (expected left)")));

        // Repetition: "the inferior mesenteric vein" four times = 10 of 14 trigrams repeated.
        const QString looping = QStringLiteral("The inferior mesenteric vein the inferior mesenteric vein the "
                                               "inferior mesenteric vein the inferior mesenteric vein.");
        const RubricChecks r = rubricChecks(imvInput(looping));
        QVERIFY(r.structureNamed);
        QCOMPARE(*r.side, 0.5);
        QVERIFY(std::abs(r.location - 2.0 / 6.0) < 1e-12);
        QVERIFY(std::abs(r.repetition - 10.0 / 14.0) < 1e-12);
        v = judge.judge(imvInput(looping)).verdict;
        QCOMPARE(v->accuracy, 3);    // 1 + round(4 * (0.4 + 0.1 + 0.2/3))
        QCOMPARE(v->conciseness, 1); // 5 - round(8 * 10/14), clamped
        QVERIFY(std::abs(v->score - 2.4) < 1e-12);

        // Synonym and unknown side: "IMV" names the structure; side is left out of the score.
        const RubricChecks s = rubricChecks(imvInput(QStringLiteral("The IMV."), QStringLiteral("unknown")));
        QVERIFY(s.structureNamed);
        QVERIFY(!s.side);
        QCOMPARE(judge.judge(imvInput(kGood, QStringLiteral("unknown"))).verdict->accuracy, 5);

        // Empty answer: the lowest score, said so.
        v = judge.judge(imvInput(QString())).verdict;
        QCOMPARE(v->accuracy, 1);
        QCOMPARE(v->conciseness, 1);
        QCOMPARE(v->explanation, QStringLiteral("The answer is empty."));
        // Without a reference there is nothing to judge against: unjudged.
        JudgeInput noRef = imvInput(kGood);
        noRef.reference.clear();
        QVERIFY(!judge.judge(noRef).verdict);
    }

    // ---------------------------------------------------------------- store, blinding, report

    void storedAnswersBlindingAndReport()
    {
        auto store = newProject();
        const auto structures = store->structures();
        const qint64 imv = store->structureByKey(QStringLiteral("vena_mesenterica_inferior"))->id;
        const qint64 pancreas = store->structureByKey(QStringLiteral("pancreas"))->id;
        std::vector<qint64> frames;
        for (int i = 0; i < 4; ++i) {
            Frame f = makeFrame(std::nullopt, 100 + i);
            store->addFrame(f);
            frames.push_back(f.id);
        }
        // Two models; model A: BLEU 10/20/30, judge 5/3/unjudged; model B: BLEU 40/50, judge 2/4.
        struct Row { qint64 frame, structure; double bleu, rouge; std::optional<double> judge; QString answer; };
        const QString ref = QStringLiteral("the inferior mesenteric vein is ligated at its root");
        const std::vector<Row> rowsA = {{frames[0], imv, 10, 0.1, 5.0, QStringLiteral("the inferior mesenteric vein")},
                                        {frames[1], imv, 20, 0.2, 3.0, QStringLiteral("a vein")},
                                        {frames[2], pancreas, 30, 0.3, std::nullopt, QStringLiteral("pancreas")}};
        const std::vector<Row> rowsB = {{frames[0], imv, 40, 0.4, 2.0, QStringLiteral("the vein is ligated")},
                                        {frames[1], imv, 50, 0.5, 4.0, QStringLiteral("it is ligated at its root")}};
        std::vector<Evaluation> evals;
        for (const auto &[label, rows] : {std::pair{QStringLiteral("Alpha"), rowsA}, std::pair{QStringLiteral("Beta"), rowsB}}) {
            Evaluation e;
            e.modelLabel = label;
            store->transaction([&] {
                store->addEvaluation(e);
                for (const Row &r : rows) {
                    EvalAnswer a;
                    a.evaluationId = e.id;
                    a.frameId = r.frame;
                    a.structureId = r.structure;
                    a.question = QStringLiteral("Q");
                    a.reference = ref;
                    a.answer = r.answer;
                    a.bleu = r.bleu;
                    a.rougeL = r.rouge;
                    a.judgeScore = r.judge;
                    if (r.judge)
                        a.judgeExplanation = QStringLiteral("explained");
                    else
                        a.judgeError = QStringLiteral("judge reply is empty");
                    store->addEvalAnswer(a);
                }
            });
            evals.push_back(e);
        }
        // Stored as given; the unjudged answer keeps its reason and no score.
        const auto storedA = store->evalAnswers(evals[0].id);
        QCOMPARE(storedA.size(), size_t(3));
        QVERIFY(!storedA[2].judgeScore);
        QCOMPARE(storedA[2].judgeError, QStringLiteral("judge reply is empty"));
        QVERIFY(!storedA[0].bertF1);
        QCOMPARE(*storedA[0].judgeScore, 5.0);
        EvalAnswer offScale = storedA[0];
        offScale.judgeScore = 7.0;
        QVERIFY_THROWS_EXCEPTION(StoreError, store->addEvalAnswer(offScale));
        QCOMPARE(store->evalAnswers(evals[0].id).size(), size_t(3));

        // Blinded items: only (frame, structure) answered by both models; answers carry no label.
        const auto items = blindedItems(*store, latestEvaluations(*store), 42);
        QCOMPARE(items.size(), size_t(2));
        for (const auto &item : items) {
            QCOMPARE(item.answers.size(), size_t(2));
            QVERIFY(item.frameId == frames[0] || item.frameId == frames[1]);
        }
        const auto again = blindedItems(*store, latestEvaluations(*store), 42);
        for (size_t i = 0; i < items.size(); ++i)
            QCOMPARE(again[i].answers[0].answerId, items[i].answers[0].answerId);
        // Over many seeds, model A's answer is shown first sometimes and second sometimes.
        QSet<qint64> firstShown;
        for (quint64 seed = 0; seed < 16; ++seed)
            firstShown.insert(blindedItems(*store, latestEvaluations(*store), seed)[0].answers[0].answerId);
        QCOMPARE(firstShown.size(), 2);

        // Expert scores: bad range refused, nothing stored; a re-score replaces.
        const qint64 a0 = storedA[0].id, b0 = store->evalAnswers(evals[1].id)[0].id;
        std::vector<ExpertScore> bad{{0, a0, QStringLiteral("dr. x"), 6, 3, false, {}}};
        QVERIFY_THROWS_EXCEPTION(StoreError, store->saveExpertScores(bad));
        QVERIFY(store->expertScores().empty());
        std::vector<ExpertScore> scores{{0, a0, QStringLiteral("dr. x"), 2, 2, false, {}},
                                        {0, b0, QStringLiteral("dr. x"), 4, 5, true, {}}};
        store->saveExpertScores(scores);
        scores[0].accuracy = 3;
        store->saveExpertScores(scores);
        QCOMPARE(store->expertScores().size(), size_t(2));
        QCOMPARE(store->expertScores()[0].accuracy, 3);

        // The report, unblinded.
        auto input = reportInputFromStore(*store, evals);
        input.bertNote = QStringLiteral("not available (no encoder configured)");
        input.judgeName = QStringLiteral("rubric (offline)");
        const EvalReport report = buildReport(input, 2);
        QCOMPARE(report.models, (QStringList{QStringLiteral("Alpha"), QStringLiteral("Beta")}));
        auto row = [&](const QString &metric) -> const ReportRow & {
            for (const auto &r : report.table1)
                if (r.metric == metric)
                    return r;
            throw std::runtime_error("no row " + metric.toStdString());
        };
        QCOMPARE(formatCell(row(QStringLiteral("BLEU-4 (sentence)")).cells[0], 2), QStringLiteral("20.00 ± 10.00"));
        QCOMPARE(formatCell(row(QStringLiteral("BLEU-4 (sentence)")).cells[1], 2), QStringLiteral("45.00 ± 7.07"));
        QCOMPARE(formatCell(row(QStringLiteral("Judge score (1-5)")).cells[0], 2), QStringLiteral("4.00 ± 1.41"));
        QCOMPARE(*row(QStringLiteral("Unjudged answers")).cells[0].value, 1.0);
        QCOMPARE(formatCell(row(QStringLiteral("BERTScore F1")).cells[1], 3),
                 QStringLiteral("not available (no encoder configured)"));
        QCOMPARE(*row(QStringLiteral("BLEU-4 (corpus)")).cells[1].value,
                 metrics::corpusBleu({rowsB[0].answer, rowsB[1].answer}, {{ref, ref}}).score);
        QCOMPARE(*row(QStringLiteral("Preferred by expert (count)")).cells[0].value, 0.0);
        QCOMPARE(*row(QStringLiteral("Preferred by expert (count)")).cells[1].value, 1.0);
        QCOMPARE(row(QStringLiteral("Expert accuracy (1-5)")).cells[0].summary->mean, 3.0);
        QCOMPARE(report.expertCount, 1);
        // Per structure: Alpha has IMV and pancreas rows, Beta no pancreas answer.
        bool sawPancreas = false;
        for (const auto &r : report.perStructure)
            if (r.structure == QLatin1String("Pancreas") && r.metric == QLatin1String("BLEU-4 (sentence)")) {
                sawPancreas = true;
                QCOMPARE(formatCell(r.cells[0], 2), QStringLiteral("30.00 ± 0.00"));
                QCOMPARE(r.cells[1].note, QStringLiteral("no answers"));
            }
        QVERIFY(sawPancreas);
        // Worst examples: lowest judge score first, unjudged last.
        QCOMPARE(report.worst.size(), size_t(4));
        QCOMPARE(report.worst[0].answer, QStringLiteral("a vein"));
        QCOMPARE(report.worst[1].answer, QStringLiteral("the inferior mesenteric vein"));
        QCOMPARE(report.worst[2].answer, QStringLiteral("the vein is ligated"));

        const QString md = reportMarkdown(report);
        QVERIFY(md.contains(QStringLiteral("| Metric | Alpha | Beta |")));
        QVERIFY(md.contains(QStringLiteral("| BLEU-4 (sentence) | 20.00 ± 10.00 | 45.00 ± 7.07 |")));
        QVERIFY(md.contains(QStringLiteral("| BERTScore F1 | not available (no encoder configured) | not available (no encoder configured) |")));
        QVERIFY(md.contains(QStringLiteral("| Pancreas / BLEU-4 (sentence) | 30.00 ± 0.00 | no answers |")));
        const QString csv = reportCsv(report);
        QVERIFY(csv.startsWith(QStringLiteral("section,structure,metric,model,n,mean,sd,value,note\n")));
        QVERIFY(csv.contains(QStringLiteral("overall,,BLEU-4 (sentence),Alpha,3,20,10,,\n")));
        QVERIFY(csv.contains(QStringLiteral("overall,,BERTScore F1,Beta,,,,,not available (no encoder configured)\n")));
        QVERIFY(csv.contains(QStringLiteral("overall,,Preferred by expert (count),Beta,,,,1,\n")));
        QVERIFY(csv.contains(QStringLiteral("structure,Pancreas,BLEU-4 (sentence),Alpha,1,30,0,,\n")));
    }

    void reportEscapesModelTextInMarkdownAndCsv()
    {
        ReportInput in;
        EvalAnswer a;
        a.id = 1;
        a.structureId = 5;
        a.reference = QStringLiteral("ref");
        a.answer = QStringLiteral("**bold** | <b>x</b>\n# heading, \"quoted\"");
        in.models.push_back(ModelAnswers{QStringLiteral("sft_run,2"), {a}});
        in.structureNames.insert(5, QStringLiteral("Pancreas"));
        const EvalReport r = buildReport(in, 1);
        const QString md = reportMarkdown(r);
        QVERIFY2(md.contains(QStringLiteral("- Answer: \\*\\*bold\\*\\* \\| \\<b\\>x\\</b\\> \\# heading, \"quoted\"\n")),
                 qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("| Metric | sft\\_run,2 |")));
        // CSV quotes the label with a comma.
        QVERIFY(reportCsv(r).contains(QStringLiteral("overall,,ROUGE-L F1,\"sft_run,2\",1,0,0,,\n")));
    }

    void heldOutItemsNeedTestSplitMaskAndReviewedReference()
    {
        auto store = newProject();
        const qint64 imv = store->structureByKey(QStringLiteral("vena_mesenterica_inferior"))->id;
        const qint64 duo = store->structureByKey(QStringLiteral("duodenum"))->id;
        Frame test = makeFrame(std::nullopt, 1), train = makeFrame(std::nullopt, 2);
        test.split = QStringLiteral("test");
        train.split = QStringLiteral("train");
        store->addFrame(test);
        store->addFrame(train);
        std::vector<uint8_t> pixels(64 * 48, 0);
        std::fill(pixels.begin() + 64 * 10, pixels.begin() + 64 * 20, 1);
        const RleMask mask = RleMask::encode(pixels.data(), 48, 64);
        for (qint64 f : {test.id, train.id})
            for (qint64 s : {imv, duo})
                store->saveMask(f, s, mask, QStringLiteral("annotator"));
        auto answer = [&](qint64 frame, qint64 structure, const QString &text,
                          std::optional<AnswerDecision> decision, const QString &edited = {}) {
            TeacherRequest r;
            r.frameId = frame;
            r.structureId = structure;
            r.provider = QStringLiteral("offline");
            r.status = RequestStatus::Done;
            store->addTeacherRequest(r);
            TeacherAnswer a;
            a.requestId = r.id;
            a.text = text;
            store->addTeacherAnswer(a);
            if (decision) {
                AnswerReview rv;
                rv.answerId = a.id;
                rv.decision = *decision;
                rv.editedText = edited;
                rv.reviewer = QStringLiteral("reviewer");
                store->addAnswerReview(rv);
            }
        };
        answer(test.id, imv, QStringLiteral("first IMV text"), AnswerDecision::Accepted);
        answer(test.id, imv, QStringLiteral("raw"), AnswerDecision::Edited, QStringLiteral("edited IMV text"));
        answer(test.id, imv, QStringLiteral("unreviewed newest"), std::nullopt);
        answer(test.id, duo, QStringLiteral("rejected duodenum"), AnswerDecision::Rejected);
        answer(train.id, imv, QStringLiteral("train text"), AnswerDecision::Accepted);

        QCOMPARE(reviewedReference(*store, test.id, imv), QStringLiteral("edited IMV text"));
        QVERIFY(reviewedReference(*store, test.id, duo).isEmpty());
        const HeldOutItems held = heldOutItems(*store);
        QCOMPARE(held.items.size(), size_t(1));
        QCOMPARE(held.items[0].frame.id, test.id);
        QCOMPARE(held.items[0].structure.id, imv);
        QCOMPARE(held.items[0].reference, QStringLiteral("edited IMV text"));
        QCOMPARE(held.withoutReference, 1); // the duodenum mask of the test frame
    }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
