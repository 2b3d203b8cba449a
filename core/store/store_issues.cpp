// Pinned review issues and their threads (schema 12). The raw records: who may open,
// answer, resolve or reopen an issue is reviewissues.h's, and on a team project also the
// server's (issueTeamRules()). What is checked here is what makes a row valid at all.
#include "storeprivate.h"

#include <cmath>

namespace sd {

using namespace store;

namespace {
namespace issueSql {
// The thread's size and newest text come with the issue, for lists and the CLI.
const QString select = QStringLiteral(
    "SELECT i.id, i.frame_id, i.structure_id, i.mask_version, i.x, i.y, i.width, i.height, i.author, i.status, "
    "i.created_at, i.resolved_by, i.resolved_at, "
    "(SELECT COUNT(*) FROM review_issue_comments c WHERE c.issue_id = i.id AND c.body <> '') AS comment_count, "
    "COALESCE((SELECT c.body FROM review_issue_comments c WHERE c.issue_id = i.id AND c.body <> '' "
    "ORDER BY c.id DESC LIMIT 1), '') AS last_comment "
    "FROM review_issues i");
const QString byId = select + QStringLiteral(" WHERE i.id = ?");
const QString frame = QStringLiteral("i.frame_id = ?");
const QString structure = QStringLiteral("i.structure_id = ?");
const QString status = QStringLiteral("i.status = ?");
const QString order = QStringLiteral(" ORDER BY i.frame_id, i.id");
const QString insert = QStringLiteral(
    "INSERT INTO review_issues (frame_id, structure_id, mask_version, x, y, width, height, author, status, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)");
const QString setStatus =
    QStringLiteral("UPDATE review_issues SET status = ?, resolved_by = ?, resolved_at = ? WHERE id = ?");
} // namespace issueSql

namespace issueCommentSql {
const QString thread = QStringLiteral("SELECT id, issue_id, author, kind, body, created_at FROM review_issue_comments "
                                      "WHERE issue_id = ? ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO review_issue_comments (issue_id, author, kind, body, created_at) VALUES (?, ?, ?, ?, ?)");
} // namespace issueCommentSql

ReviewIssue issueFromRow(const Row &r)
{
    ReviewIssue i;
    i.id = r.id("id");
    i.frameId = r.id("frame_id");
    i.structureId = r.id("structure_id");
    i.maskVersion = r.integer("mask_version");
    i.x = r.real("x");
    i.y = r.real("y");
    i.width = r.real("width");
    i.height = r.real("height");
    i.author = r.text("author");
    i.status = issueStatusFromString(r.text("status"));
    i.createdAt = r.time("created_at");
    i.resolvedBy = r.text("resolved_by");
    i.resolvedAt = r.time("resolved_at");
    i.commentCount = r.integer("comment_count");
    i.lastComment = r.text("last_comment");
    return i;
}

IssueComment issueCommentFromRow(const Row &r)
{
    IssueComment c;
    c.id = r.id("id");
    c.issueId = r.id("issue_id");
    c.author = r.text("author");
    c.kind = issueEventKindFromString(r.text("kind"));
    c.body = r.text("body");
    c.createdAt = r.time("created_at");
    return c;
}

[[noreturn]] void refuseIssue(const QString &why)
{
    throw StoreError(QStringLiteral("cannot open review issue: %1").arg(why).toStdString());
}

} // namespace

qint64 ProjectStore::addReviewIssue(ReviewIssue &issue, const QString &firstComment)
{
    requireNonEmpty(issue.author, "author", "review issue");
    requireNonEmpty(firstComment, "comment", "review issue");
    const QDateTime createdAt = orNow(issue.createdAt);
    transaction([&] {
        const auto f = frame(issue.frameId);
        if (!f)
            refuseIssue(QStringLiteral("frame %1 does not exist").arg(issue.frameId));
        if (!structure(issue.structureId))
            refuseIssue(QStringLiteral("structure %1 does not exist").arg(issue.structureId));
        const bool finite = std::isfinite(issue.x) && std::isfinite(issue.y) && std::isfinite(issue.width)
            && std::isfinite(issue.height);
        if (!finite || issue.width < 0 || issue.height < 0 || issue.x < 0 || issue.y < 0
            || issue.x + issue.width > f->width || issue.y + issue.height > f->height)
            refuseIssue(QStringLiteral("the place (%1, %2, %3 x %4) is not inside frame %5 (%6 x %7)")
                            .arg(issue.x).arg(issue.y).arg(issue.width).arg(issue.height).arg(issue.frameId)
                            .arg(f->width).arg(f->height));
        if (issue.maskVersion < 0)
            refuseIssue(QStringLiteral("mask version %1").arg(issue.maskVersion));
        const QString now = isoTime(createdAt);
        issue.id = d->insert(issueSql::insert, {issue.frameId, issue.structureId, issue.maskVersion, issue.x, issue.y,
                                                issue.width, issue.height, issue.author, now});
        d->run(issueCommentSql::insert, {issue.id, issue.author, issueEventKindToString(IssueEventKind::Comment),
                                         firstComment, now});
    });
    issue.createdAt = createdAt;
    issue.status = IssueStatus::Open;
    issue.commentCount = 1;
    issue.lastComment = firstComment;
    return issue.id;
}

void ProjectStore::setReviewIssueStatus(qint64 issueId, IssueStatus status, const QString &by, const QString &comment)
{
    requireNonEmpty(by, "author", "review issue comment");
    transaction([&] {
        const auto issue = reviewIssue(issueId);
        if (!issue)
            throw StoreError(QStringLiteral("review issue %1 does not exist").arg(issueId).toStdString());
        if (issue->status == status)
            throw StoreError(QStringLiteral("review issue %1 is already %2")
                                 .arg(issueId).arg(issueStatusToString(status)).toStdString());
        const QString now = isoTime(nowUtc());
        const bool resolved = status == IssueStatus::Resolved;
        d->updateOne(issueSql::setStatus, {issueStatusToString(status), text(resolved ? by : QString()),
                                           resolved ? QVariant(now) : QVariant(), issueId},
                     QStringLiteral("review issue"), issueId);
        d->run(issueCommentSql::insert,
               {issueId, by, issueEventKindToString(resolved ? IssueEventKind::Resolved : IssueEventKind::Reopened),
                text(comment), now});
    });
}

qint64 ProjectStore::addIssueComment(IssueComment &c)
{
    requireNonEmpty(c.author, "author", "review issue comment");
    if (c.kind == IssueEventKind::Comment)
        requireNonEmpty(c.body, "body", "review issue comment");
    const QDateTime createdAt = orNow(c.createdAt);
    transaction([&] {
        if (!reviewIssue(c.issueId))
            throw StoreError(QStringLiteral("review issue %1 does not exist").arg(c.issueId).toStdString());
        c.id = d->insert(issueCommentSql::insert,
                         {c.issueId, c.author, issueEventKindToString(c.kind), text(c.body), isoTime(createdAt)});
    });
    c.createdAt = createdAt;
    return c.id;
}

std::optional<ReviewIssue> ProjectStore::reviewIssue(qint64 id) const
{
    return d->one(issueSql::byId, {id}, issueFromRow);
}

std::vector<ReviewIssue> ProjectStore::reviewIssues(const IssueFilter &filter) const
{
    QStringList where;
    QVariantList binds;
    if (filter.frameId) {
        where << issueSql::frame;
        binds << *filter.frameId;
    }
    if (filter.structureId) {
        where << issueSql::structure;
        binds << *filter.structureId;
    }
    if (filter.status) {
        where << issueSql::status;
        binds << issueStatusToString(*filter.status);
    }
    QString sql = issueSql::select;
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QLatin1String(" AND "));
    return d->all(sql + issueSql::order, binds, issueFromRow);
}

std::vector<IssueComment> ProjectStore::issueComments(qint64 issueId) const
{
    return d->all(issueCommentSql::thread, {issueId}, issueCommentFromRow);
}

} // namespace sd
