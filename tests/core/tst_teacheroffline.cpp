// The teacher context (mask geometry, mask PNG), the privacy properties of the
// payload, and the offline knowledge-base teacher and ranking.
#include "imageio.h"
#include "store/projectstore.h"
#include "teacher/offlineteacher.h"
#include "teacher/teacherprompt.h"
#include "teacher/teacherprovider.h"

#include "testsupport.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

using namespace sd;

namespace {

RleMask rectMask(int h, int w, const cv::Rect &r)
{
    cv::Mat m = cv::Mat::zeros(h, w, CV_8UC1);
    m(r).setTo(255);
    return RleMask::encode(m);
}

TeacherContext contextFor(const QString &key, const QString &name, Side side, const QString &language,
                          const QString &question = QStringLiteral("Identify the highlighted anatomical structure and "
                                                                   "explain its significance for Complete Mesocolic "
                                                                   "Excision."))
{
    TeacherContext c;
    c.structureKey = key;
    c.structureName = name;
    c.side = side;
    c.phase = QStringLiteral("cme_mobilisation");
    c.question = question;
    c.language = language;
    c.mask = rectMask(120, 160, cv::Rect(10, 85, 40, 20)); // lower left
    return c;
}

QStringList sentences(const QString &text)
{
    return text.split(QRegularExpression(QStringLiteral("(?<=[.!?])\\s+")), Qt::SkipEmptyParts);
}

const QStringList kKeys = {QStringLiteral("preparation_plane"), QStringLiteral("angels_hair"),
                           QStringLiteral("vena_mesenterica_inferior"), QStringLiteral("duodenum"),
                           QStringLiteral("pancreas")};

} // namespace

