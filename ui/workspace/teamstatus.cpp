#include "teamstatus.h"

#include "store/projectstore.h"

#include <QLabel>
#include <QTcpSocket>
#include <QTimer>
#include <QWidget>

namespace sd::ui {

namespace {
// Other clients' saves arrive within this much of each other in a burst.
constexpr int kGatherMs = 250;
// Reachable: a cheap SELECT 1 now and then. Unreachable: a reconnect attempt.
constexpr int kHeartbeatMs = 10000;
constexpr int kRetryMs = 3000;

QString pill(const char *background, const char *foreground)
{
    return QStringLiteral("QLabel { color: %2; background: %1; border-radius: 3px; padding: 1px 8px; }")
        .arg(QLatin1String(background), QLatin1String(foreground));
}
} // namespace

TeamStatus::TeamStatus(QWidget *parent)
    : QObject(parent), m_indicator(new QLabel(parent)), m_gather(new QTimer(this)), m_heartbeat(new QTimer(this))
{
    m_indicator->setObjectName(QStringLiteral("connectionStatusLabel"));
    m_gather->setSingleShot(true);
    m_gather->setInterval(kGatherMs);
    connect(m_gather, &QTimer::timeout, this, [this] {
        const QSet<qint64> changed = std::exchange(m_changed, {});
        Q_EMIT framesChanged(changed);
    });
    connect(m_heartbeat, &QTimer::timeout, this, &TeamStatus::heartbeat);
    updateIndicator();
}

void TeamStatus::setProject(ProjectStore *store)
{
    delete m_subscription; // the previous store's notifications end here
    m_subscription = nullptr;
    endProbe(false);
    m_changed.clear();
    m_gather->stop();
    m_heartbeat->stop();
    m_store = store;
    m_reachable = true;
    if (m_store && m_store->isTeam()) {
        // Asked once: while the server is away, the indicator must not need it.
        m_login = m_store->teamSession().login;
        m_tls = m_store->tlsInUse();
        m_subscription = new QObject(this);
        m_store->onChange(m_subscription, [this](const StoreChange &change) {
            if (change.frameId)
                m_changed.insert(change.frameId);
            if (!m_gather->isActive())
                m_gather->start();
        });
        m_heartbeat->start(kHeartbeatMs);
    }
    updateIndicator();
}

void TeamStatus::setReachable(bool reachable)
{
    if (reachable == m_reachable)
        return;
    m_reachable = reachable;
    m_heartbeat->setInterval(reachable ? kHeartbeatMs : kRetryMs);
    updateIndicator();
    Q_EMIT reachableChanged(reachable);
}

void TeamStatus::heartbeat()
{
    if (!m_store || !m_store->isTeam())
        return;
    const TeamConnection c = *m_store->teamConnection();
    if (m_reachable || c.isUnixSocket()) {
        setReachable(m_store->serverReachable());
        return;
    }
    // Away over the network: knock without blocking first. A reconnect to a host whose
    // network drops packets would hold the window for connect_timeout; only a server that
    // accepts a TCP connection again gets the (blocking, then quick) reconnect.
    if (m_probe)
        return;
    m_probe = new QTcpSocket(this);
    connect(m_probe, &QTcpSocket::connected, this, [this] { endProbe(true); });
    connect(m_probe, &QTcpSocket::errorOccurred, this, [this] { endProbe(false); });
    QTimer::singleShot(kRetryMs - 500, m_probe, [this] { endProbe(false); });
    m_probe->connectToHost(c.host, quint16(c.port));
}

void TeamStatus::endProbe(bool open)
{
    QTcpSocket *probe = std::exchange(m_probe, nullptr);
    if (!probe)
        return;
    probe->disconnect(this);
    probe->abort();
    probe->deleteLater();
    if (open && m_store)
        setReachable(m_store->serverReachable());
}

void TeamStatus::updateIndicator()
{
    QLabel *l = m_indicator;
    if (!m_store) {
        l->hide();
        return;
    }
    l->show();
    if (!m_store->isTeam()) {
        l->setText(tr("Single workstation"));
        l->setToolTip(tr("This project is a folder on this computer (SQLite): one person works on it at a time. "
                         "Teams use a project on their PostgreSQL server (File > Open team project…)."));
        l->setStyleSheet(pill("#e4e7eb", "#333333"));
        return;
    }
    const TeamConnection c = *m_store->teamConnection();
    const QString &who = m_login;
    if (!m_reachable) {
        l->setText(tr("Server unreachable — retrying"));
        l->setToolTip(tr("%1 does not answer. Your edits are kept on this computer and saved as soon as it "
                         "answers again.")
                          .arg(c.displayName()));
        l->setStyleSheet(pill("#c0392b", "#ffffff"));
        return;
    }
    const bool tls = m_tls;
    l->setText(tls ? tr("Team: %1 · %2 · TLS").arg(c.displayName(), who) : tr("Team: %1 · %2").arg(c.displayName(), who));
    l->setToolTip(tr("Team project on %1, logged in as %2. The server checks who may approve what.%3")
                      .arg(c.toUrl(), who,
                           tls ? tr(" The connection is encrypted (TLS).")
                               : c.isUnixSocket() ? tr(" The connection stays on this computer (Unix socket).")
                                                  : tr(" The connection is NOT encrypted.")));
    l->setStyleSheet(pill("#1e7b4a", "#ffffff"));
}

} // namespace sd::ui
