// The mask review workflow and its permissions, enforced here in core so that
// every front end (GUI, CLI, scripts) obeys the same rules:
//   draft / changes requested --submit--> submitted --approve--> approved
//                    submitted / approved --request changes--> changes requested
// - Only reviewers approve or request changes, and never on a mask they
//   annotated themselves (the author of its first version).
// - With the project setting "reviews_required" = 2, the first approval is a
//   partial approval (state stays submitted); the mask is approved when a second,
//   different reviewer approves the same version.
// - A new mask version after a review (an edit) needs a fresh submission before
//   it can be approved again; reviewers may edit a submitted mask and approve it.
// - A version the segmentation model made on its own (MaskOrigin Model) has no
//   human annotator: the person who submits it takes that role and may not
//   approve it, so a model draft always passes two people.
// ProjectStore::addReview stays the raw record (used by import and the demo).
#pragma once

#include "entities.h"
#include "store/projectstore.h"

#include <QString>
#include <optional>

namespace sd {

enum class UserRole { Annotator, Reviewer };
QString userRoleToString(UserRole r);              // "annotator" / "reviewer"
UserRole userRoleFromString(const QString &s);     // unknown -> Annotator

struct UserIdentity {
    QString name;
    UserRole role = UserRole::Annotator;
};

// Refused workflow step; the message is user-readable. Nothing was written.
class ReviewError : public StoreError {
public:
    using StoreError::StoreError;
};

// Every workflow step is done by someone: throws ReviewError when the user has no name.
void requireUserName(const UserIdentity &user);

inline constexpr const char *kReviewsRequiredSetting = "reviews_required";
int reviewsRequired(const ProjectStore &store);      // 1 (default) or 2
void setReviewsRequired(ProjectStore &store, int n); // throws ReviewError unless 1 or 2

QString maskAnnotator(const ProjectStore &store, qint64 maskId); // author of version 1
// The latest review's state; Draft for a mask without reviews, and for one edited since it
// was approved (an approval is of one version).
ReviewState reviewState(const ProjectStore &store, qint64 maskId);
// Reviewers who partially approved the current version since its submission.
QStringList pendingApprovals(const ProjectStore &store, qint64 maskId);

bool canApprove(const ProjectStore &store, qint64 maskId, const UserIdentity &user, QString *why = nullptr);
// Also allowed on an approved mask: a reviewer who finds an error sends it back.
bool canRequestChanges(const ProjectStore &store, qint64 maskId, const UserIdentity &user, QString *why = nullptr);

Review submitForReview(ProjectStore &store, qint64 maskId, const UserIdentity &user, const QString &comment = {});
// Returns the recorded review (state Approved, or Submitted + partialApproval).
Review approveMask(ProjectStore &store, qint64 maskId, const UserIdentity &user, const QString &comment = {});
Review requestChanges(ProjectStore &store, qint64 maskId, const UserIdentity &user, const QString &comment);

// The next frame (by id, after `afterFrameId`, wrapping around) with a
// submitted mask this user may review and has not already approved.
std::optional<qint64> nextFrameNeedingReview(const ProjectStore &store, const UserIdentity &user,
                                             qint64 afterFrameId = 0);

} // namespace sd
