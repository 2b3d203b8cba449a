// BLEU (sacrebleu 2.x), ROUGE-L (rouge-score) and summary statistics.
#include "metrics/bleu.h"
#include "metrics/rouge.h"
#include "metrics/stats.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <stdexcept>

using namespace sd::metrics;

namespace {

bool close(double actual, double expected, double rel = 1e-9)
{
    return std::fabs(actual - expected) <= rel * std::max(1.0, std::fabs(expected));
}

#define QCOMPARE_CLOSE(actual, expected)                                                              \
    QVERIFY2(close((actual), (expected)),                                                             \
             qPrintable(QStringLiteral("%1 = %2, expected %3").arg(QStringLiteral(#actual))           \
                            .arg((actual), 0, 'g', 17).arg((expected), 0, 'g', 17)))

QString fixturePath()
{
    return QStringLiteral(SURGDISTILL_SHARED_DIR "/fixtures/qwen2_5_vl_tiny/bleu_cases.json");
}

void verifyFinite(const BleuScore &s)
{
    QVERIFY(std::isfinite(s.score));
    QVERIFY(std::isfinite(s.bp));
    for (double p : s.precisions)
        QVERIFY(std::isfinite(p));
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT

    QJsonObject m_cases;
    bool m_haveFixture = false;

private Q_SLOTS:
    void initTestCase()
    {
        QFile f(fixturePath());
        if (!f.exists())
            return;   // the fixture tests QSKIP individually
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
        QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
        m_cases = doc.object();
        QVERIFY(m_cases.value(QStringLiteral("pairs")).toArray().size() >= 1);
        m_haveFixture = true;
    }

    void tokenizer13a_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("punct+entities") << QStringLiteral("Hello, world! It's 3.5 mm-long &quot;x&quot;.")
                                        << QStringLiteral("Hello , world ! It's 3.5 mm-long \" x \" .");
        QTest::newRow("digits") << QStringLiteral("Dissect 2-3 cm; then clip (x2) at 10,000 rpm...")
                                << QStringLiteral("Dissect 2 - 3 cm ; then clip ( x2 ) at 10,000 rpm . . .");
        // <skipped> and "-\n" vanish, newlines become spaces, U+001C is Python whitespace.
        QTest::newRow("skipped+newlines") << QStringLiteral("a<skipped>b well-\nknown\nline\x1c end  \t")
                                          << QStringLiteral("ab wellknown line end");
        QTest::newRow("non-ascii") << QStringLiteral("Ölçüm: 5°C, café—ok?")
                                   << QStringLiteral("Ölçüm : 5°C , café—ok ?");
        // Entity replacements are sequential, so &amp;lt; ends up as "<".
        QTest::newRow("symbols") << QStringLiteral("&amp;lt; [tag] {a|b} ~50% $3 @home #1 a/b")
                                 << QStringLiteral("< [ tag ] { a | b } ~ 50 % $ 3 @ home # 1 a / b");
        QTest::newRow("empty") << QString() << QString();
    }

    void tokenizer13a()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(tokenize13a(input), expected);
    }

    void sentenceBleuMatchesSacrebleu()
    {
        if (!m_haveFixture)
            QSKIP("shared fixture bleu_cases.json not found (expected under SURGDISTILL_SHARED_DIR/fixtures/qwen2_5_vl_tiny)");
        const QJsonArray pairs = m_cases.value(QStringLiteral("pairs")).toArray();
        for (const QJsonValue &v : pairs) {
            const QJsonObject c = v.toObject();
            const QString hyp = c.value(QStringLiteral("hyp")).toString();
            const BleuScore s = sentenceBleu(hyp, {c.value(QStringLiteral("ref")).toString()});
            const QByteArray where = hyp.toUtf8();
            QVERIFY2(close(s.score, c.value(QStringLiteral("sentence_bleu")).toDouble()), where);
            const QJsonArray precisions = c.value(QStringLiteral("precisions")).toArray();
            QCOMPARE(precisions.size(), 4);
            for (int n = 0; n < 4; ++n)
                QVERIFY2(close(s.precisions[size_t(n)], precisions[n].toDouble()), where);
            QVERIFY2(close(s.bp, c.value(QStringLiteral("bp")).toDouble()), where);
            QCOMPARE(s.sysLen, c.value(QStringLiteral("sys_len")).toInt());
            QCOMPARE(s.refLen, c.value(QStringLiteral("ref_len")).toInt());
        }
    }

    void sentenceBleuEffectiveOrder()
    {
        if (!m_haveFixture)
            QSKIP("shared fixture bleu_cases.json not found");
        // The fixture lists sacrebleu.sentence_bleu(..., use_effective_order=True) per pair.
        const QJsonArray pairs = m_cases.value(QStringLiteral("pairs")).toArray();
        const QJsonArray expected = m_cases.value(QStringLiteral("sentence_bleu_effective_order")).toArray();
        QCOMPARE(expected.size(), pairs.size());
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            const QJsonObject c = pairs[i].toObject();
            const BleuScore s = sentenceBleu(c.value(QStringLiteral("hyp")).toString(),
                                             {c.value(QStringLiteral("ref")).toString()});
            QCOMPARE_CLOSE(s.score, expected[i].toDouble());
        }
    }

