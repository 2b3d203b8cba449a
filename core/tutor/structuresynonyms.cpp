#include "structuresynonyms.h"

#include "matchtext.h"

#include <map>

namespace sd::tutor {

namespace {
// Keyed by the structure key of the default CME landmarks (core/schema.cpp).
const std::map<QString, QStringList> &builtInSynonyms()
{
    static const std::map<QString, QStringList> table = {
        {QStringLiteral("vena_mesenterica_inferior"),
         {QStringLiteral("vena mesenterica inferior"), QStringLiteral("v mesenterica inferior"),
          QStringLiteral("v mes inf"), QStringLiteral("imv"), QStringLiteral("vmi"),
          QStringLiteral("inferior mesenteric vein"), QStringLiteral("untere mesenterialvene"),
          QStringLiteral("unteren mesenterialvene"), QStringLiteral("untere gekrosevene"),
          QStringLiteral("unteren gekrosevene"), QStringLiteral("untere darmvene")}},
        {QStringLiteral("preparation_plane"),
         {QStringLiteral("preparation plane"), QStringLiteral("dissection plane"), QStringLiteral("mesocolic plane"),
          QStringLiteral("embryological plane"), QStringLiteral("embryonic plane"), QStringLiteral("toldt"),
          QStringLiteral("toldts fascia"), QStringLiteral("holy plane"), QStringLiteral("praparationsebene"),
          QStringLiteral("praparationsschicht"), QStringLiteral("resektionsebene"), QStringLiteral("mesokolische ebene"),
          QStringLiteral("embryonale schicht"), QStringLiteral("embryonale ebene")}},
        {QStringLiteral("angels_hair"),
         {QStringLiteral("angels hair"), QStringLiteral("angel hair"), QStringLiteral("engelshaar"),
          QStringLiteral("engelshaare"), QStringLiteral("areolar tissue"), QStringLiteral("loose areolar tissue"),
          QStringLiteral("lockeres bindegewebe")}},
        {QStringLiteral("duodenum"),
         {QStringLiteral("duodenum"), QStringLiteral("duodenal"), QStringLiteral("zwolffingerdarm"),
          QStringLiteral("duodenums")}},
        {QStringLiteral("pancreas"),
         {QStringLiteral("pancreas"), QStringLiteral("pancreatic"), QStringLiteral("pankreas"),
          QStringLiteral("bauchspeicheldruse")}},
    };
    return table;
}

bool anyWordIn(const QStringList &words, const QStringList &vocabulary)
{
    for (const QString &w : words)
        for (const QString &v : vocabulary)
            if (v.endsWith(QLatin1Char('*')) ? w.startsWith(v.chopped(1)) : w == v)
                return true;
    return false;
}
} // namespace

QStringList structureSynonyms(const Structure &structure)
{
    QStringList out;
    auto add = [&](const QString &s) {
        const QString n = normalizeForMatching(s);
        if (!n.isEmpty() && !out.contains(n))
            out << n;
    };
    add(structure.name);
    add(QString(structure.key).replace(QLatin1Char('_'), QLatin1Char(' ')));
    const auto it = builtInSynonyms().find(structure.key);
    if (it != builtInSynonyms().end())
        for (const QString &s : it->second)
            add(s);
    return out;
}

std::vector<Structure> structuresNamedIn(const QString &answer, const std::vector<Structure> &all)
{
    const QString text = normalizeForMatching(answer);
    std::vector<Structure> out;
    for (const Structure &s : all)
        for (const QString &synonym : structureSynonyms(s))
            if (containsPhrase(text, synonym)) {
                out.push_back(s);
                break;
            }
    return out;
}

SideMention sidesMentionedIn(const QString &answer)
{
    static const QStringList left = {QStringLiteral("left"), QStringLiteral("links"), QStringLiteral("linke"),
                                     QStringLiteral("linken"), QStringLiteral("linker"), QStringLiteral("linkes"),
                                     QStringLiteral("linksseitig*"), QStringLiteral("sinistra"),
                                     QStringLiteral("sinister")};
    static const QStringList right = {QStringLiteral("right"), QStringLiteral("rechts"), QStringLiteral("rechte"),
                                      QStringLiteral("rechten"), QStringLiteral("rechter"), QStringLiteral("rechtes"),
                                      QStringLiteral("rechtsseitig*"), QStringLiteral("dextra"),
                                      QStringLiteral("dexter")};
    const QStringList words = matchWords(normalizeForMatching(answer));
    return {anyWordIn(words, left), anyWordIn(words, right)};
}

} // namespace sd::tutor
