#include "reviewmenu.h"

#include "consensus/honeypots.h"
#include "consensus/independentannotation.h"
#include "currentuser.h"
#include "reviewissues.h"
#include "reviewpanel.h"
#include "reviewworkflow.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QSignalBlocker>

namespace sd::ui {

ReviewMenu::ReviewMenu(QWidget *window, QMenuBar *menuBar, ReviewPanel *panel,
                       std::function<bool()> nextFrameNeedingReview, std::function<bool(bool)> jumpToIssue)
    : ProjectMenu(window, menuBar, tr("&Review"), QStringLiteral("reviewMenu")),
      m_nextFrameNeedingReview(std::move(nextFrameNeedingReview)), m_jumpToIssue(std::move(jumpToIssue))
{
    QMenu *review = menu();
    m_reviewMode = review->addAction(tr("Review &mode"));
    m_reviewMode->setObjectName(QStringLiteral("reviewModeAction"));
    m_reviewMode->setCheckable(true);
    m_reviewMode->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    connect(m_reviewMode, &QAction::toggled, this, &ReviewMenu::reviewModeChanged);
    m_nextReview = review->addAction(tr("&Next frame needing my review"), this, [this] {
        if (!m_nextFrameNeedingReview())
            Q_EMIT message(tr("No frame is waiting for your review."), 5000);
    });
    m_nextReview->setObjectName(QStringLiteral("nextReviewAction"));
    m_nextReview->setShortcut(QKeySequence(tr("Ctrl+R")));
    review->addSeparator();
    QAction *submit = review->addAction(tr("&Submit for review"), panel, &ReviewPanel::submit);
    submit->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    QAction *approve = review->addAction(tr("&Approve"), panel, &ReviewPanel::approve);
    approve->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    review->addAction(tr("Request &changes"), panel, &ReviewPanel::requestChanges);
    review->addSeparator();
    // Ctrl+. / Ctrl+, : like "next / previous" in many review tools, and free in this window.
    m_nextIssue = review->addAction(tr("Next open &issue"), this, [this] {
        if (!m_jumpToIssue(true))
            Q_EMIT message(tr("No review issue is open in this project."), 5000);
    });
    m_nextIssue->setObjectName(QStringLiteral("nextIssueAction"));
    m_nextIssue->setShortcut(QKeySequence(tr("Ctrl+.")));
    m_previousIssue = review->addAction(tr("Pre&vious open issue"), this, [this] {
        if (!m_jumpToIssue(false))
            Q_EMIT message(tr("No review issue is open in this project."), 5000);
    });
    m_previousIssue->setObjectName(QStringLiteral("previousIssueAction"));
    m_previousIssue->setShortcut(QKeySequence(tr("Ctrl+,")));
    review->addSeparator();
    m_twoReviews = review->addAction(tr("Require two independent reviews"));
    m_twoReviews->setCheckable(true);
    connect(m_twoReviews, &QAction::triggered, this, &ReviewMenu::setTwoReviews);
    m_blockSubmission = review->addAction(tr("Block submission while issues are open"));
    m_blockSubmission->setObjectName(QStringLiteral("blockSubmissionAction"));
    m_blockSubmission->setCheckable(true);
    m_blockSubmission->setToolTip(tr("A mask cannot be submitted for review while review issues on it are open"));
    connect(m_blockSubmission, &QAction::triggered, this, &ReviewMenu::setBlockSubmission);
    review->addSeparator();
    addProjectAction(tr("&Independent annotations per frame…"), "independentAnnotationsAction",
                                     tr("Independent annotations per frame"),
                                     [this](ProjectStore &) { askIndependentAnnotations(); });
    addProjectAction(tr("Mark &honeypot frames…"), "honeypotsAction", tr("Mark honeypot frames"),
                     [this](ProjectStore &) { askHoneypots(); });
}

void ReviewMenu::askIndependentAnnotations()
{
    bool ok = false;
    const int n = QInputDialog::getInt(window(), tr("Independent annotations per frame"),
                                       tr("How many annotators annotate each frame independently? With 1, everyone "
                                          "edits the one shared mask."),
                                       consensus::independentAnnotations(*project()), 1,
                                       consensus::kMaxIndependentAnnotations, 1, &ok);
    if (!ok)
        return;
    try {
        consensus::setIndependentAnnotations(*project(), n);
    } catch (const std::exception &e) {
        Q_EMIT message(QString::fromUtf8(e.what()), 8000);
        return;
    }
    Q_EMIT message(tr("Each frame now gets %1 independent annotation(s).").arg(n), 5000);
    Q_EMIT independentAnnotationsChanged(n);
}

void ReviewMenu::askHoneypots()
{
    bool ok = false;
    const double percent = QInputDialog::getDouble(window(), tr("Mark honeypot frames"),
                                                   tr("Share of the approved frames to offer again as ground-truth "
                                                      "checks (percent):"),
                                                   10, 0.1, 100, 1, &ok);
    if (!ok)
        return;
    const int seed = QInputDialog::getInt(window(), tr("Mark honeypot frames"),
                                          tr("Random seed (the same seed picks the same frames):"), 1, 0,
                                          std::numeric_limits<int>::max(), 1, &ok);
    if (!ok)
        return;
    try {
        const consensus::HoneypotSelection s =
            consensus::markHoneypots(*project(), percent / 100.0, seed, currentUserName());
        Q_EMIT message(tr("%1 new honeypot frame(s); %2 of %3 approved frames are honeypots.")
                           .arg(s.newlyMarked.size())
                           .arg(s.alreadyMarked + int(s.newlyMarked.size()))
                           .arg(s.approvedFrames),
                       8000);
        Q_EMIT independentAnnotationsChanged(consensus::independentAnnotations(*project()));
    } catch (const std::exception &e) {
        Q_EMIT message(QString::fromUtf8(e.what()), 8000);
    }
}

bool ReviewMenu::reviewMode() const
{
    return m_reviewMode->isChecked();
}

void ReviewMenu::setReviewMode(bool on)
{
    m_reviewMode->setChecked(on);
}

void ReviewMenu::setTwoReviews(bool on)
{
    if (project()) {
        try {
            setReviewsRequired(*project(), on ? 2 : 1);
        } catch (const std::exception &e) {
            Q_EMIT message(QString::fromUtf8(e.what()), 8000);
        }
    }
    projectChanged(); // the check mark says what the project holds, also when that failed
    if (project())
        Q_EMIT reviewsRequiredChanged(reviewsRequired(*project()));
}

void ReviewMenu::setBlockSubmission(bool on)
{
    if (project()) {
        try {
            setBlockSubmissionWhileIssuesOpen(*project(), on);
        } catch (const std::exception &e) {
            Q_EMIT message(QString::fromUtf8(e.what()), 8000); // e.g. a team project's non-admin
        }
    }
    projectChanged(); // the check mark says what the project holds, also when that failed
    if (project())
        Q_EMIT blockSubmissionChanged(blockSubmissionWhileIssuesOpen(*project()));
}

void ReviewMenu::projectChanged()
{
    const QSignalBlocker block(m_twoReviews);
    m_twoReviews->setChecked(project() && reviewsRequired(*project()) == 2);
    const QSignalBlocker blockIssues(m_blockSubmission);
    m_blockSubmission->setChecked(project() && blockSubmissionWhileIssuesOpen(*project()));
}

} // namespace sd::ui
