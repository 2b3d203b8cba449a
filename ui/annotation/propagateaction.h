// Tools > "Propagate to the next N frames…": the current structure's mask on the current
// video frame follows the video (core/assist/propagation.h). Asks how far and, when some
// of those frames have a mask, whether to skip or overwrite them (PropagateDialog); the
// flow (and the model's refinement) runs on a worker thread behind a progress dialog
// with Cancel, and the drafts are written in one transaction only when it finishes.
#pragma once

#include <QObject>
#include <functional>
#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace sd {
class ProjectStore;
struct PropagationWrite;
} // namespace sd

namespace sd::ui {

class PropagateAction : public QObject {
    Q_OBJECT
public:
    PropagateAction(QWidget *window, QMenu *menu, std::function<ProjectStore *()> project,
                    std::function<qint64()> frameId, std::function<qint64()> structureId);

    QAction *action() const { return m_action; }
    // Enabled on a frame of a video with a mask of the current structure.
    void updateEnabled();
    // What the action does; false when nothing was written (refused, cancelled, failed).
    bool propagate();

Q_SIGNALS:
    void aboutToPropagate(); // save pending edits: the stored mask is what follows the video
    void masksChanged();     // drafts were written
    void message(const QString &text, int timeoutMs);

private:
    QWidget *m_window;
    QAction *m_action;
    std::function<ProjectStore *()> m_project;
    std::function<qint64()> m_frameId;
    std::function<qint64()> m_structureId;
    int m_lastCount = 5;
};

} // namespace sd::ui
