// Merging several annotators' binary masks of one structure into one candidate:
// majority vote, and STAPLE (Warfield, Zou, Wells 2004, "Simultaneous truth and
// performance level estimation", binary labels): EM over the unknown true mask with
// one sensitivity p_j and specificity q_j per rater and a fixed prior from the
// raters' mean foreground fraction. Both keep a pixel when its vote or its
// posterior is above one half: ties stay background.
#pragma once

#include "rle.h"

#include <QString>
#include <vector>

namespace sd::consensus {

enum class MergeMethod { Majority, Staple };
QString mergeMethodToString(MergeMethod m);         // "majority" / "staple"
MergeMethod mergeMethodFromString(const QString &s); // unknown: Staple

// The most masks merged at once (STAPLE counts the 2^n patterns of votes).
inline constexpr int kMaxRaters = 16;

// Foreground where more than half of the masks are. Throws std::invalid_argument for
// no masks, masks of different sizes or more than kMaxRaters masks.
RleMask majorityVote(const std::vector<RleMask> &masks);

struct StapleOptions {
    double initialSensitivity = 0.99;
    double initialSpecificity = 0.99;
    double tolerance = 1e-9;   // stop when no p_j or q_j moves more than this
    int maxIterations = 500;
};

struct StapleResult {
    RleMask mask;                     // posterior > 0.5
    std::vector<double> sensitivity;  // p_j per rater, in input order
    std::vector<double> specificity;  // q_j per rater
    double prior = 0;                 // the fixed foreground prior
    int iterations = 0;
    bool converged = false;
};

// Throws std::invalid_argument like majorityVote().
StapleResult staple(const std::vector<RleMask> &masks, const StapleOptions &options = {});

RleMask merge(const std::vector<RleMask> &masks, MergeMethod method);

// Dice of every pair (symmetric, 1 on the diagonal); two empty masks agree (1).
std::vector<std::vector<double>> pairwiseDice(const std::vector<RleMask> &masks);

} // namespace sd::consensus
