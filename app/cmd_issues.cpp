// The review-issue actions of `surgdistill review` (cmd_review.cpp hands them over):
//   issues --project P [--open] [--frame ID] [--json]     list them (read-only)
//   issue open|reply|resolve|reopen --project P ...        the GUI's steps, same core rules
// P is a project folder or a team project's postgresql:// URL.
#include "cmd_issues.h"

#include "cliutil.h"
#include "currentuser.h"
#include "reviewissues.h"
#include "store/projectstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace sd::app {

namespace {

const QCommandLineOption projectOption{QStringLiteral("project"),
                                       QStringLiteral("The project folder or postgresql:// URL."),
                                       QStringLiteral("P")};

// One line of a table cell: control characters (a comment's tabs and line breaks, escape
// sequences) become spaces, long text is cut.
QString cell(const QString &text, int maxLength = 60)
{
    QString s = text;
    for (QChar &c : s)
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            c = QLatin1Char(' ');
    s = s.simplified();
    return s.size() > maxLength ? s.left(maxLength - 1) + QChar(0x2026) : s;
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

int runList(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill review issues");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Lists the project's pinned review issues: id, frame, structure, status, author, created (UTC),\n"
        "comment count and last comment, ordered by frame and id."));
    p.addOptions({projectOption,
                  {QStringLiteral("open"), QStringLiteral("Only the open issues.")},
                  {QStringLiteral("frame"), QStringLiteral("Only this frame's issues."), QStringLiteral("ID")},
                  {QStringLiteral("json"), QStringLiteral("A JSON array instead of the table.")}});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    if (!p.isSet(projectOption)) {
        err << command << ": --project P is required\n";
        return 2;
    }
    qint64 frameId = 0;
    if (!intOption(p, QStringLiteral("frame"), 1, std::numeric_limits<qint64>::max(), frameId, command, err))
        return 2;
    auto store = openProject(p.value(projectOption), OpenMode::ReadOnly, command, err);
    if (!store)
        return 1;
    try {
        IssueFilter filter;
        if (p.isSet(QStringLiteral("open")))
            filter.status = IssueStatus::Open;
        if (frameId)
            filter.frameId = frameId;
        const std::vector<ReviewIssue> issues = store->reviewIssues(filter);
        std::map<qint64, QString> keys;
        for (const Structure &s : store->structures())
            keys[s.id] = s.key;
        if (p.isSet(QStringLiteral("json"))) {
            QJsonArray rows;
            for (const ReviewIssue &i : issues) {
                QJsonObject o{{QStringLiteral("id"), i.id},
                              {QStringLiteral("frame"), i.frameId},
                              {QStringLiteral("structure"), keys[i.structureId]},
                              {QStringLiteral("mask_version"), i.maskVersion},
                              {QStringLiteral("x"), i.x},
                              {QStringLiteral("y"), i.y},
                              {QStringLiteral("width"), i.width},
                              {QStringLiteral("height"), i.height},
                              {QStringLiteral("status"), issueStatusToString(i.status)},
                              {QStringLiteral("author"), i.author},
                              {QStringLiteral("created"), isoTime(i.createdAt)},
                              {QStringLiteral("resolved_by"), i.resolvedBy},
                              {QStringLiteral("comments"), i.commentCount},
                              {QStringLiteral("last_comment"), i.lastComment}};
                rows.append(o);
            }
            out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
            return 0;
        }
        const QStringList header{QStringLiteral("ID"), QStringLiteral("FRAME"), QStringLiteral("STRUCTURE"),
                                 QStringLiteral("STATUS"), QStringLiteral("AUTHOR"), QStringLiteral("CREATED"),
                                 QStringLiteral("COMMENTS"), QStringLiteral("LAST COMMENT")};
        std::vector<QStringList> rows{header};
        for (const ReviewIssue &i : issues)
            rows.push_back({QString::number(i.id), QString::number(i.frameId), keys[i.structureId],
                            issueStatusToString(i.status), cell(i.author, 24), isoTime(i.createdAt),
                            QString::number(i.commentCount), cell(i.lastComment)});
        std::vector<qsizetype> widths(header.size(), 0);
        for (const QStringList &r : rows)
            for (qsizetype c = 0; c < r.size(); ++c)
                widths[size_t(c)] = std::max(widths[size_t(c)], r[c].size());
        for (const QStringList &r : rows) {
            QStringList padded;
            for (qsizetype c = 0; c < r.size(); ++c)
                padded << (c + 1 < r.size() ? r[c].leftJustified(widths[size_t(c)]) : r[c]);
            out << padded.join(QStringLiteral("  ")) << "\n";
        }
        const auto open = std::count_if(issues.begin(), issues.end(),
                                        [](const ReviewIssue &i) { return i.status == IssueStatus::Open; });
        out << issues.size() << " issue(s), " << open << " open\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << QString::fromUtf8(e.what()) << "\n";
        return 1;
    }
}

// "X,Y" or "X,Y,W,H" in frame pixels; false when malformed.
bool parsePlace(const QString &text, int parts, QRectF &out)
{
    const QStringList fields = text.split(QLatin1Char(','));
    if (fields.size() != parts)
        return false;
    double v[4] = {0, 0, 0, 0};
    for (int i = 0; i < parts; ++i) {
        bool ok = false;
        v[i] = fields[i].trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v[i]))
            return false;
    }
    out = QRectF(v[0], v[1], v[2], v[3]);
    return true;
}

