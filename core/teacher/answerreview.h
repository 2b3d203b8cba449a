// Expert review of teacher answers: accept, edit (the original answer stays
// in teacher_answers, the edited text in the review, so both are kept),
// reject with a reason; reviewer and time recorded; the latest decision
// counts. A sampling policy chooses which answers a surgeon must look at
// (a random share plus every flagged one). Only accepted or edited answers
// enter the SFT data set (approvedAnswerText).
#pragma once

#include "entities.h"

#include <QString>
#include <optional>
#include <vector>

namespace sd {

class ProjectStore;

inline constexpr const char *kDemoAutoReviewer = "demo reviewer (automatic, not a surgeon)";

class ReviewError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Each throws ReviewError for an unknown answer, an empty reviewer, an empty edit or an empty
// rejection reason. Returns the stored review.
AnswerReview acceptAnswer(ProjectStore &store, qint64 answerId, const QString &reviewer);
AnswerReview editAnswer(ProjectStore &store, qint64 answerId, const QString &editedText, const QString &reviewer);
AnswerReview rejectAnswer(ProjectStore &store, qint64 answerId, const QString &reason, const QString &reviewer);

std::optional<AnswerReview> latestAnswerReview(const ProjectStore &store, qint64 answerId);
// The text that enters the SFT data set: the edit if edited, the answer if accepted, nothing otherwise.
std::optional<QString> approvedAnswerText(const ProjectStore &store, qint64 answerId);
// The approved texts of every answer for one frame and structure, newest first (the tutor's and the
// evaluation's expert reference).
std::vector<QString> approvedAnswerTexts(const ProjectStore &store, qint64 frameId, qint64 structureId);

// Word-level diff of an edit for display: "[-removed-]{+added+}" markup (wdiff style).
QString wordDiff(const QString &original, const QString &edited);

struct ReviewPolicy {
    double sampleShare = 0.2;      // 0..1 of all answers, drawn at random
    quint64 seed = 1;              // same seed, same sample
};

// Answer ids the reviewer must see: a deterministic random share plus all flagged ones, ascending.
std::vector<qint64> reviewSample(const ProjectStore &store, const ReviewPolicy &policy);

struct ReviewProgress {
    int answers = 0;               // all teacher answers
    int inSample = 0;
    int reviewedInSample = 0;
    int accepted = 0;              // latest decisions over all answers
    int edited = 0;
    int rejected = 0;
    int unreviewed = 0;
    int flagged = 0;
};
ReviewProgress reviewProgress(const ProjectStore &store, const ReviewPolicy &policy);

// Accepts every still unreviewed answer outside the review sample in one transaction, recorded under
// reviewer with the reason "outside the review sample". Returns how many.
int acceptOutsideSample(ProjectStore &store, const ReviewPolicy &policy, const QString &reviewer);

// The demo pipeline's stand-in for a surgeon: accepts every unreviewed answer as kDemoAutoReviewer
// (clearly marked, never to be used on real data). Returns how many.
int autoAcceptAsDemoReviewer(ProjectStore &store);

} // namespace sd
