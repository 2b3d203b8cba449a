#include "entities.h"

namespace sd {

QString sideToString(Side s)
{
    switch (s) {
    case Side::Left: return QStringLiteral("left");
    case Side::Right: return QStringLiteral("right");
    case Side::Unknown: break;
    }
    return QStringLiteral("unknown");
}

Side sideFromString(const QString &s)
{
    if (s == QLatin1String("left"))
        return Side::Left;
    if (s == QLatin1String("right"))
        return Side::Right;
    return Side::Unknown;
}

QString reviewStateToString(ReviewState s)
{
    switch (s) {
    case ReviewState::Submitted: return QStringLiteral("submitted");
    case ReviewState::Approved: return QStringLiteral("approved");
    case ReviewState::ChangesRequested: return QStringLiteral("changes_requested");
    case ReviewState::Draft: break;
    }
    return QStringLiteral("draft");
}

ReviewState reviewStateFromString(const QString &s)
{
    if (s == QLatin1String("submitted"))
        return ReviewState::Submitted;
    if (s == QLatin1String("approved"))
        return ReviewState::Approved;
    if (s == QLatin1String("changes_requested"))
        return ReviewState::ChangesRequested;
    return ReviewState::Draft;
}

QString maskOriginKindToString(MaskOriginKind k)
{
    switch (k) {
    case MaskOriginKind::Assisted: return QStringLiteral("assisted");
    case MaskOriginKind::Propagated: return QStringLiteral("propagated");
    case MaskOriginKind::Model: return QStringLiteral("model");
    case MaskOriginKind::Merged: return QStringLiteral("merged");
    case MaskOriginKind::Manual: break;
    }
    return QStringLiteral("manual");
}

MaskOriginKind maskOriginKindFromString(const QString &s)
{
    if (s == QLatin1String("manual"))
        return MaskOriginKind::Manual;
    if (s == QLatin1String("assisted"))
        return MaskOriginKind::Assisted;
    if (s == QLatin1String("propagated"))
        return MaskOriginKind::Propagated;
    if (s == QLatin1String("merged"))
        return MaskOriginKind::Merged;
    return MaskOriginKind::Model;
}

QString annotationStateToString(AnnotationState s)
{
    return s == AnnotationState::Submitted ? QStringLiteral("submitted") : QStringLiteral("draft");
}

AnnotationState annotationStateFromString(const QString &s)
{
    return s == QLatin1String("submitted") ? AnnotationState::Submitted : AnnotationState::Draft;
}

QString issueStatusToString(IssueStatus s)
{
    return s == IssueStatus::Resolved ? QStringLiteral("resolved") : QStringLiteral("open");
}

IssueStatus issueStatusFromString(const QString &s)
{
    return s == QLatin1String("resolved") ? IssueStatus::Resolved : IssueStatus::Open;
}

QString issueEventKindToString(IssueEventKind k)
{
    switch (k) {
    case IssueEventKind::Resolved: return QStringLiteral("resolved");
    case IssueEventKind::Reopened: return QStringLiteral("reopened");
    case IssueEventKind::Comment: break;
    }
    return QStringLiteral("comment");
}

IssueEventKind issueEventKindFromString(const QString &s)
{
    if (s == QLatin1String("resolved"))
        return IssueEventKind::Resolved;
    if (s == QLatin1String("reopened"))
        return IssueEventKind::Reopened;
    return IssueEventKind::Comment;
}

QString requestStatusToString(RequestStatus s)
{
    switch (s) {
    case RequestStatus::Pending: return QStringLiteral("pending");
    case RequestStatus::Done: return QStringLiteral("done");
    case RequestStatus::Failed: break;
    }
    return QStringLiteral("failed");
}

RequestStatus requestStatusFromString(const QString &s)
{
    if (s == QLatin1String("pending"))
        return RequestStatus::Pending;
    if (s == QLatin1String("done"))
        return RequestStatus::Done;
    return RequestStatus::Failed;
}

QString answerDecisionToString(AnswerDecision d)
{
    switch (d) {
    case AnswerDecision::Accepted: return QStringLiteral("accepted");
    case AnswerDecision::Edited: return QStringLiteral("edited");
    case AnswerDecision::Rejected: break;
    }
    return QStringLiteral("rejected");
}

AnswerDecision answerDecisionFromString(const QString &s)
{
    if (s == QLatin1String("accepted"))
        return AnswerDecision::Accepted;
    if (s == QLatin1String("edited"))
        return AnswerDecision::Edited;
    return AnswerDecision::Rejected;
}

QString pairStatusToString(PairStatus s)
{
    switch (s) {
    case PairStatus::Approved: return QStringLiteral("approved");
    case PairStatus::Discarded: return QStringLiteral("discarded");
    case PairStatus::Proposed: break;
    }
    return QStringLiteral("proposed");
}

PairStatus pairStatusFromString(const QString &s)
{
    if (s == QLatin1String("approved"))
        return PairStatus::Approved;
    if (s == QLatin1String("discarded"))
        return PairStatus::Discarded;
    return PairStatus::Proposed;
}

QString runStatusToString(RunStatus s)
{
    switch (s) {
    case RunStatus::Running: return QStringLiteral("running");
    case RunStatus::Finished: return QStringLiteral("finished");
    case RunStatus::Interrupted: return QStringLiteral("interrupted");
    case RunStatus::Failed: break;
    }
    return QStringLiteral("failed");
}

RunStatus runStatusFromString(const QString &s)
{
    if (s == QLatin1String("running"))
        return RunStatus::Running;
    if (s == QLatin1String("finished"))
        return RunStatus::Finished;
    if (s == QLatin1String("interrupted"))
        return RunStatus::Interrupted;
    return RunStatus::Failed;
}

QString auditProblemText(const AuditCheck &c)
{
    switch (c.problem) {
    case AuditProblem::None:
        return QStringLiteral("intact: %1 entries, hash chain verified").arg(c.entries);
    case AuditProblem::EntryAltered:
        return QStringLiteral("BROKEN at entry %1: it was altered, or an entry before it was removed").arg(c.brokenAt);
    case AuditProblem::AnchorMismatch:
        return QStringLiteral("BROKEN: it holds %1 entries but its anchor records %2 (entries were removed or "
                              "added outside SurgDistill)").arg(c.entries).arg(c.expected);
    case AuditProblem::ChangedSinceVerified:
        return QStringLiteral("BROKEN: this computer verified %1 entries earlier, and they are no longer there "
                              "unchanged (the log was shortened or rewritten)").arg(c.expected);
    }
    return {};
}

} // namespace sd
