// The notice above the frame view after a save landed on top of a version someone else
// saved meanwhile (team projects). Nothing was overwritten: both versions are in the
// mask's history, and the person can compare them there. Stays until closed.
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class ConflictNotice : public QFrame {
    Q_OBJECT
public:
    explicit ConflictNotice(QWidget *parent = nullptr);
    // Says who saved what in between, from the mask's history.
    void showConflict(const ProjectStore &store, qint64 frameId, qint64 structureId, int version);
    QString text() const;

Q_SIGNALS:
    void showHistoryRequested(qint64 frameId, qint64 structureId);

private:
    QLabel *m_text;
    QPushButton *m_history;
    qint64 m_frameId = 0;
    qint64 m_structureId = 0;
};

} // namespace sd::ui
