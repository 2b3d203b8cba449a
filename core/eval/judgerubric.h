// The offline judge: a transparent rubric that needs no network, so every
// evaluation can be judged on the clinic's machine. It checks what the paper's
// judge looks for and explains each point:
//   structure  the highlighted structure is named (name or a common synonym)
//   side       the operation's side is right (a wrong side costs, silence is neutral)
//   location   anatomical location terms of the reference are present
//   significance  CME significance terms of the reference are present
//   repetition    repeated word trigrams and padding lower conciseness
#pragma once

#include "judge.h"

#include <QStringList>

namespace sd::eval {

struct RubricChecks {
    bool structureNamed = false;
    std::optional<double> side;    // 1 right, 0 wrong only, 0.5 not said; empty when the side is unknown
    double location = 0;           // 0-1
    double significance = 0;       // 0-1
    double repetition = 0;         // share of repeated word trigrams, 0-1
    double lengthRatio = 0;        // candidate tokens / reference tokens
};

// Names by which answers refer to a structure (lower case), including the display name.
QStringList structureSynonyms(const QString &structureKey, const QString &structureName);

RubricChecks rubricChecks(const JudgeInput &input);

class RubricJudge : public Judge {
public:
    explicit RubricJudge(JudgeWeights weights = {});
    QString name() const override;
    JudgeOutcome judge(const JudgeInput &input) override;

private:
    JudgeWeights m_weights;
};

} // namespace sd::eval
