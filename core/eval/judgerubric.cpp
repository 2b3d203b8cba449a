#include "judgerubric.h"

#include "metrics/rouge.h"

#include <QSet>
#include <algorithm>
#include <cmath>

namespace sd::eval {

namespace {

// Word stems, matched at word starts in the lower-cased text.
const QStringList &locationTerms()
{
    static const QStringList terms = {
        QStringLiteral("retroperitone"), QStringLiteral("mesocol"), QStringLiteral("mesenter"),
        QStringLiteral("anterior"), QStringLiteral("posterior"), QStringLiteral("medial"), QStringLiteral("lateral"),
        QStringLiteral("inferior"), QStringLiteral("superior"), QStringLiteral("caudal"), QStringLiteral("cranial"),
        QStringLiteral("dorsal"), QStringLiteral("ventral"), QStringLiteral("adjacent"), QStringLiteral("beneath"),
        QStringLiteral("below"), QStringLiteral("above"), QStringLiteral("along"), QStringLiteral("between"),
        QStringLiteral("root"), QStringLiteral("fascia"), QStringLiteral("toldt"), QStringLiteral("gerota"),
        QStringLiteral("treitz"), QStringLiteral("flexure"), QStringLiteral("aorta"), QStringLiteral("colic"),
        QStringLiteral("ureter"), QStringLiteral("pedicle")};
    return terms;
}

const QStringList &significanceTerms()
{
    static const QStringList terms = {
        QStringLiteral("preserv"), QStringLiteral("injur"), QStringLiteral("ligat"), QStringLiteral("dissect"),
        QStringLiteral("landmark"), QStringLiteral("bleed"), QStringLiteral("haemorrh"), QStringLiteral("hemorrh"),
        QStringLiteral("avoid"), QStringLiteral("protect"), QStringLiteral("guid"), QStringLiteral("safe"),
        QStringLiteral("oncolog"), QStringLiteral("lymph"), QStringLiteral("vascular"), QStringLiteral("plane"),
        QStringLiteral("mobili"), QStringLiteral("resect"), QStringLiteral("damage"), QStringLiteral("divid"),
        QStringLiteral("identif"), QStringLiteral("complication"), QStringLiteral("intact"), QStringLiteral("envelope")};
    return terms;
}

// Stems of `terms` that start some token.
QSet<QString> presentTerms(const QStringList &tokens, const QStringList &terms)
{
    QSet<QString> found;
    for (const QString &term : terms)
        for (const QString &t : tokens)
            if (t.startsWith(term)) {
                found.insert(term);
                break;
            }
    return found;
}

// Share of the reference's terms the candidate repeats; without reference
// terms, whether the candidate has any at all.
double termCoverage(const QStringList &candidate, const QStringList &reference, const QStringList &terms)
{
    const QSet<QString> ref = presentTerms(reference, terms);
    const QSet<QString> cand = presentTerms(candidate, terms);
    if (ref.isEmpty())
        return cand.isEmpty() ? 0.0 : 1.0;
    return double((ref & cand).size()) / ref.size();
}

bool containsPhrase(const QStringList &tokens, const QStringList &phrase)
{
    if (phrase.isEmpty())
        return false;
    for (qsizetype i = 0; i + phrase.size() <= tokens.size(); ++i) {
        bool all = true;
        for (qsizetype j = 0; j < phrase.size() && all; ++j)
            all = tokens[i + j] == phrase[j];
        if (all)
            return true;
    }
    return false;
}

double repeatedTrigramShare(const QStringList &tokens)
{
    if (tokens.size() < 3)
        return 0.0;
    QSet<QString> seen;
    int repeated = 0;
    const qsizetype n = tokens.size() - 2;
    for (qsizetype i = 0; i < n; ++i) {
        const QString tri = tokens[i] + QLatin1Char(' ') + tokens[i + 1] + QLatin1Char(' ') + tokens[i + 2];
        if (seen.contains(tri))
            ++repeated;
        else
            seen.insert(tri);
    }
    return double(repeated) / double(n);
}

QString percent(double share)
{
    return QStringLiteral("%1%").arg(std::lround(100.0 * share));
}

} // namespace

QStringList structureSynonyms(const QString &structureKey, const QString &structureName)
{
    QStringList names;
    if (!structureName.isEmpty())
        names << structureName.toLower();
    if (structureKey == QLatin1String("vena_mesenterica_inferior"))
        names << QStringLiteral("inferior mesenteric vein") << QStringLiteral("imv");
    else if (structureKey == QLatin1String("preparation_plane"))
        names << QStringLiteral("dissection plane") << QStringLiteral("mesocolic plane")
              << QStringLiteral("embryological plane") << QStringLiteral("surgical plane");
    else if (structureKey == QLatin1String("angels_hair"))
        names << QStringLiteral("angel's hair") << QStringLiteral("angels hair") << QStringLiteral("angel hair");
    else if (structureKey == QLatin1String("duodenum"))
        names << QStringLiteral("duodenal");
    else if (structureKey == QLatin1String("pancreas"))
        names << QStringLiteral("pancreatic");
    else if (!structureKey.isEmpty())
        names << QString(structureKey).replace(QLatin1Char('_'), QLatin1Char(' ')).toLower();
    return names;
}

RubricChecks rubricChecks(const JudgeInput &input)
{
    using metrics::rougeTokenize; // lower case, [a-z0-9] runs: the same words ROUGE-L sees
    const QStringList cand = rougeTokenize(input.candidate);
    const QStringList ref = rougeTokenize(input.reference);
    RubricChecks c;
    for (const QString &name : structureSynonyms(input.structureKey, input.structureName))
        c.structureNamed = c.structureNamed || containsPhrase(cand, rougeTokenize(name));

    if (input.side == QLatin1String("left") || input.side == QLatin1String("right")) {
        const QString other = input.side == QLatin1String("left") ? QStringLiteral("right") : QStringLiteral("left");
        const bool right = cand.contains(input.side);
        const bool wrong = cand.contains(other);
        c.side = right ? 1.0 : (wrong ? 0.0 : 0.5);
    }
    c.location = termCoverage(cand, ref, locationTerms());
    c.significance = termCoverage(cand, ref, significanceTerms());
    c.repetition = repeatedTrigramShare(cand);
    c.lengthRatio = ref.isEmpty() ? 0.0 : double(cand.size()) / double(ref.size());
    return c;
}

RubricJudge::RubricJudge(JudgeWeights weights) : m_weights(weights)
{
    m_weights.validate();
}

QString RubricJudge::name() const { return QStringLiteral("rubric (offline)"); }

JudgeOutcome RubricJudge::judge(const JudgeInput &input)
{
    JudgeOutcome out;
    if (input.reference.trimmed().isEmpty()) {
        out.error = QStringLiteral("no reference answer to judge against");
        return out;
    }
    const RubricChecks c = rubricChecks(input);
    JudgeVerdict v;
    if (metrics::rougeTokenize(input.candidate).isEmpty()) {
        v.accuracy = 1;
        v.conciseness = 1;
        v.explanation = QStringLiteral("The answer is empty.");
    } else {
        // Naming the structure matters most; side, location and significance share the rest.
        double points = 0.4 * (c.structureNamed ? 1.0 : 0.0) + 0.2 * c.location + 0.2 * c.significance;
        double weight = 0.8;
        if (c.side) {
            points += 0.2 * *c.side;
            weight += 0.2;
        }
        v.accuracy = 1 + static_cast<int>(std::lround(4.0 * points / weight));
        int conciseness = 5 - static_cast<int>(std::lround(8.0 * c.repetition));
        if (c.lengthRatio > 3.0)
            conciseness -= 2;
        else if (c.lengthRatio > 2.0)
            conciseness -= 1;
        v.conciseness = std::clamp(conciseness, 1, 5);
        const QString side = !c.side ? QStringLiteral("not applicable")
            : *c.side == 1.0         ? QStringLiteral("correct (%1)").arg(input.side)
            : *c.side == 0.0         ? QStringLiteral("wrong (expected %1)").arg(input.side)
                                     : QStringLiteral("not stated");
        v.explanation = QStringLiteral("structure named: %1; side: %2; location terms: %3 of the reference's; "
                                       "significance terms: %4 of the reference's; repeated trigrams: %5; "
                                       "length: %6x the reference")
                            .arg(c.structureNamed ? QStringLiteral("yes") : QStringLiteral("no"), side,
                                 percent(c.location), percent(c.significance), percent(c.repetition))
                            .arg(c.lengthRatio, 0, 'f', 1);
    }
    v.score = combineJudgeScores(v.accuracy, v.conciseness, m_weights);
    out.verdict = v;
    return out;
}

} // namespace sd::eval
