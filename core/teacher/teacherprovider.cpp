#include "teacherprovider.h"
#include "json_limits.h"
#include "keychain.h"

#include <nlohmann/json.hpp>

#include <QtGlobal>

namespace sd {

HttpCall TeacherProvider::buildCall(const TeacherPrompt &) const
{
    throw ProviderError("the " + id().toStdString() + " teacher does not use the network");
}

TeacherReply TeacherProvider::parseReply(const QByteArray &) const
{
    throw ProviderError("the " + id().toStdString() + " teacher does not use the network");
}

TeacherReply TeacherProvider::answerLocally(const TeacherTask &) const
{
    throw ProviderError("the " + id().toStdString() + " teacher answers only over the network");
}

namespace {

using nlohmann::json;

std::string utf8(const QString &s)
{
    return s.toStdString();
}

json parseBody(const QByteArray &body, const char *provider)
{
    try {
        return parseJsonBounded(std::string_view(body.constData(), size_t(body.size())));
    } catch (const std::exception &e) {
        throw ProviderError(std::string("malformed reply from the ") + provider + " teacher (not JSON): " + e.what());
    }
}

QUrl endpoint(const QString &base, const QString &path)
{
    QString b = base.trimmed();
    while (b.endsWith(QLatin1Char('/')))
        b.chop(1);
    const QUrl url(b + path);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty())
        throw ProviderError("the teacher base URL '" + base.toStdString() + "' is not an http(s) URL with a host");
    return url;
}

class OfflineProvider final : public TeacherProvider {
public:
    QString id() const override { return QStringLiteral("offline"); }
    QString model() const override { return QStringLiteral("knowledge-base-1"); }
    bool usesNetwork() const override { return false; }
    TeacherReply answerLocally(const TeacherTask &task) const override
    {
        TeacherReply r;
        try {
            switch (task.kind) {
            case TeacherTaskKind::Answer:
                r.text = offlineTeacherAnswer(task.context);
                break;
            case TeacherTaskKind::Rank: {
                const RankingResult rank = offlineRankCandidates(task.ranking);
                // The same JSON form a network teacher is asked for, so one parser reads both.
                r.text = QString::fromStdString(json{{"chosen", rank.chosen + 1},
                                                     {"rejected", rank.rejected + 1},
                                                     {"reason", utf8(rank.reason)}}.dump());
                break;
            }
            case TeacherTaskKind::Complete:
                throw ProviderError("the offline teacher cannot answer free-text requests; use its rubric instead");
            }
        } catch (const std::invalid_argument &e) {
            throw ProviderError(e.what());
        }
        return r;
    }
};

// OpenAI-compatible chat completions (OpenAI, vLLM, llama.cpp server, Ollama).
class OpenAiProvider final : public TeacherProvider {
public:
    OpenAiProvider(QString base, QString model, QString key) : m_base(std::move(base)), m_model(std::move(model)),
        m_key(std::move(key)), m_url(endpoint(m_base, QStringLiteral("/chat/completions"))) {}
    QString id() const override { return QStringLiteral("openai"); }
    QString model() const override { return m_model; }
    bool usesNetwork() const override { return true; }
    HttpCall buildCall(const TeacherPrompt &p) const override
    {
        json user;
        if (p.maskPng.isEmpty()) {
            user = {{"role", "user"}, {"content", utf8(p.user)}};
        } else {
            const std::string dataUrl = "data:image/png;base64," + p.maskPng.toBase64().toStdString();
            user = {{"role", "user"},
                    {"content", json::array({json{{"type", "text"}, {"text", utf8(p.user)}},
                                             json{{"type", "image_url"}, {"image_url", {{"url", dataUrl}}}}})}};
        }
        const json body = {{"model", utf8(m_model)},
                           {"messages", json::array({json{{"role", "system"}, {"content", utf8(p.system)}}, user})},
                           {"temperature", p.temperature},
                           {"max_tokens", p.maxTokens}};
        HttpCall c;
        c.url = m_url;
        c.body = QByteArray::fromStdString(body.dump());
        c.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        if (!m_key.isEmpty())
            c.headers.append(qMakePair(QByteArray("Authorization"), "Bearer " + m_key.toUtf8()));
        return c;
    }
    TeacherReply parseReply(const QByteArray &body) const override
    {
        const json j = parseBody(body, "OpenAI-compatible");
        try {
            TeacherReply r;
            const json &content = j.at("choices").at(0).at("message").at("content");
            if (!content.is_string())
                throw ProviderError("the reply's message content is not text");
            r.text = QString::fromStdString(content.get<std::string>()).trimmed();
            if (j.contains("usage") && j["usage"].is_object()) {
                r.promptTokens = j["usage"].value("prompt_tokens", 0);
                r.completionTokens = j["usage"].value("completion_tokens", 0);
            }
            if (r.text.isEmpty())
                throw ProviderError("the reply's message content is empty");
            return r;
        } catch (const json::exception &e) {
            throw ProviderError(std::string("malformed reply from the OpenAI-compatible teacher: ") + e.what());
        }
    }