    void corpusBleuMatchesSacrebleu()
    {
        if (!m_haveFixture)
            QSKIP("shared fixture bleu_cases.json not found");
        QStringList hyps, refs;
        for (const QJsonValue &v : m_cases.value(QStringLiteral("pairs")).toArray()) {
            hyps << v.toObject().value(QStringLiteral("hyp")).toString();
            refs << v.toObject().value(QStringLiteral("ref")).toString();
        }
        const double expected = m_cases.value(QStringLiteral("corpus_bleu")).toDouble();
        const BleuScore s = corpusBleu(hyps, {refs});
        QCOMPARE_CLOSE(s.score, expected);
        // Every order has matches corpus-wide, so exp smoothing changes nothing.
        QCOMPARE_CLOSE(corpusBleu(hyps, {refs}, BleuSmoothing::Exp).score, expected);
        // Corpus statistics are sums of the sentence statistics.
        int sys = 0, ref = 0;
        for (qsizetype i = 0; i < hyps.size(); ++i) {
            const BleuScore one = sentenceBleu(hyps[i], {refs[i]});
            sys += one.sysLen;
            ref += one.refLen;
        }
        QCOMPARE(s.sysLen, sys);
        QCOMPARE(s.refLen, ref);
        // An extra reference stream of empty entries means "no extra reference" (sacrebleu).
        QStringList blanks;
        for (qsizetype i = 0; i < hyps.size(); ++i)
            blanks << QString();
        QCOMPARE_CLOSE(corpusBleu(hyps, {refs, blanks}).score, expected);
    }

    void multiReferenceClippingAndClosestLength()
    {
        // hyp: the the the the (4 tokens); refs: "the cat" (2), "the the dog" (3).
        // closest ref length: |4-2|=2, |4-3|=1 -> 3, so bp = 1.
        // 1-grams: "the" x4, clipped by max ref count 2        -> 2/4 = 50 %
        // 2-grams: "the the" x3, ref 2 has it once              -> 1/3
        // 3-grams: x2, no match -> exp smoothing 100/(2*2) = 25 %
        // 4-grams: x1, no match -> exp smoothing 100/(4*1) = 25 %
        const BleuScore s = sentenceBleu(QStringLiteral("the the the the"),
                                         {QStringLiteral("the cat"), QStringLiteral("the the dog")});
        QCOMPARE(s.sysLen, 4);
        QCOMPARE(s.refLen, 3);
        QCOMPARE_CLOSE(s.bp, 1.0);
        QCOMPARE_CLOSE(s.precisions[0], 50.0);
        QCOMPARE_CLOSE(s.precisions[1], 100.0 / 3.0);
        QCOMPARE_CLOSE(s.precisions[2], 25.0);
        QCOMPARE_CLOSE(s.precisions[3], 25.0);
        QCOMPARE_CLOSE(s.score, std::pow(50.0 * (100.0 / 3.0) * 25.0 * 25.0, 0.25));

        // Equal distance to lengths 2 and 4: the shorter reference wins.
        const BleuScore tie = sentenceBleu(QStringLiteral("a b c"), {QStringLiteral("a b c d"), QStringLiteral("a b")});
        QCOMPARE(tie.refLen, 2);
        QCOMPARE_CLOSE(tie.bp, 1.0);

        // Without smoothing and effective order, a zero 4-gram precision zeroes corpus BLEU.
        QCOMPARE(corpusBleu({QStringLiteral("the the the the")}, {{QStringLiteral("the the dog")}}).score, 0.0);
    }

