#include "teacheroptions.h"

#include "teacher/teacherprovider.h"

namespace sd::app {

QList<QCommandLineOption> providerOptions()
{
    return {
        {QStringLiteral("project"), QStringLiteral("The project folder."), QStringLiteral("DIR")},
        {QStringLiteral("provider"), QStringLiteral("offline (default, no network), openai or gemini."),
         QStringLiteral("NAME"), QStringLiteral("offline")},
        {QStringLiteral("base-url"),
         QStringLiteral("Teacher endpoint, e.g. http://127.0.0.1:8000/v1 for a local OpenAI-compatible server "
                        "(default: the provider's public endpoint)."),
         QStringLiteral("URL")},
        {QStringLiteral("model"), QStringLiteral("Teacher model name (default: gpt-4o-mini / gemini-2.5-flash)."),
         QStringLiteral("NAME")},
        {QStringLiteral("user"), QStringLiteral("Name recorded in the audit log (default: the login name)."),
         QStringLiteral("NAME")},
    };
}

std::unique_ptr<TeacherProvider> providerFrom(const QCommandLineParser &p, const QString &command, QTextStream &err)
{
    ProviderConfig cfg;
    cfg.id = p.value(QStringLiteral("provider"));
    cfg.baseUrl = p.value(QStringLiteral("base-url"));
    cfg.model = p.value(QStringLiteral("model"));
    QString source;
    cfg.apiKey = apiKeyFor(cfg.id, &source);
    try {
        auto provider = makeProvider(cfg);
        if (provider->usesNetwork() && cfg.apiKey.isEmpty() && cfg.baseUrl.isEmpty())
            err << command << ": note: no API key for " << cfg.id << " (set SURGDISTILL_" << cfg.id.toUpper()
                << "_API_KEY or store one in the keychain)\n";
        return provider;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return nullptr;
    }
}

} // namespace sd::app
