// Pinned review issues and their rules, enforced here in core so that the GUI and the
// CLI obey the same ones (a team project's server enforces them again, issueTeamRules()):
// - only reviewers open issues: a point or a rectangle inside the frame, about one
//   structure, with a first comment; the issue records the mask version it was opened on;
// - anyone answers in the thread;
// - the mask's annotator (the author of its first version; anyone while the structure has
//   no mask on the frame) or a reviewer resolves an issue, and may reopen it;
// - with the project setting "block_submission_on_open_issues" on, a mask cannot be
//   submitted for review while issues on its frame and structure are open.
// Refused steps throw ReviewError with a user-readable message and write nothing.
#pragma once

#include "entities.h"
#include "reviewworkflow.h"

#include <QRectF>
#include <optional>

namespace sd {

inline constexpr const char *kBlockSubmissionSetting = "block_submission_on_open_issues";
bool blockSubmissionWhileIssuesOpen(const ProjectStore &store);
void setBlockSubmissionWhileIssuesOpen(ProjectStore &store, bool on);

int openIssueCount(const ProjectStore &store, qint64 frameId, qint64 structureId);
// Throws ReviewError when the setting is on and issues on the frame and structure are open.
void requireNoBlockingIssues(const ProjectStore &store, qint64 frameId, qint64 structureId);

// area: frame pixels; an empty size (a click) pins a point at its top-left corner.
ReviewIssue openIssue(ProjectStore &store, qint64 frameId, qint64 structureId, const QRectF &area,
                      const UserIdentity &user, const QString &comment);
IssueComment replyToIssue(ProjectStore &store, qint64 issueId, const UserIdentity &user, const QString &text);
bool canChangeIssueStatus(const ProjectStore &store, const ReviewIssue &issue, const UserIdentity &user,
                          QString *why = nullptr);
ReviewIssue resolveIssue(ProjectStore &store, qint64 issueId, const UserIdentity &user, const QString &comment = {});
ReviewIssue reopenIssue(ProjectStore &store, qint64 issueId, const UserIdentity &user, const QString &comment = {});

// The open issue after (forward) or before the position (frameId, issueId) in the project's
// order of open issues (by frame, then id), wrapping around; issueId 0 stands before the
// frame's first issue. Nothing when no issue is open.
std::optional<ReviewIssue> adjacentOpenIssue(const ProjectStore &store, qint64 frameId, qint64 issueId, bool forward);

} // namespace sd
