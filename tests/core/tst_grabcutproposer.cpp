// GrabCut smart select (#17) on rendered demo frames whose ground truth is known: a box
// finds the structure, clicks are honoured as hard seeds, and unusable prompts are refused
// with a message instead of a mask.
#include "assist/grabcutproposer.h"
#include "demo/demorender.h"
#include "rle.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>

using namespace sd;

namespace {

double maskIou(const cv::Mat &a, const cv::Mat &b)
{
    return iou(RleMask::encode(a), RleMask::encode(b));
}

// The ground truth's bounding box grown by 5 % (the bench's simulated annotator does the same).
QRect grownBox(const cv::Mat &gt)
{
    const cv::Rect r = cv::boundingRect(gt);
    const int gx = std::max(1, r.width / 40), gy = std::max(1, r.height / 40);
    return QRect(r.x - gx, r.y - gy, r.width + 2 * gx, r.height + 2 * gy) & QRect(0, 0, gt.cols, gt.rows);
}

// The point of the mask farthest from its border.
QPoint centreOf(const cv::Mat &mask)
{
    cv::Mat dist;
    cv::distanceTransform(mask, dist, cv::DIST_L2, 3);
    cv::Point at;
    cv::minMaxLoc(dist, nullptr, nullptr, nullptr, &at);
    return QPoint(at.x, at.y);
}

demo::RenderedFrame scene(uint64_t seed, demo::DemoStructure s)
{
    demo::SceneSpec spec;
    spec.seed = seed;
    spec.structures = {s};
    return demo::renderDemoFrame(spec);
}

} // namespace

