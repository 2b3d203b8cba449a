#include "privacyfirewall.h"

#include "currentuser.h"
#include "store/projectstore.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace sd {

PrivacyFirewall::PrivacyFirewall(ProjectStore &store, const QString &user, QObject *parent)
    : QObject(parent), m_store(store), m_user(user.trimmed().isEmpty() ? currentUserName() : user.trimmed())
{
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    // No proxy: the bytes must go to the allowed host itself, not to a proxy nobody allowed
    // (http_proxy in the environment would otherwise be used silently).
    m_network.setProxy(QNetworkProxy::NoProxy);
}

QStringList PrivacyFirewall::loopbackHosts()
{
    return {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
}

namespace {
QString normaliseHost(const QString &host)
{
    QString h = host.trimmed().toLower();
    if (h.contains(QLatin1String("://")))
        h = QUrl(h).host();
    else if (h.startsWith(QLatin1Char('[')) && h.contains(QLatin1Char(']')))
        h = h.mid(1, h.indexOf(QLatin1Char(']')) - 1);          // [::1]:8080
    else if (h.count(QLatin1Char(':')) == 1)
        h = h.left(h.indexOf(QLatin1Char(':')));               // host:port
    const int slash = h.indexOf(QLatin1Char('/'));
    return slash >= 0 ? h.left(slash) : h;
}
} // namespace

QStringList PrivacyFirewall::allowedHosts() const
{
    const QString raw = m_store.setting(QString::fromLatin1(kAllowedHostsSetting), QStringLiteral("\x01"));
    if (raw == QLatin1String("\x01")) // never set: a new project allows loopback only
        return loopbackHosts();
    QStringList hosts;
    for (const QString &h : raw.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!normaliseHost(h).isEmpty())
            hosts << normaliseHost(h);
    return hosts;
}

bool PrivacyFirewall::isAllowed(const QUrl &url) const
{
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return false;
    return allowedHosts().contains(url.host().toLower());
}

void PrivacyFirewall::writeHosts(const QStringList &hosts, const char *action, const QString &host)
{
    m_store.setAuditedSetting(m_user, QString::fromLatin1(action), QString::fromLatin1(kAllowedHostsSetting),
                              hosts.join(QLatin1Char(',')), host);
}

void PrivacyFirewall::allowHost(const QString &host)
{
    const QString h = normaliseHost(host);
    if (h.isEmpty())
        throw PolicyError("no host given to allow");
    QStringList hosts = allowedHosts();
    if (!hosts.contains(h))
        hosts << h;
    writeHosts(hosts, kAuditAllowHost, h);
}

void PrivacyFirewall::removeHost(const QString &host)
{
    const QString h = normaliseHost(host);
    if (h.isEmpty())
        throw PolicyError("no host given to remove");
    QStringList hosts = allowedHosts();
    hosts.removeAll(h);
    writeHosts(hosts, kAuditRemoveHost, h);
}

void PrivacyFirewall::setSendMaskPng(bool allowed)
{
    const QString value = allowed ? QStringLiteral("true") : QStringLiteral("false");
    m_store.setAuditedSetting(m_user, QString::fromLatin1(kAuditPolicy), QString::fromLatin1(kSendMaskPngSetting),
                              value);
}

QString PrivacyFirewall::policyTampering()
{
    // The whole chain once per firewall (it reads every payload); its anchor and the
    // policy settings before every send, so a change made meanwhile is caught too.
    if (!m_chainChecked) {
        const AuditCheck check = m_store.checkAuditLog();
        if (!check.intact())
            return QStringLiteral("the project's audit log is %1").arg(auditProblemText(check));
        m_chainChecked = true;
    }
    if (!m_store.auditAnchorHolds())
        return QStringLiteral("the project's audit log no longer matches its anchor (entries were removed)");
    for (const char *key : {kAllowedHostsSetting, kSendMaskPngSetting})
        if (!m_store.auditedSettingHolds(QString::fromLatin1(key)))
            return QStringLiteral("the project setting '%1' was changed outside SurgDistill (it differs from its "
                                  "last audited value); set it again in Teacher settings or with "
                                  "'surgdistill teacher allow-host' / 'teacher policy'")
                .arg(QString::fromLatin1(key));
    return {};
}

HttpCall PrivacyFirewall::prepare(const TeacherProvider &provider, const TeacherTask &task) const
{
    return provider.buildCall(promptFor(task));
}

QNetworkReply *PrivacyFirewall::send(const TeacherProvider &provider, const TeacherTask &task)
{
    const HttpCall call = prepare(provider, task);
    // The destination as audited: no user info or query (a key must never land in the log).
    const QString destination = call.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    if (const QString tampered = policyTampering(); !tampered.isEmpty()) {
        m_store.appendAudit(m_user, QString::fromLatin1(kAuditRefused), destination, call.body);
        throw PolicyError(QStringLiteral("nothing is sent: %1").arg(tampered).toStdString());
    }
    if (!isAllowed(call.url)) {
        m_store.appendAudit(m_user, QString::fromLatin1(kAuditRefused), destination, call.body);
        throw PolicyError(QStringLiteral("the privacy policy refuses to send to %1: host '%2' is not on the "
                                         "project's allowed hosts (%3); add it with 'surgdistill teacher "
                                         "allow-host' if the clinic permits it")
                              .arg(destination, call.url.host(), allowedHosts().join(QStringLiteral(", ")))
                              .toStdString());
    }
    m_store.appendAudit(m_user, QString::fromLatin1(kAuditRequest), destination, call.body);
    QNetworkRequest request(call.url);
    for (const auto &[name, value] : call.headers)
        request.setRawHeader(name, value);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(0); // TeacherCall owns the timeout
    return m_network.post(request, call.body);
}

} // namespace sd
