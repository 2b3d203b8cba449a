// Text matching for grading free-text answers: case, accents, umlauts and
// punctuation do not matter ("Vena mesenterica inferior", "v. mesenterica
// inferior" and "VENA MESENTERICA INFERIOR" compare equal).
#pragma once

#include <QString>
#include <QStringList>

namespace sd::tutor {

// Lower case, accents removed (ä -> a, ß -> ss), apostrophes dropped
// ("angel's" -> "angels"), every other non-alphanumeric run -> one space; trimmed.
QString normalizeForMatching(const QString &text);

// Whole-word phrase match on normalized text (both sides are normalized).
bool containsPhrase(const QString &normalizedText, const QString &normalizedPhrase);

// The words of normalized text.
QStringList matchWords(const QString &normalizedText);

} // namespace sd::tutor
