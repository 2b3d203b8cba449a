// Several independent annotations per frame, with the rules enforced here in core
// so that every front end obeys them:
// - The project setting "independent_annotations" (N, default 1 = one shared mask as
//   before) asks for N annotators per frame and structure.
// - An annotator on such a project, and any annotator on a honeypot frame, edits an
//   own annotation instead of the reference mask, and sees neither the reference nor
//   anyone else's annotation until their own one is submitted; then the others'
//   submitted annotations become visible. Drafts are only ever seen by their author.
// - A submitted annotation is final. On a honeypot frame, submitting records its Dice
//   against the approved reference.
// - A reviewer sees every submitted annotation, their pairwise Dice and a merged
//   candidate (majority or STAPLE), and "uses it as reference": the candidate becomes
//   a new version of the frame's reference mask (origin "merged"), submitted for review
//   so the reviewer can edit it and approve it with the review workflow.
// Only the reference mask feeds the teacher, data sets and evaluation.
#pragma once

#include "consensus/merge.h"
#include "reviewworkflow.h"

#include <vector>

namespace sd::consensus {

inline constexpr const char *kIndependentAnnotationsSetting = "independent_annotations";
inline constexpr int kMaxIndependentAnnotations = 9;
int independentAnnotations(const ProjectStore &store);      // 1 (default) .. 9
void setIndependentAnnotations(ProjectStore &store, int n); // throws ReviewError outside 1..9

// Whether this user edits an own annotation of the frame instead of its reference mask.
bool annotatesIndependently(const ProjectStore &store, qint64 frameId, const UserIdentity &user);

// The annotations of (frame, structure) the user may see, in annotator order.
std::vector<Annotation> visibleAnnotations(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                           const UserIdentity &user);
// All of the frame's annotations the user may see (structure order, then annotator).
std::vector<Annotation> visibleAnnotations(const ProjectStore &store, qint64 frameId, const UserIdentity &user);

// Saves the user's own annotation as a new version. Throws ReviewError when the user does not
// annotate this frame independently or already submitted it (nothing is written then).
Annotation saveOwnAnnotation(ProjectStore &store, qint64 frameId, qint64 structureId, const RleMask &rle,
                             const UserIdentity &user);
// Submits the user's own annotation; on a honeypot frame with an approved reference the
// Dice against it is recorded. Throws ReviewError when there is nothing to submit.
Annotation submitAnnotation(ProjectStore &store, qint64 frameId, qint64 structureId, const UserIdentity &user);

struct ConsensusCandidate {
    std::vector<Annotation> annotations;        // the submitted ones, in annotator order
    std::vector<std::vector<double>> pairDice;  // pairwiseDice of their masks
    MergeMethod method = MergeMethod::Staple;
    RleMask merged;
    std::vector<double> sensitivity;            // STAPLE only: per annotation
    std::vector<double> specificity;
};

// The reviewer's view of (frame, structure); empty annotations when none is submitted.
// Throws ReviewError for a user who is not a reviewer.
ConsensusCandidate consensusCandidate(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                      MergeMethod method, const UserIdentity &reviewer);

// Saves the merged candidate as the reference mask's new version and submits it for review.
// Throws ReviewError for a non-reviewer, fewer submitted annotations than the project asks
// for, or a honeypot frame (its reference is the approved mask).
Mask useAsReference(ProjectStore &store, qint64 frameId, qint64 structureId, MergeMethod method,
                    const UserIdentity &reviewer);

} // namespace sd::consensus
