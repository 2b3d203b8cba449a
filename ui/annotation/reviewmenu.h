// The Review menu: review mode, the next frame needing my review, submit /
// approve / request changes on the Review panel, the next / previous open review
// issue of the project, and the project's review rules: whether a mask needs two
// independent reviews, whether open issues block its submission. What review mode shows (the panel in front, the frames
// waiting for review) is the workspace's: it follows reviewModeChanged().
#pragma once

#include "widgets/projectmenu.h"

namespace sd::ui {

class ReviewPanel;

class ReviewMenu : public ProjectMenu {
    Q_OBJECT
public:
    // nextFrameNeedingReview selects that frame in the workspace; false when none is waiting.
    // jumpToIssue(forward) shows the next / previous open issue; false when none is open.
    ReviewMenu(QWidget *window, QMenuBar *menuBar, ReviewPanel *panel, std::function<bool()> nextFrameNeedingReview,
               std::function<bool(bool forward)> jumpToIssue);

    bool reviewMode() const;
    void setReviewMode(bool on); // checks the action; reviewModeChanged() follows on a change
    QAction *reviewModeAction() const { return m_reviewMode; }
    QAction *nextReviewAction() const { return m_nextReview; }
    QAction *nextIssueAction() const { return m_nextIssue; }
    QAction *previousIssueAction() const { return m_previousIssue; }
    QAction *blockSubmissionAction() const { return m_blockSubmission; }

Q_SIGNALS:
    void reviewModeChanged(bool on);
    void reviewsRequiredChanged(int reviews); // 1 or 2
    void independentAnnotationsChanged(int annotations); // who edits what on a frame changed
    void blockSubmissionChanged(bool on);

protected:
    void projectChanged() override;

private:
    void setTwoReviews(bool on);
    void setBlockSubmission(bool on);
    void askIndependentAnnotations();
    void askHoneypots();

    std::function<bool()> m_nextFrameNeedingReview;
    std::function<bool(bool)> m_jumpToIssue;
    QAction *m_reviewMode = nullptr;
    QAction *m_nextReview = nullptr;
    QAction *m_nextIssue = nullptr;
    QAction *m_previousIssue = nullptr;
    QAction *m_twoReviews = nullptr;
    QAction *m_blockSubmission = nullptr;
};

} // namespace sd::ui
