// `surgdistill audit verify|list P`: the project's hash-chained audit log of
// every outbound teacher request and privacy-policy change.
#include "cliutil.h"
#include "command.h"

#include "auditexport.h"

#include "store/projectstore.h"

#include <QFile>
#include <QTextStream>


namespace {

using namespace sd;
using namespace sd::app;

QString groupHelp()
{
    return QStringLiteral("Usage: surgdistill audit <action> [options] PROJECT\n\n"
                          "Actions:\n"
                          "  verify PROJECT   recompute the hash chain; exit 1 if an entry was altered or removed\n"
                          "  list PROJECT     print the entries (time, user, action, destination, payload SHA-256)\n"
                          "  export PROJECT FILE  write the entries with their full payloads as JSON lines\n");
}

std::unique_ptr<ProjectStore> projectArg(QCommandLineParser &p, const QString &command, const QStringList &args,
                                         int positional, const QString &syntax, int &rc)
{
    rc = parseOrHelp(p, command, syntax, args);
    if (rc >= 0)
        return nullptr;
    QTextStream err(stderr);
    if (p.positionalArguments().size() != positional) {
        err << command << ": expected " << syntax << "\n";
        rc = 2;
        return nullptr;
    }
    auto store = openProject(p.positionalArguments().front(), OpenMode::ReadOnly, command, err);
    rc = store ? -1 : 1;
    return store;
}

int runVerify(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill audit verify");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Checks the audit log's hash chain and every payload's SHA-256."));
    p.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("The project folder."));
    int rc = 0;
    auto store = projectArg(p, command, args, 1, QStringLiteral("PROJECT"), rc);
    if (!store)
        return rc;
    const sd::AuditCheck check = store->checkAuditLog();
    if (!check.intact()) {
        QTextStream(stderr) << command << ": the audit log is " << sd::auditProblemText(check) << "\n";
        return 1;
    }
    QTextStream(stdout) << "Audit log " << sd::auditProblemText(check) << "\n";
    return 0;
}

int runList(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill audit list");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Prints the audit log, oldest first."));
    p.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("The project folder."));
    int rc = 0;
    auto store = projectArg(p, command, args, 1, QStringLiteral("PROJECT"), rc);
    if (!store)
        return rc;
    QTextStream out(stdout);
    for (const AuditEntry &e : store->auditLog())
        out << e.id << "  " << e.time.toString(Qt::ISODateWithMs) << "  " << e.user << "  " << e.action << "  "
            << e.destination << "  " << e.payload.size() << " bytes  sha256 " << e.payloadSha256 << "\n";
    return 0;
}

int runExport(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill audit export");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Writes the audit log with full payloads as JSON lines, or as CSV (no payload bytes) when FILE ends in .csv."));
    p.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("The project folder."));
    p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Output file (.jsonl or .csv)."));
    int rc = 0;
    auto store = projectArg(p, command, args, 2, QStringLiteral("PROJECT FILE"), rc);
    if (!store)
        return rc;
    // .csv: one row per entry without the payload bytes; otherwise JSON lines with full payloads.
    const QString file = p.positionalArguments().at(1);
    const auto entries = store->auditLog();
    const QString error = file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? writeAuditCsv(entries, file)
                                                                                    : writeAuditJsonl(entries, file);
    if (!error.isEmpty()) {
        QTextStream(stderr) << command << ": " << error << "\n";
        return 1;
    }
    QTextStream(stdout) << "Wrote " << entries.size() << " entries to " << file << "\n";
    return 0;
}

int runAudit(const QStringList &args)
{
    return dispatchActions(QStringLiteral("audit"), groupHelp(),
                           {{QStringLiteral("verify"), runVerify}, {QStringLiteral("list"), runList},
                            {QStringLiteral("export"), runExport}},
                           args);
}

} // namespace

SD_REGISTER_COMMAND(auditCommand, QStringLiteral("audit"),
                    QStringLiteral("check or show the project's audit log of outbound requests (audit verify P)"),
                    runAudit, false);
