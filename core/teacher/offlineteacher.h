// The offline knowledge-base teacher: curated CME anatomy (from the project's
// domain brief) turned into 3-5 sentence answers, in English or German, from a
// TeacherContext alone. Deterministic: the same context always gives the same
// answer; different questions or masks pick among a few phrasings so the data
// set is varied but learnable. Needs no network and is the default provider.
//
// The knowledge is clinical text written for training data: the UI and the
// exports must say it needs review by a surgeon before clinical use
// (kClinicalReviewNotice), training answers themselves do not repeat that.
#pragma once

#include "teachercontext.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace sd {

inline constexpr const char *kClinicalReviewNotice =
    "Clinical text generated for training data; it needs review by a surgeon before clinical use.";

// Display name in the answer language ("inferior mesenteric vein (vena mesenterica inferior)").
// Unknown keys fall back to the structure name from the context.
QString knowledgeName(const QString &structureKey, const QString &language, const QString &fallback = {});
bool hasKnowledge(const QString &structureKey);

// The teacher answer for one example. Throws std::invalid_argument for an unknown structure key.
QString offlineTeacherAnswer(const TeacherContext &context);

// DPO pair selection, text only: the ground-truth answer and the candidates the SFT model sampled.
struct RankingInput {
    TeacherContext context;      // its mask is not needed for ranking, only structure, side, question
    QString groundTruth;
    QStringList candidates;      // usually 5
};

struct RankingResult {
    int chosen = -1;             // index into candidates
    int rejected = -1;
    QString reason;
    std::vector<double> scores;  // per candidate, higher is better (offline ranking only)
};

// Deterministic rubric: names the right structure, states the right side (a wrong
// side weighs heavily: the paper's models confused laterality), closeness to the
// ground truth (ROUGE-L), no repetition, sensible length. Ties go to the lower
// index. Throws std::invalid_argument with fewer than two candidates.
RankingResult offlineRankCandidates(const RankingInput &input);

} // namespace sd
