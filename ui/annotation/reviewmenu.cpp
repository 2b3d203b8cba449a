#include "reviewmenu.h"

#include "reviewpanel.h"
#include "reviewworkflow.h"

#include <QAction>
#include <QMenu>
#include <QSignalBlocker>

namespace sd::ui {

ReviewMenu::ReviewMenu(QWidget *window, QMenuBar *menuBar, ReviewPanel *panel,
                       std::function<bool()> nextFrameNeedingReview)
    : ProjectMenu(window, menuBar, tr("&Review"), QStringLiteral("reviewMenu")),
      m_nextFrameNeedingReview(std::move(nextFrameNeedingReview))
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
    m_twoReviews = review->addAction(tr("Require two independent reviews"));
    m_twoReviews->setCheckable(true);
    connect(m_twoReviews, &QAction::triggered, this, &ReviewMenu::setTwoReviews);
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

void ReviewMenu::projectChanged()
{
    const QSignalBlocker block(m_twoReviews);
    m_twoReviews->setChecked(project() && reviewsRequired(*project()) == 2);
}

} // namespace sd::ui
