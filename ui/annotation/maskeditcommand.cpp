#include "maskeditcommand.h"

#include "annotationeditor.h"

namespace sd::ui {

MaskEditCommand::MaskEditCommand(AnnotationEditor *editor, qint64 frameId, qint64 structureId, const QRect &rect,
                                 QImage before, QImage after, const QString &text, MaskOrigin origin)
    : QUndoCommand(text), m_editor(editor), m_frameId(frameId), m_structureId(structureId), m_rect(rect),
      m_before(std::move(before)), m_after(std::move(after)), m_origin(std::move(origin))
{
}

void MaskEditCommand::undo()
{
    m_editor->applyPatch(m_frameId, m_structureId, m_rect, m_before);
    m_applied = false;
}

void MaskEditCommand::redo()
{
    if (m_applied)
        return; // pushed after the edit was drawn
    m_editor->applyPatch(m_frameId, m_structureId, m_rect, m_after, m_origin);
    m_applied = true;
}

} // namespace sd::ui
