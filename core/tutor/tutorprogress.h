// A resident's progress per structure from their graded tutor attempts:
// accuracy overall and recently, and which structures to revisit.
#pragma once

#include "entities.h"

#include <vector>

namespace sd::tutor {

struct StructureProgress {
    qint64 structureId = 0;
    int attempts = 0;
    int correct = 0;                 // structure and side right
    double accuracy = 0;             // correct / attempts
    double recentAccuracy = 0;       // over the last kRecentAttempts
    double keyPointShare = 0;        // key points found / key points asked, over all attempts
    bool revisit = false;            // recent accuracy below kRevisitBelow or the last attempt wrong
    // Running accuracy after each attempt (for the curve over time), oldest first.
    std::vector<std::pair<QDateTime, double>> history;
};

inline constexpr int kRecentAttempts = 5;
inline constexpr double kRevisitBelow = 0.8;

// One entry per structure that has attempts, in order of first attempt.
std::vector<StructureProgress> summarizeProgress(const std::vector<TutorAttempt> &attempts);

} // namespace sd::tutor
