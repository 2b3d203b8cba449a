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
// Several people at once (team projects): each layer's save names the version it
// was edited from (setBaseVersion when a frame loads), so a save on top of someone
// else's newer version becomes a new version with a conflict notice, never a silent
// overwrite. A save the store refuses (a server that went away) stays pending here and
// is retried every few seconds until it is written; nothing drawn is lost.
#pragma once

#include "entities.h"
#include "reviewworkflow.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <map>
#include <optional>
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
    // origin: who made this state (the last edit before a save decides: an accepted smart
    // selection is saved as Assisted, a brush stroke on top of it as a new Manual version).
    void markDirty(qint64 frameId, qint64 structureId, const QImage &mask, const MaskOrigin &origin = {});
    bool hasPendingChanges() const { return !m_dirty.empty(); }
    // The version the canvas shows for (frame, structure), 0 for none; edits are based on it.
    void setBaseVersion(qint64 frameId, qint64 structureId, int version);
    std::optional<int> baseVersion(qint64 frameId, qint64 structureId) const;
    bool hasPendingChanges(qint64 frameId) const; // for this frame
    void setRetryIntervalMs(int ms);
    // Team projects: while the workspace knows the server is away (TeamStatus), saves are not
    // even tried — each try could block on a reconnect — and edits stay pending; coming back
    // (false) saves them at once.
    void setServerAway(bool away);

public Q_SLOTS:
    // Writes now; returns false (and keeps the changes pending) when the store refuses.
    bool flush();

Q_SIGNALS:
    void saved(int masks);
    void saveFailed(const QString &message);
    // A save landed on top of a version someone else saved meanwhile (both are kept).
    void conflictSaved(qint64 frameId, qint64 structureId, int version);
    // A team project's server went away (false) or answers again after that (true).
    void serverReachableChanged(bool reachable);

private:
    ProjectStore *m_store = nullptr;
    QString m_author;
    UserRole m_role = UserRole::Annotator;
    QTimer *m_timer;
    QTimer *m_retry;
    bool m_unreachable = false;
    bool m_serverAway = false;
    std::map<std::pair<qint64, qint64>, std::pair<QImage, MaskOrigin>> m_dirty;
    std::map<std::pair<qint64, qint64>, int> m_base;
};

} // namespace sd::ui
