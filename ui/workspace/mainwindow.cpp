#include "mainwindow.h"

#include "annotation/annotationeditor.h"
#include "annotation/annotationtoolsmenu.h"
#include "annotation/consensuspanel.h"
#include "annotation/framelayers.h"
#include "annotation/frameview.h"
#include "annotation/issuedialog.h"
#include "annotation/issuepins.h"
#include "annotation/issuespanel.h"
#include "annotation/maskautosaver.h"
#include "annotation/propagateaction.h"
#include "annotation/masklayer.h"
#include "annotation/reviewmenu.h"
#include "annotation/reviewpanel.h"
#include "annotation/structurepanel.h"
#include "assist/segproject.h"
#include "coco.h"
#include "conflictnotice.h"
#include "currentuser.h"
#include "democreationdialog.h"
#include "eval/evaluationmenu.h"
#include "frames/framefilterbar.h"
#include "frames/framelistdelegate.h"
#include "frames/framelistmodel.h"
#include "frames/framepropertiespanel.h"
#include "frames/videoimportdialog.h"
#include "model/modelwindows.h"
#include "model/segmodelactions.h"
#include "recentprojects.h"
#include "reviewissues.h"
#include "store/projectstore.h"
#include "syntheticbanner.h"
#include "teacher/teachermenu.h"
#include "teamprojectopener.h"
#include "teamstatus.h"
#include "trainingoverlay.h"
#include "userdialog.h"
#include "widgets/displaynames.h"
#include "widgets/imageconvert.h"
#include "widgets/projectmenu.h"
#include "widgets/segmodel.h"

#include <QAction>
#include <QCheckBox>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
constexpr int kStateVersion = 3; // 2: review dock, tool bar; 3: issues dock

// The panels tabbed under the structure list scroll instead of setting the window's
// minimum height: the review panel alone wanted 609 px, so on a laptop screen the window
// did not fit and the structure list (where every row shows a state) got what was left.
QScrollArea *scrollable(QWidget *panel)
{
    auto *scroll = new QScrollArea;
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(panel);
    return scroll;
}

const char *const kSettingsGroup = "MainWindow";
} // namespace

MainWindow::MainWindow(ProjectStore *store, QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_user = currentUser();
    buildUi();
    buildMenus();
    restoreLayout();
    setUser(m_user);
    setProject(store);
}

MainWindow::~MainWindow()
{
    m_autosaver->flush(); // last edits reach the store before it may close
    // The model reads the store: detach it before an owned store goes away.
    m_model->setProject(nullptr);
}

