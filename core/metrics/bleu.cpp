#include "bleu.h"

#include "pywhitespace.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace sd::metrics {
namespace {

constexpr int kMaxOrder = 4;

using NgramCounts = QHash<QString, int>;   // key: tokens joined by ' ' (tokens hold no whitespace)

struct SegmentStats {
    long long sysLen = 0;
    long long refLen = 0;
    std::array<long long, kMaxOrder> correct{};
    std::array<long long, kMaxOrder> total{};

    SegmentStats &operator+=(const SegmentStats &o)
    {
        sysLen += o.sysLen;
        refLen += o.refLen;
        for (int n = 0; n < kMaxOrder; ++n) {
            correct[n] += o.correct[n];
            total[n] += o.total[n];
        }
        return *this;
    }
};

struct ReferenceInfo {
    NgramCounts maxCounts;     // per n-gram, the maximum count over the references
    std::vector<int> lengths;
};

// sacrebleu's TokenizerRegexp rules, applied in order.
const QList<QPair<QRegularExpression, QString>> &regexpRules()
{
    static const QList<QPair<QRegularExpression, QString>> rules = {
        // language-dependent part: isolate most ASCII punctuation/symbols
        // (everything except ' , - . which the next rules handle).
        {QRegularExpression(QStringLiteral(R"(([\{-\~\[-\` -\&\(-\+\:-\@\/]))")), QStringLiteral(" \\1 ")},
        // period and comma unless preceded by a digit
        {QRegularExpression(QStringLiteral(R"(([^0-9])([\.,]))")), QStringLiteral("\\1 \\2 ")},
        // period and comma unless followed by a digit
        {QRegularExpression(QStringLiteral(R"(([\.,])([^0-9]))")), QStringLiteral(" \\1 \\2")},
        // dash when preceded by a digit
        {QRegularExpression(QStringLiteral(R"(([0-9])(-))")), QStringLiteral("\\1 \\2 ")},
    };
    return rules;
}

QStringList tokens13a(const QString &segment)
{
    return detail::pythonSplit(tokenize13a(segment));
}

NgramCounts extractNgrams(const QStringList &tokens)
{
    NgramCounts counts;
    for (int n = 1; n <= kMaxOrder; ++n) {
        for (qsizetype i = 0; i + n <= tokens.size(); ++i)
            ++counts[tokens.mid(i, n).join(QLatin1Char(' '))];
    }
    return counts;
}

int ngramOrder(const QString &key)
{
    return int(key.count(QLatin1Char(' '))) + 1;
}

ReferenceInfo referenceInfo(const QStringList &refs)
{
    ReferenceInfo info;
    for (const QString &ref : refs) {
        const QStringList tokens = tokens13a(ref);
        info.lengths.push_back(int(tokens.size()));
        const NgramCounts counts = extractNgrams(tokens);
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            int &slot = info.maxCounts[it.key()];
            slot = std::max(slot, it.value());
        }
    }
    return info;
}

// Closest reference length; ties go to the shorter reference (sacrebleu).
int closestRefLen(int hypLen, const std::vector<int> &refLens)
{
    int closestDiff = -1;
    int closestLen = -1;
    for (const int len : refLens) {
        const int diff = std::abs(hypLen - len);
        if (closestDiff == -1 || diff < closestDiff) {
            closestDiff = diff;
            closestLen = len;
        } else if (diff == closestDiff && len < closestLen) {
            closestLen = len;
        }
    }
    return closestLen;
}

SegmentStats segmentStats(const QString &hyp, const ReferenceInfo &refs)
{
    const QStringList tokens = tokens13a(hyp);
    SegmentStats s;
    s.sysLen = tokens.size();
    s.refLen = closestRefLen(int(tokens.size()), refs.lengths);
    const NgramCounts counts = extractNgrams(tokens);
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const int n = ngramOrder(it.key()) - 1;
        s.total[n] += it.value();
        const auto ref = refs.maxCounts.constFind(it.key());
        if (ref != refs.maxCounts.cend())
            s.correct[n] += std::min(it.value(), ref.value());
    }
    return s;
}

// sacrebleu's my_log: log(0) is a huge negative number instead of -inf.
double safeLog(double x)
{
    return x == 0.0 ? -9999999999.0 : std::log(x);
}

