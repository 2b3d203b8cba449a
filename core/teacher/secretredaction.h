// Keeps API keys out of everything SurgDistill stores or prints. A teacher server
// may echo the request (headers included) in an error reply; that text reaches the
// project (a failed request's error) and the terminal, so it is redacted first.
#pragma once

#include <QString>
#include <QStringList>

namespace sd {

// `text` with every occurrence of a secret (keys of 4+ characters) and every value of
// an Authorization / x-goog-api-key / api-key header or `key=` URL parameter replaced by
// "[redacted]".
QString redactSecrets(const QString &text, const QStringList &secrets = {});

} // namespace sd
