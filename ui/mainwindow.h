// The workspace window: frame list (left), frame view with mask layers
// (centre), structures and frame properties (right). A later issue adds the
// annotation tools on top of FrameView's editable mask layers.
#pragma once

#include <QMainWindow>
#include <memory>

#include <opencv2/core.hpp>

class QLabel;
class QListView;
class QAction;
class QMenu;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class FrameListModel;
class FramePropertiesPanel;
class FrameView;
class ModelWindows;
class StructurePanel;
class SyntheticBanner;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // store may be null (empty workspace); it is not owned and must outlive the window
    // or the next setProject() call.
    explicit MainWindow(ProjectStore *store = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setProject(ProjectStore *store);                 // not owned
    void setProject(std::unique_ptr<ProjectStore> store); // owned
    ProjectStore *project() const { return m_store; }
    // Opens a project folder; shows a message box and returns false on failure.
    bool openProjectFolder(const QString &folder);

    bool selectFrame(qint64 frameId);
    qint64 currentFrameId() const { return m_frameId; }

    void setTrainingComposite(bool on);
    bool trainingComposite() const;

    // Parts, for the annotation workspace built on top and for tests.
    FrameView *frameView() const { return m_view; }
    QListView *frameList() const { return m_list; }
    FrameListModel *frameModel() const { return m_model; }
    StructurePanel *structurePanel() const { return m_structures; }
    FramePropertiesPanel *propertiesPanel() const { return m_properties; }
    SyntheticBanner *syntheticBanner() const { return m_banner; }
    QLabel *syntheticStatusLabel() const { return m_syntheticLabel; }
    ModelWindows *modelWindows() const { return m_modelWindows; } // training, ask, tutor

Q_SIGNALS:
    void frameLoaded(qint64 frameId);

protected:
    void closeEvent(QCloseEvent *event) override;

private Q_SLOTS:
    void openProjectDialog();
    void newDemoProjectDialog();
    void nextFrame();
    void previousFrame();
    void showAbout();
    void expertReviewDialog();

private:
    void buildUi();
    void buildMenus();
    void buildLanguageMenu(QMenu *menu);
    void setupTeacherMenu(); // ui/mainwindowteacher.cpp
    void setupTrainingMenu();
    void restoreLayout();
    void saveLayout() const;
    void projectChanged();
    void showFrame(qint64 frameId);
    void updateComposite();
    void setAllLayersVisible(bool visible);

    ProjectStore *m_store = nullptr;
    std::unique_ptr<ProjectStore> m_ownedStore;
    qint64 m_frameId = 0;
    cv::Mat m_frameBgr; // the current frame as loaded, for the training composite

    FrameListModel *m_model = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_listHeader = nullptr;
    FrameView *m_view = nullptr;
    SyntheticBanner *m_banner = nullptr;
    StructurePanel *m_structures = nullptr;
    FramePropertiesPanel *m_properties = nullptr;
    QLabel *m_syntheticLabel = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QLabel *m_cursorLabel = nullptr;
    QAction *m_compositeAction = nullptr;
    ModelWindows *m_modelWindows = nullptr;
};

} // namespace sd::ui