class TestTeacherOffline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void geometryOfARectangle()
    {
        const RleMask m = rectMask(120, 160, cv::Rect(10, 85, 40, 20));
        const MaskGeometry g = measureMask(m);
        QCOMPARE(g.imageWidth, 160);
        QCOMPARE(g.imageHeight, 120);
        QCOMPARE(g.boundingBox, QRect(10, 85, 40, 20));
        QCOMPARE(g.centroid.x(), 29.5);
        QCOMPARE(g.centroid.y(), 94.5);
        QCOMPARE(g.areaShare, 800.0 / (120 * 160));
        QCOMPARE(g.row, 2);
        QCOMPARE(g.column, 0);
        QCOMPARE(regionText(g, "en"), QStringLiteral("lower left"));
        QCOMPARE(regionText(g, "de"), QStringLiteral("unten links"));
        QCOMPARE(g.components, 1);
        QVERIFY(std::abs(g.orientationDeg) < 1.0);      // a wide bar lies horizontally
        QVERIFY(g.elongation > 1.9 && g.elongation < 2.1); // 40 x 20: sqrt of the moment ratio is 2
        const QString en = describeMaskGeometry(g, "en");
        QVERIFY2(en.contains("lower left part of the image"), qPrintable(en));
        QVERIFY2(en.contains("4.2%") && en.contains("horizontally") && en.contains("Connected regions: 1"),
                 qPrintable(en));
        QVERIFY(describeMaskGeometry(g, "de").contains("unten links"));
    }

    void geometryOfTwoBlobsAndADiagonal()
    {
        cv::Mat m = cv::Mat::zeros(100, 100, CV_8UC1);
        m(cv::Rect(5, 5, 10, 10)).setTo(255);
        m(cv::Rect(70, 70, 10, 10)).setTo(255);
        QCOMPARE(measureMask(RleMask::encode(m)).components, 2);

        cv::Mat d = cv::Mat::zeros(100, 100, CV_8UC1);
        cv::line(d, {10, 90}, {90, 10}, cv::Scalar(255), 5); // lower left to upper right on screen
        const MaskGeometry g = measureMask(RleMask::encode(d));
        QVERIFY2(g.orientationDeg > 40 && g.orientationDeg < 50, qPrintable(QString::number(g.orientationDeg)));
        QVERIFY(describeMaskGeometry(g, "en").contains("diagonally from lower left to upper right"));
        QCOMPARE(regionText(g, "en"), QStringLiteral("central"));
    }

    void maskPngIsOneBitWithExactlyTheMaskPixels()
    {
        cv::Mat m = cv::Mat::zeros(64, 96, CV_8UC1);
        cv::circle(m, {40, 30}, 17, cv::Scalar(255), -1);
        const RleMask rle = RleMask::encode(m);
        const QByteArray png = maskPng(rle);
        QCOMPARE(detectImageFormat(png), ImageFormat::Png);
        QCOMPARE(int(quint8(png[24])), 1); // IHDR bit depth
        QCOMPARE(int(quint8(png[25])), 0); // greyscale
        const cv::Mat back = cv::imdecode(std::vector<uchar>(png.begin(), png.end()), cv::IMREAD_UNCHANGED);
        QCOMPARE(back.type(), CV_8UC1);
        std::set<int> values;
        for (int y = 0; y < back.rows; ++y)
            for (int x = 0; x < back.cols; ++x)
                values.insert(back.at<uchar>(y, x));
        QCOMPARE(values, (std::set<int>{0, 255}));
        QCOMPARE(cv::countNonZero(back != rle.decode()), 0);
        QVERIFY(!png.contains("tEXt") && !png.contains("iTXt") && !png.contains("tIME"));
    }

    void offlineAnswersAreDeterministicAndComplete()
    {
        for (const QString &key : kKeys) {
            for (const QString &lang : {QStringLiteral("en"), QStringLiteral("de")}) {
                const TeacherContext c = contextFor(key, key, Side::Left, lang);
                const QString a = offlineTeacherAnswer(c);
                QCOMPARE(offlineTeacherAnswer(c), a);
                const QStringList s = sentences(a);
                QVERIFY2(s.size() >= 3 && s.size() <= 5, qPrintable(a));
                const QString name = knowledgeName(key, lang);
                QVERIFY2(s.first().contains(name), qPrintable(a));
                QVERIFY2(s.first().contains(lang == "de" ? QStringLiteral("linksseitigen CME")
                                                         : QStringLiteral("left-sided CME")),
                         qPrintable(a));
                QVERIFY2(a.contains(regionText(measureMask(c.mask), lang)), qPrintable(a));
            }
        }
        const TeacherContext right = contextFor("duodenum", "Duodenum", Side::Right, "en");
        QVERIFY(offlineTeacherAnswer(right).contains("right-sided CME"));
        QVERIFY(offlineTeacherAnswer(right) != offlineTeacherAnswer(contextFor("duodenum", "Duodenum", Side::Left, "en")));
        QVERIFY(offlineTeacherAnswer(contextFor("pancreas", "Pancreas", Side::Left, "de")).contains(QString::fromUtf8("Drüse")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 offlineTeacherAnswer(contextFor("spleen", "Spleen", Side::Left, "en")));
    }

    void offlineAnswersVaryAcrossQuestionsAndMasks()
    {
        std::set<QString> firstSentences;
        for (int i = 0; i < 12; ++i) {
            TeacherContext c = contextFor("angels_hair", "Angel's hair", Side::Left, "en",
                                          QStringLiteral("Question variant %1?").arg(i));
            c.mask = rectMask(120, 160, cv::Rect(10 + i, 85, 40, 20));
            firstSentences.insert(sentences(offlineTeacherAnswer(c)).first());
        }
        QVERIFY2(firstSentences.size() >= 2, "the phrasing should vary");
        QVERIFY(firstSentences.size() <= 3); // ...but stay learnable
    }

    void rankingPicksTheCorrectAndRejectsTheWrongSide()
    {
        RankingInput in;
        in.context = contextFor("vena_mesenterica_inferior", "Vena mesenterica inferior", Side::Left, "en");
        in.groundTruth = offlineTeacherAnswer(in.context);
        in.candidates = {
            QStringLiteral("This is the mesentery."),
            QStringLiteral("The highlighted structure is the inferior mesenteric vein in a right-sided CME. It is ligated."),
            in.groundTruth,
            QStringLiteral("The vein the vein the vein the vein the vein the vein the vein the vein the vein."),
            QStringLiteral("The highlighted structure is the inferior mesenteric vein, seen during a left-sided CME."),
        };
        const RankingResult r = offlineRankCandidates(in);
        QCOMPARE(r.chosen, 2);
        QVERIFY(r.rejected == 0 || r.rejected == 1 || r.rejected == 3);
        QVERIFY(r.scores[1] < r.scores[4]); // the wrong side costs more than it gains
        QVERIFY(r.reason.contains("Chosen candidate 3"));
        const RankingResult again = offlineRankCandidates(in);
        QCOMPARE(again.chosen, r.chosen);
        QCOMPARE(again.rejected, r.rejected);
        QCOMPARE(again.reason, r.reason);

        // Through the provider interface and the one reply parser.
        TeacherTask task;
        task.kind = TeacherTaskKind::Rank;
        task.ranking = in;
        const auto offline = makeProvider({});
        const RankingResult parsed = parseRankingReply(offline->answerLocally(task).text, in.candidates.size());
        QCOMPARE(parsed.chosen, r.chosen);
        QCOMPARE(parsed.rejected, r.rejected);
        QCOMPARE(parsed.reason, r.reason);

        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parseRankingReply("no json here", 5));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parseRankingReply("{\"chosen\": 6, \"rejected\": 1}", 5));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parseRankingReply("{\"chosen\": 2, \"rejected\": 2}", 5));
        QCOMPARE(parseRankingReply("Sure: ```json\n{\"chosen\": 2, \"rejected\": 5, \"reason\": \"x\"}\n```", 5).rejected, 4);
    }

    // The privacy promise: two different frames (pixels, files, hashes, videos) with the same mask and
    // context give byte-identical payloads, and nothing about the frame is in them.
    void payloadsDependOnTheContextAlone()
    {
        QTemporaryDir tmp;
        auto store = ProjectStore::create(tmp.filePath("p"), QStringLiteral("Patient Mustermann study"));
        const Structure vmi = *store->structureByKey("vena_mesenterica_inferior");
        cv::Mat maskImg = cv::Mat::zeros(96, 128, CV_8UC1);
        cv::ellipse(maskImg, {60, 50}, {30, 8}, 30, 0, 360, cv::Scalar(255), -1);
        const RleMask rle = RleMask::encode(maskImg);

        std::vector<Frame> frames;
        QStringList forbidden;
        for (int i = 0; i < 2; ++i) {
            Video v;
            v.label = QStringLiteral("op-video-%1-secret").arg(i);
            v.sourceHash = QByteArray(64, char('a' + i));
            v.fps = 25 + i;
            store->addVideo(v);
            cv::Mat img(96, 128, CV_8UC3, cv::Scalar(20 + 100 * i, 40, 200 - 50 * i));
            const QByteArray png = encodePng(img);
            Frame f;
            f.videoId = v.id;
            f.timestampSec = 12.5 + i;
            f.contentHash = contentHash(img);
            f.width = 128;
            f.height = 96;
            f.side = Side::Left;
            f.phase = QStringLiteral("cme_mobilisation");
            f.mediaPath = QStringLiteral("media/patient-frame-%1.png").arg(i);
            testsupport::writeFile(store->absolutePath(f.mediaPath), png);
            store->addFrame(f);
            store->saveMask(f.id, vmi.id, rle, QStringLiteral("dr annotator"));
            frames.push_back(f);
            forbidden << QString::fromLatin1(f.contentHash) << f.mediaPath << QStringLiteral("patient-frame")
                      << v.label << QString::fromLatin1(v.sourceHash) << QString::fromLatin1(png.toBase64().left(40))
                      << QStringLiteral("Mustermann") << QStringLiteral("dr annotator");
        }
        for (bool withPng : {false, true}) {
            for (const QString &providerId : {QStringLiteral("openai"), QStringLiteral("gemini")}) {
                ProviderConfig cfg;
                cfg.id = providerId;
                cfg.baseUrl = "http://127.0.0.1:9";
                cfg.apiKey = "sk-test-secret";
                const auto provider = makeProvider(cfg);
                QByteArray payloads[2];
                for (int i = 0; i < 2; ++i) {
                    TeacherTask t;
                    t.context = buildTeacherContext(*store, frames[i].id, vmi.id, "Identify it.", "en");
                    t.includeMaskPng = withPng;
                    payloads[i] = provider->buildCall(promptFor(t)).body;
                }
                QCOMPARE(payloads[0], payloads[1]);
                for (const QString &f : forbidden)
                    QVERIFY2(!payloads[0].contains(f.toUtf8()), qPrintable(providerId + " payload contains " + f));
                QVERIFY(!payloads[0].contains("sk-test-secret"));
                QVERIFY(payloads[0].contains("Vena mesenterica inferior"));
                QVERIFY(payloads[0].contains("left-sided"));
                // The only picture in it is the mask PNG (when the policy allows one).
                const nlohmann::json j = nlohmann::json::parse(payloads[0].toStdString());
                const std::string dumped = j.dump();
                const QByteArray maskB64 = maskPng(rle).toBase64();
                QCOMPARE(payloads[0].contains(maskB64), withPng);
                QCOMPARE(payloads[0].count("base64") + payloads[0].count("inline_data"), withPng ? 1 : 0);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTeacherOffline)
#include "tst_teacheroffline.moc"
