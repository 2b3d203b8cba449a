#include "teacheroptions.h"

#include "cliutil.h"

#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "teacher/pairreview.h"
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

int runAsDemoReviewer(const QStringList &args, const QString &command, const QString &description,
                      const QString &what, const std::function<int(ProjectStore &)> &decide)
{
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(description.arg(QString::fromLatin1(kDemoAutoReviewer)));
    p.addOption({QStringLiteral("project"), QStringLiteral("The project folder."), QStringLiteral("DIR")});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    auto store = openProject(p.value(QStringLiteral("project")), OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    if (!hasOnlySyntheticFrames(*store)) {
        err << command << ": refused: the project has real (non-synthetic) frames; their " << what
            << " need a surgeon's review\n";
        return 3;
    }
    try {
        const int n = decide(*store);
        out << "Decided " << n << " " << what << " as \"" << kDemoAutoReviewer << "\"\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

} // namespace sd::app