class TestGrabCutProposer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boxFindsTheStructure()
    {
        GrabCutProposer proposer;
        QCOMPARE(proposer.name(), QStringLiteral("grabcut"));
        std::vector<double> ious;
        for (uint64_t seed = 1; seed <= 10; ++seed) {
            const auto frame = scene(seed, demo::DemoStructure(seed % demo::kDemoStructureCount));
            const cv::Mat &gt = frame.masks.front().mask;
            MaskPrompt prompt;
            prompt.box = grownBox(gt);
            const cv::Mat proposal = proposer.propose(frame.bgr, prompt, QStringLiteral("any"));
            QCOMPARE(proposal.size(), frame.bgr.size());
            QCOMPARE(proposal.type(), CV_8UC1);
            // 0 / 255 only, and nothing outside the box: the box is a hard limit.
            QCOMPARE(cv::countNonZero((proposal != 0) & (proposal != 255)), 0);
            cv::Mat outside = proposal.clone();
            const QRect b = prompt.box;
            outside(cv::Rect(b.x(), b.y(), b.width(), b.height())).setTo(0);
            QCOMPARE(cv::countNonZero(outside), 0);
            ious.push_back(maskIou(proposal, gt));
        }
        std::sort(ious.begin(), ious.end());
        const double median = (ious[4] + ious[5]) / 2;
        const long good = std::count_if(ious.begin(), ious.end(), [](double v) { return v >= 0.7; });
        qInfo("box only: median IoU %.3f, %ld of 10 at 0.7 or more", median, good);
        // The box alone finds most compact structures. A thin diagonal band (the plane, the
        // angel's hair) fills a small part of its box and needs clicks (clicksAreHardSeeds).
        QVERIFY2(median >= 0.8, qPrintable(QString::number(median)));
        QVERIFY2(good >= 6, qPrintable(QString::number(good)));
    }

    // A thin band running diagonally through its box: the box's rim tells the surroundings'
    // colours, so the box alone finds the band instead of keeping the tissue around it.
    void thinBandFromTheBoxAlone()
    {
        GrabCutOptions plain;
        plain.rimQuantile = 0; // "everything in the box is probably the structure"
        GrabCutProposer rim, whole(plain);
        std::vector<double> withRim, withoutRim;
        for (uint64_t seed = 1; seed <= 12; ++seed) {
            // As in the demo: the plane with the angel's hair beside it and a vessel crossing.
            demo::SceneSpec spec;
            spec.seed = seed;
            spec.structures = {demo::DemoStructure::PreparationPlane, demo::DemoStructure::AngelsHair,
                               demo::DemoStructure::Imv};
            const auto frame = demo::renderDemoFrame(spec);
            const cv::Mat &gt = frame.masks.front().mask;
            MaskPrompt prompt;
            prompt.box = grownBox(gt);
            withRim.push_back(maskIou(rim.propose(frame.bgr, prompt, {}), gt));
            withoutRim.push_back(maskIou(whole.propose(frame.bgr, prompt, {}), gt));
        }
        const auto mean = [](const std::vector<double> &v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); };
        const double a = mean(withRim), b = mean(withoutRim);
        qInfo("plane among other structures, box only: mean IoU %.3f with the rim's colours, %.3f without", a, b);
        QVERIFY2(a >= b + 0.05, qPrintable(QStringLiteral("%1 vs %2").arg(a).arg(b)));
    }

    // The same prompt gives the same proposal, whatever OpenCV's random state, and the
    // caller's random state is left as it was.
    void sameProposalForTheSamePrompt()
    {
        GrabCutProposer proposer;
        const auto frame = scene(4, demo::DemoStructure::AngelsHair);
        MaskPrompt prompt;
        prompt.box = grownBox(frame.masks.front().mask);
        prompt.inside.push_back(centreOf(frame.masks.front().mask));
        cv::theRNG().state = 12345;
        const cv::Mat first = proposer.propose(frame.bgr, prompt, {});
        QCOMPARE(cv::theRNG().state, uint64(12345));
        cv::theRNG().state = 987654321;
        const cv::Mat second = proposer.propose(frame.bgr, prompt, {});
        QCOMPARE(cv::countNonZero(first != second), 0);
        QVERIFY(cv::countNonZero(first) > 0);
    }

    // A box of a few pixels at the frame's corner is small enough to leave GrabCut fewer
    // pixels than it has colour components: it still answers, inside the box.
    void tinyBoxAnswers()
    {
        GrabCutProposer proposer;
        const auto frame = scene(2, demo::DemoStructure::Duodenum);
        MaskPrompt prompt;
        prompt.box = QRect(0, 0, 5, 5);
        const cv::Mat proposal = proposer.propose(frame.bgr, prompt, {});
        QCOMPARE(proposal.size(), frame.bgr.size());
        QCOMPARE(cv::countNonZero(proposal(cv::Rect(5, 5, proposal.cols - 5, proposal.rows - 5))), 0);
    }

    void clicksAreHardSeeds()
    {
        GrabCutProposer proposer;
        const auto frame = scene(3, demo::DemoStructure::Pancreas);
        const cv::Mat &gt = frame.masks.front().mask;
        MaskPrompt prompt;
        prompt.box = grownBox(gt);
        const cv::Mat first = proposer.propose(frame.bgr, prompt, {});

        // An inside click on a missed pixel makes it part of the proposal ...
        const QPoint in = centreOf(gt);
        prompt.inside.push_back(in);
        cv::Mat withIn = proposer.propose(frame.bgr, prompt, {});
        QCOMPARE(int(withIn.at<uchar>(in.y(), in.x())), 255);
        // ... and an outside click on a proposed pixel takes it out.
        cv::Mat falsePart = withIn & ~gt;
        if (cv::countNonZero(falsePart) == 0) {
            // Nothing false to take out: the person disagrees with part of the structure instead.
            falsePart = withIn.clone();
            cv::circle(falsePart, cv::Point(in.x(), in.y()), 40, cv::Scalar(0), cv::FILLED);
        }
        const QPoint out = centreOf(falsePart);
        QCOMPARE(int(withIn.at<uchar>(out.y(), out.x())), 255);
        prompt.outside.push_back(out);
        const cv::Mat withOut = proposer.propose(frame.bgr, prompt, {});
        QCOMPARE(int(withOut.at<uchar>(out.y(), out.x())), 0);
        QCOMPARE(int(withOut.at<uchar>(in.y(), in.x())), 255);
        QVERIFY(cv::countNonZero(first) > 0);
    }

    void clickWithoutBoxGivesARegionAroundIt()
    {
        GrabCutProposer proposer;
        const auto frame = scene(5, demo::DemoStructure::Duodenum);
        const cv::Mat &gt = frame.masks.front().mask;
        MaskPrompt prompt;
        const QPoint in = centreOf(gt);
        prompt.inside.push_back(in);
        const cv::Mat proposal = proposer.propose(frame.bgr, prompt, {});
        QCOMPARE(int(proposal.at<uchar>(in.y(), in.x())), 255);
        // Most of what it proposes is the structure.
        const double precision = double(cv::countNonZero(proposal & gt)) / std::max(1, cv::countNonZero(proposal));
        QVERIFY2(precision >= 0.6, qPrintable(QString::number(precision)));
    }

    void unusablePromptsAreRefused_data()
    {
        QTest::addColumn<QRect>("box");
        QTest::addColumn<QPoint>("inside");
        QTest::addColumn<QPoint>("outside");
        QTest::addColumn<QString>("message");
        const QPoint none(-1000, -1000);
        QTest::newRow("empty") << QRect() << none << none << "Draw a box";
        QTest::newRow("box outside") << QRect(700, 600, 50, 50) << none << none << "outside the frame";
        QTest::newRow("box left of frame") << QRect(-80, 10, 40, 40) << none << none << "outside the frame";
        QTest::newRow("zero area") << QRect(100, 100, 1, 60) << none << none << "too small";
        QTest::newRow("click outside") << QRect(100, 100, 80, 80) << QPoint(-3, 40) << none << "click lies outside";
        QTest::newRow("only outside clicks") << QRect() << none << QPoint(50, 50) << "Outside clicks alone";
    }

    void unusablePromptsAreRefused()
    {
        QFETCH(QRect, box);
        QFETCH(QPoint, inside);
        QFETCH(QPoint, outside);
        QFETCH(QString, message);
        const auto frame = scene(1, demo::DemoStructure::PreparationPlane);
        MaskPrompt prompt;
        prompt.box = box;
        if (inside.x() > -1000)
            prompt.inside.push_back(inside);
        if (outside.x() > -1000)
            prompt.outside.push_back(outside);
        GrabCutProposer proposer;
        try {
            proposer.propose(frame.bgr, prompt, {});
            QFAIL("the prompt was accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void unreadableFrameIsRefused()
    {
        GrabCutProposer proposer;
        MaskPrompt prompt;
        prompt.box = QRect(10, 10, 40, 40);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, proposer.propose(cv::Mat(), prompt, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 proposer.propose(cv::Mat(64, 64, CV_8UC1, cv::Scalar(0)), prompt, {}));
    }
};

QTEST_GUILESS_MAIN(TestGrabCutProposer)
#include "tst_grabcutproposer.moc"
