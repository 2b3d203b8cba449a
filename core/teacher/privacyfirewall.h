// The privacy firewall: the ONLY way a teacher request reaches the network.
// It builds the payload from a TeacherTask (TeacherContext: text and the mask,
// never the frame), refuses every destination not on the project's
// allowed-hosts list (a new project allows loopback only), and writes every
// outbound attempt, sent or refused, to the project's hash-chained audit log
// with the full payload. Changes to the allowed hosts are audited too, and
// before every send the log's anchor and the policy settings are checked
// against the log, so a trimmed log or a host added behind its back stops it.
#pragma once

#include "teacherprovider.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QStringList>
#include <stdexcept>

class QNetworkReply;

namespace sd {

class ProjectStore;

class PolicyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class PrivacyFirewall : public QObject {
    Q_OBJECT
public:
    static constexpr const char *kAllowedHostsSetting = "allowed_hosts";
    static constexpr const char *kAuditRequest = "teacher_request";
    static constexpr const char *kAuditRefused = "teacher_request_refused";
    static constexpr const char *kAuditAllowHost = "allow_host";
    static constexpr const char *kAuditRemoveHost = "remove_host";
    static constexpr const char *kAuditPolicy = "policy_change";

    // user: recorded in the audit log (currentUserName() if empty).
    PrivacyFirewall(ProjectStore &store, const QString &user = {}, QObject *parent = nullptr);

    static QStringList loopbackHosts();        // localhost, 127.0.0.1, ::1
    QStringList allowedHosts() const;
    bool isAllowed(const QUrl &url) const;
    // Both audited; the host is normalised (lower case, no scheme/port/path). PolicyError for an empty host.
    void allowHost(const QString &host);
    void removeHost(const QString &host);
    // Whether the 1-bit mask PNG may travel with teacher requests (setting kSendMaskPngSetting); audited.
    void setSendMaskPng(bool allowed);

    // The exact call that send() would make: the payload is call.body.
    HttpCall prepare(const TeacherProvider &provider, const TeacherTask &task) const;

    // Audits the attempt and posts it. A destination that is not allowed is audited as refused and
    // throws PolicyError; nothing is sent then. Redirects are never followed (they could leave the
    // allowed hosts). The caller owns the reply.
    // Note: when a connection closes before any reply byte, Qt Network may itself resend the same
    // bytes once to the same destination; the audit entry covers that transmission too.
    QNetworkReply *send(const TeacherProvider &provider, const TeacherTask &task);

    ProjectStore &store() const { return m_store; }

private:
    void writeHosts(const QStringList &hosts, const char *action, const QString &host);
    // Why nothing may be sent (a broken or trimmed audit log, a policy setting changed
    // behind the log's back), or empty.
    QString policyTampering();

    ProjectStore &m_store;
    QString m_user;
    bool m_chainChecked = false;
    QNetworkAccessManager m_network;
};

} // namespace sd
