// What the workspace shows of where the open project lives: a status-bar indicator
// ("Single workstation" for a SQLite project folder; the team server, TLS and whether it
// answers for a team project) and, for team projects, the changes other people commit
// (LISTEN/NOTIFY), gathered for a moment and passed on once, so a burst of saves
// refreshes the frame list once. A heartbeat notices a server that went away while
// nobody saves, and that it is back.
#pragma once

#include <QObject>
#include <QSet>

class QLabel;
class QTcpSocket;
class QTimer;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class TeamStatus : public QObject {
    Q_OBJECT
public:
    explicit TeamStatus(QWidget *parent);

    QLabel *indicator() const { return m_indicator; } // for the status bar
    void setProject(ProjectStore *store);              // not owned; may be null
    bool reachable() const { return m_reachable; }

public Q_SLOTS:
    // From the autosaver (a save failed or succeeded) or the heartbeat.
    void setReachable(bool reachable);

Q_SIGNALS:
    // Frames whose masks, reviews or rows changed on the server (by anyone).
    void framesChanged(const QSet<qint64> &frameIds);
    void reachableChanged(bool reachable);

private:
    void updateIndicator();
    void heartbeat();
    void endProbe(bool open);

    ProjectStore *m_store = nullptr;
    QObject *m_subscription = nullptr; // context of the store's onChange; replaced per project
    QTcpSocket *m_probe = nullptr;     // the knock on a TCP server that went away
    QLabel *m_indicator;
    QTimer *m_gather;
    QTimer *m_heartbeat;
    QSet<qint64> m_changed;
    bool m_reachable = true;
    QString m_login; // of the team project, asked when it opened
    bool m_tls = false;
};

} // namespace sd::ui
