// Annotation pixel tools, annotator-vs-reviewer agreement and the review
// workflow's rules, on a real project file.
#include "imageio.h"
#include "maskcompare.h"
#include "masktools.h"
#include "store/projectstore.h"
#include "reviewworkflow.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace sd;

namespace {

// Distance from the pixel centre (x+.5, y+.5) to segment ab.
double segmentDistance(int x, int y, cv::Point2f a, cv::Point2f b)
{
    const cv::Point2f p(float(x) + 0.5f, float(y) + 0.5f), d = b - a;
    const float len2 = d.dot(d);
    const float t = len2 > 0 ? std::clamp((p - a).dot(d) / len2, 0.f, 1.f) : 0.f;
    const cv::Point2f e = p - (a + t * d);
    return std::sqrt(e.dot(e));
}

cv::Mat rectMask(int h, int w, cv::Rect r)
{
    cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
    m(r).setTo(255);
    return m;
}

} // namespace

class TestReviewWorkflow : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_projects = 0;

    struct Project {
        std::unique_ptr<ProjectStore> store;
        qint64 frameId = 0;
        qint64 structureId = 0;
    };

    Project newProject(int frames = 1)
    {
        Project p;
        p.store = ProjectStore::create(m_tmp.filePath(QString("p%1").arg(++m_projects)), "Review test");
        for (int i = 0; i < frames; ++i) {
            cv::Mat img(40, 60, CV_8UC3, cv::Scalar(10 * i, 20, 30));
            const QString rel = QString("media/frame-%1.png").arg(i + 1, 6, 10, QChar('0'));
            saveImagePng(p.store->absolutePath(rel), img);
            Frame f;
            f.contentHash = contentHash(img);
            f.width = 60;
            f.height = 40;
            f.mediaPath = rel;
            p.store->addFrame(f);
            if (i == 0)
                p.frameId = f.id;
        }
        p.structureId = p.store->structures().front().id;
        return p;
    }

    static UserIdentity reviewer(const QString &name) { return {name, UserRole::Reviewer}; }
    static UserIdentity annotator(const QString &name) { return {name, UserRole::Annotator}; }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void brushSegmentCoversExactlyTheRadius()
    {
        cv::Mat m(100, 120, CV_8UC1, cv::Scalar(0));
        const cv::Point2f a(20.5f, 30.5f), b(90.5f, 60.5f);
        const int radius = 7;
        const cv::Rect changed = masktools::paintSegment(m, a, b, radius);
        int inside = 0;
        for (int y = 0; y < m.rows; ++y)
            for (int x = 0; x < m.cols; ++x) {
                const double d = segmentDistance(x, y, a, b);
                const bool set = m.at<uchar>(y, x) == 255;
                if (d <= radius)
                    QVERIFY2(set, qPrintable(QString("pixel %1,%2 at distance %3 not painted").arg(x).arg(y).arg(d)));
                if (d > radius + 0.5)
                    QVERIFY2(!set, qPrintable(QString("pixel %1,%2 at distance %3 painted").arg(x).arg(y).arg(d)));
                if (set) {
                    ++inside;
                    QVERIFY(changed.contains(cv::Point(x, y)));
                }
            }
        QVERIFY(inside > 0);
        // The eraser clears what the brush painted.
        masktools::paintSegment(m, a, b, radius, true);
        QCOMPARE(cv::countNonZero(m), 0);
    }

    void polygonFillsItsInterior()
    {
        cv::Mat m(80, 80, CV_8UC1, cv::Scalar(0));
        const std::vector<cv::Point> poly{{10, 10}, {60, 15}, {50, 70}, {15, 50}};
        const cv::Rect r = masktools::fillPolygon(m, poly);
        QVERIFY(!r.empty());
        for (int y = 0; y < m.rows; ++y)
            for (int x = 0; x < m.cols; ++x) {
                const double inside = cv::pointPolygonTest(poly, cv::Point2f(float(x), float(y)), true);
                if (inside > 1.0)
                    QVERIFY(m.at<uchar>(y, x));
                if (inside < -1.0)
                    QVERIFY(!m.at<uchar>(y, x));
            }
        QCOMPARE(masktools::fillPolygon(m, {{1, 1}, {5, 5}}), cv::Rect()); // fewer than 3 points: nothing
    }

    void magicWandFollowsColourWithinTolerance()
    {
        cv::Mat frame(60, 80, CV_8UC3, cv::Scalar(40, 40, 40));
        frame(cv::Rect(20, 10, 30, 25)).setTo(cv::Scalar(40, 90, 200));
        frame(cv::Rect(20, 10, 10, 25)).setTo(cv::Scalar(45, 95, 205)); // within tolerance 10 of the rest
        const cv::Mat region = masktools::magicWandRegion(frame, cv::Point(35, 20), 10);
        QCOMPARE(cv::countNonZero(region), 30 * 25);
        QCOMPARE(cv::countNonZero(region(cv::Rect(20, 10, 30, 25))), 30 * 25);
        const cv::Mat tight = masktools::magicWandRegion(frame, cv::Point(35, 20), 2);
        QCOMPARE(cv::countNonZero(tight), 20 * 25);
        QVERIFY(masktools::magicWandRegion(frame, cv::Point(-1, 5), 10).empty());
    }

    void fillHolesAndRemoveIslands()
    {
        cv::Mat m = rectMask(50, 50, cv::Rect(10, 10, 20, 20));
        m(cv::Rect(15, 15, 5, 5)).setTo(0);  // a hole
        m(cv::Rect(0, 40, 3, 10)).setTo(0);  // background touching the border stays
        m.at<uchar>(45, 45) = 255;           // a one-pixel island
        cv::Mat before = m.clone();
        const cv::Rect holes = masktools::fillHoles(m);
        QCOMPARE(holes, cv::Rect(15, 15, 5, 5));
        QCOMPARE(cv::countNonZero(m), cv::countNonZero(before) + 25);
        const cv::Rect islands = masktools::removeSmallIslands(m, 10);
        QCOMPARE(islands, cv::Rect(45, 45, 1, 1));
        QCOMPARE(cv::countNonZero(m), 400);
        QCOMPARE(masktools::removeSmallIslands(m, 10), cv::Rect()); // nothing left to remove
    }

    void agreementBetweenAnnotatorAndReviewer()
    {
        Project p = newProject();
        ProjectStore &s = *p.store;
        const Mask v1 = s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {10, 10, 10, 10})), "alice");
        auto a = maskAgreement(s, v1.id);
        QVERIFY(a);
        QVERIFY(!a->reviewerEdited());
        QCOMPARE(a->dice, 1.0);
        // Alice refines (v2), then reviewer carol moves it by 5 px (v3): 50 of 100 pixels overlap.
        s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {10, 10, 10, 10})), "alice");
        s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {15, 10, 10, 10})), "carol");
        a = maskAgreement(s, v1.id);
        QCOMPARE(a->annotator, QString("alice"));
        QCOMPARE(a->annotatorVersion, 2);
        QCOMPARE(a->reviewer, QString("carol"));
        QCOMPARE(a->reviewerVersion, 3);
        QCOMPARE(a->dice, 2.0 * 50 / 200);
        QCOMPARE(a->iou, 50.0 / 150);
        QCOMPARE(frameAgreement(s, p.frameId).size(), size_t(1));
        QVERIFY(!maskAgreement(s, 9999));
    }

    void transitionsAndPermissions()
    {
        Project p = newProject();
        ProjectStore &s = *p.store;
        const qint64 id = s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {5, 5, 9, 9})), "alice").id;
        QCOMPARE(reviewState(s, id), ReviewState::Draft);
        QVERIFY_THROWS_EXCEPTION(ReviewError, approveMask(s, id, reviewer("carol"))); // not submitted
        submitForReview(s, id, annotator("alice"));
        QCOMPARE(reviewState(s, id), ReviewState::Submitted);
        QVERIFY_THROWS_EXCEPTION(ReviewError, submitForReview(s, id, annotator("alice"))); // already submitted

        // The annotator cannot approve her own mask, not even with the reviewer role.
        QString why;
        QVERIFY(!canApprove(s, id, reviewer("alice"), &why));
        QVERIFY(why.contains("alice"));
        QVERIFY_THROWS_EXCEPTION(ReviewError, approveMask(s, id, reviewer("alice")));
        QVERIFY_THROWS_EXCEPTION(ReviewError, approveMask(s, id, annotator("bob"))); // not a reviewer
        QVERIFY_THROWS_EXCEPTION(ReviewError, requestChanges(s, id, reviewer("carol"), "  ")); // no comment
        QCOMPARE(s.reviews(id).size(), size_t(1)); // refused steps wrote nothing

        const Review changes = requestChanges(s, id, reviewer("carol"), "include the lower edge");
        QCOMPARE(changes.state, ReviewState::ChangesRequested);
        QCOMPARE(reviewState(s, id), ReviewState::ChangesRequested);
        s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {5, 5, 9, 12})), "alice");
        submitForReview(s, id, annotator("alice"), "fixed");
        const Review ok = approveMask(s, id, reviewer("carol"), "good");
        QCOMPARE(ok.state, ReviewState::Approved);
        QCOMPARE(ok.maskVersion, 2);
        QCOMPARE(s.latestReview(id)->state, ReviewState::Approved);
        QCOMPARE(s.latestReview(id)->reviewer, QString("carol"));
        QVERIFY_THROWS_EXCEPTION(ReviewError, submitForReview(s, id, annotator("alice"))); // approved as is

        // A reviewer who later finds an error sends an approved mask back; the annotator resubmits.
        QVERIFY_THROWS_EXCEPTION(ReviewError, requestChanges(s, id, reviewer("alice"), "mine")); // own mask
        QCOMPARE(requestChanges(s, id, reviewer("dave"), "misses the lower edge").state, ReviewState::ChangesRequested);
        QVERIFY(!canApprove(s, id, reviewer("dave")));
        submitForReview(s, id, annotator("alice"), "same mask, see comment");
        QCOMPARE(reviewState(s, id), ReviewState::Submitted);

        // An approval is of one version: an edit afterwards is a draft again, everywhere.
        QCOMPARE(approveMask(s, id, reviewer("dave")).state, ReviewState::Approved);
        FrameFilter approved;
        approved.reviewState = ReviewState::Approved;
        QCOMPARE(s.frames(approved).size(), size_t(1));
        s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {5, 5, 20, 20})), "erin");
        QCOMPARE(s.latestReview(id)->state, ReviewState::Approved); // the history says what happened
        QCOMPARE(reviewState(s, id), ReviewState::Draft);           // the state says what holds now
        QVERIFY(s.frames(approved).empty());
        FrameFilter drafts;
        drafts.reviewState = ReviewState::Draft;
        QCOMPARE(s.frames(drafts).size(), size_t(1));
        QVERIFY(!canApprove(s, id, reviewer("carol")));
        submitForReview(s, id, annotator("erin"));
        QCOMPARE(reviewState(s, id), ReviewState::Submitted);
    }

    // #17: a draft the segmentation model made passes a person who submits it and
    // another who approves it; the model's run (author "bob") gives no shortcut.
    void modelDraftNeedsSubmitterAndAnotherReviewer()
    {
        Project p = newProject();
        ProjectStore &s = *p.store;
        const MaskOrigin model{MaskOriginKind::Model, QStringLiteral("seg:run-1@900")};
        const qint64 id = s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {5, 5, 9, 9})),
                                     "bob", model).id;
        QCOMPARE(s.maskById(id)->origin.kind, MaskOriginKind::Model);
        QString why;
        QVERIFY(!canApprove(s, id, reviewer("carol"), &why)); // a draft: nobody submitted it
        QVERIFY_THROWS_EXCEPTION(ReviewError, approveMask(s, id, reviewer("carol")));
        QVERIFY(s.reviews(id).empty());

        submitForReview(s, id, reviewer("carol"), "looks right");
        QVERIFY(!canApprove(s, id, reviewer("carol"), &why)); // the submitter stands as annotator
        QVERIFY(why.contains("carol"));
        QVERIFY_THROWS_EXCEPTION(ReviewError, approveMask(s, id, reviewer("carol")));
        QVERIFY_THROWS_EXCEPTION(ReviewError, approveMask(s, id, reviewer("bob"))); // ran the model: its annotator
        QCOMPARE(approveMask(s, id, reviewer("dave")).state, ReviewState::Approved);

        // A person's edit of a model draft is their mask: the usual rules, the editor submits, another approves.
        const qint64 id2 = s.saveMask(p.frameId, s.structures().at(1).id, RleMask::encode(rectMask(40, 60, {1, 1, 5, 5})),
                                      "bob", model).id;
        s.saveMask(p.frameId, s.structures().at(1).id, RleMask::encode(rectMask(40, 60, {1, 1, 6, 6})), "erin");
        QCOMPARE(s.maskById(id2)->origin.kind, MaskOriginKind::Manual);
        submitForReview(s, id2, annotator("erin"));
        QVERIFY(canApprove(s, id2, reviewer("carol")));
    }

    void twoIndependentReviews()
    {
        Project p = newProject();
        ProjectStore &s = *p.store;
        QCOMPARE(reviewsRequired(s), 1);
        setReviewsRequired(s, 2);
        QCOMPARE(reviewsRequired(s), 2);
        QVERIFY_THROWS_EXCEPTION(ReviewError, setReviewsRequired(s, 3));
        const qint64 id = s.saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {5, 5, 9, 9})), "alice").id;
        submitForReview(s, id, annotator("alice"));
        const Review first = approveMask(s, id, reviewer("carol"));
        QVERIFY(first.partialApproval);
        QCOMPARE(first.state, ReviewState::Submitted); // not approved yet: nothing may train on it
        QCOMPARE(s.latestReview(id)->partialApproval, true); // stored, read back
        QCOMPARE(pendingApprovals(s, id), QStringList{"carol"});
        QVERIFY_THROWS_EXCEPTION(ReviewError, approveMask(s, id, reviewer("carol"))); // not independent
        const Review second = approveMask(s, id, reviewer("dave"));
        QCOMPARE(second.state, ReviewState::Approved);
        QVERIFY(!second.partialApproval);

        // An edit after a first approval voids it: the new version needs two approvals again.
        const qint64 other = s.saveMask(p.frameId, s.structures().at(1).id,
                                        RleMask::encode(rectMask(40, 60, {1, 1, 5, 5})), "alice").id;
        submitForReview(s, other, annotator("alice"));
        approveMask(s, other, reviewer("carol"));
        s.saveMask(p.frameId, s.structures().at(1).id, RleMask::encode(rectMask(40, 60, {1, 1, 6, 6})), "dave");
        QVERIFY(pendingApprovals(s, other).isEmpty());
        QCOMPARE(approveMask(s, other, reviewer("erin")).state, ReviewState::Submitted);
    }

    void nextFrameNeedingMyReview()
    {
        Project p = newProject(4);
        ProjectStore &s = *p.store;
        const std::vector<Frame> frames = s.frames();
        auto maskOn = [&](int i, const QString &author) {
            return s.saveMask(frames[size_t(i)].id, p.structureId, RleMask::encode(rectMask(40, 60, {2, 2, 4, 4})), author).id;
        };
        maskOn(0, "alice");                                   // draft: not waiting
        submitForReview(s, maskOn(1, "alice"), annotator("alice"));
        submitForReview(s, maskOn(2, "carol"), annotator("carol")); // carol's own
        submitForReview(s, maskOn(3, "bob"), annotator("bob"));
        QCOMPARE(nextFrameNeedingReview(s, reviewer("carol")), std::optional<qint64>(frames[1].id));
        QCOMPARE(nextFrameNeedingReview(s, reviewer("carol"), frames[1].id), std::optional<qint64>(frames[3].id));
        QCOMPARE(nextFrameNeedingReview(s, reviewer("carol"), frames[3].id), std::optional<qint64>(frames[1].id)); // wraps
        QVERIFY(!nextFrameNeedingReview(s, annotator("carol")));
        approveMask(s, s.mask(frames[1].id, p.structureId)->id, reviewer("carol"));
        approveMask(s, s.mask(frames[3].id, p.structureId)->id, reviewer("carol"));
        QVERIFY(!nextFrameNeedingReview(s, reviewer("carol")));
        QCOMPARE(nextFrameNeedingReview(s, reviewer("alice")), std::optional<qint64>(frames[2].id));
    }

    void maskAuthorsAreListed()
    {
        Project p = newProject();
        p.store->saveMask(p.frameId, p.structureId, RleMask::encode(rectMask(40, 60, {2, 2, 4, 4})), "zoe");
        p.store->saveMask(p.frameId, p.store->structures().at(2).id, RleMask::encode(rectMask(40, 60, {2, 2, 4, 4})), "adam");
        QCOMPARE(p.store->maskAuthors(), (QStringList{"adam", "zoe"}));
    }
};

QTEST_GUILESS_MAIN(TestReviewWorkflow)
#include "tst_reviewworkflow.moc"