int runIssue(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill review issue");
    QTextStream out(stdout), err(stderr);
    static const QStringList steps{QStringLiteral("open"), QStringLiteral("reply"), QStringLiteral("resolve"),
                                   QStringLiteral("reopen")};
    const QString help = QStringLiteral(
        "Usage: surgdistill review issue <open|reply|resolve|reopen> --project P [options]\n\n"
        "  open     --frame ID --structure KEY (--point X,Y | --rect X,Y,W,H) --comment TEXT --role reviewer\n"
        "  reply    --issue ID --comment TEXT\n"
        "  resolve  --issue ID [--comment TEXT]   (the mask's annotator, or --role reviewer)\n"
        "  reopen   --issue ID [--comment TEXT]\n\n"
        "--user NAME names the person (default: the current user; a team project's login).\n");
    if (args.isEmpty() || !steps.contains(args.front())) {
        const bool asked = !args.isEmpty() && (args.front() == QLatin1String("--help") || args.front() == QLatin1String("-h"));
        (asked ? out : err) << help;
        return asked ? 0 : 2;
    }
    const QString step = args.front();
    const QString full = command + QLatin1Char(' ') + step;
    QCommandLineParser p;
    p.addOptions({projectOption,
                  {QStringLiteral("frame"), QStringLiteral("Frame id (open)."), QStringLiteral("ID")},
                  {QStringLiteral("structure"), QStringLiteral("Structure key (open)."), QStringLiteral("KEY")},
                  {QStringLiteral("point"), QStringLiteral("Pin a point, frame pixels (open)."), QStringLiteral("X,Y")},
                  {QStringLiteral("rect"), QStringLiteral("Pin a rectangle, frame pixels (open)."),
                   QStringLiteral("X,Y,W,H")},
                  {QStringLiteral("issue"), QStringLiteral("Issue id (reply, resolve, reopen)."), QStringLiteral("ID")},
                  {QStringLiteral("comment"), QStringLiteral("The comment."), QStringLiteral("TEXT")},
                  {QStringLiteral("user"), QStringLiteral("Who does it (default: the current user)."),
                   QStringLiteral("NAME")},
                  {QStringLiteral("role"), QStringLiteral("annotator (default) or reviewer."), QStringLiteral("ROLE"),
                   QStringLiteral("annotator")}});
    if (const int rc = parseOrHelp(p, full, {}, args.mid(1)); rc >= 0)
        return rc;
    const QString role = p.value(QStringLiteral("role"));
    if (role != QLatin1String("annotator") && role != QLatin1String("reviewer")) {
        err << full << ": --role must be annotator or reviewer\n";
        return 2;
    }
    if (!p.isSet(projectOption)) {
        err << full << ": --project P is required\n";
        return 2;
    }
    const bool opening = step == QLatin1String("open");
    qint64 frameId = 0, issueId = 0;
    if (!intOption(p, QStringLiteral("frame"), 1, std::numeric_limits<qint64>::max(), frameId, full, err)
        || !intOption(p, QStringLiteral("issue"), 1, std::numeric_limits<qint64>::max(), issueId, full, err))
        return 2;
    QRectF area;
    if (opening) {
        const bool point = p.isSet(QStringLiteral("point")), rect = p.isSet(QStringLiteral("rect"));
        if (!frameId || !p.isSet(QStringLiteral("structure")) || point == rect) {
            err << full << ": needs --frame ID, --structure KEY and one of --point X,Y or --rect X,Y,W,H\n";
            return 2;
        }
        if (point ? !parsePlace(p.value(QStringLiteral("point")), 2, area)
                  : !parsePlace(p.value(QStringLiteral("rect")), 4, area)) {
            err << full << ": " << (point ? "--point wants X,Y" : "--rect wants X,Y,W,H") << " as numbers\n";
            return 2;
        }
    } else if (!issueId) {
        err << full << ": --issue ID is required\n";
        return 2;
    }
    auto store = openProject(p.value(projectOption), OpenMode::ReadWrite, full, err);
    if (!store)
        return 1;
    const UserIdentity user{p.isSet(QStringLiteral("user")) ? p.value(QStringLiteral("user")).trimmed()
                                                            : currentUserName(),
                            userRoleFromString(role)};
    const QString comment = p.value(QStringLiteral("comment"));
    try {
        if (opening) {
            const auto s = store->structureByKey(p.value(QStringLiteral("structure")));
            if (!s) {
                err << full << ": no structure " << p.value(QStringLiteral("structure")) << "\n";
                return 1;
            }
            issueId = openIssue(*store, frameId, s->id, area, user, comment).id;
        } else if (step == QLatin1String("reply")) {
            replyToIssue(*store, issueId, user, comment);
        } else if (step == QLatin1String("resolve")) {
            resolveIssue(*store, issueId, user, comment);
        } else {
            reopenIssue(*store, issueId, user, comment);
        }
        const ReviewIssue issue = *store->reviewIssue(issueId);
        out << "issue " << issue.id << "\tframe " << issue.frameId << "\t" << issueStatusToString(issue.status) << "\t"
            << issue.commentCount << " comment(s)\n";
        return 0;
    } catch (const std::exception &e) {
        err << full << ": " << QString::fromUtf8(e.what()) << "\n";
        return 1;
    }
}

} // namespace

std::optional<int> runIssueAction(const QString &action, const QStringList &args)
{
    if (action == QLatin1String("issues"))
        return runList(args);
    if (action == QLatin1String("issue"))
        return runIssue(args);
    return std::nullopt;
}

} // namespace sd::app
