// diverseLabellingOrder (core/assist/segproject.h): the order `seg suggest` proposes
// frames in, uncertainty weighed against how unlike the labelled frames they are.
#include "assist/segproject.h"

#include <QtTest>

using namespace sd;

namespace {

LabellingCandidate candidate(qint64 id, double uncertainty, std::vector<float> feature)
{
    LabellingCandidate c;
    c.frameId = id;
    c.uncertainty = uncertainty;
    c.feature = std::move(feature);
    return c;
}

std::vector<qint64> ids(const std::vector<FrameSuggestion> &order)
{
    std::vector<qint64> out;
    for (const FrameSuggestion &s : order)
        out.push_back(s.frameId);
    return out;
}

} // namespace

class TestLabellingOrder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nearDuplicatesDoNotCrowdTheTop()
    {
        // Three near-identical uncertain frames (one operation) and one other, a bit less
        // uncertain: uncertainty alone would list the three first.
        const std::vector<LabellingCandidate> c{candidate(1, 0.90, {0.f, 0.f}), candidate(2, 0.89, {0.01f, 0.f}),
                                                candidate(3, 0.88, {0.f, 0.01f}), candidate(4, 0.60, {1.f, 1.f})};
        const auto order = diverseLabellingOrder(c, {});
        QCOMPARE(order.size(), size_t(4));
        QCOMPARE(order[0].frameId, qint64(1)); // nothing labelled: the most uncertain first
        QCOMPARE(order[1].frameId, qint64(4));
        QCOMPARE(order[0].score, 0.90);        // the score stays the uncertainty
    }

    void framesLikeTheLabelledOnesComeLater()
    {
        const std::vector<LabellingCandidate> c{candidate(1, 0.9, {0.f, 0.f}), candidate(2, 0.7, {1.f, 0.f})};
        QCOMPARE(ids(diverseLabellingOrder(c, {{0.f, 0.05f}})), (std::vector<qint64>{2, 1}));
        QCOMPARE(ids(diverseLabellingOrder(c, {{1.f, 0.05f}})), (std::vector<qint64>{1, 2}));
    }

    void pastTheDiversePicksByUncertaintyAndDeterministic()
    {
        std::vector<LabellingCandidate> c;
        for (int i = 0; i < 6; ++i)
            c.push_back(candidate(i + 1, 0.1 * (i % 3), {float(i), 0.f}));
        const auto a = diverseLabellingOrder(c, {}, 1);
        QCOMPARE(a.size(), size_t(6));
        for (size_t i = 2; i < a.size(); ++i)
            QVERIFY(a[i - 1].score >= a[i].score);
        QCOMPARE(ids(a), ids(diverseLabellingOrder(c, {}, 1)));
        QVERIFY(diverseLabellingOrder({}, {}).empty());
    }

    void signaturesOfDifferentLengthsAreRefused()
    {
        const std::vector<LabellingCandidate> c{candidate(1, 0.5, {0.f, 0.f})};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, diverseLabellingOrder(c, {{0.f}}));
    }
};

QTEST_GUILESS_MAIN(TestLabellingOrder)
#include "tst_labellingorder.moc"