void MainWindow::buildUi()
{
    resize(1400, 900);

    // Centre: banner above the frame view.
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    m_banner = new SyntheticBanner(centre);
    m_conflictNotice = new ConflictNotice(centre);
    m_view = new FrameView(centre);
    centreLayout->addWidget(m_banner);
    centreLayout->addWidget(m_conflictNotice);
    centreLayout->addWidget(m_view, 1);
    setCentralWidget(centre);
    m_editor = new AnnotationEditor(m_view, this);
    m_autosaver = new MaskAutosaver(this);

    // Left: frames.
    auto *framesDock = new QDockWidget(tr("Frames"), this);
    framesDock->setObjectName(QStringLiteral("framesDock"));
    auto *framesBox = new QWidget(framesDock);
    auto *framesLayout = new QVBoxLayout(framesBox);
    framesLayout->setContentsMargins(0, 0, 0, 0);
    framesLayout->setSpacing(0);
    m_listHeader = new QLabel(framesBox);
    m_listHeader->setObjectName(QStringLiteral("frameListHeader"));
    m_listHeader->setContentsMargins(8, 5, 8, 5);
    m_model = new FrameListModel(this);
    m_list = new QListView(framesBox);
    m_list->setObjectName(QStringLiteral("frameList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new FrameListDelegate(m_list));
    m_list->setUniformItemSizes(true); // constant-time layout for 10k rows
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setMinimumWidth(300);
    m_list->setFrameShape(QFrame::NoFrame);
    m_filters = new FrameFilterBar(framesBox);
    framesLayout->addWidget(m_listHeader);
    framesLayout->addWidget(m_filters);
    framesLayout->addWidget(m_list, 1);
    framesDock->setWidget(framesBox);
    addDockWidget(Qt::LeftDockWidgetArea, framesDock);

    // Right: structures, then frame properties.
    auto *structuresDock = new QDockWidget(tr("Structures"), this);
    structuresDock->setObjectName(QStringLiteral("structuresDock"));
    m_structures = new StructurePanel(structuresDock);
    structuresDock->setWidget(m_structures);
    addDockWidget(Qt::RightDockWidgetArea, structuresDock);
    auto *propertiesDock = new QDockWidget(tr("Frame properties"), this);
    propertiesDock->setObjectName(QStringLiteral("propertiesDock"));
    m_properties = new FramePropertiesPanel(propertiesDock);
    propertiesDock->setWidget(scrollable(m_properties));
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock);
    m_reviewDock = new QDockWidget(tr("Review"), this);
    m_reviewDock->setObjectName(QStringLiteral("reviewDock"));
    m_review = new ReviewPanel(m_reviewDock);
    m_reviewDock->setWidget(scrollable(m_review));
    addDockWidget(Qt::RightDockWidgetArea, m_reviewDock);
    tabifyDockWidget(propertiesDock, m_reviewDock);
    m_consensusDock = new QDockWidget(tr("Consensus"), this);
    m_consensusDock->setObjectName(QStringLiteral("consensusDock"));
    m_consensus = new ConsensusPanel(m_consensusDock);
    m_consensusDock->setWidget(scrollable(m_consensus));
    addDockWidget(Qt::RightDockWidgetArea, m_consensusDock);
    tabifyDockWidget(m_reviewDock, m_consensusDock);
    m_issuesDock = new QDockWidget(tr("Issues"), this);
    m_issuesDock->setObjectName(QStringLiteral("issuesDock"));
    m_issues = new IssuesPanel(m_issuesDock);
    m_issuesDock->setWidget(scrollable(m_issues));
    addDockWidget(Qt::RightDockWidgetArea, m_issuesDock);
    tabifyDockWidget(m_reviewDock, m_issuesDock);
    propertiesDock->raise();
    resizeDocks({framesDock, structuresDock}, {340, 380}, Qt::Horizontal); // room for "Vena mesenterica inferior" + review state
    resizeDocks({structuresDock, propertiesDock}, {190, 470}, Qt::Vertical);

    // Status bar.
    m_syntheticLabel = new QLabel(tr("Synthetic demo frames — not patient data"), this);
    m_syntheticLabel->setObjectName(QStringLiteral("syntheticStatusLabel"));
    m_syntheticLabel->setStyleSheet(QStringLiteral("QLabel { color: #2b2100; background: #f2c14e; "
                                                   "border-radius: 3px; padding: 1px 8px; font-weight: 600; }"));
    m_cursorLabel = new QLabel(this);
    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setMinimumWidth(90);
    m_saveLabel = new QLabel(this);
    m_saveLabel->setObjectName(QStringLiteral("saveStatusLabel"));
    m_userLabel = new QLabel(this);
    m_userLabel->setObjectName(QStringLiteral("userStatusLabel"));
    m_teamStatus = new TeamStatus(this);
    statusBar()->addPermanentWidget(m_teamStatus->indicator());
    statusBar()->addPermanentWidget(m_saveLabel);
    statusBar()->addPermanentWidget(m_userLabel);
    statusBar()->addPermanentWidget(m_cursorLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    statusBar()->addPermanentWidget(m_syntheticLabel);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                // The same frame selected again (the list reloaded underneath it) is not a new frame.
                if (current.isValid() && m_model->frameIdAt(current.row()) != m_frameId)
                    showFrame(m_model->frameIdAt(current.row()));
            });
    connect(m_structures, &StructurePanel::visibilityChanged, m_view, &FrameView::setLayerVisible);
    connect(m_structures, &StructurePanel::layerOpacityChanged, m_view, &FrameView::setLayerOpacity);
    connect(m_structures, &StructurePanel::currentStructureChanged, this, [this](qint64 id) {
        m_editor->setCurrentStructure(id);
        if (m_solo)
            for (const Structure &s : m_store ? m_store->structures() : std::vector<Structure>{})
                m_structures->setStructureVisible(s.id, s.id == id);
        refreshReviewPanel();
        if (trainingComposite())
            updateComposite();
    });
    connect(m_filters, &FrameFilterBar::suggestedOnlyChanged, this, &MainWindow::showSuggested);
    connect(m_filters, &FrameFilterBar::filterChanged, this, [this](const FrameFilter &f) {
        m_autosaver->flush();
        const qint64 keep = m_frameId;
        m_model->setFilter(f);
        const int row = m_model->rowOfFrame(keep);
        if (row >= 0)
            m_list->setCurrentIndex(m_model->index(row));
        else if (m_model->rowCount() > 0)
            m_list->setCurrentIndex(m_model->index(0));
        m_listHeader->setText(tr("%n frame(s) shown", nullptr, m_model->rowCount()));
    });

    // Editing: every edit marks its layer dirty; the autosaver writes it as the current user.
    connect(m_editor, &AnnotationEditor::maskEdited, this,
            [this](qint64 frameId, qint64 structureId, const MaskOrigin &origin) {
        if (MaskLayer *l = m_view->layer(structureId))
            m_autosaver->markDirty(frameId, structureId, l->mask(), origin);
        m_saveLabel->setText(tr("Unsaved changes"));
        if (trainingComposite())
            updateComposite();
    });
    connect(m_editor, &AnnotationEditor::message, this, [this](const QString &t) { statusBar()->showMessage(t, 5000); });
    connect(m_autosaver, &MaskAutosaver::saved, this, [this] {
        m_saveLabel->setText(tr("All changes saved"));
        refreshFrameStatus();
        refreshReviewPanel();
    });
    connect(m_autosaver, &MaskAutosaver::saveFailed, this, [this](const QString &message) {
        m_saveLabel->setText(tr("Not saved"));
        statusBar()->showMessage(message, 10000);
    });
    // Team projects: several people at once, and a server that may go away.
    connect(m_autosaver, &MaskAutosaver::conflictSaved, this, [this](qint64 frameId, qint64 structureId, int version) {
        if (m_store)
            m_conflictNotice->showConflict(*m_store, frameId, structureId, version);
    });
    connect(m_conflictNotice, &ConflictNotice::showHistoryRequested, this, [this](qint64 frameId, qint64 structureId) {
        selectFrame(frameId);
        m_structures->setCurrentStructure(structureId);
        m_reviewDock->show();
        m_reviewDock->raise();
    });
    connect(m_autosaver, &MaskAutosaver::serverReachableChanged, m_teamStatus, &TeamStatus::setReachable);
    connect(m_teamStatus, &TeamStatus::reachableChanged, this, [this](bool reachable) {
        m_autosaver->setServerAway(!reachable); // back: what was kept while it was away is saved now
        if (reachable) {
            statusBar()->showMessage(tr("The server answers again."), 6000);
        } else {
            statusBar()->showMessage(tr("The server cannot be reached. Your changes are kept on this computer and "
                                        "saved as soon as it answers again."),
                                     10000);
        }
    });
    connect(m_teamStatus, &TeamStatus::framesChanged, this, &MainWindow::applyRemoteChanges);
    auto editFrame = [this](const std::function<void(Frame &)> &change) {
        if (!m_store || !m_frameId)
            return;
        try {
            std::optional<Frame> f = m_store->frame(m_frameId);
            if (!f)
                return;
            change(*f);
            m_store->updateFrame(*f);
            m_model->frameUpdated(*f);
            m_properties->setFrame(*f, f->videoId ? m_store->video(*f->videoId) : std::nullopt,
                                   int(m_store->masksForFrame(f->id).size()));
        } catch (const std::exception &e) {
            statusBar()->showMessage(QString::fromUtf8(e.what()), 8000);
        }
    };
    connect(m_properties, &FramePropertiesPanel::sideEdited, this,
            [editFrame](Side side) { editFrame([side](Frame &f) { f.side = side; }); });
    connect(m_properties, &FramePropertiesPanel::phaseEdited, this,
            [editFrame](const QString &phase) { editFrame([phase](Frame &f) { f.phase = phase; }); });
    connect(m_review, &ReviewPanel::aboutToReview, m_autosaver, &MaskAutosaver::flush);
    connect(m_review, &ReviewPanel::reviewRecorded, this, [this] {
        refreshFrameStatus();
        statusBar()->showMessage(tr("Review recorded"), 4000);
    });
    connect(m_consensus, &ConsensusPanel::aboutToSave, m_autosaver, &MaskAutosaver::flush);
    connect(m_consensus, &ConsensusPanel::referenceSaved, this, [this](qint64 frameId, qint64 structureId) {
        // The merged reference onto the canvas as an undoable replacement, ready to edit;
        // the autosaver finds it equal to the stored version and writes nothing.
        const auto reference = m_store ? m_store->mask(frameId, structureId) : std::nullopt;
        if (frameId == m_frameId && reference
            && m_editor->replaceMask(structureId, matToQImage(reference->rle.decode()), tr("Merged reference")))
            m_autosaver->flush();
        refreshFrameStatus();
        statusBar()->showMessage(tr("Merged candidate saved as the reference mask and submitted for review"), 5000);
    });
    connect(m_review, &ReviewPanel::restoreRequested, this, [this](qint64 structureId, const QImage &mask, int version) {
        if (m_editor->replaceMask(structureId, mask, tr("Restore version %1").arg(version)))
            m_autosaver->flush();
    });
    // Review issues: the pin tool opens one, the panel answers and resolves, the pins follow.
    connect(m_editor, &AnnotationEditor::pinPlaced, this, &MainWindow::pinIssue);
    connect(m_issues, &IssuesPanel::currentIssueChanged, this,
            [this](qint64 issueId) { m_view->issuePins()->setHighlighted(issueId); });
    // A person picking an issue (in the list, or its marker on the canvas) also picks its
    // structure, so the Review panel shows that mask.
    auto pickIssue = [this](qint64 issueId) {
        for (const ReviewIssue &i : m_issues->issues())
            if (i.id == issueId)
                m_structures->setCurrentStructure(i.structureId);
        m_issues->selectIssue(issueId);
        m_issuesDock->show();
        m_issuesDock->raise();
    };
    connect(m_issues->issueList(), &QListWidget::itemClicked, this,
            [this, pickIssue] { pickIssue(m_issues->currentIssueId()); });
    connect(m_view, &FrameView::pinClicked, this, pickIssue);
    connect(m_issues, &IssuesPanel::issuesChanged, this, [this] {
        refreshFrameStatus(); // the Review panel too: open issues may block a submission
        statusBar()->showMessage(tr("Review issue updated"), 4000);
    });
    connect(m_view, &FrameView::zoomChanged, this,
            [this](double z) { m_zoomLabel->setText(tr("Zoom %1%").arg(qRound(z * 100))); });
    connect(m_view, &FrameView::cursorPixelChanged, this, [this](const QPoint &p, bool inside) {
        m_cursorLabel->setText(inside ? tr("x %1, y %2").arg(p.x()).arg(p.y()) : QString());
    });
}

