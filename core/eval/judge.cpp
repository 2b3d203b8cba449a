#include "judge.h"
#include "json_limits.h"

#include <QRegularExpression>
#include <QStringList>
#include <cmath>
#include <nlohmann/json.hpp>

namespace sd::eval {

void JudgeWeights::validate() const
{
    if (!(accuracy >= 0.0) || !(conciseness >= 0.0) || !(accuracy + conciseness > 0.0) || std::isinf(accuracy)
        || std::isinf(conciseness))
        throw JudgeError("judge weights must be non-negative with a positive sum");
}

QString JudgeInput::context() const
{
    QStringList parts;
    parts << QStringLiteral("Highlighted structure: %1").arg(structureName.isEmpty() ? structureKey : structureName);
    if (!side.isEmpty() && side != QLatin1String("unknown"))
        parts << QStringLiteral("side of the operation: %1").arg(side);
    if (!phase.isEmpty())
        parts << QStringLiteral("phase: %1").arg(phase);
    return parts.join(QStringLiteral("; "));
}

JudgePrompt buildJudgePrompt(const JudgeInput &input, const JudgeWeights &weights)
{
    weights.validate();
    const double sum = weights.accuracy + weights.conciseness;
    JudgePrompt p;
    p.system = QStringLiteral(
        "You are an experienced colorectal surgeon grading answers of a surgical assistant about laparoscopic "
        "Complete Mesocolic Excision. You see only text. Grade the candidate answer against the reference answer.");
    p.user = QStringLiteral(
                 "Question: %1\n"
                 "Context: %2\n"
                 "Reference answer: %3\n"
                 "Candidate answer: %4\n\n"
                 "Score two criteria on an integer scale from 1 (worst) to 5 (best):\n"
                 "- accuracy: clinical and factual correctness (right structure, side, location and significance; "
                 "no false statements). Weight %5%.\n"
                 "- conciseness: says what matters without repetition or padding. Weight %6%.\n"
                 "Reply with exactly one JSON object and nothing else:\n"
                 "{\"accuracy\": <1-5>, \"conciseness\": <1-5>, \"explanation\": \"<one or two sentences>\"}")
                 .arg(input.question, input.context(), input.reference, input.candidate)
                 .arg(std::round(100.0 * weights.accuracy / sum))
                 .arg(std::round(100.0 * weights.conciseness / sum));
    return p;
}

double combineJudgeScores(int accuracy, int conciseness, const JudgeWeights &weights)
{
    weights.validate();
    return (weights.accuracy * accuracy + weights.conciseness * conciseness) / (weights.accuracy + weights.conciseness);
}

namespace {

int scoreField(const nlohmann::json &obj, const char *key)
{
    const auto it = obj.find(key);
    if (it == obj.end())
        throw JudgeError(std::string("judge reply has no \"") + key + "\" score");
    double value = 0;
    if (it->is_number_integer())
        value = static_cast<double>(it->get<int64_t>());
    else if (it->is_number_float() && std::floor(it->get<double>()) == it->get<double>())
        value = it->get<double>();
    else
        throw JudgeError(std::string("judge reply's \"") + key + "\" is not an integer score: " + sd::jsonExcerpt(*it));
    if (value < 1 || value > 5)
        throw JudgeError(std::string("judge reply's \"") + key + "\" score " + sd::jsonExcerpt(*it) + " is off the 1-5 scale");
    return static_cast<int>(value);
}

} // namespace

JudgeVerdict parseJudgeReply(const QString &reply, const JudgeWeights &weights)
{
    QString body = reply.trimmed();
    static const QRegularExpression fence(QStringLiteral("^```(?:json)?\\s*\\n([\\s\\S]*?)\\n?```$"));
    const auto m = fence.match(body);
    if (m.hasMatch())
        body = m.captured(1).trimmed();
    if (body.isEmpty())
        throw JudgeError("judge reply is empty");

    nlohmann::json obj;
    try {
        obj = sd::parseJsonBounded(body.toStdString());
    } catch (const nlohmann::json::exception &) {
        throw JudgeError("judge reply is not the requested JSON object: \"" + reply.left(120).toStdString() + "\"");
    }
    if (!obj.is_object())
        throw JudgeError("judge reply is JSON but not an object");
    JudgeVerdict v;
    v.accuracy = scoreField(obj, "accuracy");
    v.conciseness = scoreField(obj, "conciseness");
    const auto expl = obj.find("explanation");
    if (expl == obj.end() || !expl->is_string() || QString::fromStdString(expl->get<std::string>()).trimmed().isEmpty())
        throw JudgeError("judge reply has no explanation");
    v.explanation = QString::fromStdString(expl->get<std::string>()).trimmed();
    v.score = combineJudgeScores(v.accuracy, v.conciseness, weights);
    return v;
}

LlmJudge::LlmJudge(JudgeBackend &backend, QString backendName, JudgeWeights weights)
    : m_backend(backend), m_name(std::move(backendName)), m_weights(weights)
{
    m_weights.validate();
}

QString LlmJudge::name() const { return m_name; }

JudgeOutcome LlmJudge::judge(const JudgeInput &input)
{
    JudgeOutcome out;
    const JudgePrompt prompt = buildJudgePrompt(input, m_weights);
    QString reply;
    try {
        reply = m_backend.complete(prompt.system, prompt.user);
    } catch (const std::exception &e) {
        out.error = QStringLiteral("judge request failed: %1").arg(QString::fromUtf8(e.what()));
        return out;
    }
    try {
        out.verdict = parseJudgeReply(reply, m_weights);
    } catch (const JudgeError &e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

} // namespace sd::eval