    void bleuEdgeCases()
    {
        const BleuScore empty = sentenceBleu(QString(), {QStringLiteral("The pancreas.")});
        verifyFinite(empty);
        QCOMPARE(empty.score, 0.0);
        QCOMPARE(empty.bp, 0.0);
        QCOMPARE(empty.sysLen, 0);
        QCOMPARE(empty.refLen, 3);

        const BleuScore blank = sentenceBleu(QStringLiteral("  \t "), {QStringLiteral("x")});
        verifyFinite(blank);
        QCOMPARE(blank.score, 0.0);

        // A single matching token: effective order 1 gives 100.
        const BleuScore one = sentenceBleu(QStringLiteral("."), {QStringLiteral(".")});
        QCOMPARE_CLOSE(one.score, 100.0);

        // Whitespace-only reference is kept (sacrebleu only drops ""), length 0: bp 1, score 0.
        const BleuScore wsRef = sentenceBleu(QStringLiteral("a b"), {QStringLiteral(" ")});
        verifyFinite(wsRef);
        QCOMPARE(wsRef.score, 0.0);
        QCOMPARE(wsRef.refLen, 0);

        // Empty references are skipped; none left is an error, not a NaN.
        QCOMPARE_CLOSE(sentenceBleu(QStringLiteral("a b"), {QString(), QStringLiteral("a b")}).score, 100.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sentenceBleu(QStringLiteral("a"), {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sentenceBleu(QStringLiteral("a"), {QString()}));

        // Corpus shape errors.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, corpusBleu({QStringLiteral("a")}, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 corpusBleu({QStringLiteral("a"), QStringLiteral("b")}, {{QStringLiteral("a")}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, corpusBleu({QStringLiteral("a")}, {{QString()}}));
        // Empty corpus: nothing to score, a defined 0.
        const BleuScore none = corpusBleu({}, {QStringList()});
        verifyFinite(none);
        QCOMPARE(none.score, 0.0);
    }

    void rougeTokenizer()
    {
        QCOMPARE(rougeTokenize(QStringLiteral("The peri-pancreatic FAT, 2cm!")),
                 (QStringList{"the", "peri", "pancreatic", "fat", "2cm"}));
        // Only [a-z0-9] survives: non-ASCII letters separate tokens.
        QCOMPARE(rougeTokenize(QStringLiteral("Ångström unit")), (QStringList{"ngstr", "m", "unit"}));
        QVERIFY(rougeTokenize(QStringLiteral(" ?!… ")).isEmpty());
    }

    void rougeLHandComputed_data()
    {
        QTest::addColumn<QString>("hyp");
        QTest::addColumn<QString>("ref");
        QTest::addColumn<int>("lcs");
        QTest::addColumn<double>("precision");
        QTest::addColumn<double>("recall");
        QTest::addColumn<double>("f1");
        // hyp [the cat sat on the mat], ref [the cat is on the mat]
        // LCS = the cat on the mat (5): P = 5/6, R = 5/6, F = 5/6
        QTest::newRow("substitution") << "the cat sat on the mat" << "the cat is on the mat" << 5
                                      << 5.0 / 6 << 5.0 / 6 << 5.0 / 6;
        // hyp [clip the cystic artery], ref [the cystic artery is clipped]
        // LCS = the cystic artery (3): P = 3/4, R = 3/5, F = 2*.75*.6/1.35 = 2/3
        QTest::newRow("case+punct") << "Clip the cystic artery!" << "The cystic ARTERY is clipped" << 3
                                    << 0.75 << 0.6 << 2.0 / 3;
        // hyp [a b c d], ref [d c b a]: any single token (1): P = R = F = 1/4
        QTest::newRow("reversed") << "a b c d" << "d c b a" << 1 << 0.25 << 0.25 << 0.25;
        // hyp [peri pancreatic fat], ref [the peri pancreatic fat plane]
        // LCS = peri pancreatic fat (3): P = 1, R = 3/5, F = 2*.6/1.6 = 0.75
        QTest::newRow("hyphen") << "peri-pancreatic fat" << "the peri pancreatic fat plane" << 3
                                << 1.0 << 0.6 << 0.75;
        // hyp [a x b y c], ref [a b c z]: LCS = a b c (3), P = 3/5, R = 3/4, F = 2*.6*.75/1.35 = 2/3
        QTest::newRow("gaps") << "a x b y c" << "a b c z" << 3 << 0.6 << 0.75 << 2.0 / 3;
        // no common token
        QTest::newRow("disjoint") << "vein" << "artery" << 0 << 0.0 << 0.0 << 0.0;
    }

    void rougeLHandComputed()
    {
        QFETCH(QString, hyp);
        QFETCH(QString, ref);
        QFETCH(int, lcs);
        QFETCH(double, precision);
        QFETCH(double, recall);
        QFETCH(double, f1);
        QCOMPARE(lcsLength(rougeTokenize(ref), rougeTokenize(hyp)), lcs);
        QCOMPARE(lcsLength(rougeTokenize(hyp), rougeTokenize(ref)), lcs);   // symmetric
        const RougeScore s = rougeL(hyp, ref);
        QCOMPARE_CLOSE(s.precision, precision);
        QCOMPARE_CLOSE(s.recall, recall);
        QCOMPARE_CLOSE(s.fmeasure, f1);
    }

    void rougeLEdgeCasesAndMultiRef()
    {
        for (const auto &[h, r] : {std::pair<QString, QString>{QString(), QStringLiteral("the vein")},
                                   {QStringLiteral("the vein"), QString()},
                                   {QStringLiteral("!!!"), QStringLiteral("...")},
                                   {QString(), QString()}}) {
            const RougeScore s = rougeL(h, r);
            QCOMPARE(s.precision, 0.0);
            QCOMPARE(s.recall, 0.0);
            QCOMPARE(s.fmeasure, 0.0);
        }
        // Best F1 over references: "the cystic artery" vs "the artery" (F 0.8) and itself (F 1).
        const RougeScore best = rougeL(QStringLiteral("the cystic artery"),
                                       {QStringLiteral("the artery"), QStringLiteral("The cystic artery.")});
        QCOMPARE_CLOSE(best.fmeasure, 1.0);
        const RougeScore partial = rougeL(QStringLiteral("the cystic artery"), {QStringLiteral("the artery")});
        QCOMPARE_CLOSE(partial.precision, 2.0 / 3);
        QCOMPARE_CLOSE(partial.recall, 1.0);
        QCOMPARE_CLOSE(partial.fmeasure, 0.8);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rougeL(QStringLiteral("a"), QStringList{}));
    }

    void meanAndSampleSd()
    {
        // sum = 40, mean = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample var = 32/7.
        const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};
        QCOMPARE_CLOSE(mean(v), 5.0);
        QCOMPARE_CLOSE(sampleStdDev(v), std::sqrt(32.0 / 7.0));
        const Summary s = summarize(v);
        QCOMPARE(s.count, 8);
        QCOMPARE(s.min, 2.0);
        QCOMPARE(s.max, 9.0);
        QCOMPARE(s.toString(), QStringLiteral("5.00 \u00b1 2.14"));
        QCOMPARE(s.toString(1), QStringLiteral("5.0 \u00b1 2.1"));

        const Summary single = summarize({3.5});
        QCOMPARE(single.mean, 3.5);
        QCOMPARE(single.sd, 0.0);
        const Summary none = summarize({});
        QCOMPARE(none.count, 0);
        QCOMPARE(none.mean, 0.0);
        QCOMPARE(none.sd, 0.0);
        QCOMPARE(mean({}), 0.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, summarize({1.0, std::nan("")}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, summarize({HUGE_VAL}));
    }

    void groupedSummaries()
    {
        const QList<QPair<QString, double>> obs{{"pancreas", 10.0}, {"vein", 1.0},     {"pancreas", 20.0},
                                                {"vein", 3.0},      {"pancreas", 30.0}, {"artery", 7.0}};
        const QMap<QString, Summary> g = summarizeByGroup(obs);
        QCOMPARE(g.keys(), (QStringList{"artery", "pancreas", "vein"}));
        QCOMPARE(g["pancreas"].count, 3);
        QCOMPARE_CLOSE(g["pancreas"].mean, 20.0);
        QCOMPARE_CLOSE(g["pancreas"].sd, 10.0);          // deviations -10,0,10 -> 200/2 = 100
        QCOMPARE_CLOSE(g["vein"].mean, 2.0);
        QCOMPARE_CLOSE(g["vein"].sd, std::sqrt(2.0));    // deviations -1,1 -> 2/1
        QCOMPARE(g["artery"].sd, 0.0);
        QVERIFY(summarizeByGroup({}).isEmpty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, summarizeByGroup({{"x", std::nan("")}}));
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