void MainWindow::buildMenus()
{
    buildFileMenu();
    buildEditMenu();
    buildViewMenu();
    buildFeatureMenus();
    buildHelpMenu();
    buildToolBars();
}

// A feature joins the shell: it gets every project, its messages go to the status bar.
template <class Feature>
Feature *MainWindow::join(Feature *feature)
{
    m_features.push_back(feature);
    connect(feature, &ProjectMenu::message, this,
            [this](const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
    return feature;
}

// The features' menus in the workflow's order: annotate, review, distil,
// evaluate, train and use the model. Everything else they do is their own.
void MainWindow::buildFeatureMenus()
{
    m_toolsMenu = join(new AnnotationToolsMenu(this, menuBar(), m_editor, m_structures));
    // Propagation follows the stored mask: pending strokes are saved first; its drafts show in the list.
    PropagateAction *propagate = m_toolsMenu->propagation();
    connect(propagate, &PropagateAction::aboutToPropagate, m_autosaver, &MaskAutosaver::flush);
    connect(propagate, &PropagateAction::masksChanged, this, &MainWindow::showWrittenMasks);
    connect(this, &MainWindow::frameLoaded, propagate, &PropagateAction::updateEnabled);
    connect(m_structures, &StructurePanel::currentStructureChanged, propagate, &PropagateAction::updateEnabled);
    connect(m_autosaver, &MaskAutosaver::saved, propagate, &PropagateAction::updateEnabled);
    m_reviewMenu = join(new ReviewMenu(this, menuBar(), m_review, [this] { return nextFrameNeedingReview(); },
                                       [this](bool forward) { return jumpToIssue(forward); }));
    join(new TeacherMenu(this, menuBar()));
    join(new EvaluationMenu(this, menuBar()));
    m_modelWindows = join(new ModelWindows(this, menuBar(), [this] { return m_frameId; }));
    // The segmentation model's drafts and "Suggested next" ranking show in the frame list.
    connect(m_modelWindows->segModel(), &SegModelActions::masksChanged, this, [this] {
        useSegModelForSmartSelect(); // a new model may have been trained since the project opened
        showWrittenMasks();
    });
    connect(m_modelWindows->segModel(), &SegModelActions::suggestionsChanged, this,
            [this] {
                m_filters->suggestedBox()->setChecked(true); // shows them (suggestedOnlyChanged)
                showSuggested(true);                         // when it was on already: the new ranking
            });
    connect(m_reviewMenu, &ReviewMenu::reviewModeChanged, this, &MainWindow::setReviewMode);
    connect(m_reviewMenu, &ReviewMenu::reviewsRequiredChanged, this, &MainWindow::refreshReviewPanel);
    connect(m_reviewMenu, &ReviewMenu::blockSubmissionChanged, this, &MainWindow::refreshReviewPanel);
    connect(m_reviewMenu, &ReviewMenu::independentAnnotationsChanged, this, &MainWindow::reloadFrameLayers);
}

void MainWindow::buildFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open project…"), this, &MainWindow::openProjectDialog);
    open->setShortcut(QKeySequence::Open);
    QAction *team = file->addAction(tr("Open &team project…"), this, [this] {
        TeamConnection last;
        for (const QString &location : recentProjects())
            if (auto c = TeamConnection::looksLikeUrl(location) ? TeamConnection::fromUrl(location) : std::nullopt) {
                last = *c; // the dialog starts from the team project used last
                break;
            }
        openTeamProject(last, true);
    });
    team->setObjectName(QStringLiteral("openTeamProjectAction"));
    team->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_recentMenu = file->addMenu(tr("Open &recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentProjectsMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    QAction *demo = file->addAction(tr("&New demo project…"), this, &MainWindow::newDemoProjectDialog);
    demo->setShortcut(QKeySequence(tr("Ctrl+Shift+N")));
    file->addSeparator();
    QAction *video = file->addAction(tr("Import &video…"), this, &MainWindow::importVideoDialog);
    video->setObjectName(QStringLiteral("importVideoAction"));
    file->addAction(tr("Import COCO JSON…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import COCO JSON"), QString(),
                                                          tr("COCO JSON (*.json)"));
        if (path.isEmpty())
            return;
        runExchange(tr("Import COCO JSON"), [this, path] {
            CocoImportOptions o;
            o.author = m_user.name;
            const CocoImportResult r = importCoco(*m_store, path, o);
            return tr("Imported %1 new frame(s) and %2 mask(s).").arg(r.newFrameIds.size()).arg(r.masksSaved);
        }, true);
    });
    file->addAction(tr("Export COCO JSON…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export COCO JSON"), QStringLiteral("annotations.json"),
                                                          tr("COCO JSON (*.json)"));
        if (path.isEmpty())
            return;
        runExchange(tr("Export COCO JSON"), [this, path] {
            const CocoExportResult r = exportCoco(*m_store, path);
            return tr("Exported %1 image(s) with %2 annotation(s).").arg(r.images).arg(r.annotations);
        }, false);
    });
    file->addAction(tr("Import PNG masks…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Import PNG masks"));
        if (folder.isEmpty())
            return;
        runExchange(tr("Import PNG masks"), [this, folder] {
            const IndexMaskImportResult r = importIndexMasks(*m_store, folder, m_user.name);
            return tr("Imported %1 mask(s) from %2 file(s).").arg(r.masksSaved).arg(r.files);
        }, true);
    });
    file->addAction(tr("Export PNG masks…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Export PNG masks into an empty folder"));
        if (folder.isEmpty())
            return;
        runExchange(tr("Export PNG masks"), [this, folder] {
            const IndexMaskExportResult r = exportIndexMasks(*m_store, folder);
            return tr("Exported %1 file(s); %2 overlapping pixel(s) kept the later structure.")
                .arg(r.files)
                .arg(r.overlappingPixels);
        }, false);
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
}

