// BLEU-4 with sacrebleu 2.x semantics (default "13a" tokenizer, case-sensitive,
// closest reference length, clipped counts over multiple references), so that
// numbers reported by SurgDistill match `sacrebleu.sentence_bleu` /
// `sacrebleu.corpus_bleu` to floating-point precision.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <array>

namespace sd::metrics {

struct BleuScore {
    double score = 0.0;                    // 0-100
    std::array<double, 4> precisions{};    // n-gram precisions in percent (smoothed where applicable)
    double bp = 0.0;                       // brevity penalty
    int sysLen = 0;                        // hypothesis tokens
    int refLen = 0;                        // effective (closest) reference tokens
};

enum class BleuSmoothing { None, Exp };

// mteval-v13a tokenisation exactly as sacrebleu's Tokenizer13a (after BLEU's
// rstrip of the segment): returns the space-separated token string.
QString tokenize13a(const QString &line);

// sacrebleu.sentence_bleu(hyp, refs): smooth_method="exp", use_effective_order=True.
// Empty references are skipped like sacrebleu; throws std::invalid_argument when
// no non-empty reference is left. An empty hypothesis scores 0.
BleuScore sentenceBleu(const QString &hyp, const QStringList &refs);

// sacrebleu.corpus_bleu(hyps, refs): refs[k][i] is the k-th reference of
// sentence i (reference streams, as sacrebleu). Every stream must have
// hyps.size() entries; empty entries mean "fewer references for this
// sentence". Throws std::invalid_argument on shape errors or a sentence
// without any reference. smoothing defaults to None (the fixture's setting);
// it only matters when some n-gram order has no match in the whole corpus.
BleuScore corpusBleu(const QStringList &hyps, const QList<QStringList> &refs,
                     BleuSmoothing smoothing = BleuSmoothing::None,
                     bool effectiveOrder = false);

} // namespace sd::metrics