    QStringList secrets() const override { return {m_key}; }

private:
    QString m_base, m_model, m_key;
    QUrl m_url;
};

// Gemini generateContent (the paper's teacher: Gemini 2.5 Flash).
class GeminiProvider final : public TeacherProvider {
public:
    GeminiProvider(QString base, QString model, QString key) : m_model(std::move(model)), m_key(std::move(key)),
        m_url(endpoint(base, QStringLiteral("/v1beta/models/%1:generateContent").arg(m_model))) {}
    QString id() const override { return QStringLiteral("gemini"); }
    QString model() const override { return m_model; }
    bool usesNetwork() const override { return true; }
    HttpCall buildCall(const TeacherPrompt &p) const override
    {
        json parts = json::array({json{{"text", utf8(p.user)}}});
        if (!p.maskPng.isEmpty())
            parts.push_back({{"inline_data", {{"mime_type", "image/png"}, {"data", p.maskPng.toBase64().toStdString()}}}});
        const json body = {{"system_instruction", {{"parts", json::array({json{{"text", utf8(p.system)}}})}}},
                           {"contents", json::array({json{{"role", "user"}, {"parts", parts}}})},
                           {"generationConfig", {{"temperature", p.temperature}, {"maxOutputTokens", p.maxTokens}}}};
        HttpCall c;
        c.url = m_url;
        c.body = QByteArray::fromStdString(body.dump());
        c.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        if (!m_key.isEmpty())
            c.headers.append(qMakePair(QByteArray("x-goog-api-key"), m_key.toUtf8()));
        return c;
    }
    TeacherReply parseReply(const QByteArray &body) const override
    {
        const json j = parseBody(body, "Gemini");
        try {
            TeacherReply r;
            for (const json &part : j.at("candidates").at(0).at("content").at("parts"))
                if (part.contains("text") && part["text"].is_string())
                    r.text += QString::fromStdString(part["text"].get<std::string>());
            r.text = r.text.trimmed();
            if (j.contains("usageMetadata") && j["usageMetadata"].is_object()) {
                r.promptTokens = j["usageMetadata"].value("promptTokenCount", 0);
                r.completionTokens = j["usageMetadata"].value("candidatesTokenCount", 0);
            }
            if (r.text.isEmpty())
                throw ProviderError("the Gemini reply has no text part");
            return r;
        } catch (const json::exception &e) {
            throw ProviderError(std::string("malformed reply from the Gemini teacher: ") + e.what());
        }
    }

    QStringList secrets() const override { return {m_key}; }

private:
    QString m_model, m_key;
    QUrl m_url;
};

} // namespace

QString defaultModel(const QString &providerId)
{
    if (providerId == QLatin1String("openai"))
        return QStringLiteral("gpt-4o-mini");
    if (providerId == QLatin1String("gemini"))
        return QStringLiteral("gemini-2.5-flash");
    return QStringLiteral("knowledge-base-1");
}

QString defaultBaseUrl(const QString &providerId)
{
    if (providerId == QLatin1String("openai"))
        return QStringLiteral("https://api.openai.com/v1");
    if (providerId == QLatin1String("gemini"))
        return QStringLiteral("https://generativelanguage.googleapis.com");
    return {};
}

std::unique_ptr<TeacherProvider> makeProvider(const ProviderConfig &config)
{
    const QString model = config.model.isEmpty() ? defaultModel(config.id) : config.model;
    const QString base = config.baseUrl.isEmpty() ? defaultBaseUrl(config.id) : config.baseUrl;
    if (config.id == QLatin1String("offline"))
        return std::make_unique<OfflineProvider>();
    if (config.id == QLatin1String("openai"))
        return std::make_unique<OpenAiProvider>(base, model, config.apiKey);
    if (config.id == QLatin1String("gemini"))
        return std::make_unique<GeminiProvider>(base, model, config.apiKey);
    throw ProviderError("unknown teacher provider '" + config.id.toStdString()
                        + "' (use offline, openai or gemini)");
}

namespace {
const char *envVarFor(const QString &providerId)
{
    if (providerId == QLatin1String("openai"))
        return "SURGDISTILL_OPENAI_API_KEY";
    if (providerId == QLatin1String("gemini"))
        return "SURGDISTILL_GEMINI_API_KEY";
    return nullptr;
}
} // namespace

QString apiKeyFor(const QString &providerId, QString *source)
{
    if (const char *var = envVarFor(providerId)) {
        const QString key = qEnvironmentVariable(var).trimmed();
        if (!key.isEmpty()) {
            if (source)
                *source = QStringLiteral("environment");
            return key;
        }
    } else {
        return {};
    }
    // Without a keychain daemon (headless, CI) this is quickly empty: simply "no key".
    const QString stored = readKeychainSecret(providerId);
    if (!stored.isEmpty()) {
        if (source)
            *source = QStringLiteral("keychain");
        return stored;
    }
    return {};
}

QString storeApiKeyInKeychain(const QString &providerId, const QString &key)
{
    return writeKeychainSecret(providerId, key);
}

} // namespace sd
