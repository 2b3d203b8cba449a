// Offline batch generation on the demo project (resumable, no duplicates),
// answer review, and the JSONL data sets: SFT/DPO export parsed back with the
// overlay images checked pixel by pixel, DPO import all-or-nothing.
#include "dataset/datasetexport.h"
#include "demo/demoproject.h"
#include "trainingoverlay.h"
#include "imageio.h"
#include "overlay.h"
#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "teacher/offlineteacher.h"
#include "teacher/teacherbatch.h"

#include "testsupport.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <set>

using namespace sd;
using nlohmann::json;

namespace {

std::vector<json> readLines(const QString &path)
{
    std::vector<json> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine();
        if (!line.trimmed().isEmpty())
            out.push_back(json::parse(line.toStdString()));
    }
    return out;
}

int approvedMaskCount(const ProjectStore &store)
{
    int n = 0;
    for (const Frame &f : store.frames())
        n += int(store.masksForFrame(f.id).size());
    return n;
}

int answerCount(const ProjectStore &store)
{
    int n = 0;
    for (const TeacherRequest &r : store.teacherRequests())
        n += int(store.teacherAnswers(r.id).size());
    return n;
}

} // namespace

class TestDatasetExport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 8;
        o.width = 160;
        o.height = 128;
        o.seed = 5;
        m_project = createDemoProject(m_tmp.filePath("demo"), o).folder;
    }

    void offlineBatchIsResumableWithoutDuplicates()
    {
        auto store = ProjectStore::open(m_project);
        const int masks = approvedMaskCount(*store);
        QVERIFY(masks >= 8);
        PrivacyFirewall fw(*store, "tester");
        const auto offline = makeProvider({});
        BatchOptions o;
        o.limit = 3;
        BatchCounters c = runTeacherBatch(fw, *offline, o);
        QCOMPARE(c.planned, 3);
        QCOMPARE(c.done, 3);
        QCOMPARE(answerCount(*store), 3);

        o.limit = 0;
        c = runTeacherBatch(fw, *offline, o);
        QCOMPARE(c.alreadyDone, 3);
        QCOMPARE(c.done, masks - 3);
        QCOMPARE(c.failed, 0);

        c = runTeacherBatch(fw, *offline, o); // nothing left
        QCOMPARE(c.planned, 0);
        QCOMPARE(c.alreadyDone, masks);
        QCOMPARE(answerCount(*store), masks);
        std::set<std::pair<qint64, qint64>> keys;
        for (const TeacherRequest &r : store->teacherRequests()) {
            QCOMPARE(r.status, RequestStatus::Done);
            QCOMPARE(r.provider, QStringLiteral("offline"));
            QVERIFY(!r.question.isEmpty());
            QVERIFY(keys.insert({r.frameId, r.structureId}).second);
            QCOMPARE(store->teacherAnswers(r.id).size(), size_t(1));
        }
        // The offline teacher never touches the network: nothing to audit.
        QVERIFY(store->auditLog().empty());
        // The schema itself refuses a second answer for a request.
        TeacherAnswer dup;
        dup.requestId = store->teacherRequests().front().id;
        dup.text = "again";
        QVERIFY_THROWS_EXCEPTION(StoreError, store->addTeacherAnswer(dup));
    }

    void reviewDecidesWhatEntersTheSftSet()
    {
        auto store = ProjectStore::open(m_project);
        std::vector<TeacherAnswer> answers;
        for (const TeacherRequest &r : store->teacherRequests())
            for (const TeacherAnswer &a : store->teacherAnswers(r.id))
                answers.push_back(a);
        QVERIFY(answers.size() >= 4);
        QVERIFY_THROWS_EXCEPTION(ReviewError, rejectAnswer(*store, answers[0].id, "  ", "dr a"));
        QVERIFY_THROWS_EXCEPTION(ReviewError, acceptAnswer(*store, 999999, "dr a"));
        rejectAnswer(*store, answers[0].id, "wrong side", "dr a");
        const QString edited = answers[1].text + " Edited by the surgeon.";
        editAnswer(*store, answers[1].id, edited, "dr a");
        acceptAnswer(*store, answers[2].id, "dr a");
        QCOMPARE(*approvedAnswerText(*store, answers[1].id), edited);
        QCOMPARE(store->teacherAnswer(answers[1].id)->text, answers[1].text); // the original is kept
        QVERIFY(wordDiff(answers[1].text, edited).endsWith("{+Edited+} {+by+} {+the+} {+surgeon.+}"));
        QVERIFY(!approvedAnswerText(*store, answers[0].id));
        QVERIFY(!approvedAnswerText(*store, answers[3].id)); // unreviewed

        AnswerFlag flag;
        flag.answerId = answers[3].id;
        flag.flaggedBy = "dr b";
        flag.reason = "check location";
        store->setAnswerFlag(flag);
        ReviewPolicy none{0.0, 1};
        QCOMPARE(reviewSample(*store, none), std::vector<qint64>{answers[3].id});
        ReviewPolicy all{1.0, 1};
        QCOMPARE(reviewSample(*store, all).size(), answers.size());
        ReviewPolicy half{0.5, 42};
        QCOMPARE(reviewSample(*store, half), reviewSample(*store, half));
        const ReviewProgress p = reviewProgress(*store, none);
        QCOMPARE(p.answers, int(answers.size()));
        QCOMPARE(p.rejected, 1);
        QCOMPARE(p.edited, 1);
        QCOMPARE(p.accepted, 1);
        QCOMPARE(p.flagged, 1);
        QCOMPARE(p.inSample, 1);
        QCOMPARE(p.reviewedInSample, 0);

        const int auto_ = autoAcceptAsDemoReviewer(*store);
        QCOMPARE(auto_, int(answers.size()) - 3);
        QCOMPARE(latestAnswerReview(*store, answers[3].id)->reviewer, QString::fromLatin1(kDemoAutoReviewer));
        QCOMPARE(latestAnswerReview(*store, answers[0].id)->decision, AnswerDecision::Rejected);
    }

    void sftExportRoundTrip()
    {
        auto store = ProjectStore::open(m_project);
        // Splits: first half train, rest test.
        std::vector<Frame> frames = store->frames();
        for (size_t i = 0; i < frames.size(); ++i) {
            frames[i].split = i < frames.size() / 2 ? "train" : "test";
            store->updateFrame(frames[i]);
        }
        const QString out = m_tmp.filePath("sft-all");
        const DatasetExportSummary s = exportSftJsonl(*store, out);
        const int masks = approvedMaskCount(*store);
        QCOMPARE(s.examples, masks - 1); // one rejected
        QCOMPARE(s.images, masks - 1);
        QVERIFY(testsupport::readFile(QDir(out).filePath("NOTICE.txt")).contains("review by a surgeon"));
        const std::vector<json> lines = readLines(QDir(out).filePath("sft.jsonl"));
        QCOMPARE(int(lines.size()), s.examples);
        bool sawEdit = false;
        for (const json &j : lines) {
            const json &msgs = j.at("messages");
            QCOMPARE(msgs.size(), size_t(3));
            QCOMPARE(msgs[0]["role"], "system");
            QCOMPARE(msgs[0]["content"][0]["text"], "You are a surgical assistant.");
            QCOMPARE(msgs[1]["role"], "user");
            QCOMPARE(msgs[1]["content"][0]["type"], "image");
            QCOMPARE(msgs[1]["content"][1]["type"], "text");
            QVERIFY(!msgs[1]["content"][1]["text"].get<std::string>().empty());
            QCOMPARE(msgs[2]["role"], "assistant");
            const QString answer = QString::fromStdString(msgs[2]["content"][0]["text"]);
            sawEdit |= answer.endsWith("Edited by the surgeon.");
            const json &meta = j.at("meta");
            const qint64 frameId = meta["frame_id"];
            const QString key = QString::fromStdString(meta["structure"]);
            const Frame f = *store->frame(frameId);
            QCOMPARE(QString::fromStdString(meta["side"]), sideToString(f.side));
            QCOMPARE(QString::fromStdString(meta["phase"]), f.phase);
            QCOMPARE(QString::fromStdString(meta["split"]), f.split);
            const QString rel = QString::fromStdString(j.at("images")[0]);
            QCOMPARE(rel, QStringLiteral("images/%1_%2.png").arg(frameId, 6, 10, QLatin1Char('0')).arg(key));
            // The image is exactly the training overlay of this frame and mask.
            const cv::Mat img = loadImage(QDir(out).filePath(rel));
            const cv::Mat expected = composeOverlay(loadImage(store->absolutePath(f.mediaPath)),
                                                    store->mask(frameId, store->structureByKey(key)->id)->rle.decode());
            QCOMPARE(img.size(), expected.size());
            QCOMPARE(cv::norm(img, expected, cv::NORM_INF), 0.0);
        }
        QVERIFY(sawEdit);

        const DatasetExportSummary train = exportSftJsonl(*store, m_tmp.filePath("sft-train"), {"train"});
        const DatasetExportSummary test = exportSftJsonl(*store, m_tmp.filePath("sft-test"), {"test"});
        QCOMPARE(train.examples + test.examples, s.examples);
        QVERIFY(train.examples > 0 && test.examples > 0);
        for (const json &j : readLines(train.jsonlPath))
            QCOMPARE(j["meta"]["split"], "train");
        QVERIFY_THROWS_EXCEPTION(DatasetError, exportSftJsonl(*store, m_tmp.filePath("x"), {"validation"}));

        // Naming examples: after every answer one short example on the same image naming its structure.
        DatasetExportOptions naming;
        naming.split = QStringLiteral("train");
        naming.namingExamples = true;
        const DatasetExportSummary withNames = exportSftJsonl(*store, m_tmp.filePath("sft-naming"), naming);
        QCOMPARE(withNames.examples, 2 * train.examples);
        QCOMPARE(withNames.images, train.images);
        const std::vector<json> named = readLines(withNames.jsonlPath);
        for (size_t i = 0; i + 1 < named.size(); i += 2) {
            const json &answer = named[i], &name = named[i + 1];
            QVERIFY(!answer["meta"].contains("kind"));
            QCOMPARE(name["meta"]["kind"], "naming");
            QCOMPARE(name["images"], answer["images"]);
            QCOMPARE(name["meta"]["frame_id"], answer["meta"]["frame_id"]);
            QCOMPARE(name["messages"][1]["content"][1]["text"], "Which structure is highlighted in green?");
            const QString key = QString::fromStdString(answer["meta"]["structure"]);
            QCOMPARE(QString::fromStdString(name["messages"][2]["content"][0]["text"]),
                     QStringLiteral("The highlighted structure is the %1.").arg(knowledgeName(key, QStringLiteral("en"))));
        }
    }

    // The exported image is the reviewer's composite (TrainingOverlay::ofStructure) at the project's
    // overlay opacity, not at the default one.
    void exportUsesTheProjectsOverlayOpacity()
    {
        auto store = ProjectStore::open(m_project);
        store->setSetting(QStringLiteral("overlay_alpha"), QStringLiteral("0.8"));
        const QString out = m_tmp.filePath("sft-alpha");
        const DatasetExportSummary s = exportSftJsonl(*store, out);
        QVERIFY(s.examples > 0);
        for (const json &j : readLines(s.jsonlPath)) {
            const qint64 frameId = j["meta"]["frame_id"];
            const qint64 structureId = store->structureByKey(QString::fromStdString(j["meta"]["structure"]))->id;
            const cv::Mat img = loadImage(QDir(out).filePath(QString::fromStdString(j.at("images")[0])));
            const FrameComposite shown = TrainingOverlay(*store).ofStructure(frameId, structureId);
            QCOMPARE(cv::norm(img, shown.compositeBgr, cv::NORM_INF), 0.0);
            QVERIFY(cv::norm(img, composeOverlay(shown.frameBgr, shown.mask), cv::NORM_INF) > 0.0);
        }
        store->setSetting(QStringLiteral("overlay_alpha"), QString());
    }

    void dpoImportAndExport()
    {
        auto store = ProjectStore::open(m_project);
        const Frame f = store->frames().front();
        const Mask m = store->masksForFrame(f.id).front();
        const QString key = store->structure(m.structureId)->key;
        const QString jsonl = m_tmp.filePath("pairs.jsonl");
        auto pairLine = [&](qint64 frameId, const QString &structure, const char *chosen) {
            json j = {{"prompt", json::array({json{{"role", "system"}, {"content", json::array({json{{"type", "text"}, {"text", "You are a surgical assistant."}}})}},
                                              json{{"role", "user"}, {"content", json::array({json{{"type", "image"}}, json{{"type", "text"}, {"text", "Identify it."}}})}}})},
                      {"chosen", json::array({json{{"role", "assistant"}, {"content", json::array({json{{"type", "text"}, {"text", chosen}}})}}})},
                      {"rejected", json::array({json{{"role", "assistant"}, {"content", json::array({json{{"type", "text"}, {"text", "This is the mesentery."}}})}}})},
                      {"images", json::array({"images/x.png"})},
                      {"meta", {{"frame_id", frameId}, {"structure", structure.toStdString()}, {"reason", "names the structure"}}}};
            return QByteArray::fromStdString(j.dump()) + '\n';
        };
        // A bad second line: nothing is imported.
        testsupport::writeFile(jsonl, pairLine(f.id, key, "Good answer one.") + pairLine(99999, key, "x"));
        try {
            importDpoJsonl(*store, jsonl);
            QFAIL("a frame that is not in the project must be refused");
        } catch (const DatasetError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("line 2"), e.what());
        }
        QVERIFY(store->preferencePairs().empty());
        testsupport::writeFile(jsonl, QByteArray("{not json\n"));
        QVERIFY_THROWS_EXCEPTION(DatasetError, importDpoJsonl(*store, jsonl));

        testsupport::writeFile(jsonl, pairLine(f.id, key, "Good answer one.") + "\n" + pairLine(f.id, key, "Good answer two."));
        QCOMPARE(importDpoJsonl(*store, jsonl), 2);
        std::vector<PreferencePair> pairs = store->preferencePairs(PairStatus::Proposed);
        QCOMPARE(pairs.size(), size_t(2));
        QCOMPARE(pairs[0].prompt, QStringLiteral("Identify it."));
        QCOMPARE(pairs[0].rejected, QStringLiteral("This is the mesentery."));
        QCOMPARE(pairs[0].reason, QStringLiteral("names the structure"));
        pairs[1].status = PairStatus::Approved;
        pairs[1].reviewer = "dr a";
        store->updatePreferencePair(pairs[1]);

        const DatasetExportSummary s = exportDpoJsonl(*store, m_tmp.filePath("dpo"));
        QCOMPARE(s.examples, 1); // only approved pairs
        const std::vector<json> lines = readLines(s.jsonlPath);
        QCOMPARE(lines.size(), size_t(1));
        QCOMPARE(lines[0]["chosen"][0]["content"][0]["text"], "Good answer two.");
        QCOMPARE(lines[0]["prompt"][1]["content"][1]["text"], "Identify it.");
        QVERIFY(QFile::exists(QDir(m_tmp.filePath("dpo")).filePath(QString::fromStdString(lines[0]["images"][0]))));
        // The exported line imports back.
        QCOMPARE(importDpoJsonl(*store, s.jsonlPath), 1);
        QCOMPARE(store->preferencePairs().back().chosen, QStringLiteral("Good answer two."));
    }

    void cancelledBatchContinuesLater()
    {
        DemoOptions o;
        o.frames = 5;
        o.width = 96;
        o.height = 80;
        const QString folder = createDemoProject(m_tmp.filePath("cancel"), o).folder;
        auto store = ProjectStore::open(folder);
        const int masks = approvedMaskCount(*store);
        PrivacyFirewall fw(*store);
        const auto offline = makeProvider({});
        BatchOptions b;
        b.concurrency = 1;
        int calls = 0;
        const BatchCounters first = runTeacherBatch(fw, *offline, b, [&](int finished, int) {
            ++calls;
            return finished < 2; // cancel once two are finished
        });
        QCOMPARE(first.done, 2);
        QCOMPARE(first.failed, 0);
        QVERIFY(calls >= 2);
        QCOMPARE(answerCount(*store), 2);
        const BatchCounters second = runTeacherBatch(fw, *offline, b);
        QCOMPARE(second.alreadyDone, 2);
        QCOMPARE(second.done, masks - 2);
        QCOMPARE(answerCount(*store), masks);
    }
};

QTEST_GUILESS_MAIN(TestDatasetExport)
#include "tst_datasetexport.moc"
