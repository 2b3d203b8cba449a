#include "teacherprompt.h"
#include "json_limits.h"

#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <stdexcept>

namespace sd {
namespace {

QString sideText(Side s)
{
    return s == Side::Left ? QStringLiteral("left-sided") : s == Side::Right ? QStringLiteral("right-sided")
                                                                               : QStringLiteral("side not recorded");
}

QString languageName(const QString &language)
{
    return language == QLatin1String("de") ? QStringLiteral("German") : QStringLiteral("English");
}

} // namespace

TeacherPrompt promptFor(const TeacherTask &task)
{
    TeacherPrompt p;
    switch (task.kind) {
    case TeacherTaskKind::Complete:
        p.system = task.system;
        p.user = task.user;
        return p;
    case TeacherTaskKind::Answer: {
        const TeacherContext &c = task.context;
        p.system = QStringLiteral(
            "You are an expert colorectal surgeon writing training answers for a surgical vision-language model. "
            "You never see the operation image: you are given the procedure, the side, the surgical phase, the "
            "name of the highlighted structure and the geometry of its mask.");
        p.user = QStringLiteral(
                     "Procedure: %1, %2.\nSurgical phase: %3.\nHighlighted structure: %4.\nMask geometry: %5\n%6"
                     "Question asked about the image: \"%7\"\n\n"
                     "Write the answer an expert surgeon would give to this question for this image: 3 to 5 "
                     "sentences, name the structure in the first sentence, state the side of the CME, describe "
                     "where it lies in the image, how it is recognised and why it matters for CME. Do not mention "
                     "that you did not see the image. Answer in %8.")
                     .arg(c.procedure, sideText(c.side), c.phase.isEmpty() ? QStringLiteral("not recorded") : c.phase,
                          c.structureName, describeMaskGeometry(measureMask(c.mask), QStringLiteral("en")),
                          task.includeMaskPng ? QStringLiteral("The attached image is the binary mask alone "
                                                               "(white = structure), not the operation image.\n")
                                              : QString(),
                          c.question, languageName(c.language));
        if (task.includeMaskPng)
            p.maskPng = maskPng(c.mask);
        return p;
    }
    case TeacherTaskKind::Rank: {
        const RankingInput &r = task.ranking;
        p.system = QStringLiteral(
            "You are an expert colorectal surgeon selecting preference pairs for training a surgical "
            "vision-language model. Judge clinical and factual accuracy first, then conciseness.");
        QString candidates;
        for (int i = 0; i < r.candidates.size(); ++i)
            candidates += QStringLiteral("Candidate %1:\n%2\n\n").arg(i + 1).arg(r.candidates[i]);
        p.user = QStringLiteral("Procedure: %1, %2.\nHighlighted structure: %3.\nQuestion: \"%4\"\n\n"
                                "Reference answer:\n%5\n\n%6"
                                "Pick the best candidate (chosen) and the worst (rejected). Reply with JSON only: "
                                "{\"chosen\": <number>, \"rejected\": <number>, \"reason\": \"<one sentence>\"}")
                     .arg(r.context.procedure, sideText(r.context.side), r.context.structureName, r.context.question,
                          r.groundTruth, candidates);
        p.temperature = 0;
        return p;
    }
    }
    return p;
}

TeacherTask completionTask(const QString &system, const QString &user)
{
    TeacherTask t;
    t.kind = TeacherTaskKind::Complete;
    t.system = system;
    t.user = user;
    return t;
}

RankingResult parseRankingReply(const QString &text, int candidateCount)
{
    const int open = text.indexOf(QLatin1Char('{'));
    const int close = text.lastIndexOf(QLatin1Char('}'));
    if (open < 0 || close < open)
        throw std::runtime_error("the ranking reply contains no JSON object");
    nlohmann::json j;
    try {
        j = parseJsonBounded(text.mid(open, close - open + 1).toStdString());
    } catch (const std::exception &e) {
        throw std::runtime_error(std::string("the ranking reply is not valid JSON: ") + e.what());
    }
    auto index = [&](const char *key) {
        if (!j.contains(key) || !j[key].is_number_integer())
            throw std::runtime_error(std::string("the ranking reply has no whole number '") + key + "'");
        const int v = j[key].get<int>();
        if (v < 1 || v > candidateCount)
            throw std::runtime_error(std::string("the ranking reply's '") + key + "' is " + std::to_string(v)
                                     + ", outside 1.." + std::to_string(candidateCount));
        return v - 1;
    };
    RankingResult r;
    r.chosen = index("chosen");
    r.rejected = index("rejected");
    if (r.chosen == r.rejected)
        throw std::runtime_error("the ranking reply names the same candidate as chosen and rejected");
    if (j.contains("reason") && j["reason"].is_string())
        r.reason = QString::fromStdString(j["reason"].get<std::string>());
    return r;
}

} // namespace sd
