// The LLM judge of the paper's evaluation, text only: it sees the question, a
// textual context (structure, side, phase), the reference answer and the
// candidate, never a pixel. It scores clinical/factual accuracy and conciseness
// 1-5; the overall 1-5 score is their weighted mean with configurable weights
// (computed here, not by the judge, so the weights hold exactly).
//
// Replies are parsed strictly: anything but the requested JSON with integer
// scores 1-5 and an explanation is a JudgeError, and the answer stays unjudged.
// The network judge talks to an abstract JudgeBackend (connected to the teacher
// providers by the application); the offline rubric judge is in judgerubric.h.
#pragma once

#include <QString>
#include <optional>
#include <stdexcept>

namespace sd::eval {

class JudgeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct JudgeWeights {
    double accuracy = 0.7;     // clinical/factual accuracy
    double conciseness = 0.3;
    // Throws JudgeError unless both are >= 0 and their sum is > 0.
    void validate() const;
};

struct JudgeInput {
    QString question;
    QString reference;         // reviewed teacher answer
    QString candidate;         // the model's answer
    QString structureKey;      // e.g. "vena_mesenterica_inferior"
    QString structureName;     // e.g. "Vena mesenterica inferior"
    QString side;              // "left", "right" or "unknown"
    QString phase;
    // "Highlighted structure: ...; side of the operation: ...; phase: ..." (the judge's context)
    QString context() const;
};

struct JudgeVerdict {
    int accuracy = 0;          // 1-5
    int conciseness = 0;       // 1-5
    double score = 0;          // weighted mean, 1-5
    QString explanation;
};

// An answer is judged (verdict) or unjudged (error says why); never both.
struct JudgeOutcome {
    std::optional<JudgeVerdict> verdict;
    QString error;
};

struct JudgePrompt {
    QString system;
    QString user;
};

JudgePrompt buildJudgePrompt(const JudgeInput &input, const JudgeWeights &weights);

// Weighted mean of the two sub-scores. Throws JudgeError on bad weights.
double combineJudgeScores(int accuracy, int conciseness, const JudgeWeights &weights);

// Parses {"accuracy": 1-5, "conciseness": 1-5, "explanation": "..."} (optionally
// inside one ```json fence). Throws JudgeError naming the fault: not JSON, a
// missing or non-integer score, a score off the 1-5 scale, an empty explanation.
JudgeVerdict parseJudgeReply(const QString &reply, const JudgeWeights &weights);

// Where the judge prompt goes: the application connects this to a teacher
// provider. complete() returns the raw reply or throws std::exception.
class JudgeBackend {
public:
    virtual ~JudgeBackend() = default;
    virtual QString complete(const QString &system, const QString &user) = 0;
};

class Judge {
public:
    virtual ~Judge() = default;
    virtual QString name() const = 0;                // e.g. "rubric (offline)"
    virtual JudgeOutcome judge(const JudgeInput &input) = 0;
};

// Judge through a backend: any backend failure or malformed reply gives an
// unjudged outcome with the reason, never a made-up score.
class LlmJudge : public Judge {
public:
    LlmJudge(JudgeBackend &backend, QString backendName, JudgeWeights weights = {});
    QString name() const override;
    JudgeOutcome judge(const JudgeInput &input) override;

private:
    JudgeBackend &m_backend;
    QString m_name;
    JudgeWeights m_weights;
};

} // namespace sd::eval
