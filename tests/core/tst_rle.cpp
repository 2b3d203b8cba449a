// RleMask: hand-computed vectors, the pycocotools string codec, and every
// run-based measure checked against brute force on random masks.
#include "rle.h"

#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

using sd::RleMask;

namespace {

cv::Mat maskFromRows(const std::vector<std::vector<int>> &rows)
{
    cv::Mat m(int(rows.size()), int(rows[0].size()), CV_8UC1);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<uint8_t>(y, x) = rows[size_t(y)][size_t(x)] ? 255 : 0;
    return m;
}

// Random masks with structure (rectangles, circles) and noise, so runs cross
// column boundaries, touch the borders and leave holes.
cv::Mat randomMask(std::mt19937 &rng)
{
    std::uniform_int_distribution<int> dimD(1, 40);
    const int h = dimD(rng), w = dimD(rng);
    cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
    std::uniform_int_distribution<int> kind(0, 4);
    const int k = kind(rng);
    if (k == 0)
        return m; // empty
    if (k == 1) {
        m.setTo(255);
        return m;
    }
    std::uniform_int_distribution<int> yD(0, h - 1), xD(0, w - 1);
    for (int i = 0; i < 3; ++i) {
        const int y0 = yD(rng), x0 = xD(rng), y1 = yD(rng), x1 = xD(rng);
        cv::rectangle(m, cv::Point(std::min(x0, x1), std::min(y0, y1)), cv::Point(std::max(x0, x1), std::max(y0, y1)),
                      cv::Scalar(255), cv::FILLED);
    }
    cv::circle(m, cv::Point(xD(rng), yD(rng)), 1 + xD(rng) / 2, cv::Scalar(0), cv::FILLED);
    std::bernoulli_distribution noise(k == 4 ? 0.3 : 0.02);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (noise(rng))
                m.at<uint8_t>(y, x) = uint8_t(255 - m.at<uint8_t>(y, x));
    return m;
}

bool sameMask(const cv::Mat &a, const cv::Mat &b)
{
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    if (a.empty())
        return true;
    return cv::countNonZero(a != b) == 0;
}

} // namespace

