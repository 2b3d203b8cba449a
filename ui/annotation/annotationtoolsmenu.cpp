#include "annotationtoolsmenu.h"

#include "annotationeditor.h"
#include "propagateaction.h"
#include "store/projectstore.h"
#include "structurepanel.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QSettings>
#include <QSpinBox>
#include <QToolBar>

namespace sd::ui {

AnnotationToolsMenu::AnnotationToolsMenu(QWidget *window, QMenuBar *menuBar, AnnotationEditor *editor,
                                         StructurePanel *structures)
    : ProjectMenu(window, menuBar, tr("T&ools"), QStringLiteral("toolsMenu")), m_editor(editor),
      m_structures(structures)
{
    addTools();
    addCleanUps();
    addStructureKeys();
}

void AnnotationToolsMenu::addTools()
{
    QMenu *tools = menu();
    auto *group = new QActionGroup(this);
    const std::tuple<AnnotationEditor::Tool, QString, QString, QString> toolDefs[] = {
        {AnnotationEditor::Tool::Pan, QStringLiteral("pan"), tr("&Pan"), tr("H")},
        {AnnotationEditor::Tool::Brush, QStringLiteral("brush"), tr("&Brush"), tr("B")},
        {AnnotationEditor::Tool::Eraser, QStringLiteral("eraser"), tr("&Eraser"), tr("E")},
        {AnnotationEditor::Tool::Polygon, QStringLiteral("polygon"), tr("P&olygon"), tr("P")},
        {AnnotationEditor::Tool::MagicWand, QStringLiteral("wand"), tr("&Magic wand"), tr("W")},
        {AnnotationEditor::Tool::SmartSelect, QStringLiteral("smartSelect"), tr("&Smart select"), tr("Q")},
        {AnnotationEditor::Tool::PinIssue, QStringLiteral("pinIssue"), tr("Pin &issue"), tr("I")},
    };
    for (const auto &[tool, key, label, shortcut] : toolDefs) {
        QAction *a = tools->addAction(label);
        a->setObjectName(key + QStringLiteral("ToolAction"));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(shortcut));
        a->setChecked(tool == m_editor->tool());
        group->addAction(a);
        if (tool == AnnotationEditor::Tool::SmartSelect)
            a->setStatusTip(tr("Smart select: drag a box around the structure, click inside it, Shift+click "
                               "outside it; Enter accepts the outlined proposal, Esc discards it"));
        if (tool == AnnotationEditor::Tool::PinIssue)
            a->setStatusTip(tr("Pin issue (reviewers): click a point or drag a rectangle on the frame, then describe "
                               "the issue"));
        connect(a, &QAction::triggered, this, [this, tool = tool] { m_editor->setTool(tool); });
        m_tools << a;
    }
    // A tool chosen elsewhere (a test, a gesture) is checked here too.
    connect(m_editor, &AnnotationEditor::toolChanged, this,
            [this](AnnotationEditor::Tool t) { m_tools.at(int(t))->setChecked(true); });
    tools->addSeparator();
    QAction *smaller = tools->addAction(tr("Smaller brush"), this,
                                        [this] { m_editor->setBrushRadius(m_editor->brushRadius() * 4 / 5); });
    smaller->setShortcut(QKeySequence(Qt::Key_BracketLeft));
    QAction *bigger = tools->addAction(tr("Bigger brush"), this, [this] {
        m_editor->setBrushRadius(std::max(m_editor->brushRadius() + 1, m_editor->brushRadius() * 5 / 4));
    });
    bigger->setShortcut(QKeySequence(Qt::Key_BracketRight));
    // Enter and Esc finish what the current tool started: the polygon, or the smart selection.
    QAction *close = tools->addAction(tr("Close polygon / accept selection"), this, [this] { m_editor->confirmTool(); });
    close->setObjectName(QStringLiteral("confirmToolAction"));
    close->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    QAction *cancel = tools->addAction(tr("Cancel polygon / selection"), this, [this] { m_editor->cancelTool(); });
    cancel->setObjectName(QStringLiteral("cancelToolAction"));
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
}

void AnnotationToolsMenu::addCleanUps()
{
    QMenu *tools = menu();
    tools->addSeparator();
    m_fillHoles = tools->addAction(tr("&Fill holes"), this, [this] {
        if (!m_editor->fillHoles())
            Q_EMIT message(tr("No holes to fill"), 3000);
    });
    m_fillHoles->setShortcut(QKeySequence(tr("Ctrl+Shift+H")));
    m_islands = tools->addAction(tr("&Remove small islands"), this, [this] {
        const int minArea = QSettings().value(QStringLiteral("tools/minIslandArea"), 64).toInt();
        if (!m_editor->removeSmallIslands(minArea))
            Q_EMIT message(tr("No islands smaller than %1 px").arg(minArea), 3000);
    });
    m_islands->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    tools->addSeparator();
    m_propagate = new PropagateAction(
        window(), tools, [this] { return project(); }, [this] { return m_editor->frameId(); },
        [this] { return m_editor->currentStructure(); });
    connect(m_propagate, &PropagateAction::message, this, &ProjectMenu::message);
}

// Keys 1–9 pick the structure to draw, in the project's structure order.
void AnnotationToolsMenu::addStructureKeys()
{
    for (int k = 1; k <= 9; ++k) {
        auto *a = new QAction(this);
        a->setShortcut(QKeySequence(Qt::Key_0 + k));
        connect(a, &QAction::triggered, this, [this, k] {
            if (!project())
                return;
            const std::vector<Structure> all = project()->structures();
            if (k <= int(all.size()))
                m_structures->setCurrentStructure(all[size_t(k - 1)].id);
        });
        window()->addAction(a); // window shortcuts: they work wherever the focus is
    }
}

void AnnotationToolsMenu::addToToolBar(QToolBar *bar)
{
    bar->addActions(m_tools);
    auto *radius = new QSpinBox(bar);
    radius->setObjectName(QStringLiteral("brushRadius"));
    radius->setRange(1, 300);
    radius->setPrefix(tr("Radius "));
    radius->setSuffix(tr(" px"));
    radius->setValue(m_editor->brushRadius());
    connect(radius, &QSpinBox::valueChanged, m_editor, &AnnotationEditor::setBrushRadius);
    connect(m_editor, &AnnotationEditor::brushRadiusChanged, radius, &QSpinBox::setValue);
    auto *tolerance = new QSpinBox(bar);
    tolerance->setRange(0, 255);
    tolerance->setPrefix(tr("Tolerance "));
    tolerance->setValue(m_editor->wandTolerance());
    connect(tolerance, &QSpinBox::valueChanged, m_editor, &AnnotationEditor::setWandTolerance);
    bar->addWidget(radius);
    bar->addWidget(tolerance);
    bar->addSeparator();
    bar->addAction(m_fillHoles);
    bar->addAction(m_islands);
}

} // namespace sd::ui
