// BERTScore on a tiny random BERT written in the test: the encoder's forward
// pass against a hand-written transformer layer, and P/R/F1 against the
// greedy-matching formula computed here from the embeddings.
#include "bertscore.h"
#include "safetensors.h"
#include "wordpiece.h"
#include "tinybert.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <map>
#include <random>

using namespace sd::vlm;
using namespace sd::testsupport;

namespace {

double cosine(const std::vector<float> &a, const std::vector<float> &b)
{
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    return dot / std::sqrt(na * nb);
}

// The formula: each non-special token's best cosine against all tokens of the
// other side ([CLS]/[SEP] included, as bert_score), weighted mean.
double greedy(const TokenEmbeddings &from, const TokenEmbeddings &to, const std::map<std::string, double> &weight)
{
    double sum = 0, wsum = 0;
    for (size_t i = 0; i < from.tokens.size(); ++i) {
        if (from.tokens[i] == "[CLS]" || from.tokens[i] == "[SEP]")
            continue;
        double best = -2;
        for (const auto &v : to.vectors)
            best = std::max(best, cosine(from.vectors[i], v));
        const double w = weight.empty() ? 1.0 : weight.at(from.tokens[i]);
        sum += w * best;
        wsum += w;
    }
    return sum / wsum;
}

} // namespace

