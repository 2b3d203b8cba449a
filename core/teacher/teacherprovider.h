// Teacher providers behind one interface. A network provider only knows its
// wire format (request body and reply parsing); sending is the privacy
// firewall's job, so no provider ever opens a connection itself.
#pragma once

#include "teacherprompt.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>
#include <stdexcept>

namespace sd {

class ProviderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TeacherReply {
    QString text;
    int promptTokens = 0;       // as reported by the provider (0 for the offline teacher)
    int completionTokens = 0;
};

// One HTTP POST. body is the payload: exactly the bytes that leave the machine (and are audited).
// headers may hold the API key; they are never stored or logged.
struct HttpCall {
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

class TeacherProvider {
public:
    virtual ~TeacherProvider() = default;
    virtual QString id() const = 0;             // "offline", "openai", "gemini"
    virtual QString model() const = 0;
    virtual bool usesNetwork() const = 0;
    // Network providers: the call for a prompt, and the reply's text and token counts.
    // ProviderError on a malformed reply.
    virtual HttpCall buildCall(const TeacherPrompt &prompt) const;
    virtual TeacherReply parseReply(const QByteArray &body) const;
    // The offline provider: answers without any network. ProviderError for tasks it cannot do.
    virtual TeacherReply answerLocally(const TeacherTask &task) const;
    // What must never be stored or printed (the API key), for redactSecrets().
    virtual QStringList secrets() const { return {}; }
};

struct ProviderConfig {
    QString id = QStringLiteral("offline");     // "offline" | "openai" | "gemini"
    QString baseUrl;                            // empty: the provider's public endpoint
    QString model;                              // empty: the provider's default
    QString apiKey;                             // from apiKeyFor(); never stored in the project
};

// Throws ProviderError for an unknown id or an unusable base URL.
std::unique_ptr<TeacherProvider> makeProvider(const ProviderConfig &config);
QString defaultModel(const QString &providerId);
QString defaultBaseUrl(const QString &providerId);

// API key for a provider: the environment (SURGDISTILL_OPENAI_API_KEY / SURGDISTILL_GEMINI_API_KEY) first,
// then the system keychain (service "SurgDistill", account = provider id). Empty when none; *source says
// where it came from ("environment", "keychain") for messages (never the key itself).
QString apiKeyFor(const QString &providerId, QString *source = nullptr);
// Stores a key in the system keychain. Returns an empty string on success, otherwise the reason.
QString storeApiKeyInKeychain(const QString &providerId, const QString &key);

} // namespace sd
