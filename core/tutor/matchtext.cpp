#include "matchtext.h"

namespace sd::tutor {

QString normalizeForMatching(const QString &text)
{
    QString lower = text.toLower();
    lower.replace(QChar(0x00DF), QStringLiteral("ss")); // ß
    const QString decomposed = lower.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    bool space = true;
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue; // the accent of a decomposed letter
        if (c == QLatin1Char('\'') || c == QChar(0x2019) || c == QChar(0x2018))
            continue;
        if (c.isLetterOrNumber()) {
            out += c;
            space = false;
        } else if (!space) {
            out += QLatin1Char(' ');
            space = true;
        }
    }
    return out.trimmed();
}

bool containsPhrase(const QString &normalizedText, const QString &normalizedPhrase)
{
    if (normalizedPhrase.isEmpty())
        return false;
    const QString padded = QLatin1Char(' ') + normalizedText + QLatin1Char(' ');
    return padded.contains(QLatin1Char(' ') + normalizedPhrase + QLatin1Char(' '));
}

QStringList matchWords(const QString &normalizedText)
{
    return normalizedText.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace sd::tutor
