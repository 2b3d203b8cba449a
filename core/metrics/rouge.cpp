#include "rouge.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace sd::metrics {

QStringList rougeTokenize(const QString &text)
{
    // rouge-score: lower(); [^a-z0-9]+ -> " "; split on whitespace. Only ASCII
    // letters and digits survive, so non-ASCII letters act as separators.
    QStringList tokens;
    QString current;
    for (const QChar ch : text.toLower()) {
        const ushort u = ch.unicode();
        if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
            current.append(ch);
        } else if (!current.isEmpty()) {
            tokens.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        tokens.append(current);
    return tokens;
}

int lcsLength(const QStringList &a, const QStringList &b)
{
    // Classic DP with two rolling rows: O(|a|*|b|) time, O(|b|) memory.
    std::vector<int> prev(size_t(b.size()) + 1, 0);
    std::vector<int> cur(prev.size(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j) {
            cur[size_t(j)] = a[i - 1] == b[j - 1] ? prev[size_t(j - 1)] + 1
                                                  : std::max(prev[size_t(j)], cur[size_t(j - 1)]);
        }
        std::swap(prev, cur);
    }
    return prev.back();
}

RougeScore rougeL(const QString &hyp, const QString &ref)
{
    const QStringList hypTokens = rougeTokenize(hyp);
    const QStringList refTokens = rougeTokenize(ref);
    RougeScore s;
    if (hypTokens.isEmpty() || refTokens.isEmpty())
        return s;
    const int lcs = lcsLength(refTokens, hypTokens);
    s.precision = double(lcs) / double(hypTokens.size());
    s.recall = double(lcs) / double(refTokens.size());
    if (s.precision + s.recall > 0.0)
        s.fmeasure = 2.0 * s.precision * s.recall / (s.precision + s.recall);
    return s;
}

RougeScore rougeL(const QString &hyp, const QStringList &refs)
{
    if (refs.isEmpty())
        throw std::invalid_argument("rougeL: no reference given");
    RougeScore best;
    bool first = true;
    for (const QString &ref : refs) {
        const RougeScore s = rougeL(hyp, ref);
        if (first || s.fmeasure > best.fmeasure)
            best = s;
        first = false;
    }
    return best;
}

} // namespace sd::metrics
