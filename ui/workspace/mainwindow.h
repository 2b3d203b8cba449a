// The workspace window: frame list with filters (left), frame view with mask
// layers and the annotation tools (centre), structures, frame properties and
// the review panel (right). The shell's own menus (File, Edit, View, Help) are
// built here; every feature brings its menu as a ProjectMenu (Tools, Review,
// Teacher, Evaluation, Model) that the shell only creates and wires.
// Edits are undoable per frame and autosaved (MaskAutosaver); the current
// user (Edit > User…) is the author of saved masks and of reviews.
#pragma once

#include "frames/frameprefetcher.h"
#include "reviewworkflow.h"
#include "store/teamconnection.h"

#include <QMainWindow>
#include <QSet>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

class QLabel;
class QListView;
class QAction;
class QMenu;
class QDockWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class AnnotationEditor;
class AnnotationToolsMenu;
class ConflictNotice;
class TeamStatus;
class ConsensusPanel;
class FrameFilterBar;
class FrameListModel;
class FramePropertiesPanel;
class MaskAutosaver;
class ReviewPanel;
class FrameView;
class IssuesPanel;
class ModelWindows;
class ProjectMenu;
class ReviewMenu;
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
    // File > Open team project… (askFirst) and Open recent: see teamprojectopener.h.
    bool openTeamProject(const TeamConnection &connection, bool askFirst);
    TeamStatus *teamStatus() const { return m_teamStatus; }
    ConflictNotice *conflictNotice() const { return m_conflictNotice; }

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
    AnnotationEditor *editor() const { return m_editor; }
    MaskAutosaver *autosaver() const { return m_autosaver; }
    ReviewPanel *reviewPanel() const { return m_review; }
    ConsensusPanel *consensusPanel() const { return m_consensus; }
    IssuesPanel *issuesPanel() const { return m_issues; }
    QDockWidget *issuesDock() const { return m_issuesDock; }
    FrameFilterBar *filterBar() const { return m_filters; }
    FramePrefetcher &prefetcher() { return m_prefetch; }

    // The current user (default from QSettings, see userdialog.h).
    UserIdentity user() const { return m_user; }
    // Remembered (Edit > User…) or for this process only (surgdistill --user).
    enum class UserScope { Remembered, Session };
    void setUser(const UserIdentity &user, UserScope scope = UserScope::Remembered);
    // Review mode: the review panel in front and only frames awaiting review listed.
    void setReviewMode(bool on);
    bool reviewMode() const;
    // Selects the next frame with a mask this user may review; false when none.
    bool nextFrameNeedingReview();
    // Shows the project's next / previous open review issue: its frame and structure, the
    // Issues panel with it selected and its pin highlighted; false when none is open.
    bool jumpToIssue(bool forward);
    // The pin-issue tool's place on the shown frame: asks a reviewer for the first comment
    // (an IssueDialog, window-modal and not blocking) and opens the issue on the current structure.
    void pinIssue(qint64 frameId, const QRectF &area);

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

private:
    void buildUi();
    void buildMenus();
    void buildFileMenu();
    void buildEditMenu();
    void buildViewMenu();
    void buildFeatureMenus();
    template <class Feature>
    Feature *join(Feature *feature);
    void buildHelpMenu();
    void buildToolBars();
    void buildLanguageMenu(QMenu *menu);
    void runExchange(const QString &title, const std::function<QString()> &work, bool reload);
    void importVideoDialog();
    void editUserDialog();
    void refreshFrameStatus();
    // Masks were written behind the editor (model drafts, propagation): the list and the frame anew.
    void showWrittenMasks();
    void refreshReviewPanel();
    void refreshIssues(); // the Issues panel and the pins on the frame
    // Who edits what changed (user, independent annotations, honeypots): the frame's layers anew.
    void reloadFrameLayers();
    void toggleSoloLayer();
    void restoreLayout();
    void saveLayout() const;
    void projectChanged();
    bool mayLeaveProject(); // false: unsaved edits and the person keeps the project open
    void applyTeamIdentity();
    void applyRemoteChanges(const QSet<qint64> &frameIds);
    void fillRecentMenu();
    void showFrame(qint64 frameId);
    void showSuggested(bool on); // the frame list shows only the model's "Suggested next" frames
    void useSegModelForSmartSelect();
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
    std::vector<ProjectMenu *> m_features; // the features' menus, given each project
    AnnotationToolsMenu *m_toolsMenu = nullptr;
    ReviewMenu *m_reviewMenu = nullptr;
    ModelWindows *m_modelWindows = nullptr;
    std::map<QString, QAction *> m_actions; // by objectName, for menus and tool bars

    AnnotationEditor *m_editor = nullptr;
    MaskAutosaver *m_autosaver = nullptr;
    ReviewPanel *m_review = nullptr;
    QDockWidget *m_reviewDock = nullptr;
    TeamStatus *m_teamStatus = nullptr;
    ConflictNotice *m_conflictNotice = nullptr;
    QMenu *m_recentMenu = nullptr;
    std::optional<UserIdentity> m_userBeforeTeam; // who worked here before a team project opened
    QDockWidget *m_consensusDock = nullptr;
    ConsensusPanel *m_consensus = nullptr;
    QDockWidget *m_issuesDock = nullptr;
    IssuesPanel *m_issues = nullptr;
    FrameFilterBar *m_filters = nullptr;
    UserIdentity m_user;
    QLabel *m_userLabel = nullptr;
    QLabel *m_saveLabel = nullptr;
    bool m_solo = false;
    FramePrefetcher m_prefetch; // neighbours of the current frame, decoded in the background
};

} // namespace sd::ui