class TestRle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handComputed3x4()
    {
        // Column-major: 0 0 1 | 1 1 1 | 1 0 0 | 0 0 1 -> runs 2 zeros, 5 ones, 4 zeros, 1 one.
        const cv::Mat m = maskFromRows({{0, 1, 1, 0}, {0, 1, 0, 0}, {1, 1, 0, 1}});
        const RleMask r = RleMask::encode(m);
        QCOMPARE(r.height, 3);
        QCOMPARE(r.width, 4);
        QCOMPARE(r.counts, (std::vector<uint32_t>{2, 5, 4, 1}));
        QVERIFY(r.isValid());
        QVERIFY(!r.isEmpty());
        QCOMPARE(r.area(), quint64(6));
        QCOMPARE(r.boundingBox(), QRect(0, 0, 4, 3));
        // Pixels (x,y): (1,0) (2,0) (1,1) (0,2) (1,2) (3,2).
        QCOMPARE(r.centroid().x(), 8.0 / 6.0);
        QCOMPARE(r.centroid().y(), 7.0 / 6.0);
        // Delta against counts[i-2] for i > 2: 1 - 5 = -4 -> 0x1c -> 'L'.
        QCOMPARE(r.toCocoString(), QByteArray("254L"));
        QVERIFY(sameMask(r.decode(), m));
    }

    void specialMasks()
    {
        const RleMask zeros = RleMask::encode(cv::Mat(2, 2, CV_8UC1, cv::Scalar(0)));
        QCOMPARE(zeros.counts, (std::vector<uint32_t>{4}));
        QVERIFY(zeros.isEmpty());
        QCOMPARE(zeros.area(), quint64(0));
        QCOMPARE(zeros.boundingBox(), QRect());
        QCOMPARE(zeros.centroid(), QPointF(-1, -1));
        QCOMPARE(zeros, RleMask::empty(2, 2));

        const RleMask ones = RleMask::encode(cv::Mat(2, 2, CV_8UC1, cv::Scalar(7)));
        QCOMPARE(ones.counts, (std::vector<uint32_t>{0, 4}));
        QCOMPARE(ones.area(), quint64(4));
        QCOMPARE(ones.boundingBox(), QRect(0, 0, 2, 2));
        QCOMPARE(ones.centroid(), QPointF(0.5, 0.5));

        const RleMask first = RleMask::encode(maskFromRows({{1, 0}, {0, 0}}));
        QCOMPARE(first.counts, (std::vector<uint32_t>{0, 1, 3}));
        QCOMPARE(first.boundingBox(), QRect(0, 0, 1, 1));
        QCOMPARE(first.toCocoString(), QByteArray("013"));

        const RleMask last = RleMask::encode(maskFromRows({{0, 0}, {0, 1}}));
        QCOMPARE(last.counts, (std::vector<uint32_t>{3, 1}));
        QCOMPARE(last.boundingBox(), QRect(1, 1, 1, 1));

        const RleMask none = RleMask::encode(cv::Mat());
        QCOMPARE(none.counts, (std::vector<uint32_t>{0}));
        QVERIFY(none.isValid());
        QCOMPARE(none.decode().total(), size_t(0));

        // Row-major buffer entry point.
        const uint8_t buf[6] = {0, 1, 0, 1, 1, 0}; // 2x3
        const RleMask b = RleMask::encode(buf, 2, 3);
        QCOMPARE(b.counts, (std::vector<uint32_t>{1, 3, 2})); // columns: 0 1 | 1 1 | 0 0
    }

    void cocoStringHandVectors()
    {
        // 100 = 3*32 + 4: low group 4 with continuation (4|0x20 = 36 -> 'T'), then 3 -> '3'.
        RleMask r = RleMask::empty(10, 10);
        QCOMPARE(r.toCocoString(), QByteArray("T3"));
        // 16 has bit 4 set in its only group, so a second group is needed ('`' then '0').
        r = RleMask::empty(4, 4);
        QCOMPARE(r.toCocoString(), QByteArray("`0"));
        QCOMPARE(RleMask::fromCocoString("`0", 4, 4), r);
        // 10x10 with rows 2..4 x cols 3..5 set: counts [32,3,7,3,7,3,45], deltas 0,0,0,38.
        cv::Mat m(10, 10, CV_8UC1, cv::Scalar(0));
        m(cv::Rect(3, 2, 3, 3)).setTo(1);
        r = RleMask::encode(m);
        QCOMPARE(r.counts, (std::vector<uint32_t>{32, 3, 7, 3, 7, 3, 45}));
        QCOMPARE(r.toCocoString(), QByteArray("P137000V1"));
        QCOMPARE(RleMask::fromCocoString("P137000V1", 10, 10), r);
        QCOMPARE(r.boundingBox(), QRect(3, 2, 3, 3));
        QCOMPARE(r.centroid(), QPointF(4, 3));
    }

    void realPycocotoolsString()
    {
        // A 50x70 mask string produced by pycocotools (published in a public README).
        const QByteArray s =
            "0g05b08J4M2N2NA^O1`0OCO=0E090H080IO68DH;>@C>a0_O_O`0j0OWOF<:CM72I24NL43JM92FN;1ENKO72L0LO91J0MO92INO0NO122OO0M"
            "031O000NO31OO11MO40N011MO41MO21L06OL021L06OL021L06OL021L060J040L060J040L060J040L060J040L060J040L060J040L060KO31"
            "L060KO31L06OL021L06OL021L06OL021MO41MO21MO40N100NO310O00M0310O00NO1220NO92IONO91KOMO72M0<1EO:2GN63KM34OLM73JF<;"
            "=1G_O_Ob0=AC`07EH=1IO71H090F0:1DO>1_O1b0>2N2N3L6H]O";
        const RleMask r = RleMask::fromCocoString(s, 50, 70);
        QVERIFY(r.isValid());
        QVERIFY(r.area() > 0);
        QCOMPARE(r.toCocoString(), s);
        QCOMPARE(RleMask::encode(r.decode()), r);
    }

    void randomRoundTripsAndMeasures()
    {
        std::mt19937 rng(1234);
        for (int i = 0; i < 400; ++i) {
            const cv::Mat m = randomMask(rng);
            const RleMask r = RleMask::encode(m);
            QVERIFY(r.isValid());
            const cv::Mat d = r.decode();
            QVERIFY(sameMask(d, m != 0));

            QCOMPARE(RleMask::fromCocoString(r.toCocoString(), r.height, r.width), r);
            QCOMPARE(RleMask::fromCocoString(r.toCocoString(), r.height, r.width).counts, r.counts);
            QCOMPARE(RleMask::fromJson(r.toJson()), r);

            const int nz = cv::countNonZero(m);
            QCOMPARE(r.area(), quint64(nz));
            QCOMPARE(r.isEmpty(), nz == 0);
            if (nz == 0) {
                QCOMPARE(r.boundingBox(), QRect());
                QCOMPARE(r.centroid(), QPointF(-1, -1));
            } else {
                std::vector<cv::Point> pts;
                cv::findNonZero(m, pts);
                const cv::Rect bb = cv::boundingRect(pts);
                QCOMPARE(r.boundingBox(), QRect(bb.x, bb.y, bb.width, bb.height));
                double sx = 0, sy = 0;
                for (const auto &p : pts) {
                    sx += p.x;
                    sy += p.y;
                }
                QVERIFY(qAbs(r.centroid().x() - sx / nz) < 1e-9);
                QVERIFY(qAbs(r.centroid().y() - sy / nz) < 1e-9);
            }

            // Pairwise measures against a second random mask of the same size.
            cv::Mat m2 = randomMask(rng);
            cv::resize(m2, m2, m.size(), 0, 0, cv::INTER_NEAREST);
            const RleMask r2 = RleMask::encode(m2);
            const int inter = cv::countNonZero(m & m2);
            const int uni = cv::countNonZero(m | m2);
            const int n2 = cv::countNonZero(m2);
            QCOMPARE(sd::iou(r, r2), uni == 0 ? 0.0 : double(inter) / uni);
            QCOMPARE(sd::dice(r, r2), nz + n2 == 0 ? 0.0 : 2.0 * inter / (nz + n2));
            const RleMask u = sd::unite(r, r2);
            QCOMPARE(u.counts, RleMask::encode(m | m2).counts); // canonical, like pycocotools merge
            QCOMPARE(sd::iou(r, r), nz == 0 ? 0.0 : 1.0);
        }
    }

    void jsonForm()
    {
        const RleMask r = RleMask::encode(maskFromRows({{0, 1, 1, 0}, {0, 1, 0, 0}, {1, 1, 0, 1}}));
        QCOMPARE(r.toJson(), QByteArray(R"({"counts":[2,5,4,1],"size":[3,4]})"));
        // Compressed counts are accepted too.
        QCOMPARE(RleMask::fromJson(R"({"size":[3,4],"counts":"254L"})"), r);
        // Non-canonical runs (empty interior runs) describe the same pixels.
        const RleMask nc = RleMask::fromJson(R"({"size":[3,4],"counts":[2,5,0,0,4,1,0]})");
        QCOMPARE(nc, r);
        QVERIFY(sameMask(nc.decode(), r.decode()));
    }

    void rejectsBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::encode(cv::Mat(2, 2, CV_8UC3)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::encode(cv::Mat(2, 2, CV_16UC1)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::empty(-1, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::fromCocoString("254L", 3, 5)); // sums to 12
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::fromCocoString("25 4", 3, 4));  // bad char
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::fromCocoString("2T", 3, 4));    // ends mid-number
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::fromCocoString("2L", 3, 4));    // negative run
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RleMask::fromCocoString("", 3, 4));

        RleMask bad;
        bad.height = 3;
        bad.width = 4;
        bad.counts = {2, 5};
        QVERIFY(!bad.isValid());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bad.decode());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bad.toCocoString());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bad.toJson());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bad.boundingBox());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sd::iou(bad, RleMask::empty(3, 4)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sd::unite(RleMask::empty(3, 4), RleMask::empty(4, 3)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sd::dice(RleMask::empty(3, 4), RleMask::empty(2, 6)));

        // fromJson keeps its declared contract: std::runtime_error with the reason.
        const char *badJson[] = {
            "", "not json", "[]", R"({"size":[3,4]})", R"({"size":[3],"counts":[12]})",
            R"({"size":[-3,4],"counts":[12]})", R"({"size":[3,4],"counts":[11]})", R"({"size":[3,4],"counts":[12,-1]})",
            R"({"size":[3,4],"counts":[1.5]})", R"({"size":[3,4],"counts":"254"})", R"({"size":["3",4],"counts":[12]})",
            R"({"size":[3,4],"counts":{}})"};
        for (const char *j : badJson) {
            bool threw = false;
            try {
                RleMask::fromJson(QByteArray(j));
            } catch (const std::runtime_error &e) {
                threw = true;
                QVERIFY2(QByteArray(e.what()).startsWith("RLE mask JSON"), e.what());
            }
            QVERIFY2(threw, j);
        }
    }
};

QTEST_GUILESS_MAIN(TestRle)
#include "tst_rle.moc"
