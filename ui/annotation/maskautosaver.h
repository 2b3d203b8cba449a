// Autosave of edited masks: a finished edit (a stroke on mouse release, a
// polygon, an undo) marks (frame, structure) dirty with the layer's current
// pixels; a timer then writes every dirty mask as a new version in ONE store
// transaction. The default delay is 0: the save runs as soon as the event loop
// is idle again, so killing the app loses at most the stroke in progress
// (edits arriving together are still written together). setDelayMs() trades
// that for fewer versions. Callers also flush() before switching frame,
// reviewing and closing. On a frame the user annotates independently
// (consensus/independentannotation.h) the edits go to the user's own annotation,
// never to the reference mask; a submitted annotation is not changed.
#pragma once

#include "reviewworkflow.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <map>
#include <utility>

class QTimer;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class MaskAutosaver : public QObject {
    Q_OBJECT
public:
    explicit MaskAutosaver(QObject *parent = nullptr);

    void setStore(ProjectStore *store); // flushes to the previous store first
    void setAuthor(const QString &author);
    QString author() const { return m_author; }
    void setRole(UserRole role); // with the author: decides where a frame's edits go
    void setDelayMs(int ms);
    int delayMs() const;

    // mask: Format_Grayscale8 (non-zero = inside); the QImage is shared, not copied.
    void markDirty(qint64 frameId, qint64 structureId, const QImage &mask);
    bool hasPendingChanges() const { return !m_dirty.empty(); }

public Q_SLOTS:
    // Writes now; returns false (and keeps the changes pending) when the store refuses.
    bool flush();

Q_SIGNALS:
    void saved(int masks);
    void saveFailed(const QString &message);

private:
    ProjectStore *m_store = nullptr;
    QString m_author;
    UserRole m_role = UserRole::Annotator;
    QTimer *m_timer;
    std::map<std::pair<qint64, qint64>, QImage> m_dirty;
};

} // namespace sd::ui