class TestBertScore : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void wordPieceSplitsLikeBert()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("vocab"));
        QVERIFY(QDir().mkpath(dir));
        writeTinyBert(dir);
        const auto tok = WordPieceTokenizer::fromVocabFile((dir + QStringLiteral("/vocab.txt")).toStdString(), true);
        using V = std::vector<std::string>;
        QCOMPARE(tok.tokenize("The inferior VEINS, bleeding."),
                 (V{"the", "inferior", "vein", "##s", ",", "bleeding", "."}));
        QCOMPARE(tok.tokenize("Pancréas xyz"), (V{"pancreas", "[UNK]"})); // accents stripped, unknown word
        QCOMPARE(tok.tokenize("  \t\n "), V{});
        const auto ids = tok.encode("the vein");
        QCOMPARE(ids.front(), tok.clsId());
        QCOMPARE(ids.back(), tok.sepId());
        QCOMPARE(ids.size(), size_t(4));
        QCOMPARE(tok.encode("the the the the the the", 5).size(), size_t(5)); // truncated, [SEP] kept
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, tok.tokenize(std::string("bad \xff utf8")));
    }

    void encoderLayerMatchesHandWrittenTransformer()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("layer"));
        QVERIFY(QDir().mkpath(dir));
        const TinyBert m = writeTinyBert(dir);
        BertScoreOptions o;
        o.layer = 1;
        const auto scorer = BertScorer::load(dir.toStdString(), o);
        const auto tok = WordPieceTokenizer::fromVocabFile((dir + QStringLiteral("/vocab.txt")).toStdString(), true);
        const std::string text = "The inferior mesenteric vein is ligated at its root.";
        const TokenEmbeddings got = scorer->embed(text);
        const Matrix expected = m.firstLayer(tok.encode(text));
        QCOMPARE(got.vectors.size(), expected.size());
        QCOMPARE(got.tokens.front(), std::string("[CLS]"));
        double worst = 0;
        for (size_t t = 0; t < expected.size(); ++t)
            for (int h = 0; h < kHidden; ++h)
                worst = std::max(worst, std::abs(got.vectors[t][size_t(h)] - expected[t][size_t(h)]));
        QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
        // Layer 2 differs from layer 1 (the option selects a layer).
        const auto last = BertScorer::load(dir.toStdString());
        QCOMPARE(last->layer(), 2);
        QVERIFY(std::abs(last->embed(text).vectors[1][0] - got.vectors[1][0]) > 1e-6);
    }

    void scoreMatchesGreedyFormula_data()
    {
        QTest::addColumn<QString>("candidate");
        QTest::addColumn<QString>("reference");
        QTest::newRow("paraphrase") << QStringLiteral("The inferior vein is ligated near its root.")
                                    << QStringLiteral("The inferior mesenteric vein is ligated at its root.");
        QTest::newRow("wrong structure") << QStringLiteral("This is the pancreas.")
                                         << QStringLiteral("The inferior mesenteric vein, left plane.");
        QTest::newRow("repetition") << QStringLiteral("vein vein vein vein") << QStringLiteral("the vein");
    }

    void scoreMatchesGreedyFormula()
    {
        QFETCH(QString, candidate);
        QFETCH(QString, reference);
        const QString dir = m_tmp.filePath(QStringLiteral("score"));
        if (!QDir(dir).exists()) {
            QVERIFY(QDir().mkpath(dir));
            writeTinyBert(dir);
        }
        const auto scorer = BertScorer::load(dir.toStdString());
        const auto c = scorer->embed(candidate.toStdString());
        const auto r = scorer->embed(reference.toStdString());
        const double p = greedy(c, r, {}), rec = greedy(r, c, {});
        const BertScoreResult s = scorer->score(candidate.toStdString(), reference.toStdString());
        QVERIFY2(std::abs(s.precision - p) < 1e-6, qPrintable(QStringLiteral("%1 vs %2").arg(s.precision).arg(p)));
        QVERIFY(std::abs(s.recall - rec) < 1e-6);
        QVERIFY(std::abs(s.f1 - 2 * p * rec / (p + rec)) < 1e-6);
        QVERIFY(s.f1 > -1.0 && s.f1 <= 1.0 + 1e-9);

        // idf weights: log((M+1)/(df+1)) over the references, unseen pieces log(M+1).
        const std::vector<std::string> refs = {reference.toStdString(), "the vein", "the pancreas"};
        scorer->setIdfCorpus(refs);
        const auto tok = WordPieceTokenizer::fromVocabFile((dir + QStringLiteral("/vocab.txt")).toStdString(), true);
        std::map<std::string, double> idf;
        for (const auto &side : {c, r})
            for (const auto &t : side.tokens) {
                int df = 0;
                for (const auto &ref : refs) {
                    const auto pieces = tok.tokenize(ref);
                    df += std::find(pieces.begin(), pieces.end(), t) != pieces.end();
                }
                idf[t] = std::log(4.0 / (df + 1.0));
            }
        const BertScoreResult w = scorer->score(candidate.toStdString(), reference.toStdString());
        const double pw = greedy(c, r, idf), rw = greedy(r, c, idf);
        if (std::isfinite(pw))
            QVERIFY2(std::abs(w.precision - pw) < 1e-6, qPrintable(QStringLiteral("%1 vs %2").arg(w.precision).arg(pw)));
        QVERIFY(std::abs(w.recall - rw) < 1e-6);
    }

    void identicalTextsScoreOneAndEmptyScoresZero()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("same"));
        QVERIFY(QDir().mkpath(dir));
        writeTinyBert(dir);
        const auto scorer = BertScorer::load(dir.toStdString());
        const auto s = scorer->score("the vein is ligated", "the vein is ligated");
        QVERIFY(std::abs(s.f1 - 1.0) < 1e-6);
        const auto e = scorer->score("", "the vein");
        QCOMPARE(e.f1, 0.0);
    }

    void badEncodersAreRefusedClearly()
    {
        auto expectError = [](const QString &dir, const char *fragment) {
            try {
                BertScorer::load(dir.toStdString());
                QFAIL("loaded a broken encoder");
            } catch (const std::runtime_error &e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String(fragment)), e.what());
            }
        };
        expectError(m_tmp.filePath(QStringLiteral("absent")), "does not exist");
        const QString roberta = m_tmp.filePath(QStringLiteral("roberta"));
        QVERIFY(QDir().mkpath(roberta));
        writeTinyBert(roberta, "roberta");
        expectError(roberta, "model_type \"roberta\" is not supported");
        const QString missing = m_tmp.filePath(QStringLiteral("missing"));
        QVERIFY(QDir().mkpath(missing));
        writeTinyBert(missing, "bert", true);
        expectError(missing, "has no tensor encoder.layer.1.output.dense.bias");
        const QString layer = m_tmp.filePath(QStringLiteral("layer9"));
        QVERIFY(QDir().mkpath(layer));
        writeTinyBert(layer);
        try {
            BertScoreOptions o;
            o.layer = 9;
            BertScorer::load(layer.toStdString(), o);
            QFAIL("accepted layer 9 of 2");
        } catch (const std::runtime_error &e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QLatin1String("out of range")));
        }
    }
};

QTEST_GUILESS_MAIN(TestBertScore)
#include "tst_bertscore.moc"