// sacrebleu BLEU.compute_bleu for the 'none' and 'exp' smoothing methods.
// Operation order mirrors the Python so results agree bit-for-bit where possible.
BleuScore computeBleu(const SegmentStats &s, BleuSmoothing smoothing, bool effectiveOrder)
{
    BleuScore r;
    r.sysLen = int(s.sysLen);
    r.refLen = int(s.refLen);
    if (s.sysLen < s.refLen)
        r.bp = s.sysLen > 0 ? std::exp(1.0 - double(s.refLen) / double(s.sysLen)) : 0.0;
    else
        r.bp = 1.0;

    const bool anyMatch = std::any_of(s.correct.begin(), s.correct.end(), [](long long c) { return c != 0; });
    if (!anyMatch)
        return r;   // score 0, precisions 0

    double smoothMteval = 1.0;
    int effOrder = kMaxOrder;
    for (int n = 1; n <= kMaxOrder; ++n) {
        const long long total = s.total[n - 1];
        const long long correct = s.correct[n - 1];
        if (total == 0)
            break;
        if (effectiveOrder)
            effOrder = n;
        if (correct == 0) {
            if (smoothing == BleuSmoothing::Exp) {
                smoothMteval *= 2.0;
                r.precisions[n - 1] = 100.0 / (smoothMteval * double(total));
            }
        } else {
            r.precisions[n - 1] = 100.0 * double(correct) / double(total);
        }
    }

    double logSum = 0.0;
    for (int n = 0; n < effOrder; ++n)
        logSum += safeLog(r.precisions[n]);
    r.score = r.bp * std::exp(logSum / effOrder);
    return r;
}

QStringList nonEmpty(const QStringList &refs)
{
    QStringList kept;
    for (const QString &r : refs) {
        if (!r.isEmpty())
            kept.append(r);
    }
    return kept;
}

} // namespace

QString tokenize13a(const QString &input)
{
    // BLEU._preprocess_segment rstrips before tokenising.
    QString line = detail::pythonRStrip(input);
    line.remove(QStringLiteral("<skipped>"));
    line.remove(QStringLiteral("-\n"));
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (line.contains(QLatin1Char('&'))) {
        line.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
        line.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        line.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
        line.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    }
    line = QLatin1Char(' ') + line + QLatin1Char(' ');
    for (const auto &rule : regexpRules())
        line.replace(rule.first, rule.second);
    return detail::pythonSplit(line).join(QLatin1Char(' '));
}

BleuScore sentenceBleu(const QString &hyp, const QStringList &refs)
{
    const QStringList kept = nonEmpty(refs);
    if (kept.isEmpty())
        throw std::invalid_argument("sentenceBleu: no non-empty reference for hypothesis \""
                                    + hyp.left(80).toStdString() + "\"");
    return computeBleu(segmentStats(hyp, referenceInfo(kept)), BleuSmoothing::Exp, true);
}

BleuScore corpusBleu(const QStringList &hyps, const QList<QStringList> &refs,
                     BleuSmoothing smoothing, bool effectiveOrder)
{
    if (refs.isEmpty())
        throw std::invalid_argument("corpusBleu: no reference stream given");
    for (qsizetype k = 0; k < refs.size(); ++k) {
        if (refs[k].size() != hyps.size())
            throw std::invalid_argument("corpusBleu: reference stream " + std::to_string(k) + " has "
                                        + std::to_string(refs[k].size()) + " segments but there are "
                                        + std::to_string(hyps.size()) + " hypotheses");
    }

    SegmentStats sum;
    for (qsizetype i = 0; i < hyps.size(); ++i) {
        QStringList sentenceRefs;
        for (const QStringList &stream : refs) {
            if (!stream[i].isEmpty())
                sentenceRefs.append(stream[i]);
        }
        if (sentenceRefs.isEmpty())
            throw std::invalid_argument("corpusBleu: segment " + std::to_string(i)
                                        + " has no non-empty reference");
        sum += segmentStats(hyps[i], referenceInfo(sentenceRefs));
    }
    return computeBleu(sum, smoothing, effectiveOrder);
}

} // namespace sd::metrics
