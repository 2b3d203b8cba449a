// `surgdistill teacher generate|preview|allow-host|demo-accept`: teacher
// answers for a project's approved masks, through the privacy firewall.
#include "cliutil.h"
#include "command.h"
#include "teacheroptions.h"

#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "teacher/offlineteacher.h"
#include "teacher/pairreview.h"
#include "teacher/teacherbatch.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTextStream>

#include <cstdio>
#include <limits>
#ifdef _WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

namespace {

using namespace sd;
using namespace sd::app;

QString groupHelp()
{
    return QStringLiteral(
        "Usage: surgdistill teacher <action> [options]\n\n"
        "Actions:\n"
        "  generate     teacher answers for every approved mask (resumable)\n"
        "  preview      print the exact payload a teacher request would send\n"
        "  allow-host   allow (or with --remove, disallow) a teacher host for the project\n"
        "  policy       show or change what may travel with a request (mask PNG) and the answer language\n"
        "  demo-accept  accept all unreviewed answers as the automatic demo reviewer (synthetic demo only)\n\n"
        "The teacher only ever receives text and the mask, never a frame. New projects allow loopback hosts\n"
        "only; every request is written to the project's audit log (surgdistill audit verify).\n"
        "API keys: SURGDISTILL_OPENAI_API_KEY / SURGDISTILL_GEMINI_API_KEY or the system keychain.\n"
        "Run 'surgdistill teacher <action> --help' for its options.\n");
}

int runGenerate(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill teacher generate");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Generates teacher answers for every approved mask of the project, one request per frame and structure. "
        "A second run continues where the first stopped and never duplicates answers."));
    p.addOptions(providerOptions());
    p.addOptions({
        {QStringLiteral("limit"), QStringLiteral("At most N requests in this run (default: all)."), QStringLiteral("N")},
        {QStringLiteral("concurrency"), QStringLiteral("Requests in flight at once (default 4)."), QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Seconds to wait for one reply (default 120)."), QStringLiteral("S")},
        {QStringLiteral("retries"), QStringLiteral("Retries on 429/5xx/timeouts/dropped connections (default 3)."),
         QStringLiteral("N")},
        {QStringLiteral("language"), QStringLiteral("Answer language en or de (default: the project's)."),
         QStringLiteral("LANG")},
        {QStringLiteral("split"), QStringLiteral("Only frames of this split (train/test)."), QStringLiteral("SPLIT")},
        {QStringLiteral("all-masks"), QStringLiteral("Also masks that are not approved yet.")},
        {QStringLiteral("price-prompt"), QStringLiteral("Cost per million prompt tokens, for the cost counter."),
         QStringLiteral("X")},
        {QStringLiteral("price-completion"), QStringLiteral("Cost per million completion tokens."), QStringLiteral("X")},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Print only the summary.")},
    });
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    if (!p.positionalArguments().isEmpty()) {
        err << command << ": unexpected argument '" << p.positionalArguments().front() << "'\n";
        return 2;
    }
    BatchOptions o;
    qint64 limit = 0, concurrency = o.concurrency, timeout = o.call.timeoutMs / 1000, retries = o.call.maxAttempts - 1;
    if (!intOption(p, QStringLiteral("limit"), 1, 100000000, limit, command, err)
        || !intOption(p, QStringLiteral("concurrency"), 1, 64, concurrency, command, err)
        || !intOption(p, QStringLiteral("timeout"), 1, 3600, timeout, command, err)
        || !intOption(p, QStringLiteral("retries"), 0, 20, retries, command, err))
        return 2;
    o.limit = int(limit);
    o.concurrency = int(concurrency);
    o.call.timeoutMs = int(timeout * 1000);
    o.call.maxAttempts = int(retries) + 1;
    o.language = p.value(QStringLiteral("language"));
    if (!o.language.isEmpty() && o.language != QLatin1String("en") && o.language != QLatin1String("de")) {
        err << command << ": --language must be en or de\n";
        return 2;
    }
    o.split = p.value(QStringLiteral("split"));
    o.approvedMasksOnly = !p.isSet(QStringLiteral("all-masks"));
    o.costPerMillionPromptTokens = p.value(QStringLiteral("price-prompt")).toDouble();
    o.costPerMillionCompletionTokens = p.value(QStringLiteral("price-completion")).toDouble();

    auto store = openProject(p.value(QStringLiteral("project")), OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    auto provider = providerFrom(p, command, err);
    if (!provider)
        return 2;
    PrivacyFirewall firewall(*store, p.value(QStringLiteral("user")));
    TeacherBatch batch(firewall, *provider, o);
    const bool quiet = p.isSet(QStringLiteral("quiet"));
    QObject::connect(&batch, &TeacherBatch::itemFinished, [&](qint64 requestId, bool ok, const QString &error) {
        if (!quiet) {
            const BatchCounters &c = batch.counters();
            err << "  " << (c.done + c.failed) << "/" << c.planned << "  request " << requestId
                << (ok ? QStringLiteral(" done") : QStringLiteral(" failed: ") + error) << "\n"
                << Qt::flush;
        }
    });
    QEventLoop loop;
    QObject::connect(&batch, &TeacherBatch::finished, &loop, &QEventLoop::quit);
    if (!quiet) {
        int already = 0;
        const size_t todo = batch.plan(&already).size();
        out << "Teacher " << provider->id() << " (" << provider->model() << "): " << todo << " to do, " << already
            << " already answered" << (o.limit ? QStringLiteral(", limit %1").arg(o.limit) : QString()) << "\n"
            << Qt::flush;
    }
    batch.start();
    if (batch.isRunning())
        loop.exec();
    const BatchCounters &c = batch.counters();
    out << "Teacher answers: " << c.done << " new, " << c.alreadyDone << " from earlier runs, " << c.failed
        << " failed, " << c.retries << " retries"
        << (c.heldElsewhere ? QStringLiteral(", %1 left to another run on this project").arg(c.heldElsewhere) : QString())
        << "\n"
        << "Tokens: " << c.promptTokens << " prompt, " << c.completionTokens << " completion; cost "
        << QString::number(c.cost, 'f', 4) << "\n"
        << "Note: " << kClinicalReviewNotice << "\n";
    if (!batch.policyError().isEmpty()) {
        err << command << ": " << batch.policyError() << "\n";
        return 3;
    }
    return c.failed == 0 ? 0 : 1;
}

int runPreview(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill teacher preview");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Prints the exact bytes a teacher request for one frame and structure would send (stdout) and its "
        "destination (stderr). Nothing is sent. With the offline provider it prints the prompt the offline "
        "teacher reads and its answer."));
    p.addOptions(providerOptions());
    p.addOptions({
        {QStringLiteral("frame"), QStringLiteral("Frame id."), QStringLiteral("ID")},
        {QStringLiteral("structure"), QStringLiteral("Structure key or name, e.g. vena_mesenterica_inferior."),
         QStringLiteral("NAME")},
        {QStringLiteral("question"), QStringLiteral("Question text (default: the one generate would choose)."),
         QStringLiteral("TEXT")},
        {QStringLiteral("language"), QStringLiteral("en or de (default: the project's)."), QStringLiteral("LANG")},
    });
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    qint64 frameId = 0;
    if (!p.isSet(QStringLiteral("frame")) || !p.isSet(QStringLiteral("structure"))) {
        err << command << ": --frame and --structure are required\n";
        return 2;
    }
    if (!intOption(p, QStringLiteral("frame"), 1, std::numeric_limits<qint64>::max(), frameId, command, err))
        return 2;
    auto store = openProject(p.value(QStringLiteral("project")), OpenMode::ReadOnly, command, err);
    if (!store)
        return 1;
    std::optional<Structure> structure = store->structureByKey(p.value(QStringLiteral("structure")));
    if (!structure)
        for (const Structure &s : store->structures())
            if (s.name.compare(p.value(QStringLiteral("structure")), Qt::CaseInsensitive) == 0)
                structure = s;
    if (!structure) {
        err << command << ": no structure '" << p.value(QStringLiteral("structure")) << "' in the project\n";
        return 2;
    }
    auto provider = providerFrom(p, command, err);
    if (!provider)
        return 2;
    const QString language = p.isSet(QStringLiteral("language")) ? p.value(QStringLiteral("language"))
                                                                  : projectTeacherLanguage(*store);
    const QString question = p.isSet(QStringLiteral("question"))
        ? p.value(QStringLiteral("question"))
        : chooseQuestion(*store, frameId, structure->id, language).second;
    try {
        const TeacherTask task = answerTask(*store, frameId, structure->id, question, language);
        if (!provider->usesNetwork()) {
            err << "Offline teacher: nothing leaves this computer. Prompt:\n";
            out << promptFor(task).user << "\n\nAnswer:\n" << provider->answerLocally(task).text << "\n";
            return 0;
        }
        PrivacyFirewall firewall(*store, p.value(QStringLiteral("user")));
        const HttpCall call = firewall.prepare(*provider, task);
        err << "POST " << call.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery) << " ("
            << (firewall.isAllowed(call.url) ? "allowed" : "NOT allowed by the project's privacy policy") << ", "
            << call.body.size() << " bytes)\n"
            << Qt::flush;
        out.flush();
        fwrite(call.body.constData(), 1, size_t(call.body.size()), stdout);
        if (isatty(fileno(stdout))) // piped or redirected: exactly the payload bytes, nothing added
            fputc('\n', stdout);
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runAllowHost(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill teacher allow-host");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Adds HOST to the project's allowed teacher hosts (the change is written to the audit log). "
        "Only allow a host your clinic's data-protection policy permits."));
    p.addOptions({
        {QStringLiteral("project"), QStringLiteral("The project folder."), QStringLiteral("DIR")},
        {QStringLiteral("remove"), QStringLiteral("Remove HOST instead.")},
        {QStringLiteral("user"), QStringLiteral("Name recorded in the audit log."), QStringLiteral("NAME")},
    });
    p.addPositionalArgument(QStringLiteral("HOST"), QStringLiteral("Host name or address, e.g. teacher.clinic.local."));
    if (const int rc = parseOrHelp(p, command, QStringLiteral("HOST"), args); rc >= 0)
        return rc;
    if (p.positionalArguments().size() != 1) {
        err << command << ": expected exactly one HOST\n";
        return 2;
    }
    auto store = openProject(p.value(QStringLiteral("project")), OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    try {
        PrivacyFirewall firewall(*store, p.value(QStringLiteral("user")));
        if (p.isSet(QStringLiteral("remove")))
            firewall.removeHost(p.positionalArguments().front());
        else
            firewall.allowHost(p.positionalArguments().front());
        out << "Allowed teacher hosts: " << firewall.allowedHosts().join(QStringLiteral(", ")) << "\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runPolicy(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill teacher policy");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Shows the project's teacher privacy policy, or changes it (changes are written to the audit log)."));
    p.addOptions({
        {QStringLiteral("project"), QStringLiteral("The project folder."), QStringLiteral("DIR")},
        {QStringLiteral("mask-png"), QStringLiteral("on: send the 1-bit mask PNG with requests; off: geometry text only."),
         QStringLiteral("on|off")},
        {QStringLiteral("language"), QStringLiteral("Answer language for new requests: en or de."), QStringLiteral("LANG")},
        {QStringLiteral("user"), QStringLiteral("Name recorded in the audit log."), QStringLiteral("NAME")},
    });
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    // Showing the policy only reads; changing it writes the setting and the audit log.
    const bool changes = p.isSet(QStringLiteral("mask-png")) || p.isSet(QStringLiteral("language"));
    auto store = openProject(p.value(QStringLiteral("project")), changes ? OpenMode::ReadWrite : OpenMode::ReadOnly,
                             command, err);
    if (!store)
        return 1;
    try {
        PrivacyFirewall firewall(*store, p.value(QStringLiteral("user")));
        if (p.isSet(QStringLiteral("mask-png"))) {
            const QString v = p.value(QStringLiteral("mask-png"));
            if (v != QLatin1String("on") && v != QLatin1String("off")) {
                err << command << ": --mask-png must be on or off\n";
                return 2;
            }
            firewall.setSendMaskPng(v == QLatin1String("on"));
        }
        if (p.isSet(QStringLiteral("language"))) {
            const QString l = p.value(QStringLiteral("language"));
            if (l != QLatin1String("en") && l != QLatin1String("de")) {
                err << command << ": --language must be en or de\n";
                return 2;
            }
            store->setSetting(QString::fromLatin1(kTeacherLanguageSetting), l);
        }
        out << "Allowed teacher hosts: " << firewall.allowedHosts().join(QStringLiteral(", ")) << "\n"
            << "Mask PNG with requests: " << (projectSendsMaskPng(*store) ? "on" : "off (geometry text only)") << "\n"
            << "Answer language: " << projectTeacherLanguage(*store) << "\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runDemoAccept(const QStringList &args)
{
    return runAsDemoReviewer(args, QStringLiteral("surgdistill teacher demo-accept"),
                             QStringLiteral("Accepts every unreviewed teacher answer as \"%1\". For the synthetic "
                                            "demo pipeline only: real answers need a surgeon's review."),
                             QStringLiteral("answers"), autoAcceptAsDemoReviewer);
}

int runTeacher(const QStringList &args)
{
    return dispatchActions(QStringLiteral("teacher"), groupHelp(),
                           {{QStringLiteral("generate"), runGenerate},
                            {QStringLiteral("preview"), runPreview},
                            {QStringLiteral("allow-host"), runAllowHost},
                            {QStringLiteral("policy"), runPolicy},
                            {QStringLiteral("demo-accept"), runDemoAccept}},
                           args);
}

} // namespace

SD_REGISTER_COMMAND(teacherCommand, QStringLiteral("teacher"),
                    QStringLiteral("teacher answers from text and masks only (generate, preview, allow-host)"),
                    runTeacher, false);