void MainWindow::buildEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_editor->undoGroup()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_editor->undoGroup()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
    edit->addAction(undo);
    edit->addAction(redo);
    m_actions[QStringLiteral("undo")] = undo;
    m_actions[QStringLiteral("redo")] = redo;
    edit->addSeparator();
    QAction *save = edit->addAction(tr("&Save now"), m_autosaver, &MaskAutosaver::flush);
    save->setShortcut(QKeySequence::Save);
    edit->addSeparator();
    edit->addAction(tr("&User…"), this, &MainWindow::editUserDialog);
}

void MainWindow::buildViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *fit = view->addAction(tr("&Fit to window"), m_view, &FrameView::fitToWindow);
    fit->setShortcut(QKeySequence(tr("Ctrl+0")));
    QAction *actual = view->addAction(tr("&Actual size"), m_view, &FrameView::actualSize);
    actual->setShortcut(QKeySequence(tr("Ctrl+1")));
    QAction *zoomIn = view->addAction(tr("Zoom &in"), m_view, &FrameView::zoomIn);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction *zoomOut = view->addAction(tr("Zoom &out"), m_view, &FrameView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    view->addSeparator();
    m_compositeAction = view->addAction(tr("&Training composite"));
    m_compositeAction->setObjectName(QStringLiteral("trainingCompositeAction"));
    m_compositeAction->setCheckable(true);
    m_compositeAction->setShortcut(QKeySequence(tr("T")));
    m_compositeAction->setToolTip(
        tr("Show the exact picture the model is trained on: the frame with the selected structure's mask as a "
           "semi-transparent green overlay"));
    connect(m_compositeAction, &QAction::toggled, this, [this] { updateComposite(); });
    QAction *outline = view->addAction(tr("&Outline mode"));
    outline->setCheckable(true);
    outline->setShortcut(QKeySequence(tr("O")));
    connect(outline, &QAction::toggled, m_view, &FrameView::setOutlineOnly);
    QAction *solo = view->addAction(tr("&Solo layer"), this, &MainWindow::toggleSoloLayer);
    solo->setShortcut(QKeySequence(tr("S")));
    solo->setToolTip(tr("Show only the selected structure's layer (again: show all)"));
    view->addAction(tr("Show all layers"), this, [this] { setAllLayersVisible(true); });
    view->addAction(tr("Hide all layers"), this, [this] { setAllLayersVisible(false); });
    view->addSeparator();
    QAction *next = view->addAction(tr("&Next frame"), this, &MainWindow::nextFrame);
    next->setShortcut(QKeySequence(Qt::Key_PageDown));
    QAction *prev = view->addAction(tr("&Previous frame"), this, &MainWindow::previousFrame);
    prev->setShortcut(QKeySequence(Qt::Key_PageUp));
    view->addSeparator();
    QMenu *panels = view->addMenu(tr("&Panels"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        panels->addAction(dock->toggleViewAction());
    buildLanguageMenu(view->addMenu(tr("&Language")));
    m_actions[QStringLiteral("fit")] = fit;
    m_actions[QStringLiteral("actual")] = actual;
    m_actions[QStringLiteral("zoomIn")] = zoomIn;
    m_actions[QStringLiteral("zoomOut")] = zoomOut;
    m_actions[QStringLiteral("prev")] = prev;
    m_actions[QStringLiteral("next")] = next;
}

void MainWindow::buildHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SurgDistill"), this, &MainWindow::showAbout);
}

void MainWindow::buildToolBars()
{
    auto *bar = addToolBar(tr("View"));
    bar->setObjectName(QStringLiteral("viewToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (const char *key : {"prev", "next"})
        bar->addAction(m_actions[QLatin1String(key)]);
    bar->addSeparator();
    for (const char *key : {"fit", "actual", "zoomIn", "zoomOut"})
        bar->addAction(m_actions[QLatin1String(key)]);
    bar->addSeparator();
    bar->addAction(m_compositeAction);

    addToolBarBreak(); // the tools get a row of their own
    auto *tools = addToolBar(tr("Tools"));
    tools->setObjectName(QStringLiteral("toolsToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolsMenu->addToToolBar(tools);
    tools->addSeparator();
    tools->addAction(m_actions[QStringLiteral("undo")]);
    tools->addAction(m_actions[QStringLiteral("redo")]);
    tools->addSeparator();
    tools->addAction(m_reviewMenu->reviewModeAction());
    tools->addAction(m_reviewMenu->nextReviewAction());
    tools->addAction(m_reviewMenu->nextIssueAction());
}

// Writes the "ui/language" setting that app/i18n reads at start-up: Qt
// cannot re-translate widgets built from tr() calls, so a restart applies it.
void MainWindow::buildLanguageMenu(QMenu *menu)
{
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto *group = new QActionGroup(menu);
    const QString current = QSettings().value(QStringLiteral("ui/language")).toString();
    const std::pair<QString, QString> choices[] = {
        {QString(), tr("System language")},
        {QStringLiteral("de"), QStringLiteral("Deutsch")}, // endonyms: readable whatever the current language
        {QStringLiteral("en"), QStringLiteral("English")},
    };
    for (const auto &[code, label] : choices) {
        QAction *a = menu->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == current);
        a->setData(code);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] {
            if (QSettings().value(QStringLiteral("ui/language")).toString() == code)
                return;
            QSettings().setValue(QStringLiteral("ui/language"), code);
            QMessageBox::information(this, tr("Language"),
                                     tr("The new language applies when SurgDistill is started again."));
        });
    }
}

void MainWindow::restoreLayout()
{
    QSettings s;
    s.beginGroup(QLatin1String(kSettingsGroup));
    const QByteArray geometry = s.value(QStringLiteral("geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = s.value(QStringLiteral("state")).toByteArray();
    if (!state.isEmpty())
        restoreState(state, kStateVersion);
}

void MainWindow::saveLayout() const
{
    QSettings s;
    s.beginGroup(QLatin1String(kSettingsGroup));
    s.setValue(QStringLiteral("geometry"), saveGeometry());
    s.setValue(QStringLiteral("state"), saveState(kStateVersion));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_modelWindows->confirmClose()) { // a training job is running and the user cancelled
        event->ignore();
        return;
    }
    if (!mayLeaveProject()) {
        event->ignore();
        return;
    }
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::setProject(ProjectStore *store)
{
    m_autosaver->flush(); // into the project the edits belong to
    std::unique_ptr<ProjectStore> previous = std::move(m_ownedStore);
    m_store = store;
    projectChanged();
    // `previous` (if owned) closes here, after nothing refers to it any more.
}

void MainWindow::setProject(std::unique_ptr<ProjectStore> store)
{
    m_autosaver->flush();
    std::unique_ptr<ProjectStore> previous = std::move(m_ownedStore);
    m_store = store.get();
    m_ownedStore = std::move(store);
    projectChanged();
}

// Edits that could not be saved (a team server that went away) are lost when the project
// closes: the person decides, and by default keeps the window, which keeps trying.
bool MainWindow::mayLeaveProject()
{
    if (m_autosaver->flush() || !m_autosaver->hasPendingChanges())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved edits"),
        tr("Some edits are not saved yet: %1\nIf the project closes now, they are lost. Keep it open and "
           "SurgDistill saves them as soon as it can.")
            .arg(m_teamStatus->reachable() ? tr("the project refused them.") : tr("the server cannot be reached.")),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Discard;
}

bool MainWindow::openProjectFolder(const QString &folder)
{
    if (!mayLeaveProject())
        return false;
    if (!ProjectStore::isProject(folder)) {
        QMessageBox::warning(this, tr("Open project"),
                             tr("%1 is not a SurgDistill project folder.").arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    try {
        setProject(ProjectStore::open(folder));
        addRecentProject(QFileInfo(folder).absoluteFilePath());
        return true;
    } catch (const std::exception &e) {
        QMessageBox::critical(this, tr("Open project"),
                              tr("Cannot open %1:\n%2").arg(QDir::toNativeSeparators(folder), QString::fromUtf8(e.what())));
        return false;
    }
}

bool MainWindow::openTeamProject(const TeamConnection &connection, bool askFirst)
{
    if (!mayLeaveProject())
        return false;
    std::unique_ptr<ProjectStore> store = openTeamProjectInteractively(this, connection, askFirst);
    if (!store)
        return false;
    addRecentProject(store->location());
    setProject(std::move(store));
    return true;
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentProjects();
    for (const QString &location : recent) {
        const bool team = TeamConnection::looksLikeUrl(location);
        const auto connection = team ? TeamConnection::fromUrl(location) : std::nullopt;
        const QString text = connection ? tr("Team: %1 (%2)").arg(connection->displayName(), connection->user)
                                        : QDir::toNativeSeparators(location);
        QAction *a = m_recentMenu->addAction(text, this, [this, location, connection] {
            if (connection) {
                openTeamProject(*connection, false);
            } else if (!ProjectStore::isProject(location)) {
                removeRecentProject(location);
                QMessageBox::warning(this, tr("Open recent"),
                                     tr("%1 is no longer a SurgDistill project folder; it is removed from the list.")
                                         .arg(QDir::toNativeSeparators(location)));
            } else {
                openProjectFolder(location);
            }
        });
        a->setToolTip(location);
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear list"), this, [] { clearRecentProjects(); })->setEnabled(!recent.isEmpty());
}

// Someone (or this window) committed changes on the team server: the frame list shows
// them; the open frame is reloaded unless this person has edits of it not saved yet
// (those are saved on top, with a conflict notice when they collide).
void MainWindow::applyRemoteChanges(const QSet<qint64> &frameIds)
{
    if (!m_store)
        return;
    const int scrolled = m_list->verticalScrollBar()->value(); // the list stays where the person left it
    m_model->reload();
    if (const int row = m_model->rowOfFrame(m_frameId); row >= 0)
        m_list->setCurrentIndex(m_model->index(row));
    m_list->verticalScrollBar()->setValue(scrolled);
    m_filters->refreshAnnotators(m_store);
    if (!m_frameId || !frameIds.contains(m_frameId) || m_autosaver->hasPendingChanges(m_frameId))
        return;
    QStringList by;
    bool outdated = false;
    for (const Mask &m : m_store->masksForFrame(m_frameId)) {
        const auto base = m_autosaver->baseVersion(m_frameId, m.structureId);
        if (base && *base != m.version) {
            outdated = true;
            if (!by.contains(m.author))
                by << m.author;
        }
    }
    if (outdated) {
        reloadFrameLayers(); // undo cannot reach behind a colleague's version: history starts anew
        statusBar()->showMessage(tr("Frame %1 was updated by %2").arg(m_frameId).arg(by.join(QStringLiteral(", "))),
                                 6000);
    } else {
        refreshFrameStatus(); // reviews, or this window's own save coming back
    }
}

void MainWindow::projectChanged()
{
    useSegModelForSmartSelect();
    m_conflictNotice->hide();
    m_teamStatus->setProject(m_store);
    m_frameId = 0;
    m_frameBgr = cv::Mat();
    m_autosaver->setStore(m_store);
    applyTeamIdentity();
    m_editor->clearHistory();
    m_prefetch.clear();
    m_view->clear();
    m_properties->clear();
    m_filters->setProject(m_store);
    m_model->setFilter({}); // before setProject: one reload
    m_model->setProject(m_store);
    for (ProjectMenu *feature : m_features)
        feature->setProject(m_store);
    const std::vector<Structure> structures = m_store ? m_store->structures() : std::vector<Structure>{};
    std::vector<AnnotationEditor::StructureInfo> infos;
    for (const Structure &s : structures)
        infos.push_back({s.id, structureDisplayName(s), QColor(s.color), s.key});
    m_editor->setStructures(infos);
    m_structures->setStructures(structures);
    if (m_structures->currentStructure() == 0 && !structures.empty())
        m_structures->setCurrentStructure(structures.front().id); // something to draw with at once
    m_editor->setCurrentStructure(m_structures->currentStructure());
    if (m_reviewMenu->reviewMode())
        setReviewMode(true); // re-applies the review filter to the new project
    m_structures->setFrameStatus({});
    for (MaskLayer *l : m_view->layers())
        m_view->setLayerVisible(l->structureId(), m_structures->isStructureVisible(l->structureId()));

    const bool synthetic = m_model->anySynthetic();
    m_banner->setVisible(synthetic);
    m_syntheticLabel->setVisible(synthetic);

    if (!m_store) {
        setWindowTitle(tr("SurgDistill"));
        m_listHeader->setText(tr("No project open"));
        return;
    }
    QString name = m_store->setting(QStringLiteral("name"));
    if (name.trimmed().isEmpty())
        name = QFileInfo(m_store->folder()).fileName();
    setWindowTitle(tr("%1 — SurgDistill").arg(name));
    const int frames = m_model->rowCount(), videos = int(m_store->videos().size());
    m_listHeader->setText(tr("%n frame(s)", nullptr, frames) + QStringLiteral(" · ")
                          + tr("%n video(s)", nullptr, videos));
    if (m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0));
}

bool MainWindow::selectFrame(qint64 frameId)
{
    const int row = m_model->rowOfFrame(frameId);
    if (row < 0)
        return false;
    m_list->setCurrentIndex(m_model->index(row));
    m_list->scrollTo(m_model->index(row));
    if (m_frameId != frameId)
        showFrame(frameId);
    return true;
}

// Smart select asks the project's trained segmentation model when it has one, GrabCut otherwise.
void MainWindow::useSegModelForSmartSelect()
{
    std::unique_ptr<SegModelProposer> model = m_store ? currentSegModelProposer(*m_store) : nullptr;
    m_editor->setMaskProposer(model ? std::shared_ptr<MaskProposer>(std::move(model)) : nullptr);
}

void MainWindow::showSuggested(bool on)
{
    if (!m_store)
        return;
    std::vector<qint64> ids;
    if (on)
        for (const FrameSuggestion &s : segSuggestions(*m_store))
            ids.push_back(s.frameId);
    if (on && ids.empty())
        statusBar()->showMessage(tr("No suggestions yet: Model > Segmentation model > Suggest next frames to label."), 8000);
    m_model->setOrder(ids);
    if (m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0));
    m_listHeader->setText(tr("%n frame(s) shown", nullptr, m_model->rowCount()));
}

void MainWindow::showFrame(qint64 frameId)
{
    if (!m_store)
        return;
    m_autosaver->flush(); // the previous frame's edits are in the store before we leave it
    const std::optional<Frame> frame = m_store->frame(frameId);
    if (!frame) {
        statusBar()->showMessage(tr("Frame %1 no longer exists").arg(frameId), 5000);
        return;
    }
    m_frameId = frameId;
    QImage shown;
    try {
        const DecodedFrame decoded = m_prefetch.take(m_store->absolutePath(frame->mediaPath));
        m_frameBgr = decoded.bgr;
        shown = decoded.image;
    } catch (const std::exception &e) {
        m_frameBgr = cv::Mat();
        m_view->clear();
        m_editor->setFrame(0, cv::Mat());
        m_properties->setFrame(*frame, frame->videoId ? m_store->video(*frame->videoId) : std::nullopt, 0);
        statusBar()->showMessage(tr("Cannot load frame %1: %2").arg(frameId).arg(QString::fromUtf8(e.what())));
        return;
    }

    const FrameLayers masks = FrameLayers::load(*m_store, frameId, QSize(m_frameBgr.cols, m_frameBgr.rows), m_user);
    if (!masks.notShown.isEmpty())
        statusBar()->showMessage(masks.notShown.join(QStringLiteral("; ")), 8000);
    m_view->setFrame(shown, masks.layers);
    m_editor->setFrame(frameId, m_frameBgr);
    for (const auto &[structureId, version] : masks.baseVersions)
        m_autosaver->setBaseVersion(frameId, structureId, version);
    for (const LayerSpec &l : masks.layers)
        m_view->setLayerVisible(l.structureId, m_structures->isStructureVisible(l.structureId));
    refreshReviewPanel();
    m_structures->setFrameStatus(masks.status);
    m_properties->setFrame(*frame, frame->videoId ? m_store->video(*frame->videoId) : std::nullopt,
                           int(masks.layers.size()));
    updateComposite();
    const int row = m_model->rowOfFrame(frameId);
    m_prefetch.prefetch({m_model->mediaPathAt(row + 1), m_model->mediaPathAt(row - 1)},
                        m_store->absolutePath(frame->mediaPath));
    Q_EMIT frameLoaded(frameId);
}

void MainWindow::setTrainingComposite(bool on)
{
    m_compositeAction->setChecked(on);
}

bool MainWindow::trainingComposite() const
{
    return m_compositeAction->isChecked();
}

// The composite is the TrainingOverlay itself, not a look-alike: the structure
// chosen in the Structures panel (or the frame's first mask) in green.
void MainWindow::updateComposite()
{
    if (!trainingComposite() || m_frameBgr.empty()) {
        m_view->setCompositeImage(QImage());
        if (!trainingComposite())
            statusBar()->clearMessage();
        return;
    }
    const std::vector<MaskLayer *> layers = m_view->layers();
    MaskLayer *chosen = m_view->layer(m_structures->currentStructure());
    if (!chosen && !layers.empty())
        chosen = layers.front();
    const TrainingOverlay overlay(m_store);
    cv::Mat mask = chosen ? qImageToMask(chosen->mask()) : cv::Mat(m_frameBgr.size(), CV_8UC1, cv::Scalar(0));
    m_view->setCompositeImage(matToQImage(overlay.compose(m_frameBgr, mask)));
    statusBar()->showMessage(chosen ? tr("Training composite: %1 (green overlay, opacity %2)")
                                          .arg(chosen->name())
                                          .arg(overlay.alpha(), 0, 'f', 2)
                                    : tr("Training composite: this frame has no mask"));
}

void MainWindow::setAllLayersVisible(bool visible)
{
    if (!m_store)
        return;
    for (const Structure &s : m_store->structures())
        m_structures->setStructureVisible(s.id, visible);
}

void MainWindow::nextFrame()
{
    const int row = m_list->currentIndex().row();
    if (row + 1 < m_model->rowCount())
        m_list->setCurrentIndex(m_model->index(row + 1));
}

void MainWindow::previousFrame()
{
    const int row = m_list->currentIndex().row();
    if (row > 0)
        m_list->setCurrentIndex(m_model->index(row - 1));
}

void MainWindow::showWrittenMasks()
{
    const qint64 keep = m_frameId;
    m_model->reload();
    m_filters->refreshAnnotators(m_store);
    if (keep)
        showFrame(keep);
}

void MainWindow::refreshFrameStatus()
{
    if (!m_store || !m_frameId)
        return;
    m_structures->setFrameStatus(FrameLayers::reviewStatus(*m_store, m_frameId, m_user));
    m_filters->refreshAnnotators(m_store);
    m_saveLabel->setText(m_autosaver->hasPendingChanges() ? tr("Unsaved changes") : tr("All changes saved"));
    refreshReviewPanel();
}

void MainWindow::refreshReviewPanel()
{
    m_review->setContext(m_store, m_frameId, m_structures->currentStructure(), m_user);
    m_consensus->setContext(m_store, m_frameId, m_structures->currentStructure(), m_user);
    refreshIssues();
}

void MainWindow::refreshIssues()
{
    m_issues->setContext(m_store, m_frameId, m_user);
    std::vector<IssuePin> pins;
    int number = 0;
    for (const ReviewIssue &i : m_issues->issues())
        pins.push_back({i.id, ++number, QRectF(i.x, i.y, i.width, i.height), i.status == IssueStatus::Open});
    m_view->issuePins()->setPins(QRectF(QPointF(0, 0), QSizeF(m_view->frame().size())), pins);
    m_view->issuePins()->setHighlighted(m_issues->currentIssueId());
}

void MainWindow::pinIssue(qint64 frameId, const QRectF &area)
{
    if (!m_store || frameId != m_frameId)
        return;
    if (m_user.role != UserRole::Reviewer) {
        statusBar()->showMessage(tr("Only reviewers can open review issues (Edit > User…)."), 8000);
        return;
    }
    const auto structure = m_store->structure(m_structures->currentStructure());
    if (!structure) {
        statusBar()->showMessage(tr("Choose the structure the issue is about (keys 1–9)."), 8000);
        return;
    }
    const QString where = area.isEmpty()
        ? tr("%1, point (%2, %3)").arg(structureDisplayName(*structure)).arg(qRound(area.x())).arg(qRound(area.y()))
        : tr("%1, area %2 × %3 at (%4, %5)")
              .arg(structureDisplayName(*structure))
              .arg(qRound(area.width()))
              .arg(qRound(area.height()))
              .arg(qRound(area.x()))
              .arg(qRound(area.y()));
    auto *dialog = new IssueDialog(where, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 structureId = structure->id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, frameId, structureId, area] {
        if (!m_store || frameId != m_frameId)
            return; // the frame changed while the dialog was open
        m_autosaver->flush(); // the issue names the mask version the reviewer sees
        try {
            const ReviewIssue issue = openIssue(*m_store, frameId, structureId, area, m_user, dialog->comment());
            refreshFrameStatus();
            m_issuesDock->show();
            m_issuesDock->raise();
            m_issues->selectIssue(issue.id);
            statusBar()->showMessage(tr("Review issue opened"), 4000);
        } catch (const std::exception &e) {
            statusBar()->showMessage(QString::fromUtf8(e.what()), 8000);
        }
    });
    dialog->open();
}

bool MainWindow::jumpToIssue(bool forward)
{
    if (!m_store)
        return false;
    m_autosaver->flush();
    const auto issue = adjacentOpenIssue(*m_store, m_frameId, m_issues->currentIssueId(), forward);
    if (!issue)
        return false;
    if (m_model->rowOfFrame(issue->frameId) < 0) { // hidden by a filter: show everything
        m_filters->setProject(m_store);
        m_model->setFilter({});
    }
    if (!selectFrame(issue->frameId))
        return false;
    m_structures->setCurrentStructure(issue->structureId);
    m_issuesDock->show();
    m_issuesDock->raise();
    m_issues->selectIssue(issue->id);
    const double margin = 40 / std::max(m_view->zoom(), 1e-6);
    m_view->ensureVisible(QRectF(issue->x, issue->y, issue->width, issue->height).adjusted(-margin, -margin, margin,
                                                                                          margin));
    return true;
}

void MainWindow::setUser(const UserIdentity &user, UserScope scope)
{
    // One user everywhere: masks, reviews, the audit log and saved answers all
    // name currentUserName(), so the choice is made there before anything uses it.
    if (scope == UserScope::Session) {
        setSessionUserName(user.name);
        m_user = {currentUserName(), user.role};
    } else {
        setSessionUserName({});
        const UserIdentity stored = currentUser();
        if (user.name != stored.name || user.role != stored.role)
            setCurrentUser(user);
        m_user = currentUser(); // an empty name falls back to the login name
    }
    m_autosaver->setAuthor(m_user.name); // flushes edits made under the previous name
    m_autosaver->setRole(m_user.role);
    m_userLabel->setText(
        tr("%1 · %2").arg(m_user.name, m_user.role == UserRole::Reviewer ? tr("Reviewer") : tr("Annotator")));
    reloadFrameLayers();
}

void MainWindow::reloadFrameLayers()
{
    if (m_store && m_frameId) {
        m_autosaver->flush();
        // The layers may now be other masks (own annotation vs. reference): no undo may cross over.
        m_editor->clearHistory();
        showFrame(m_frameId);
        refreshFrameStatus(); // also the save state: a refused edit of the previous user is gone
    }
    refreshReviewPanel();
}

// In a team project the person is their server login (the server checks every author
// against it) with the role the server gives them; leaving it restores the previous user.
void MainWindow::applyTeamIdentity()
{
    if (m_store && m_store->isTeam()) {
        const TeamSession session = m_store->teamSession();
        if (!m_userBeforeTeam)
            m_userBeforeTeam = m_user;
        // A reviewer who also annotates keeps the role chosen last (Edit > User… switches it).
        const bool reviewer = session.has(TeamRole::Reviewer)
                              && (m_user.role == UserRole::Reviewer || !session.has(TeamRole::Annotator));
        setUser({session.login, reviewer ? UserRole::Reviewer : UserRole::Annotator}, UserScope::Session);
    } else if (m_userBeforeTeam) {
        setUser(*std::exchange(m_userBeforeTeam, std::nullopt), UserScope::Session);
    }
}

void MainWindow::editUserDialog()
{
    UserDialog dialog(m_user, this);
    if (m_store && m_store->isTeam())
        dialog.lockName(tr("In a team project you work under your server login."));
    if (dialog.exec() != QDialog::Accepted)
        return;
    setUser(dialog.user());
}

void MainWindow::setReviewMode(bool on)
{
    if (m_reviewMenu->reviewMode() != on) {
        m_reviewMenu->setReviewMode(on); // comes back here through reviewModeChanged()
        return;
    }
    if (on) {
        m_reviewDock->show();
        m_reviewDock->raise();
    }
    // Review mode lists the frames waiting for review; leaving it lists all frames again.
    m_filters->reviewStateBox()->setCurrentIndex(
        on ? std::max(0, m_filters->reviewStateBox()->findData(reviewStateToString(ReviewState::Submitted))) : 0);
    refreshReviewPanel();
}

bool MainWindow::reviewMode() const
{
    return m_reviewMenu->reviewMode();
}

bool MainWindow::nextFrameNeedingReview()
{
    if (!m_store)
        return false;
    m_autosaver->flush();
    const auto next = sd::nextFrameNeedingReview(*m_store, m_user, m_frameId);
    if (!next)
        return false;
    if (m_model->rowOfFrame(*next) < 0) { // hidden by a filter: show everything
        m_filters->setProject(m_store);
        m_model->setFilter({});
    }
    if (!selectFrame(*next))
        return false;
    // Select the structure to review, so the panel shows it.
    for (const Mask &m : m_store->masksForFrame(*next))
        if (canApprove(*m_store, m.id, m_user)) {
            m_structures->setCurrentStructure(m.structureId);
            break;
        }
    m_reviewDock->show();
    m_reviewDock->raise();
    return true;
}

void MainWindow::toggleSoloLayer()
{
    if (!m_store)
        return;
    m_solo = !m_solo;
    const qint64 current = m_structures->currentStructure();
    for (const Structure &s : m_store->structures())
        m_structures->setStructureVisible(s.id, !m_solo || s.id == current);
}

// File exchange through core (COCO, PNG masks): errors are shown, nothing half-written.
void MainWindow::runExchange(const QString &title, const std::function<QString()> &work, bool reload)
{
    if (!m_store)
        return;
    m_autosaver->flush();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString summary, error;
    try {
        summary = work();
    } catch (const std::exception &e) {
        error = QString::fromUtf8(e.what());
    }
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty()) {
        QMessageBox::critical(this, title, error);
        return;
    }
    if (reload) {
        const qint64 keep = m_frameId;
        m_model->reload();
        m_filters->refreshAnnotators(m_store);
        if (!selectFrame(keep) && m_model->rowCount() > 0)
            m_list->setCurrentIndex(m_model->index(0));
        else if (keep)
            showFrame(keep); // masks may have changed
    }
    QMessageBox::information(this, title, summary);
}

void MainWindow::importVideoDialog()
{
    if (!m_store)
        return;
    m_autosaver->flush();
    VideoImportDialog dialog(m_store->folder(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_model->reload();
    const std::vector<qint64> &ids = dialog.result().frameIds;
    if (!ids.empty())
        selectFrame(ids.front());
    statusBar()->showMessage(tr("Imported %n frame(s) from the video", nullptr, int(ids.size())), 8000);
}

void MainWindow::openProjectDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Open project"), m_store ? QFileInfo(m_store->folder()).absolutePath() : QDir::homePath());
    if (!folder.isEmpty())
        openProjectFolder(folder);
}

void MainWindow::newDemoProjectDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose a new, empty folder for the demo project"), QDir::homePath());
    if (folder.isEmpty())
        return;
    QString error;
    DemoOptions options;
    options.clips = kDemoClips; // propagation has clips to show on
    if (!createDemoProjectWithProgress(this, folder, options, &error)) {
        if (!error.isEmpty())
            QMessageBox::critical(this, tr("New demo project"), error);
        return;
    }
    openProjectFolder(folder);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About SurgDistill"),
                       tr("<h3>SurgDistill %1</h3>"
                          "<p>Distils a surgical team's annotated operation videos into a local, private "
                          "vision-language model that explains anatomy for Complete Mesocolic Excision.</p>"
                          "<p>Clinical texts need review by a surgeon before clinical use.</p>")
                           .arg(QApplication::applicationVersion()));
}

} // namespace sd::ui
