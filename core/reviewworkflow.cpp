#include "reviewworkflow.h"

#include "reviewissues.h"

#include <QCoreApplication>

namespace sd {

namespace {

Mask requireMask(const ProjectStore &store, qint64 maskId)
{
    const auto m = store.maskById(maskId);
    if (!m)
        throw ReviewError(QCoreApplication::translate("sd::ReviewWorkflow", "Mask %1 does not exist.").arg(maskId).toStdString());
    return *m;
}

Review record(ProjectStore &store, const Mask &m, ReviewState state, const UserIdentity &user, const QString &comment,
              bool partial = false)
{
    requireUserName(user);
    Review r;
    r.maskId = m.id;
    r.state = state;
    r.reviewer = user.name;
    r.comment = comment;
    r.maskVersion = m.version;
    r.partialApproval = partial;
    store.addReview(r);
    return r;
}

} // namespace

void requireUserName(const UserIdentity &user)
{
    if (user.name.trimmed().isEmpty())
        throw ReviewError(QCoreApplication::translate("sd::ReviewWorkflow", "Set a user name first (Edit > User…).").toStdString());
}

QString userRoleToString(UserRole r)
{
    return r == UserRole::Reviewer ? QStringLiteral("reviewer") : QStringLiteral("annotator");
}

UserRole userRoleFromString(const QString &s)
{
    return s == QLatin1String("reviewer") ? UserRole::Reviewer : UserRole::Annotator;
}

int reviewsRequired(const ProjectStore &store)
{
    return store.setting(QLatin1String(kReviewsRequiredSetting)) == QLatin1String("2") ? 2 : 1;
}

void setReviewsRequired(ProjectStore &store, int n)
{
    if (n != 1 && n != 2)
        throw ReviewError(QCoreApplication::translate("sd::ReviewWorkflow", "A mask needs one or two reviews, not %1.").arg(n).toStdString());
    store.setSetting(QLatin1String(kReviewsRequiredSetting), QString::number(n));
}

QString maskAnnotator(const ProjectStore &store, qint64 maskId)
{
    const std::vector<MaskVersion> history = store.maskHistory(maskId);
    return history.empty() ? QString() : history.front().author;
}

ReviewState reviewState(const ProjectStore &store, qint64 maskId)
{
    const auto r = store.latestReview(maskId);
    if (!r)
        return ReviewState::Draft;
    // An approval is of one version: an edit after it (a person's, propagation's, a model's)
    // is a draft again, so an approval never vouches for pixels nobody reviewed. A submitted
    // mask edited meanwhile stays submitted: the reviewer judges the pixels shown (and may
    // touch them up), and the approval records that version.
    if (r->state != ReviewState::Approved)
        return r->state;
    const auto m = store.maskById(maskId);
    return m && r->maskVersion != m->version ? ReviewState::Draft : r->state;
}

QStringList pendingApprovals(const ProjectStore &store, qint64 maskId)
{
    const auto m = store.maskById(maskId);
    if (!m)
        return {};
    QStringList names;
    const std::vector<Review> all = store.reviews(maskId);
    // Walk back over the trailing partial approvals of the current version.
    for (auto it = all.rbegin(); it != all.rend() && it->partialApproval; ++it)
        if (it->maskVersion == m->version && !names.contains(it->reviewer))
            names << it->reviewer;
    return names;
}

namespace {

// Who submitted the current version (the last plain submission of it); "" when none.
QString submitterOf(const ProjectStore &store, const Mask &m)
{
    const std::vector<Review> all = store.reviews(m.id);
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if (it->state == ReviewState::Submitted && !it->partialApproval && it->maskVersion == m.version)
            return it->reviewer;
    return {};
}

// approving: the mask must be submitted and not yet approved by this user;
// otherwise (request changes) a submitted or an approved mask may be sent back.
bool mayReview(const ProjectStore &store, qint64 maskId, const UserIdentity &user, bool approving, QString *why)
{
    auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    const auto m = store.maskById(maskId);
    if (!m)
        return refuse(QCoreApplication::translate("sd::ReviewWorkflow", "Mask %1 does not exist.").arg(maskId));
    if (user.role != UserRole::Reviewer)
        return refuse(QCoreApplication::translate("sd::ReviewWorkflow", "Only reviewers can approve masks or request changes."));
    if (maskAnnotator(store, maskId) == user.name)
        return refuse(QCoreApplication::translate("sd::ReviewWorkflow", "%1 annotated this mask and cannot review it.").arg(user.name));
    const ReviewState state = reviewState(store, maskId);
    if (state != ReviewState::Submitted && (approving || state != ReviewState::Approved))
        return refuse(QCoreApplication::translate("sd::ReviewWorkflow", "The mask is not submitted for review."));
    if (approving && m->origin.kind == MaskOriginKind::Model && submitterOf(store, *m) == user.name)
        return refuse(QCoreApplication::translate("sd::ReviewWorkflow", "%1 submitted this model-made mask and so stands as its annotator; another reviewer must approve it.")
                          .arg(user.name));
    if (approving && pendingApprovals(store, maskId).contains(user.name))
        return refuse(QCoreApplication::translate("sd::ReviewWorkflow", "%1 already approved this version; a second, independent reviewer must approve it.")
                          .arg(user.name));
    return true;
}

} // namespace

bool canApprove(const ProjectStore &store, qint64 maskId, const UserIdentity &user, QString *why)
{
    return mayReview(store, maskId, user, true, why);
}

bool canRequestChanges(const ProjectStore &store, qint64 maskId, const UserIdentity &user, QString *why)
{
    return mayReview(store, maskId, user, false, why);
}

Review submitForReview(ProjectStore &store, qint64 maskId, const UserIdentity &user, const QString &comment)
{
    std::optional<Review> out;
    store.transaction([&] {
        const Mask m = requireMask(store, maskId);
        const auto latest = store.latestReview(maskId);
        if (latest && latest->state == ReviewState::Submitted && latest->maskVersion == m.version)
            throw ReviewError(QCoreApplication::translate("sd::ReviewWorkflow", "This version is already submitted for review.").toStdString());
        if (latest && latest->state == ReviewState::Approved && latest->maskVersion == m.version)
            throw ReviewError(QCoreApplication::translate("sd::ReviewWorkflow", "This version is already approved.").toStdString());
        requireNoBlockingIssues(store, m.frameId, m.structureId);
        out = record(store, m, ReviewState::Submitted, user, comment);
    });
    return *out;
}

Review approveMask(ProjectStore &store, qint64 maskId, const UserIdentity &user, const QString &comment)
{
    std::optional<Review> out;
    store.transaction([&] { // check and write under one write lock
        const Mask m = requireMask(store, maskId);
        QString why;
        if (!canApprove(store, maskId, user, &why))
            throw ReviewError(why.toStdString());
        const bool complete = reviewsRequired(store) == 1 || !pendingApprovals(store, maskId).isEmpty();
        out = complete ? record(store, m, ReviewState::Approved, user, comment)
                       : record(store, m, ReviewState::Submitted, user, comment, true);
    });
    return *out;
}

Review requestChanges(ProjectStore &store, qint64 maskId, const UserIdentity &user, const QString &comment)
{
    std::optional<Review> out;
    store.transaction([&] {
        const Mask m = requireMask(store, maskId);
        if (comment.trimmed().isEmpty())
            throw ReviewError(QCoreApplication::translate("sd::ReviewWorkflow", "Say what should change: the comment is empty.").toStdString());
        QString why;
        if (!canRequestChanges(store, maskId, user, &why))
            throw ReviewError(why.toStdString());
        out = record(store, m, ReviewState::ChangesRequested, user, comment);
    });
    return *out;
}

std::optional<qint64> nextFrameNeedingReview(const ProjectStore &store, const UserIdentity &user, qint64 afterFrameId)
{
    if (user.role != UserRole::Reviewer)
        return std::nullopt;
    FrameFilter filter;
    filter.reviewState = ReviewState::Submitted;
    const std::vector<Frame> candidates = store.frames(filter); // ordered by id
    auto needsMe = [&](const Frame &f) {
        for (const Mask &m : store.masksForFrame(f.id))
            if (canApprove(store, m.id, user))
                return true;
        return false;
    };
    for (const Frame &f : candidates)
        if (f.id > afterFrameId && needsMe(f))
            return f.id;
    for (const Frame &f : candidates)
        if (f.id <= afterFrameId && needsMe(f))
            return f.id;
    return std::nullopt;
}

} // namespace sd
