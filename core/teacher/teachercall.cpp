#include "teachercall.h"

#include "secretredaction.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>
#include <algorithm>

namespace sd {

TeacherCall::TeacherCall(PrivacyFirewall &firewall, const TeacherProvider &provider, TeacherTask task,
                         CallOptions options, QObject *parent)
    : QObject(parent), m_firewall(firewall), m_provider(provider), m_task(std::move(task)), m_options(options)
{
    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
    m_backoff = new QTimer(this);
    m_backoff->setSingleShot(true);
    connect(m_backoff, &QTimer::timeout, this, &TeacherCall::attempt);
}

TeacherCall::~TeacherCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void TeacherCall::start()
{
    if (!m_provider.usesNetwork()) {
        QTimer::singleShot(0, this, [this] {
            if (m_done)
                return;
            ++m_attempts;
            try {
                const TeacherReply r = m_provider.answerLocally(m_task);
                m_done = true;
                Q_EMIT finished(r);
            } catch (const std::exception &e) {
                fail(QString::fromUtf8(e.what()));
            }
        });
        return;
    }
    attempt();
}

void TeacherCall::cancel()
{
    m_backoff->stop();
    m_timeout->stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    fail(QStringLiteral("cancelled"));
}

void TeacherCall::fail(const QString &error, bool policy)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT failed(redactSecrets(error, m_provider.secrets()), policy);
}

void TeacherCall::attempt()
{
    if (m_done)
        return;
    ++m_attempts;
    m_timedOut = false;
    try {
        m_reply = m_firewall.send(m_provider, m_task);
    } catch (const PolicyError &e) {
        fail(QString::fromUtf8(e.what()), true);
        return;
    } catch (const std::exception &e) {
        fail(QString::fromUtf8(e.what()));
        return;
    }
    connect(m_reply, &QNetworkReply::finished, this, &TeacherCall::onReply);
    if (m_options.timeoutMs > 0)
        m_timeout->start(m_options.timeoutMs);
}

void TeacherCall::retryOrFail(const QString &why, int retryAfterMs)
{
    if (m_attempts >= m_options.maxAttempts) {
        fail(QStringLiteral("%1 (gave up after %2 attempts)").arg(why).arg(m_attempts));
        return;
    }
    const qint64 exp = qint64(m_options.backoffBaseMs) << std::min(m_attempts - 1, 20);
    const int delay = int(std::min<qint64>(std::max<qint64>(exp, retryAfterMs), m_options.backoffMaxMs));
    Q_EMIT retrying(m_attempts + 1, delay, redactSecrets(why, m_provider.secrets()));
    m_backoff->start(delay);
}

void TeacherCall::onReply()
{
    m_timeout->stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray(); // closed after abort()
    const QNetworkReply::NetworkError error = reply->error();

    if (m_timedOut) {
        retryOrFail(QStringLiteral("no reply within %1 ms").arg(m_options.timeoutMs), 0);
        return;
    }
    if (status == 429 || status >= 500) {
        bool ok = false;
        const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
        retryOrFail(QStringLiteral("the teacher answered HTTP %1").arg(status), ok ? retryAfter * 1000 : 0);
        return;
    }
    // No HTTP answer at all, or the connection dropped mid-reply: transient, worth another try.
    if (status == 0 || error == QNetworkReply::RemoteHostClosedError
        || error == QNetworkReply::TemporaryNetworkFailureError || error == QNetworkReply::UnknownNetworkError
        || error == QNetworkReply::ConnectionRefusedError) {
        retryOrFail(QStringLiteral("connection problem: %1").arg(reply->errorString()), 0);
        return;
    }
    if (status < 200 || status >= 300) {
        fail(QStringLiteral("the teacher answered HTTP %1: %2").arg(status).arg(QString::fromUtf8(body.left(300))));
        return;
    }
    try {
        const TeacherReply r = m_provider.parseReply(body);
        m_done = true;
        Q_EMIT finished(r);
    } catch (const std::exception &e) {
        fail(QString::fromUtf8(e.what()));
    }
}

TeacherReply runTeacherCall(PrivacyFirewall &firewall, const TeacherProvider &provider, const TeacherTask &task,
                            const CallOptions &options)
{
    TeacherCall call(firewall, provider, task, options);
    QEventLoop loop;
    TeacherReply reply;
    QString error;
    bool policy = false, ok = false;
    QObject::connect(&call, &TeacherCall::finished, &loop, [&](const TeacherReply &r) {
        reply = r;
        ok = true;
        loop.quit();
    });
    QObject::connect(&call, &TeacherCall::failed, &loop, [&](const QString &e, bool p) {
        error = e;
        policy = p;
        loop.quit();
    });
    call.start();
    if (!call.isDone())
        loop.exec();
    if (ok)
        return reply;
    if (policy)
        throw PolicyError(error.toStdString());
    throw ProviderError(error.toStdString());
}

} // namespace sd
