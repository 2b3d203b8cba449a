// Teacher tasks and the provider-neutral prompt built from them. A task is
// what the app wants from the teacher (an answer for one example, a DPO pair
// choice, or a plain text completion for the LLM judge); the prompt is the
// text (and optional mask PNG) that a provider wraps into its wire format.
#pragma once

#include "offlineteacher.h"
#include "teachercontext.h"

#include <QByteArray>
#include <QString>

namespace sd {

enum class TeacherTaskKind { Answer, Rank, Complete };

struct TeacherTask {
    TeacherTaskKind kind = TeacherTaskKind::Answer;
    TeacherContext context;  // Answer
    RankingInput ranking;    // Rank (text only: the mask never travels with a ranking request)
    QString system;          // Complete
    QString user;            // Complete
    bool includeMaskPng = false; // Answer: project policy (projectSendsMaskPng)
};

struct TeacherPrompt {
    QString system;
    QString user;
    QByteArray maskPng;      // empty: text only
    double temperature = 0.2;
    int maxTokens = 512;
};

TeacherPrompt promptFor(const TeacherTask &task);

// A plain text-only completion (e.g. for the LLM judge): run it with TeacherCall / runTeacherCall.
// The offline provider refuses it (ProviderError): offline judging needs its own rubric.
TeacherTask completionTask(const QString &system, const QString &user);

// Reads a ranking reply {"chosen": n, "rejected": m, "reason": "..."} (1-based, as asked in the prompt;
// surrounding prose or a ```json fence is tolerated). Throws std::runtime_error naming what is wrong.
RankingResult parseRankingReply(const QString &text, int candidateCount);

} // namespace sd
