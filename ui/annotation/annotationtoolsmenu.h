// The Tools menu: the annotation tools (pan, brush, eraser, polygon, magic
// wand, smart select, pin issue), brush size, closing or cancelling a polygon and the whole-layer
// clean-ups, propagating a mask to the next frames of its video, plus keys 1–9 that pick the
// structure to draw. The workspace's
// tools tool bar shows the same actions (addToToolBar).
#pragma once

#include "widgets/projectmenu.h"

#include <QList>

class QToolBar;

namespace sd::ui {

class AnnotationEditor;
class PropagateAction;
class StructurePanel;

class AnnotationToolsMenu : public ProjectMenu {
    Q_OBJECT
public:
    // Keys 1–9 are window shortcuts of `window`; structures is where they select.
    AnnotationToolsMenu(QWidget *window, QMenuBar *menuBar, AnnotationEditor *editor, StructurePanel *structures);

    // The tools, brush radius and wand tolerance, then the clean-ups.
    void addToToolBar(QToolBar *bar);
    PropagateAction *propagation() const { return m_propagate; }

private:
    void addTools();
    void addCleanUps();
    void addStructureKeys();

    AnnotationEditor *m_editor;
    StructurePanel *m_structures;
    QList<QAction *> m_tools; // in AnnotationEditor::Tool order
    QAction *m_fillHoles = nullptr;
    QAction *m_islands = nullptr;
    PropagateAction *m_propagate = nullptr;
};

} // namespace sd::ui
