// The Review menu: review mode, the next frame needing my review, submit /
// approve / request changes on the Review panel, and whether a mask needs two
// independent reviews. What review mode shows (the panel in front, the frames
// waiting for review) is the workspace's: it follows reviewModeChanged().
#pragma once

#include "widgets/projectmenu.h"

namespace sd::ui {

class ReviewPanel;

class ReviewMenu : public ProjectMenu {
    Q_OBJECT
public:
    // nextFrameNeedingReview selects that frame in the workspace; false when none is waiting.
    ReviewMenu(QWidget *window, QMenuBar *menuBar, ReviewPanel *panel, std::function<bool()> nextFrameNeedingReview);

    bool reviewMode() const;
    void setReviewMode(bool on); // checks the action; reviewModeChanged() follows on a change
    QAction *reviewModeAction() const { return m_reviewMode; }
    QAction *nextReviewAction() const { return m_nextReview; }

Q_SIGNALS:
    void reviewModeChanged(bool on);
    void reviewsRequiredChanged(int reviews); // 1 or 2
    void independentAnnotationsChanged(int annotations); // who edits what on a frame changed

protected:
    void projectChanged() override;

private:
    void setTwoReviews(bool on);
    void askIndependentAnnotations();
    void askHoneypots();

    std::function<bool()> m_nextFrameNeedingReview;
    QAction *m_reviewMode = nullptr;
    QAction *m_nextReview = nullptr;
    QAction *m_twoReviews = nullptr;
};

} // namespace sd::ui
