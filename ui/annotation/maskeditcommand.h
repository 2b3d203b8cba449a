// One undoable mask edit: the changed rectangle of one structure's layer
// before and after the edit. Patches instead of whole masks keep a long undo
// history of brush strokes on 1920x1080 frames small.
#pragma once

#include "entities.h"

#include <QImage>
#include <QRect>
#include <QUndoCommand>

namespace sd::ui {

class AnnotationEditor;

class MaskEditCommand : public QUndoCommand {
public:
    // before/after: Format_Grayscale8 images of rect's size. The edit is
    // already on screen when pushed, so the first redo() does nothing. origin: who made
    // `after` (a redo restores it with that origin; an undo is a person's manual step).
    MaskEditCommand(AnnotationEditor *editor, qint64 frameId, qint64 structureId, const QRect &rect, QImage before,
                    QImage after, const QString &text, MaskOrigin origin = {});

    void undo() override;
    void redo() override;

private:
    AnnotationEditor *m_editor;
    qint64 m_frameId;
    qint64 m_structureId;
    QRect m_rect;
    QImage m_before;
    QImage m_after;
    MaskOrigin m_origin;
    bool m_applied = true;
};

} // namespace sd::ui
