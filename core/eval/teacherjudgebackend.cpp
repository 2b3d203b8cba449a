#include "teacherjudgebackend.h"

#include "teacher/teacherprompt.h"

namespace sd::eval {

TeacherJudgeBackend::TeacherJudgeBackend(PrivacyFirewall &firewall, const TeacherProvider &provider,
                                         CallOptions options)
    : m_firewall(firewall), m_provider(provider), m_options(options)
{
}

QString TeacherJudgeBackend::complete(const QString &system, const QString &user)
{
    return runTeacherCall(m_firewall, m_provider, completionTask(system, user), m_options).text;
}

} // namespace sd::eval
