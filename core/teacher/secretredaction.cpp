#include "secretredaction.h"

#include <QRegularExpression>

namespace sd {

QString redactSecrets(const QString &text, const QStringList &secrets)
{
    static const QString kRedacted = QStringLiteral("[redacted]");
    QString out = text;
    for (const QString &secret : secrets)
        if (secret.trimmed().size() >= 4)
            out.replace(secret.trimmed(), kRedacted);
    // Keys this process does not know (another provider's, an echoed proxy header).
    static const QRegularExpression header(
        QStringLiteral(R"((authorization|proxy-authorization|x-goog-api-key|x-api-key|api[-_]key)(["']?\s*[:=]\s*["']?)(bearer\s+|basic\s+)?[^\s"',;}&]+)"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(header, QStringLiteral("\\1\\2\\3") + kRedacted);
    static const QRegularExpression urlKey(QStringLiteral(R"(([?&](?:key|api_key|access_token)=)[^&\s"']+)"),
                                           QRegularExpression::CaseInsensitiveOption);
    out.replace(urlKey, QStringLiteral("\\1") + kRedacted);
    return out;
}

} // namespace sd
