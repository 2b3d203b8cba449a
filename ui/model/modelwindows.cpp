#include "modelwindows.h"

#include "demopipelinedialog.h"

#include "askview.h"
#include "segmodelactions.h"
#include "trainingdashboard.h"
#include "tutorview.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>

namespace sd::ui {

ModelWindows::ModelWindows(QWidget *window, QMenuBar *menuBar, std::function<qint64()> currentFrame)
    : ProjectMenu(window, menuBar, tr("&Model"), QStringLiteral("modelMenu")), m_currentFrame(std::move(currentFrame))
{
    m_dashboard = new TrainingDashboard(window);
    m_ask = new AskView(window);
    m_tutor = new TutorView(window);
    for (QWidget *w : {static_cast<QWidget *>(m_dashboard), static_cast<QWidget *>(m_ask),
                       static_cast<QWidget *>(m_tutor)}) {
        w->setWindowFlag(Qt::Window);
        w->resize(1280, 800);
    }
    QMenu *menu = this->menu();
    QAction *training = menu->addAction(tr("&Training dashboard…"), this, &ModelWindows::showDashboard);
    training->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    // Not Ctrl+Shift+A / Ctrl+Shift+R: those approve and toggle review mode (Review menu).
    QAction *ask = menu->addAction(tr("&Ask the model…"), this, &ModelWindows::showAskView);
    ask->setShortcut(QKeySequence(tr("Ctrl+Shift+K")));
    QAction *tutor = menu->addAction(tr("Resident &tutor…"), this, &ModelWindows::showTutor);
    tutor->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    menu->addSeparator();
    QAction *demo = menu->addAction(tr("Run the &demo pipeline…"), this, [this, window] {
        auto *dialog = new DemoPipelineDialog(m_dashboard, window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    demo->setObjectName(QStringLiteral("demoPipelineAction"));
    menu->addSeparator();
    m_seg = new SegModelActions(window, menu, m_dashboard, [this] { return project(); });
    connect(m_seg, &SegModelActions::message, this, &ProjectMenu::message);
}

void ModelWindows::projectChanged()
{
    ProjectStore *store = project();
    m_dashboard->setProject(store);
    m_ask->setProject(store);
    m_tutor->setProject(store);
}

bool ModelWindows::confirmClose()
{
    return m_dashboard->confirmClose();
}

void ModelWindows::raise(QWidget *w)
{
    w->show();
    w->raise();
    w->activateWindow();
}

void ModelWindows::showDashboard()
{
    raise(m_dashboard);
}

void ModelWindows::showAskView()
{
    if (m_currentFrame && m_currentFrame() != 0 && !m_ask->isGenerating())
        m_ask->setFrame(m_currentFrame());
    raise(m_ask);
}

void ModelWindows::showTutor()
{
    raise(m_tutor);
}

} // namespace sd::ui
