// `surgdistill review ACTION PROJECT_DIR --frame ID --structure KEY --user NAME ...`:
// the mask review workflow from the command line, for scripts (and the README
// screenshots). The same core rules as in the GUI apply: only reviewers
// approve, never their own masks, two reviews when the project requires them.
#include "cliutil.h"
#include "cmd_consensus.h"
#include "cmd_issues.h"
#include "command.h"

#include "store/projectstore.h"
#include "reviewworkflow.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <algorithm>

namespace {

QString usage()
{
    return QStringLiteral(
        "Usage: surgdistill review <action> PROJECT_DIR --frame ID [--structure KEY] --user NAME [options]\n\n"
        "Actions:\n"
        "  status            review state of the frame's masks (no --user needed)\n"
        "  submit            submit the mask(s) for review\n"
        "  approve           approve (role reviewer; not your own mask)\n"
        "  request-changes   request changes with --comment (role reviewer)\n\n"
        "Independent annotations (surgdistill review ACTION --help for their options):\n"
        "  independent --project DIR [--count N]            annotations per frame (1 = one shared mask)\n"
        "  honeypots --project DIR --share X [--seed N]     mark a seeded share of approved frames as honeypots\n"
        "  agreement --project DIR --out DIR                write agreement.csv and agreement.pdf\n\n"
        "Pinned review issues:\n"
        "  issues --project P [--open] [--frame ID] [--json]   list them\n"
        "  issue open|reply|resolve|reopen --project P ...     open, answer, resolve, reopen one\n\n"
        "Options:\n"
        "  --structure KEY   one structure (default: every mask of the frame)\n"
        "  --role ROLE       annotator (default) or reviewer\n"
        "  --comment TEXT    review comment\n");
}

int runReview(const QStringList &args)
{
    QTextStream out(stdout), err(stderr);
    if (args.isEmpty() || args.front() == QLatin1String("--help") || args.front() == QLatin1String("-h")) {
        (args.isEmpty() ? err : out) << usage();
        return args.isEmpty() ? 2 : 0;
    }
    const QString action = args.front();
    if (const auto rc = sd::app::runConsensusAction(action, args.mid(1)))
        return *rc;
    if (const auto rc = sd::app::runIssueAction(action, args.mid(1)))
        return *rc;
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("PROJECT_DIR"), QStringLiteral("project folder"));
    p.addOptions({{QStringLiteral("frame"), QStringLiteral("frame id"), QStringLiteral("ID")},
                  {QStringLiteral("structure"), QStringLiteral("structure key"), QStringLiteral("KEY")},
                  {QStringLiteral("user"), QStringLiteral("user name"), QStringLiteral("NAME")},
                  {QStringLiteral("role"), QStringLiteral("annotator or reviewer"), QStringLiteral("ROLE"),
                   QStringLiteral("annotator")},
                  {QStringLiteral("comment"), QStringLiteral("comment"), QStringLiteral("TEXT")}});
    if (!p.parse(QStringList{QStringLiteral("review")} + args.mid(1))) {
        err << "surgdistill review: " << p.errorText() << "\n";
        return 2;
    }
    static const QStringList actions{QStringLiteral("status"), QStringLiteral("submit"), QStringLiteral("approve"),
                                     QStringLiteral("request-changes")};
    if (!actions.contains(action) || p.positionalArguments().size() != 1 || !p.isSet(QStringLiteral("frame"))) {
        err << usage();
        return 2;
    }
    const QString role = p.value(QStringLiteral("role"));
    if (role != QLatin1String("annotator") && role != QLatin1String("reviewer")) {
        err << "surgdistill review: --role must be annotator or reviewer\n";
        return 2;
    }
    const sd::UserIdentity user{p.value(QStringLiteral("user")).trimmed(), sd::userRoleFromString(role)};
    if (action != QLatin1String("status") && user.name.isEmpty()) {
        err << "surgdistill review: --user NAME is required for " << action << "\n";
        return 2;
    }
    try {
        // status only reads: it works on a read-only project and never changes it.
        auto store = sd::app::openStore(p.positionalArguments().front(), action == QLatin1String("status")
                                                                                ? sd::OpenMode::ReadOnly
                                                                                : sd::OpenMode::ReadWrite);
        const qint64 frameId = p.value(QStringLiteral("frame")).toLongLong();
        if (!store->frame(frameId)) {
            err << "surgdistill review: no frame " << p.value(QStringLiteral("frame")) << "\n";
            return 1;
        }
        std::vector<sd::Mask> masks = store->masksForFrame(frameId);
        if (p.isSet(QStringLiteral("structure"))) {
            const auto s = store->structureByKey(p.value(QStringLiteral("structure")));
            if (!s) {
                err << "surgdistill review: no structure " << p.value(QStringLiteral("structure")) << "\n";
                return 1;
            }
            masks.erase(std::remove_if(masks.begin(), masks.end(),
                                       [&](const sd::Mask &m) { return m.structureId != s->id; }),
                        masks.end());
        }
        if (masks.empty()) {
            err << "surgdistill review: frame " << frameId << " has no such mask\n";
            return 1;
        }
        const QString comment = p.value(QStringLiteral("comment"));
        int failed = 0;
        for (const sd::Mask &m : masks) {
            const QString key = store->structure(m.structureId)->key;
            try {
                if (action == QLatin1String("submit"))
                    sd::submitForReview(*store, m.id, user, comment);
                else if (action == QLatin1String("approve"))
                    sd::approveMask(*store, m.id, user, comment);
                else if (action == QLatin1String("request-changes"))
                    sd::requestChanges(*store, m.id, user, comment);
            } catch (const sd::ReviewError &e) {
                err << key << ": " << QString::fromUtf8(e.what()) << "\n";
                ++failed;
            }
            out << key << "\tv" << store->maskById(m.id)->version << "\t"
                << sd::reviewStateToString(sd::reviewState(*store, m.id)) << "\n";
        }
        return failed ? 1 : 0;
    } catch (const std::exception &e) {
        err << "surgdistill review: " << QString::fromUtf8(e.what()) << "\n";
        return 1;
    }
}

} // namespace

SD_REGISTER_COMMAND(reviewCommand, QStringLiteral("review"),
                    QStringLiteral("mask review workflow: status, submit, approve, request-changes; independent "
                                   "annotations, honeypots, agreement report; pinned review issues"),
                    runReview, true); // needsGui: the agreement PDF is painted with QtGui (offscreen without a display)
