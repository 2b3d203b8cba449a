// ROUGE-L as Google's rouge-score package computes `rougeL` (no stemming):
// lowercase, every run of characters outside [a-z0-9] becomes a separator,
// then precision/recall of the longest common subsequence and their F1.
#pragma once

#include <QString>
#include <QStringList>

namespace sd::metrics {

struct RougeScore {
    double precision = 0.0;   // LCS / hypothesis tokens, 0-1
    double recall = 0.0;      // LCS / reference tokens, 0-1
    double fmeasure = 0.0;    // harmonic mean (beta = 1), 0-1
};

// rouge-score's default tokenizer (without the optional Porter stemmer).
QStringList rougeTokenize(const QString &text);

// Length of the longest common subsequence of two token sequences.
int lcsLength(const QStringList &a, const QStringList &b);

// rougeL of one hypothesis against one reference; all zeros if either side
// has no token (as rouge-score).
RougeScore rougeL(const QString &hyp, const QString &ref);

// Against several references: the one with the best F1 wins (rouge-score's
// score_multi). Throws std::invalid_argument if refs is empty.
RougeScore rougeL(const QString &hyp, const QStringList &refs);

} // namespace sd::metrics
