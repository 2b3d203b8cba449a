// The LLM judge through a teacher provider: the judge prompt (text only:
// question, context, reference, candidate) goes out through the privacy
// firewall like every teacher request, so it is audited and host-checked.
#pragma once

#include "eval/judge.h"
#include "teacher/teachercall.h"

namespace sd::eval {

class TeacherJudgeBackend : public JudgeBackend {
public:
    TeacherJudgeBackend(PrivacyFirewall &firewall, const TeacherProvider &provider, CallOptions options = {});
    // Throws PolicyError / ProviderError; LlmJudge turns them into an unjudged answer with the reason.
    QString complete(const QString &system, const QString &user) override;

private:
    PrivacyFirewall &m_firewall;
    const TeacherProvider &m_provider;
    CallOptions m_options;
};

} // namespace sd::eval
