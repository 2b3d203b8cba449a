#include "offlineteacher.h"

#include "metrics/rouge.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <map>
#include <stdexcept>

namespace sd {
namespace {

// Facts from the project's CME domain brief (../shared/docs/cme-domain.md), written as teaching text.
// Side-dependent facts have a left and a right form; "unknown" uses the left one (most CMEs in the
// paper's data are left-sided) without claiming a side.
struct Knowledge {
    QString name;
    QString cue;
    QString relationLeft, relationRight;
    QString significanceLeft, significanceRight;
    QString pitfall;
    QString lateralityLeft, lateralityRight; // extra sentence when the structure is unusual for that side
    QStringList aliases;                     // lower-case words that name it (for ranking)
};

QString u(const char *s)
{
    return QString::fromUtf8(s);
}

const std::map<QString, Knowledge> &knowledgeBase(bool de)
{
    static const std::map<QString, Knowledge> en = {
        {QStringLiteral("preparation_plane"),
         {u("preparation plane (the embryological dissection plane)"),
          u("a shiny, whitish, almost bloodless layer of loose tissue between two fascial surfaces"),
          u("It runs between the mesocolon with its visceral fascia and the retroperitoneum, where Toldt's fascia "
            "covers Gerota's fascia, the ureter and the gonadal vessels."),
          {},
          u("Staying in this plane gives a bloodless dissection and removes the colon inside an intact mesocolic "
            "envelope, which is the oncological quality of the resection."),
          {},
          u("Going too deep puts the ureter, the gonadal vessels and Gerota's fascia at risk, while going too "
            "superficial breaches the mesocolon."),
          {}, {},
          {u("preparation plane"), u("dissection plane"), u("präparationsebene"), u("embryological plane"),
           u("embryologische schicht")}}},
        {QStringLiteral("angels_hair"),
         {u("angel's hair"),
          u("fine, cobweb-like white filaments stretched under traction and counter-traction"),
          u("These filaments are the loose areolar tissue that fills the embryological plane between the "
            "mesocolic and the retroperitoneal fascia."),
          {},
          u("Seeing angel's hair is a visual sign that the dissection is in the correct plane for CME."),
          {},
          u("It can be confused with fat strands or lymphatic tissue, so it should be judged together with the "
            "surrounding fascial surfaces."),
          {}, {},
          {u("angel's hair"), u("angels hair"), u("angel hair"), u("engelshaar")}}},
        {QStringLiteral("vena_mesenterica_inferior"),
         {u("inferior mesenteric vein (vena mesenterica inferior)"),
          u("a bluish, thin-walled tubular vessel in the left mesocolon"),
          u("It runs to the left of the inferior mesenteric artery and lateral to the duodenojejunal flexure, up "
            "behind the pancreas to the splenic vein or the superior mesenteric vein."),
          {},
          u("In left-sided resections it is ligated high, at the inferior border of the pancreas, to free the "
            "splenic flexure and gain length for a tension-free anastomosis."),
          {},
          u("It can bleed and can be confused with the gonadal vein, and a ligation that is too low limits the "
            "length gained."),
          {},
          u("Mind the laterality: the inferior mesenteric vein is a landmark of left-sided resections, so in a "
            "right-sided case its identification deserves a second look."),
          {u("inferior mesenteric vein"), u("vena mesenterica inferior"), u("imv"), u("untere mesenterialvene")}}},
        {QStringLiteral("duodenum"),
         {u("duodenum"),
          u("a pink-tan, smooth bowel wall with a retroperitoneal course"),
          u("Its third and fourth parts lie beneath the root of the transverse mesocolon and the small-bowel "
            "mesentery, and the duodenojejunal flexure (ligament of Treitz) is the landmark beside the inferior "
            "mesenteric vein."),
          u("In right-sided CME its second and third parts lie directly under the mobilised mesocolon."),
          u("It must be recognised and protected during medial-to-lateral mobilisation."),
          {},
          u("Thermal or traction injury is the main risk, and it can be mistaken for colon or jejunum."),
          {}, {},
          {u("duodenum"), u("duodenal"), u("zwölffingerdarm")}}},
        {QStringLiteral("pancreas"),
         {u("pancreas"),
          u("a yellowish, finely lobulated gland that looks paler and firmer than the surrounding fat"),
          u("It lies retroperitoneally, with the inferior border of its body and tail above the duodenojejunal "
            "flexure."),
          u("It lies retroperitoneally, and its head is closely related to the gastrocolic trunk of Henle."),
          u("Its inferior border marks the level of high ligation of the inferior mesenteric vein and the way into "
            "the lesser sac for mobilisation of the splenic flexure."),
          u("Recognising the pancreatic head protects it and the gastrocolic trunk of Henle during the central "
            "dissection."),
          u("Injury leads to a pancreatic fistula, and in right-sided CME the gastrocolic trunk can bleed."),
          {}, {},
          {u("pancreas"), u("pancreatic"), u("pankreas"), u("bauchspeicheldrüse")}}},
    };
    static const std::map<QString, Knowledge> german = {
        {QStringLiteral("preparation_plane"),
         {u("Präparationsebene (die embryologische Dissektionsschicht)"),
          u("glänzende, weißliche, nahezu blutfreie Schicht lockeren Gewebes zwischen zwei Faszienflächen"),
          u("Sie verläuft zwischen dem Mesokolon mit seiner viszeralen Faszie und dem Retroperitoneum, wo die "
            "Toldt-Faszie die Gerota-Faszie, den Ureter und die Gonadengefäße bedeckt."),
          {},
          u("Wer in dieser Ebene bleibt, präpariert nahezu blutfrei und entfernt das Kolon in einer intakten "
            "mesokolischen Hülle; das bestimmt die onkologische Qualität der Resektion."),
          {},
          u("Zu tief sind Ureter, Gonadengefäße und Gerota-Faszie gefährdet, zu oberflächlich wird das Mesokolon "
            "verletzt."),
          {}, {}, {}}},
        {QStringLiteral("angels_hair"),
         {u("Angel's hair (Engelshaar)"),
          u("feine, spinnwebartige weiße Fäden, die sich unter Zug und Gegenzug aufspannen"),
          u("Diese Fäden sind das lockere areoläre Gewebe, das die embryologische Schicht zwischen mesokolischer "
            "und retroperitonealer Faszie ausfüllt."),
          {},
          u("Angel's hair zeigt sichtbar an, dass die Präparation in der richtigen Schicht für die CME liegt."),
          {},
          u("Es kann mit Fettsträngen oder Lymphgewebe verwechselt werden und sollte deshalb zusammen mit den "
            "umgebenden Faszienflächen beurteilt werden."),
          {}, {}, {}}},
        {QStringLiteral("vena_mesenterica_inferior"),
         {u("Vena mesenterica inferior (untere Mesenterialvene)"),
          u("bläuliches, dünnwandiges röhrenförmiges Gefäß im linken Mesokolon"),
          u("Sie verläuft links der Arteria mesenterica inferior und lateral der Flexura duodenojejunalis nach oben "
            "hinter das Pankreas zur Vena lienalis oder zur Vena mesenterica superior."),
          {},
          u("Bei linksseitigen Resektionen wird sie hoch, am Unterrand des Pankreas, ligiert, um die linke "
            "Flexur zu mobilisieren und Länge für eine spannungsfreie Anastomose zu gewinnen."),
          {},
          u("Sie kann bluten und mit der Vena gonadalis verwechselt werden; eine zu tiefe Ligatur begrenzt den "
            "Längengewinn."),
          {},
          u("Auf die Seite achten: Die Vena mesenterica inferior ist eine Landmarke linksseitiger Resektionen, "
            "in einem rechtsseitigen Fall sollte die Zuordnung daher überprüft werden."),
          {}}},
        {QStringLiteral("duodenum"),
         {u("Duodenum"),
          u("rosa-bräunliche, glatte Darmwand mit retroperitonealem Verlauf"),
          u("Seine Pars horizontalis und ascendens liegen unter der Wurzel des Mesocolon transversum und der "
            "Dünndarmmesenterialwurzel; die Flexura duodenojejunalis (Treitz-Band) ist die Landmarke neben der "
            "Vena mesenterica inferior."),
          u("Bei der rechtsseitigen CME liegen Pars descendens und horizontalis direkt unter dem mobilisierten "
            "Mesokolon."),
          u("Es muss bei der Mobilisation von medial nach lateral erkannt und geschont werden."),
          {},
          u("Hauptrisiko sind thermische oder Zugverletzungen; es kann mit Kolon oder Jejunum verwechselt "
            "werden."),
          {}, {}, {}}},
        {QStringLiteral("pancreas"),
         {u("Pankreas"),
          u("gelbliche, fein gelappte Drüse, heller und fester wirkend als das umgebende Fett"),
          u("Es liegt retroperitoneal; der Unterrand von Korpus und Schwanz liegt oberhalb der Flexura "
            "duodenojejunalis."),
          u("Es liegt retroperitoneal; der Pankreaskopf steht in enger Beziehung zum Truncus gastrocolicus "
            "(Henle)."),
          u("Sein Unterrand markiert die Höhe der hohen Ligatur der Vena mesenterica inferior und den Zugang zur "
            "Bursa omentalis für die Mobilisation der linken Flexur."),
          u("Wer den Pankreaskopf erkennt, schont ihn und den Truncus gastrocolicus bei der zentralen Präparation."),
          u("Eine Verletzung führt zur Pankreasfistel; bei der rechtsseitigen CME kann der Truncus gastrocolicus "
            "bluten."),
          {}, {}, {}}},
    };
    return de ? german : en;
}

const Knowledge &knowledgeFor(const QString &key, bool de)
{
    const auto &kb = knowledgeBase(de);
    const auto it = kb.find(key);
    if (it == kb.end())
        throw std::invalid_argument("the offline teacher has no knowledge about structure '" + key.toStdString()
                                    + "'");
    return it->second;
}

// FNV-1a: a stable hash (qHash is seeded per process) that picks the phrasing.
quint64 stableHash(const QByteArray &bytes)
{
    quint64 h = 1469598103934665603ull;
    for (char c : bytes) {
        h ^= quint8(c);
        h *= 1099511628211ull;
    }
    return h;
}

QString pick(const QString &sideSpecific, const QString &general)
{
    return sideSpecific.isEmpty() ? general : sideSpecific;
}

} // namespace

bool hasKnowledge(const QString &structureKey)
{
    return knowledgeBase(false).count(structureKey) > 0;
}

QString knowledgeName(const QString &structureKey, const QString &language, const QString &fallback)
{
    if (!hasKnowledge(structureKey))
        return fallback;
    return knowledgeFor(structureKey, language == QLatin1String("de")).name;
}

QString offlineTeacherAnswer(const TeacherContext &c)
{
    const bool de = c.language == QLatin1String("de");
    const Knowledge &k = knowledgeFor(c.structureKey, de);
    const MaskGeometry g = measureMask(c.mask);
    const QString region = regionText(g, c.language);
    const quint64 h = stableHash(c.question.toUtf8() + '\x1f' + c.mask.toJson());
    const int v1 = int(h % 3), v2 = int((h / 3) % 2);

    QString side;
    if (de)
        side = c.side == Side::Left ? u("linksseitigen CME")
            : c.side == Side::Right ? u("rechtsseitigen CME")
                                    : u("CME, deren Seite nicht angegeben ist");
    else
        side = c.side == Side::Left ? u("left-sided CME")
            : c.side == Side::Right ? u("right-sided CME")
                                    : u("CME whose side is not recorded");

    QStringList s;
    if (de) {
        static const char *first[] = {"Die markierte Struktur ist %1, hier bei einer %2.",
                                      "Die grüne Markierung zeigt %1 in dieser %2.",
                                      "Hervorgehoben ist %1, aufgenommen während einer %2."};
        // German needs the article: "die Präparationsebene", "das Duodenum", ...
        static const QHash<QString, QString> article = {
            {QStringLiteral("preparation_plane"), u("die")}, {QStringLiteral("angels_hair"), u("das")},
            {QStringLiteral("vena_mesenterica_inferior"), u("die")}, {QStringLiteral("duodenum"), u("das")},
            {QStringLiteral("pancreas"), u("das")}};
        s << u(first[v1]).arg(article.value(c.structureKey) + QLatin1Char(' ') + k.name, side);
        s << (v2 == 0 ? u("Im Bild liegt die Struktur %1; sie erscheint als %2.").arg(region, k.cue)
                      : u("Die Struktur im Bildbereich %1 erkennt man als %2.").arg(region, k.cue));
    } else {
        static const char *first[] = {"The highlighted structure is the %1, seen here during a %2.",
                                      "The green overlay marks the %1 in this %2.",
                                      "This is the %1, shown during a %2."};
        s << u(first[v1]).arg(k.name, side);
        s << (v2 == 0 ? u("It lies in the %1 part of the image and appears as %2.").arg(region, k.cue)
                      : u("In the %1 part of the image it is recognised as %2.").arg(region, k.cue));
    }
    const bool right = c.side == Side::Right;
    s << (right ? pick(k.relationRight, k.relationLeft) : k.relationLeft);
    s << (right ? pick(k.significanceRight, k.significanceLeft) : k.significanceLeft);
    const QString laterality = right ? k.lateralityRight : c.side == Side::Left ? k.lateralityLeft : QString();
    s << (laterality.isEmpty() ? k.pitfall : laterality);
    return s.join(QLatin1Char(' '));
}

// ---------------------------------------------------------------- ranking

namespace {

bool mentionsAny(const QString &lower, const QStringList &words)
{
    for (const QString &w : words)
        if (lower.contains(w))
            return true;
    return false;
}

double repeatedTrigramShare(const QString &text)
{
    const QStringList words = text.toLower().split(QRegularExpression(QStringLiteral("\\W+")), Qt::SkipEmptyParts);
    if (words.size() < 4)
        return 0;
    QSet<QString> seen;
    int repeats = 0, total = 0;
    for (int i = 0; i + 2 < words.size(); ++i) {
        const QString tri = words[i] + QLatin1Char(' ') + words[i + 1] + QLatin1Char(' ') + words[i + 2];
        ++total;
        if (seen.contains(tri))
            ++repeats;
        seen.insert(tri);
    }
    return total ? double(repeats) / total : 0;
}

int wordCount(const QString &t)
{
    return int(t.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size());
}

} // namespace

RankingResult offlineRankCandidates(const RankingInput &in)
{
    if (in.candidates.size() < 2)
        throw std::invalid_argument("ranking needs at least two candidates");
    const Knowledge &k = knowledgeFor(in.context.structureKey, false);
    QStringList others;
    for (const auto &[key, kn] : knowledgeBase(false))
        if (key != in.context.structureKey)
            others += kn.aliases;
    static const QRegularExpression leftRe(QStringLiteral("\\b(left|links|linksseitig\\w*)\\b"));
    static const QRegularExpression rightRe(QStringLiteral("\\b(right|rechts|rechtsseitig\\w*)\\b"));
    const int gtWords = std::max(1, wordCount(in.groundTruth));

    RankingResult r;
    std::vector<QStringList> notes(in.candidates.size());
    for (int i = 0; i < in.candidates.size(); ++i) {
        const QString lower = in.candidates[i].toLower();
        double score = 0;
        const bool names = mentionsAny(lower, k.aliases);
        if (names) {
            score += 3;
            notes[i] << QStringLiteral("names the %1").arg(k.name);
        } else {
            notes[i] << QStringLiteral("does not name the %1").arg(k.name);
            if (mentionsAny(lower, others)) {
                score -= 1.5;
                notes[i] << QStringLiteral("names another structure instead");
            }
        }
        const bool saysLeft = lower.contains(leftRe), saysRight = lower.contains(rightRe);
        if (in.context.side != Side::Unknown) {
            const bool correct = in.context.side == Side::Left ? saysLeft : saysRight;
            const bool wrong = in.context.side == Side::Left ? saysRight && !saysLeft : saysLeft && !saysRight;
            if (correct && !wrong) {
                score += 1.5;
                notes[i] << QStringLiteral("states the correct side");
            } else if (wrong) {
                score -= 3;
                notes[i] << QStringLiteral("states the wrong side");
            }
        }
        const double rouge = metrics::rougeL(in.candidates[i], in.groundTruth).fmeasure;
        score += 4 * rouge;
        notes[i] << QStringLiteral("ROUGE-L %1 to the reference").arg(rouge, 0, 'f', 2);
        const double rep = repeatedTrigramShare(in.candidates[i]);
        if (rep > 0.1) {
            score -= 3 * rep;
            notes[i] << QStringLiteral("repeats itself");
        }
        const int words = wordCount(in.candidates[i]);
        if (words < 8 || words > 2.5 * gtWords) {
            score -= 1;
            notes[i] << (words < 8 ? QStringLiteral("too short") : QStringLiteral("too long"));
        }
        r.scores.push_back(score);
    }
    r.chosen = 0;
    for (int i = 1; i < int(r.scores.size()); ++i)
        if (r.scores[i] > r.scores[r.chosen])
            r.chosen = i;
    r.rejected = r.chosen == 0 ? 1 : 0;
    for (int i = 0; i < int(r.scores.size()); ++i)
        if (i != r.chosen && r.scores[i] < r.scores[r.rejected])
            r.rejected = i;
    r.reason = QStringLiteral("Chosen candidate %1 (score %2): %3. Rejected candidate %4 (score %5): %6.")
                   .arg(r.chosen + 1).arg(r.scores[r.chosen], 0, 'f', 2).arg(notes[r.chosen].join(QStringLiteral(", ")))
                   .arg(r.rejected + 1).arg(r.scores[r.rejected], 0, 'f', 2)
                   .arg(notes[r.rejected].join(QStringLiteral(", ")));
    return r;
}

} // namespace sd
