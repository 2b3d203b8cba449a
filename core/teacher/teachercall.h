// One logical teacher request, asynchronous: retries with exponential backoff
// on 429, 5xx, timeouts and dropped connections; every attempt goes through
// the privacy firewall (and so is audited). The offline provider answers on
// the next event-loop turn through the same signals.
#pragma once

#include "privacyfirewall.h"
#include "teacherprovider.h"

#include <QObject>
#include <QPointer>

class QNetworkReply;
class QTimer;

namespace sd {

struct CallOptions {
    int timeoutMs = 120000;      // per attempt
    int maxAttempts = 4;         // 1 = no retry
    int backoffBaseMs = 1000;    // delay before retry n: base * 2^(n-1), capped
    int backoffMaxMs = 30000;    // also caps a server's Retry-After
};

class TeacherCall : public QObject {
    Q_OBJECT
public:
    // firewall and provider must outlive the call.
    TeacherCall(PrivacyFirewall &firewall, const TeacherProvider &provider, TeacherTask task,
                CallOptions options = {}, QObject *parent = nullptr);
    ~TeacherCall() override;

    void start();
    void cancel();               // emits failed("cancelled") unless already done
    int attempts() const { return m_attempts; }
    bool isDone() const { return m_done; }
    const TeacherTask &task() const { return m_task; }

Q_SIGNALS:
    void finished(const sd::TeacherReply &reply);
    // policyViolation: the firewall refused the destination (retrying cannot help).
    void failed(const QString &error, bool policyViolation);
    void retrying(int nextAttempt, int delayMs, const QString &why);

private:
    void attempt();
    void onReply();
    void fail(const QString &error, bool policy = false);
    void retryOrFail(const QString &why, int retryAfterMs);

    PrivacyFirewall &m_firewall;
    const TeacherProvider &m_provider;
    TeacherTask m_task;
    CallOptions m_options;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_timeout = nullptr;
    QTimer *m_backoff = nullptr;
    int m_attempts = 0;
    bool m_timedOut = false;
    bool m_done = false;
};

// Blocks in a local event loop until the call ends (for the command line and tests).
// Returns the reply or throws ProviderError / PolicyError with the call's error.
TeacherReply runTeacherCall(PrivacyFirewall &firewall, const TeacherProvider &provider, const TeacherTask &task,
                            const CallOptions &options = {});

} // namespace sd
