#include "independentannotation.h"

#include "maskcompare.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

namespace sd::consensus {

namespace {

void requireReviewer(const UserIdentity &user)
{
    requireUserName(user);
    if (user.role != UserRole::Reviewer)
        throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "Only reviewers see and merge the independent annotations.").toStdString());
}

std::vector<Annotation> ofStructure(std::vector<Annotation> all, qint64 structureId)
{
    all.erase(std::remove_if(all.begin(), all.end(), [&](const Annotation &a) { return a.structureId != structureId; }),
              all.end());
    return all;
}

bool submitted(const Annotation &a)
{
    return a.state == AnnotationState::Submitted;
}

} // namespace

int independentAnnotations(const ProjectStore &store)
{
    const int n = store.setting(QLatin1String(kIndependentAnnotationsSetting), QStringLiteral("1")).toInt();
    return std::clamp(n, 1, kMaxIndependentAnnotations);
}

void setIndependentAnnotations(ProjectStore &store, int n)
{
    if (n < 1 || n > kMaxIndependentAnnotations)
        throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "A frame needs between 1 and %1 independent annotations, not %2.")
                              .arg(kMaxIndependentAnnotations).arg(n).toStdString());
    store.setSetting(QLatin1String(kIndependentAnnotationsSetting), QString::number(n));
}

bool annotatesIndependently(const ProjectStore &store, qint64 frameId, const UserIdentity &user)
{
    return user.role == UserRole::Annotator && (independentAnnotations(store) > 1 || store.isHoneypot(frameId));
}

std::vector<Annotation> visibleAnnotations(const ProjectStore &store, qint64 frameId, const UserIdentity &user)
{
    const std::vector<Annotation> all = store.annotationsForFrame(frameId);
    std::vector<Annotation> out;
    for (const Annotation &a : all) {
        bool visible = false;
        if (a.annotator == user.name) {
            visible = true;
        } else if (submitted(a)) {
            if (user.role == UserRole::Reviewer) {
                visible = true;
            } else { // an annotator sees the others only after submitting their own
                const auto own = std::find_if(all.begin(), all.end(), [&](const Annotation &o) {
                    return o.structureId == a.structureId && o.annotator == user.name;
                });
                visible = own != all.end() && submitted(*own);
            }
        }
        if (visible)
            out.push_back(a);
    }
    return out;
}

std::vector<Annotation> visibleAnnotations(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                           const UserIdentity &user)
{
    return ofStructure(visibleAnnotations(store, frameId, user), structureId);
}

Annotation saveOwnAnnotation(ProjectStore &store, qint64 frameId, qint64 structureId, const RleMask &rle,
                             const UserIdentity &user)
{
    requireUserName(user);
    std::optional<Annotation> saved;
    store.transaction([&] {
        if (!annotatesIndependently(store, frameId, user))
            throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "Frame %1 is not annotated independently by %2.").arg(frameId).arg(user.name)
                                  .toStdString());
        const auto own = store.annotation(frameId, structureId, user.name);
        if (own && submitted(*own))
            throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "%1 already submitted this annotation; it cannot change any more.")
                                  .arg(user.name).toStdString());
        saved = store.saveAnnotation(frameId, structureId, user.name, rle);
    });
    return *saved;
}

Annotation submitAnnotation(ProjectStore &store, qint64 frameId, qint64 structureId, const UserIdentity &user)
{
    requireUserName(user);
    std::optional<Annotation> out;
    store.transaction([&] {
        const auto own = store.annotation(frameId, structureId, user.name);
        if (!own)
            throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "%1 has no annotation of this structure on frame %2 to submit.")
                                  .arg(user.name).arg(frameId).toStdString());
        if (submitted(*own))
            throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "This annotation is already submitted.").toStdString());
        store.setAnnotationState(own->id, AnnotationState::Submitted);
        out = store.annotationById(own->id);
        const auto reference = store.mask(frameId, structureId);
        if (store.isHoneypot(frameId) && reference && reviewState(store, reference->id) == ReviewState::Approved) {
            HoneypotResult r;
            r.frameId = frameId;
            r.structureId = structureId;
            r.annotator = user.name;
            r.annotationVersion = own->version;
            r.referenceVersion = reference->version;
            r.dice = agreementDice(own->rle, reference->rle);
            store.saveHoneypotResult(r);
        }
    });
    return *out;
}

ConsensusCandidate consensusCandidate(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                      MergeMethod method, const UserIdentity &reviewer)
{
    requireReviewer(reviewer);
    ConsensusCandidate c;
    c.method = method;
    for (const Annotation &a : visibleAnnotations(store, frameId, structureId, reviewer))
        if (submitted(a))
            c.annotations.push_back(a);
    if (c.annotations.empty())
        return c;
    std::vector<RleMask> masks;
    for (const Annotation &a : c.annotations)
        masks.push_back(a.rle);
    c.pairDice = pairwiseDice(masks);
    if (method == MergeMethod::Staple) {
        StapleResult r = staple(masks);
        c.merged = std::move(r.mask);
        c.sensitivity = std::move(r.sensitivity);
        c.specificity = std::move(r.specificity);
    } else {
        c.merged = majorityVote(masks);
    }
    return c;
}

Mask useAsReference(ProjectStore &store, qint64 frameId, qint64 structureId, MergeMethod method,
                    const UserIdentity &reviewer)
{
    requireReviewer(reviewer);
    std::optional<Mask> out;
    store.transaction([&] {
        if (store.isHoneypot(frameId))
            throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "Frame %1 is a honeypot: its reference is the approved mask and stays as it is.")
                                  .arg(frameId).toStdString());
        const ConsensusCandidate c = consensusCandidate(store, frameId, structureId, method, reviewer);
        const int required = std::max(2, independentAnnotations(store));
        if (int(c.annotations.size()) < required)
            throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow", "%1 of %2 independent annotations are submitted; wait for the others.")
                                  .arg(c.annotations.size()).arg(required).toStdString());
        QStringList annotators;
        for (const Annotation &a : c.annotations)
            annotators << a.annotator;
        const MaskOrigin origin{MaskOriginKind::Merged, mergeMethodToString(method)};
        // The annotators are the authors of the merged version, so the reviewer may approve it.
        out = store.saveMask(frameId, structureId, c.merged, annotators.join(QStringLiteral(" + ")), origin);
        Review r;
        r.maskId = out->id;
        r.state = ReviewState::Submitted;
        r.reviewer = reviewer.name;
        r.comment = QStringLiteral("Merged from %1 independent annotations (%2)")
                        .arg(c.annotations.size()).arg(mergeMethodToString(method));
        r.maskVersion = out->version;
        store.addReview(r);
    });
    return *out;
}

} // namespace sd::consensus
