#include "mainwindow.h"

#include "democreationdialog.h"
#include "displaynames.h"
#include "expertreviewdialog.h"
#include "framelistdelegate.h"
#include "framelistmodel.h"
#include "framepropertiespanel.h"
#include "frameview.h"
#include "imageconvert.h"
#include "imageio.h"
#include "masklayer.h"
#include "modelwindows.h"
#include "overlay.h"
#include "projectstore.h"
#include "structurepanel.h"
#include "syntheticbanner.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
constexpr int kStateVersion = 1;
const char *const kSettingsGroup = "MainWindow";
} // namespace

MainWindow::MainWindow(ProjectStore *store, QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    buildUi();
    buildMenus();
    setupTrainingMenu();
    restoreLayout();
    setProject(store);
}

MainWindow::~MainWindow()
{
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
    m_view = new FrameView(centre);
    centreLayout->addWidget(m_banner);
    centreLayout->addWidget(m_view, 1);
    setCentralWidget(centre);

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
    framesLayout->addWidget(m_listHeader);
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
    propertiesDock->setWidget(m_properties);
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock);
    resizeDocks({framesDock, structuresDock}, {340, 350}, Qt::Horizontal); // room for "Vena mesenterica inferior" + review state
    resizeDocks({structuresDock, propertiesDock}, {260, 400}, Qt::Vertical);

    // Status bar.
    m_syntheticLabel = new QLabel(tr("Synthetic demo frames — not patient data"), this);
    m_syntheticLabel->setObjectName(QStringLiteral("syntheticStatusLabel"));
    m_syntheticLabel->setStyleSheet(QStringLiteral("QLabel { color: #2b2100; background: #f2c14e; "
                                                   "border-radius: 3px; padding: 1px 8px; font-weight: 600; }"));
    m_cursorLabel = new QLabel(this);
    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setMinimumWidth(90);
    statusBar()->addPermanentWidget(m_cursorLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    statusBar()->addPermanentWidget(m_syntheticLabel);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showFrame(m_model->frameIdAt(current.row()));
            });
    connect(m_structures, &StructurePanel::visibilityChanged, m_view, &FrameView::setLayerVisible);
    connect(m_structures, &StructurePanel::layerOpacityChanged, m_view, &FrameView::setLayerOpacity);
    connect(m_structures, &StructurePanel::currentStructureChanged, this, [this] {
        if (trainingComposite())
            updateComposite();
    });
    connect(m_view, &FrameView::zoomChanged, this,
            [this](double z) { m_zoomLabel->setText(tr("Zoom %1%").arg(qRound(z * 100))); });
    connect(m_view, &FrameView::cursorPixelChanged, this, [this](const QPoint &p, bool inside) {
        m_cursorLabel->setText(inside ? tr("x %1, y %2").arg(p.x()).arg(p.y()) : QString());
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open project…"), this, &MainWindow::openProjectDialog);
    open->setShortcut(QKeySequence::Open);
    QAction *demo = file->addAction(tr("&New demo project…"), this, &MainWindow::newDemoProjectDialog);
    demo->setShortcut(QKeySequence(tr("Ctrl+Shift+N")));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

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

    setupTeacherMenu();
    QMenu *evaluation = menuBar()->addMenu(tr("&Evaluation"));
    QAction *expert = evaluation->addAction(tr("&Blinded expert review…"), this, &MainWindow::expertReviewDialog);
    expert->setObjectName(QStringLiteral("expertReviewAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SurgDistill"), this, &MainWindow::showAbout);

    auto *bar = addToolBar(tr("View"));
    bar->setObjectName(QStringLiteral("viewToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(prev);
    bar->addAction(next);
    bar->addSeparator();
    bar->addAction(fit);
    bar->addAction(actual);
    bar->addAction(zoomIn);
    bar->addAction(zoomOut);
    bar->addSeparator();
    bar->addAction(m_compositeAction);
}

// Writes the "ui/language" setting that app/i18n reads at start-up: Qt
// cannot re-translate widgets built from tr() calls, so a restart applies it.
void MainWindow::expertReviewDialog()
{
    if (!m_store) {
        QMessageBox::information(this, tr("Blinded expert review"), tr("Open a project first."));
        return;
    }
    bool ok = false;
    const QString expert = QInputDialog::getText(this, tr("Blinded expert review"),
                                                 tr("Your name (stored with your scores):"), QLineEdit::Normal,
                                                 QString(), &ok).trimmed();
    if (!ok || expert.isEmpty())
        return;
    try {
        // A seed per expert: each expert sees a stable order of their own.
        ExpertReviewDialog dialog(*m_store, expert, qHash(expert), this);
        dialog.exec();
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Blinded expert review"), QString::fromUtf8(e.what()));
    }
}

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

// The Model menu (training dashboard, Ask the model, resident tutor): before Help.
void MainWindow::setupTrainingMenu()
{
    QAction *help = menuBar()->actions().constLast(); // buildMenus() adds Help last
    m_modelWindows = new ModelWindows(this, menuBar(), [this] { return m_frameId; });
    menuBar()->removeAction(help);
    menuBar()->addAction(help);
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
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::setProject(ProjectStore *store)
{
    std::unique_ptr<ProjectStore> previous = std::move(m_ownedStore);
    m_store = store;
    projectChanged();
    // `previous` (if owned) closes here, after nothing refers to it any more.
}

void MainWindow::setProject(std::unique_ptr<ProjectStore> store)
{
    std::unique_ptr<ProjectStore> previous = std::move(m_ownedStore);
    m_store = store.get();
    m_ownedStore = std::move(store);
    projectChanged();
}

bool MainWindow::openProjectFolder(const QString &folder)
{
    if (!ProjectStore::isProject(folder)) {
        QMessageBox::warning(this, tr("Open project"),
                             tr("%1 is not a SurgDistill project folder.").arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    try {
        setProject(ProjectStore::open(folder));
        return true;
    } catch (const std::exception &e) {
        QMessageBox::critical(this, tr("Open project"),
                              tr("Cannot open %1:\n%2").arg(QDir::toNativeSeparators(folder), QString::fromUtf8(e.what())));
        return false;
    }
}

void MainWindow::projectChanged()
{
    m_frameId = 0;
    m_frameBgr = cv::Mat();
    m_view->clear();
    m_properties->clear();
    m_model->setProject(m_store);
    m_modelWindows->setProject(m_store);
    m_structures->setStructures(m_store ? m_store->structures() : std::vector<Structure>{});
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

void MainWindow::showFrame(qint64 frameId)
{
    if (!m_store)
        return;
    const std::optional<Frame> frame = m_store->frame(frameId);
    if (!frame) {
        statusBar()->showMessage(tr("Frame %1 no longer exists").arg(frameId), 5000);
        return;
    }
    m_frameId = frameId;
    try {
        m_frameBgr = loadImage(m_store->absolutePath(frame->mediaPath));
    } catch (const std::exception &e) {
        m_frameBgr = cv::Mat();
        m_view->clear();
        m_properties->setFrame(*frame, frame->videoId ? m_store->video(*frame->videoId) : std::nullopt, 0);
        statusBar()->showMessage(tr("Cannot load frame %1: %2").arg(frameId).arg(QString::fromUtf8(e.what())));
        return;
    }

    std::vector<LayerSpec> layers;
    std::map<qint64, QString> status;
    const std::vector<Mask> masks = m_store->masksForFrame(frameId);
    for (const Structure &s : m_store->structures()) { // in the structures' display order
        for (const Mask &m : masks) {
            if (m.structureId != s.id)
                continue;
            if (m.rle.height != m_frameBgr.rows || m.rle.width != m_frameBgr.cols) {
                statusBar()->showMessage(tr("The %1 mask of frame %2 has the wrong size and is not shown")
                                             .arg(structureDisplayName(s))
                                             .arg(frameId),
                                         8000);
                continue;
            }
            layers.push_back({s.id, structureDisplayName(s), QColor(s.color), matToQImage(m.rle.decode())});
            const auto review = m_store->latestReview(m.id);
            status[s.id] = review ? reviewStateDisplayName(review->state) : tr("Not reviewed");
        }
    }
    m_view->setFrame(matToQImage(m_frameBgr), layers);
    for (const LayerSpec &l : layers)
        m_view->setLayerVisible(l.structureId, m_structures->isStructureVisible(l.structureId));
    m_structures->setFrameStatus(status);
    m_properties->setFrame(*frame, frame->videoId ? m_store->video(*frame->videoId) : std::nullopt,
                           int(layers.size()));
    updateComposite();
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

// The composite is composeOverlay() itself, not a look-alike: the structure
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
    double alpha = kDefaultOverlayAlpha;
    if (m_store) {
        bool ok = false;
        const double a = m_store->setting(QStringLiteral("overlay_alpha")).toDouble(&ok);
        if (ok && a >= 0 && a <= 1)
            alpha = a;
    }
    cv::Mat mask = chosen ? qImageToMask(chosen->mask()) : cv::Mat(m_frameBgr.size(), CV_8UC1, cv::Scalar(0));
    m_view->setCompositeImage(matToQImage(composeOverlay(m_frameBgr, mask, alpha)));
    statusBar()->showMessage(chosen ? tr("Training composite: %1 (green overlay, opacity %2)")
                                          .arg(chosen->name())
                                          .arg(alpha, 0, 'f', 2)
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
    if (!createDemoProjectWithProgress(this, folder, DemoOptions{}, &error)) {
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
