// The names a resident may use for a structure: Latin, English, the usual
// abbreviation and German, so "IMV", "inferior mesenteric vein" and "untere
// Mesenterialvene" all count as naming the vena mesenterica inferior.
#pragma once

#include "entities.h"

#include <QStringList>
#include <vector>

namespace sd::tutor {

// Normalized synonyms (see normalizeForMatching) of the structure: its display
// name and key always, plus the built-in list for the five CME landmarks.
QStringList structureSynonyms(const Structure &structure);

// The structures (from `all`) whose synonyms occur in the answer, in `all`'s order.
std::vector<Structure> structuresNamedIn(const QString &answer, const std::vector<Structure> &all);

// Side words ("left", "links", "linksseitig", ...) stated in the answer.
struct SideMention {
    bool left = false;
    bool right = false;
};
SideMention sidesMentionedIn(const QString &answer);

} // namespace sd::tutor
