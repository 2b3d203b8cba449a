#include "answergrading.h"

#include "matchtext.h"
#include "structuresynonyms.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <utility>

namespace sd::tutor {

namespace {

// Words that carry no significance point (English and German function words,
// and the words every answer about "the highlighted structure" uses).
const QSet<QString> &stopWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char *w : {"the", "this", "that", "these", "those", "with", "from", "into", "onto", "over", "under",
                              "which", "where", "when", "while", "there", "here", "have", "has", "been", "being",
                              "were", "will", "would", "should", "could", "must", "also", "than", "then", "they",
                              "them", "their", "its", "it", "is", "are", "was", "and", "for", "not", "but", "can",
                              "may", "during", "because", "about", "very", "more", "most", "such", "other", "only",
                              "highlighted", "structure", "marked", "shown", "image", "frame", "green", "visible",
                              "seen", "here", "side", "sided", "left", "right", "complete", "mesocolic", "excision",
                              "cme", "significance", "important", "importance", "role", "identify", "identified",
                              "identification", "represents", "surgeon", "surgery", "surgical",
                              // German
                              "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem",
                              "und", "oder", "ist", "sind", "wird", "werden", "wurde", "mit", "von", "bei", "fur",
                              "auf", "aus", "als", "auch", "sich", "sie", "seine", "ihre", "dass", "damit", "nicht",
                              "zur", "zum", "hier", "diese", "dieser", "dieses", "markierte", "struktur", "seite",
                              "bedeutung", "wichtig"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

// German word prefixes -> the English words the expert answers use.
const std::vector<std::pair<QString, QString>> &germanLexicon()
{
    static const std::vector<std::pair<QString, QString>> lexicon = {
        {QStringLiteral("mesokol"), QStringLiteral("mesocolon")},
        {QStringLiteral("zentral"), QStringLiteral("central")},
        {QStringLiteral("ligier"), QStringLiteral("ligated")},
        {QStringLiteral("ligatur"), QStringLiteral("ligation")},
        {QStringLiteral("unterbind"), QStringLiteral("ligation")},
        {QStringLiteral("lymphknot"), QStringLiteral("lymph nodes")},
        {QStringLiteral("lymphadenektom"), QStringLiteral("lymphadenectomy")},
        {QStringLiteral("pankrea"), QStringLiteral("pancreas")},
        {QStringLiteral("bauchspeicheldrus"), QStringLiteral("pancreas")},
        {QStringLiteral("zwolffingerdarm"), QStringLiteral("duodenum")},
        {QStringLiteral("blutung"), QStringLiteral("bleeding")},
        {QStringLiteral("verletz"), QStringLiteral("injury")},
        {QStringLiteral("gefass"), QStringLiteral("vessel")},
        {QStringLiteral("ursprung"), QStringLiteral("origin")},
        {QStringLiteral("vollstandig"), QStringLiteral("complete")},
        {QStringLiteral("entfern"), QStringLiteral("removal")},
        {QStringLiteral("schicht"), QStringLiteral("plane")},
        {QStringLiteral("ebene"), QStringLiteral("plane")},
        {QStringLiteral("faszie"), QStringLiteral("fascia")},
        {QStringLiteral("unterrand"), QStringLiteral("inferior border")},
        {QStringLiteral("seitlich"), QStringLiteral("lateral")},
        {QStringLiteral("band"), QStringLiteral("ligament")},
        {QStringLiteral("harnleiter"), QStringLiteral("ureter")},
        {QStringLiteral("nerv"), QStringLiteral("nerve")},
        {QStringLiteral("arterie"), QStringLiteral("artery")},
        {QStringLiteral("vene"), QStringLiteral("vein")},
        {QStringLiteral("onkolog"), QStringLiteral("oncological")},
        {QStringLiteral("radikal"), QStringLiteral("radical")},
        {QStringLiteral("dickdarm"), QStringLiteral("colon")},
        {QStringLiteral("kolon"), QStringLiteral("colon")},
        {QStringLiteral("sicher"), QStringLiteral("safe")},
        {QStringLiteral("schon"), QStringLiteral("preserve")},
        {QStringLiteral("erhalt"), QStringLiteral("preserve")},
        {QStringLiteral("leitstruktur"), QStringLiteral("landmark")},
        {QStringLiteral("orientierung"), QStringLiteral("landmark")},
        {QStringLiteral("unblutig"), QStringLiteral("bloodless")},
        {QStringLiteral("avaskular"), QStringLiteral("avascular")},
        {QStringLiteral("bindegeweb"), QStringLiteral("tissue")},
    };
    return lexicon;
}

// A crude stem good enough for matching one answer against another:
// "ligated", "ligation", "ligate" -> "ligat"; "vessels" -> "vesse".
QString stem(const QString &word)
{
    return word.left(5);
}

QStringList englishWords(const QString &normalizedText)
{
    QStringList out;
    for (const QString &w : matchWords(normalizedText)) {
        bool mapped = false;
        for (const auto &[prefix, english] : germanLexicon())
            if (w.startsWith(prefix)) {
                out << english.split(QLatin1Char(' '));
                mapped = true;
                break;
            }
        if (!mapped)
            out << w;
    }
    return out;
}

// Stems of the content words, without the words of the structure's own names.
QStringList contentStems(const QString &text, const Structure &structure)
{
    QSet<QString> nameWords;
    for (const QString &synonym : structureSynonyms(structure))
        for (const QString &w : matchWords(synonym))
            nameWords.insert(w);
    QStringList stems;
    for (const QString &w : englishWords(normalizeForMatching(text))) {
        if (w.size() < 4 || stopWords().contains(w) || nameWords.contains(w))
            continue;
        const QString s = stem(w);
        if (!stems.contains(s))
            stems << s;
    }
    return stems;
}

} // namespace

int TutorGrade::keyPointsFound() const
{
    int n = 0;
    for (const KeyPoint &p : keyPoints)
        n += p.found ? 1 : 0;
    return n;
}

std::vector<KeyPoint> keyPointsOf(const QString &expertAnswer, const Structure &structure)
{
    std::vector<KeyPoint> points;
    // Sentences end at . ! ? ; or a line break, but not inside "v. mesenterica" style abbreviations.
    static const QRegularExpression boundary(QStringLiteral("(?<=[!?;\\n])|(?<=[A-Za-z0-9)]{3}\\.)\\s+"));
    for (const QString &raw : expertAnswer.split(boundary, Qt::SkipEmptyParts)) {
        const QString sentence = raw.trimmed();
        const QStringList stems = contentStems(sentence, structure);
        if (stems.isEmpty())
            continue;
        points.push_back({sentence, stems, false});
    }
    return points;
}

TutorGrade gradeAnswer(const QString &answer, const Structure &structure, Side expectedSide,
                       const QString &expertAnswer, const std::vector<Structure> &allStructures)
{
    TutorGrade g;
    for (const Structure &s : structuresNamedIn(answer, allStructures)) {
        if (s.id == structure.id && s.key == structure.key)
            g.structureCorrect = true;
        else
            g.otherStructuresNamed << s.name;
    }
    if (!g.structureCorrect) // a structure missing from allStructures is still recognised
        g.structureCorrect = !structuresNamedIn(answer, {structure}).empty();

    const SideMention sides = sidesMentionedIn(answer);
    g.expectedSide = expectedSide;
    g.bothSidesStated = sides.left && sides.right;
    g.statedSide = g.bothSidesStated ? Side::Unknown : sides.left ? Side::Left : sides.right ? Side::Right : Side::Unknown;
    g.sideCorrect = expectedSide == Side::Unknown || g.statedSide == expectedSide;

    g.hasExpertAnswer = !expertAnswer.trimmed().isEmpty();
    g.keyPoints = keyPointsOf(expertAnswer, structure);
    QSet<QString> answerStems;
    for (const QString &w : englishWords(normalizeForMatching(answer)))
        answerStems.insert(stem(w));
    for (KeyPoint &p : g.keyPoints) {
        int hits = 0;
        for (const QString &s : p.keywords)
            hits += answerStems.contains(s) ? 1 : 0;
        p.found = hits >= std::max<qsizetype>(1, (p.keywords.size() + 1) / 2);
    }
    return g;
}

} // namespace sd::tutor
