#include "reviewissues.h"

#include "store/projectstore.h"

#include <QCoreApplication>

namespace sd {

namespace {

ReviewIssue requireIssue(const ProjectStore &store, qint64 issueId)
{
    const auto issue = store.reviewIssue(issueId);
    if (!issue)
        throw ReviewError(QCoreApplication::translate("sd::ReviewIssues", "Review issue %1 does not exist.").arg(issueId).toStdString());
    return *issue;
}

ReviewIssue changeStatus(ProjectStore &store, qint64 issueId, IssueStatus status, const UserIdentity &user,
                         const QString &comment)
{
    requireUserName(user);
    store.transaction([&] {
        const ReviewIssue issue = requireIssue(store, issueId);
        if (issue.status == status)
            throw ReviewError((status == IssueStatus::Resolved ? QCoreApplication::translate("sd::ReviewIssues", "Review issue %1 is already resolved.")
                                                               : QCoreApplication::translate("sd::ReviewIssues", "Review issue %1 is already open."))
                                  .arg(issueId).toStdString());
        QString why;
        if (!canChangeIssueStatus(store, issue, user, &why))
            throw ReviewError(why.toStdString());
        store.setReviewIssueStatus(issueId, status, user.name, comment.trimmed());
    });
    return requireIssue(store, issueId);
}

} // namespace

bool blockSubmissionWhileIssuesOpen(const ProjectStore &store)
{
    return store.setting(QLatin1String(kBlockSubmissionSetting)) == QLatin1String("1");
}

void setBlockSubmissionWhileIssuesOpen(ProjectStore &store, bool on)
{
    store.setSetting(QLatin1String(kBlockSubmissionSetting), on ? QStringLiteral("1") : QStringLiteral("0"));
}

int openIssueCount(const ProjectStore &store, qint64 frameId, qint64 structureId)
{
    IssueFilter filter;
    filter.frameId = frameId;
    filter.structureId = structureId;
    filter.status = IssueStatus::Open;
    return int(store.reviewIssues(filter).size());
}

void requireNoBlockingIssues(const ProjectStore &store, qint64 frameId, qint64 structureId)
{
    if (!blockSubmissionWhileIssuesOpen(store))
        return;
    const int open = openIssueCount(store, frameId, structureId);
    if (open > 0)
        throw ReviewError(QCoreApplication::translate("sd::ReviewIssues",
                                                      "%n review issue(s) on this mask are still open; resolve them "
                                                      "before submitting (the project blocks submission while "
                                                      "issues are open).",
                                                      nullptr, open)
                              .toStdString());
}

ReviewIssue openIssue(ProjectStore &store, qint64 frameId, qint64 structureId, const QRectF &area,
                      const UserIdentity &user, const QString &comment)
{
    requireUserName(user);
    if (user.role != UserRole::Reviewer)
        throw ReviewError(QCoreApplication::translate("sd::ReviewIssues", "Only reviewers can open review issues.").toStdString());
    if (comment.trimmed().isEmpty())
        throw ReviewError(QCoreApplication::translate("sd::ReviewIssues", "Say what the issue is: the comment is empty.").toStdString());
    const QRectF r = area.normalized();
    ReviewIssue issue;
    issue.frameId = frameId;
    issue.structureId = structureId;
    issue.x = r.x();
    issue.y = r.y();
    issue.width = r.width();
    issue.height = r.height();
    issue.author = user.name;
    store.transaction([&] { // the mask version read under the same write lock as the insert
        const auto f = store.frame(frameId);
        if (!f)
            throw ReviewError(QCoreApplication::translate("sd::ReviewIssues", "Frame %1 does not exist.").arg(frameId).toStdString());
        // Compared by hand: QRectF::contains() takes no point-sized (empty) rectangle.
        if (!(r.left() >= 0 && r.top() >= 0 && r.right() <= f->width && r.bottom() <= f->height))
            throw ReviewError(QCoreApplication::translate("sd::ReviewIssues", "The issue must lie inside the frame (%1 × %2 pixels).")
                                  .arg(f->width).arg(f->height).toStdString());
        if (!store.structure(structureId))
            throw ReviewError(QCoreApplication::translate("sd::ReviewIssues", "Structure %1 does not exist.").arg(structureId).toStdString());
        const auto mask = store.mask(frameId, structureId);
        issue.maskVersion = mask ? mask->version : 0;
        store.addReviewIssue(issue, comment.trimmed());
    });
    return issue;
}

IssueComment replyToIssue(ProjectStore &store, qint64 issueId, const UserIdentity &user, const QString &text)
{
    requireUserName(user);
    if (text.trimmed().isEmpty())
        throw ReviewError(QCoreApplication::translate("sd::ReviewIssues", "The reply is empty.").toStdString());
    IssueComment c;
    c.issueId = issueId;
    c.author = user.name;
    c.body = text.trimmed();
    store.transaction([&] {
        requireIssue(store, issueId);
        store.addIssueComment(c);
    });
    return c;
}

bool canChangeIssueStatus(const ProjectStore &store, const ReviewIssue &issue, const UserIdentity &user, QString *why)
{
    if (user.role == UserRole::Reviewer)
        return true;
    const auto mask = store.mask(issue.frameId, issue.structureId);
    const QString annotator = mask ? maskAnnotator(store, mask->id) : QString();
    if (annotator.isEmpty() || annotator == user.name)
        return true;
    if (why)
        *why = QCoreApplication::translate("sd::ReviewIssues", "Only the mask's annotator (%1) or a reviewer can resolve or reopen this issue.").arg(annotator);
    return false;
}

ReviewIssue resolveIssue(ProjectStore &store, qint64 issueId, const UserIdentity &user, const QString &comment)
{
    return changeStatus(store, issueId, IssueStatus::Resolved, user, comment);
}

ReviewIssue reopenIssue(ProjectStore &store, qint64 issueId, const UserIdentity &user, const QString &comment)
{
    return changeStatus(store, issueId, IssueStatus::Open, user, comment);
}

std::optional<ReviewIssue> adjacentOpenIssue(const ProjectStore &store, qint64 frameId, qint64 issueId, bool forward)
{
    IssueFilter filter;
    filter.status = IssueStatus::Open;
    const std::vector<ReviewIssue> open = store.reviewIssues(filter); // by frame, then id
    if (open.empty())
        return std::nullopt;
    const std::pair<qint64, qint64> here{frameId, issueId};
    auto place = [](const ReviewIssue &i) { return std::pair<qint64, qint64>{i.frameId, i.id}; };
    if (forward) {
        for (const ReviewIssue &i : open)
            if (place(i) > here)
                return i;
        return open.front();
    }
    for (auto it = open.rbegin(); it != open.rend(); ++it)
        if (place(*it) < here)
            return *it;
    return open.back();
}

} // namespace sd
