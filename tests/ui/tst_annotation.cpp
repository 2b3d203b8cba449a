// The annotation workspace driven like a user: mouse strokes, polygon clicks
// and magic-wand clicks on the real FrameView (offscreen), undo/redo across
// frame switches, autosave into the project file (read back through a second
// ProjectStore), the review panel's permissions and the video import dialog.
#include "annotation/annotationeditor.h"
#include "frames/framefilterbar.h"
#include "frames/framepropertiespanel.h"
#include "frames/framelistmodel.h"
#include "annotation/frameview.h"
#include "widgets/imageconvert.h"
#include "imageio.h"
#include "workspace/mainwindow.h"
#include "annotation/maskautosaver.h"
#include "annotation/masklayer.h"
#include "masktools.h"
#include "store/projectstore.h"
#include "annotation/reviewpanel.h"
#include "reviewworkflow.h"
#include "annotation/structurepanel.h"
#include "frames/videoimportdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUndoGroup>
#include <QtTest>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

using namespace sd;
using namespace sd::ui;

namespace {

constexpr int kW = 320, kH = 240;

// Frame i: grey background with a saturated rectangle (the magic wand's target).
cv::Mat testFrame(int i)
{
    cv::Mat img(kH, kW, CV_8UC3, cv::Scalar(60, 60, 60 + i));
    img(cv::Rect(200, 140, 80, 60)).setTo(cv::Scalar(30, 160, 220));
    return img;
}

double segmentDistance(QPointF p, QPointF a, QPointF b)
{
    const QPointF d = b - a;
    const double len2 = QPointF::dotProduct(d, d);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, d) / len2, 0.0, 1.0) : 0.0;
    const QPointF e = p - (a + t * d);
    return std::hypot(e.x(), e.y());
}

} // namespace

class TestAnnotation : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_count = 0;

    QString newProject(int frames = 3)
    {
        const QString folder = m_tmp.filePath(QString("p%1").arg(++m_count));
        auto store = ProjectStore::create(folder, "Annotation test");
        for (int i = 0; i < frames; ++i) {
            const cv::Mat img = testFrame(i);
            const QString rel = QString("media/frame-%1.png").arg(i + 1, 6, 10, QChar('0'));
            saveImagePng(store->absolutePath(rel), img);
            Frame f;
            f.contentHash = contentHash(img);
            f.width = kW;
            f.height = kH;
            f.side = i % 2 ? Side::Right : Side::Left;
            f.mediaPath = rel;
            store->addFrame(f);
        }
        return folder;
    }

    struct Workspace {
        std::unique_ptr<ProjectStore> store;
        std::unique_ptr<MainWindow> window;
        qint64 structureId = 0;
        FrameView *view() const { return window->frameView(); }
    };

    Workspace open(const QString &folder, const UserIdentity &user = {"alice", UserRole::Annotator})
    {
        Workspace w;
        w.store = ProjectStore::open(folder);
        w.window = std::make_unique<MainWindow>(w.store.get());
        w.window->resize(1300, 900);
        w.window->setUser(user);
        w.window->show();
        if (!QTest::qWaitForWindowExposed(w.window.get()))
            qWarning("window not exposed");
        QApplication::setActiveWindow(w.window.get()); // window shortcuts (tools, palette keys) need it
        w.view()->setFocus();
        w.view()->actualSize();
        w.structureId = w.store->structures().front().id;
        w.window->structurePanel()->setCurrentStructure(w.structureId);
        return w;
    }

    // Viewport position of a frame point, and the frame point the tool will receive for it.
    static QPoint toView(FrameView *v, QPointF frame) { return v->mapFromScene(frame); }
    static QPointF received(FrameView *v, QPointF frame) { return v->mapToScene(toView(v, frame)); }

    static void stroke(FrameView *v, const std::vector<QPointF> &pts, Qt::KeyboardModifiers mods = {})
    {
        QTest::mousePress(v->viewport(), Qt::LeftButton, mods, toView(v, pts.front()));
        for (size_t i = 1; i < pts.size(); ++i)
            QTest::mouseMove(v->viewport(), toView(v, pts[i]));
        QTest::mouseRelease(v->viewport(), Qt::LeftButton, mods, toView(v, pts.back()));
    }

    static QImage layerMask(FrameView *v, qint64 structureId)
    {
        MaskLayer *l = v->layer(structureId);
        return l ? l->mask() : QImage();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
    }

    void brushStrokeSetsTheExpectedPixels()
    {
        Workspace w = open(newProject());
        AnnotationEditor *ed = w.window->editor();
        ed->setTool(AnnotationEditor::Tool::Brush);
        ed->setBrushRadius(6);
        QVERIFY(!w.view()->layer(w.structureId)); // no mask yet: the stroke creates the layer
        const std::vector<QPointF> pts{{40, 50}, {90, 60}, {140, 110}};
        stroke(w.view(), pts);
        const QImage mask = layerMask(w.view(), w.structureId);
        QCOMPARE(mask.size(), QSize(kW, kH));
        std::vector<QPointF> got;
        for (const QPointF &p : pts)
            got.push_back(received(w.view(), p));
        int painted = 0;
        for (int y = 0; y < kH; ++y)
            for (int x = 0; x < kW; ++x) {
                const QPointF c(x + 0.5, y + 0.5);
                double d = 1e9;
                for (size_t i = 0; i + 1 < got.size(); ++i)
                    d = std::min(d, segmentDistance(c, got[i], got[i + 1]));
                const bool set = mask.constScanLine(y)[x] != 0;
                if (d <= 6.0)
                    QVERIFY2(set, qPrintable(QString("(%1,%2) d=%3 not painted").arg(x).arg(y).arg(d)));
                else if (d > 6.5)
                    QVERIFY2(!set, qPrintable(QString("(%1,%2) d=%3 painted").arg(x).arg(y).arg(d)));
                painted += set;
            }
        QVERIFY(painted > 1000);

        // The eraser removes along its path, and only there.
        ed->setTool(AnnotationEditor::Tool::Eraser);
        ed->setBrushRadius(3);
        stroke(w.view(), {{90, 60}, {91, 60}});
        const QImage erased = layerMask(w.view(), w.structureId);
        QCOMPARE(qGray(erased.pixel(90, 60)), 0);
        QVERIFY(qGray(erased.pixel(50, 52)) != 0);
        // Brush size keys: ] grows, [ shrinks.
        const int r = ed->brushRadius();
        QTest::keyClick(w.view(), Qt::Key_BracketRight);
        QVERIFY(ed->brushRadius() > r);
        QTest::keyClick(w.view(), Qt::Key_BracketLeft);
        QTest::keyClick(w.view(), Qt::Key_BracketLeft);
        QVERIFY(ed->brushRadius() < r);
    }

    // With a drawing tool active, space-drag and middle-drag pan instead of drawing.
    void panningWithAToolDoesNotDraw()
    {
        Workspace w = open(newProject());
        w.window->editor()->setTool(AnnotationEditor::Tool::Brush);
        FrameView *v = w.view();
        for (int i = 0; i < 8; ++i)
            v->zoomIn();
        QScrollBar *h = v->horizontalScrollBar();
        QVERIFY(h->maximum() > 0);
        const QPoint c = v->viewport()->rect().center();
        const int before = h->value();
        QTest::mousePress(v->viewport(), Qt::MiddleButton, {}, c);
        QTest::mouseMove(v->viewport(), c + QPoint(-60, 0));
        QTest::mouseRelease(v->viewport(), Qt::MiddleButton, {}, c + QPoint(-60, 0));
        QCOMPARE(h->value(), before + 60);
        QTest::keyPress(v, Qt::Key_Space);
        QTest::mousePress(v->viewport(), Qt::LeftButton, {}, c);
        QTest::mouseMove(v->viewport(), c + QPoint(40, 0));
        QTest::mouseRelease(v->viewport(), Qt::LeftButton, {}, c + QPoint(40, 0));
        QTest::keyRelease(v, Qt::Key_Space);
        QCOMPARE(h->value(), before + 20);
        QVERIFY(!v->layer(w.structureId)); // nothing was drawn
        QVERIFY(!w.window->editor()->undoGroup()->canUndo());
    }

    void polygonAndMagicWand()
    {
        Workspace w = open(newProject());
        AnnotationEditor *ed = w.window->editor();
        ed->setTool(AnnotationEditor::Tool::Polygon);
        const std::vector<QPointF> corners{{30, 30}, {150, 40}, {130, 150}, {40, 120}};
        for (const QPointF &p : corners)
            QTest::mouseClick(w.view()->viewport(), Qt::LeftButton, {}, toView(w.view(), p));
        QCOMPARE(ed->polygonPoints().size(), size_t(4));
        QTest::mouseClick(w.view()->viewport(), Qt::LeftButton, {}, toView(w.view(), corners.front())); // closes
        QVERIFY(ed->polygonPoints().empty());
        const QImage mask = layerMask(w.view(), w.structureId);
        std::vector<cv::Point> poly;
        for (const QPointF &p : corners) {
            const QPointF r = received(w.view(), p);
            poly.emplace_back(int(std::floor(r.x())), int(std::floor(r.y())));
        }
        for (int y = 0; y < kH; y += 3)
            for (int x = 0; x < kW; x += 3) {
                const double inside = cv::pointPolygonTest(poly, cv::Point2f(float(x), float(y)), true);
                if (inside > 1.0)
                    QVERIFY(qGray(mask.pixel(x, y)) != 0);
                else if (inside < -1.0)
                    QVERIFY(qGray(mask.pixel(x, y)) == 0);
            }

        // Magic wand on another structure: exactly the coloured rectangle of the frame.
        const qint64 second = w.store->structures().at(1).id;
        QTest::keyClick(w.view(), Qt::Key_2); // palette key 2 = second structure
        QCOMPARE(ed->currentStructure(), second);
        QTest::keyClick(w.view(), Qt::Key_W);
        QCOMPARE(ed->tool(), AnnotationEditor::Tool::MagicWand);
        QTest::mouseClick(w.view()->viewport(), Qt::LeftButton, {}, toView(w.view(), {240, 170}));
        const cv::Mat wand = qImageToMask(layerMask(w.view(), second));
        cv::Mat expected(kH, kW, CV_8UC1, cv::Scalar(0));
        expected(cv::Rect(200, 140, 80, 60)).setTo(255);
        QCOMPARE(cv::countNonZero(wand != expected), 0);

        // Fill holes closes a hole punched with the eraser.
        ed->setTool(AnnotationEditor::Tool::Eraser);
        ed->setBrushRadius(4);
        stroke(w.view(), {{240, 170}});
        QCOMPARE(qGray(layerMask(w.view(), second).pixel(240, 170)), 0);
        QVERIFY(ed->fillHoles());
        QCOMPARE(cv::countNonZero(qImageToMask(layerMask(w.view(), second)) != expected), 0);
    }

    void undoRedoRoundTripsAcrossFrameSwitches()
    {
        const QString folder = newProject();
        Workspace w = open(folder);
        AnnotationEditor *ed = w.window->editor();
        QUndoGroup *undo = ed->undoGroup();
        const qint64 f1 = w.window->frameModel()->frameIdAt(0), f2 = w.window->frameModel()->frameIdAt(1);
        QVERIFY(w.window->selectFrame(f1));
        ed->setTool(AnnotationEditor::Tool::Brush);
        ed->setBrushRadius(5);
        stroke(w.view(), {{20, 20}, {100, 40}});
        const QImage afterFirst = layerMask(w.view(), w.structureId).copy();
        stroke(w.view(), {{60, 100}, {70, 200}});
        const QImage afterSecond = layerMask(w.view(), w.structureId).copy();
        QVERIFY(afterFirst != afterSecond);

        // Another frame has its own history.
        QVERIFY(w.window->selectFrame(f2));
        QVERIFY(!undo->canUndo());
        stroke(w.view(), {{200, 20}, {210, 30}});
        QVERIFY(undo->canUndo());
        const QImage otherFrame = layerMask(w.view(), w.structureId).copy();

        // Back on frame 1 the strokes are undone and redone exactly.
        QVERIFY(w.window->selectFrame(f1));
        QCOMPARE(layerMask(w.view(), w.structureId), afterSecond);
        undo->undo();
        QCOMPARE(layerMask(w.view(), w.structureId), afterFirst);
        undo->undo();
        QCOMPARE(cv::countNonZero(qImageToMask(layerMask(w.view(), w.structureId))), 0);
        QVERIFY(!undo->canUndo());
        undo->redo();
        QCOMPARE(layerMask(w.view(), w.structureId), afterFirst);
        undo->redo();
        QCOMPARE(layerMask(w.view(), w.structureId), afterSecond);
        QVERIFY(w.window->selectFrame(f2));
        QCOMPARE(layerMask(w.view(), w.structureId), otherFrame);
        undo->undo();
        QCOMPARE(cv::countNonZero(qImageToMask(layerMask(w.view(), w.structureId))), 0);
    }

    void autosaveWritesStrokesIntoTheDatabase()
    {
        const QString folder = newProject();
        Workspace w = open(folder);
        QCOMPARE(w.window->autosaver()->delayMs(), 0); // default: saved as soon as the stroke ends
        AnnotationEditor *ed = w.window->editor();
        const qint64 f1 = w.window->frameModel()->frameIdAt(0), f2 = w.window->frameModel()->frameIdAt(1);
        ed->setTool(AnnotationEditor::Tool::Brush);
        ed->setBrushRadius(8);
        stroke(w.view(), {{50, 50}, {120, 90}});
        const RleMask expected = RleMask::encode(qImageToMask(layerMask(w.view(), w.structureId)));
        auto reader = ProjectStore::open(folder); // a second connection, as another process would see it
        QTRY_VERIFY_WITH_TIMEOUT(reader->mask(f1, w.structureId).has_value(), 5000);
        const Mask saved = *reader->mask(f1, w.structureId);
        QCOMPARE(saved.rle, expected);
        QCOMPARE(saved.author, QString("alice"));
        QCOMPARE(saved.version, 1);

        // With a long delay, switching frames saves at once.
        w.window->autosaver()->setDelayMs(600000);
        stroke(w.view(), {{200, 200}, {210, 210}});
        QVERIFY(w.window->autosaver()->hasPendingChanges());
        QVERIFY(w.window->selectFrame(f2));
        QCOMPARE(reader->mask(f1, w.structureId)->version, 2);
        QVERIFY(reader->mask(f1, w.structureId)->rle.area() > expected.area());

        // Undo is saved as well (as a new version equal to the first).
        QVERIFY(w.window->selectFrame(f1));
        w.window->editor()->undoGroup()->undo();
        QVERIFY(w.window->autosaver()->flush());
        QCOMPARE(reader->mask(f1, w.structureId)->rle, expected);
        QCOMPARE(reader->mask(f1, w.structureId)->version, 3);
        QVERIFY(reader->integrityOk());
    }

    void reviewPanelEnforcesPermissions()
    {
        const QString folder = newProject();
        qint64 frameId = 0, maskId = 0, structureId = 0;
        {
            Workspace w = open(folder, {"alice", UserRole::Annotator});
            frameId = w.window->currentFrameId();
            structureId = w.structureId;
            w.window->editor()->setTool(AnnotationEditor::Tool::Brush);
            stroke(w.view(), {{50, 50}, {80, 60}});
            ReviewPanel *panel = w.window->reviewPanel();
            QVERIFY(panel->submit()); // flushes the stroke, then submits
            maskId = w.store->mask(frameId, structureId)->id;
            QCOMPARE(reviewState(*w.store, maskId), ReviewState::Submitted);
            // Alice may not approve her own mask, not even after switching to the reviewer role.
            QVERIFY(!panel->approveButton()->isEnabled());
            w.window->setUser({"alice", UserRole::Reviewer});
            QVERIFY(!panel->approveButton()->isEnabled());
            QVERIFY(!panel->approve());
            QVERIFY(panel->errorText().contains("alice"));
            QCOMPARE(reviewState(*w.store, maskId), ReviewState::Submitted);
        }
        Workspace w = open(folder, {"carol", UserRole::Reviewer});
        w.window->setReviewMode(true);
        QVERIFY(w.window->reviewMode());
        QCOMPARE(w.window->frameModel()->rowCount(), 1); // only the frame waiting for review
        QVERIFY(w.window->nextFrameNeedingReview());
        QCOMPARE(w.window->currentFrameId(), frameId);
        ReviewPanel *panel = w.window->reviewPanel();
        QVERIFY(panel->approveButton()->isEnabled());
        // The reviewer refines the mask, then approves: agreement shows the change.
        w.window->editor()->setTool(AnnotationEditor::Tool::Brush);
        stroke(w.view(), {{80, 60}, {120, 70}});
        panel->commentEdit()->setPlainText("extended along the vessel");
        QVERIFY(panel->approve());
        const Review r = *w.store->latestReview(maskId);
        QCOMPARE(r.state, ReviewState::Approved);
        QCOMPARE(r.reviewer, QString("carol"));
        QCOMPARE(r.maskVersion, 2);
        QCOMPARE(r.comment, QString("extended along the vessel"));
        QTreeWidget *agreement = panel->agreementTable();
        QCOMPARE(agreement->topLevelItemCount(), 1);
        const double dice = agreement->topLevelItem(0)->text(3).toDouble();
        QVERIFY(dice > 0.0 && dice < 1.0);
        QVERIFY(!w.window->nextFrameNeedingReview());

        // Restoring version 1 is an undoable edit that autosaves as version 3.
        panel->versionList()->setCurrentRow(0);
        QVERIFY(panel->restoreSelectedVersion());
        QCOMPARE(w.store->mask(frameId, structureId)->version, 3);
        QCOMPARE(w.store->mask(frameId, structureId)->rle, w.store->maskHistory(maskId).front().rle);
    }

    void neighboursArePrefetched()
    {
        Workspace w = open(newProject(4));
        FrameListModel *m = w.window->frameModel();
        QVERIFY(w.window->selectFrame(m->frameIdAt(1)));
        QTRY_VERIFY_WITH_TIMEOUT(w.window->prefetcher().isCached(m->mediaPathAt(2)), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(w.window->prefetcher().isCached(m->mediaPathAt(0)), 10000);
        QVERIFY(!w.window->prefetcher().isCached(m->mediaPathAt(3)));
        // The prefetched frame is shown exactly as decoded from its file.
        QVERIFY(w.window->selectFrame(m->frameIdAt(2)));
        QCOMPARE(w.view()->frame(), matToQImage(loadImage(m->mediaPathAt(2))));
        QTRY_VERIFY_WITH_TIMEOUT(w.window->prefetcher().isCached(m->mediaPathAt(3)), 10000);
    }

    void sideAndPhaseAreEditable()
    {
        const QString folder = newProject(2);
        Workspace w = open(folder);
        const qint64 id = w.window->currentFrameId();
        QComboBox *side = w.window->propertiesPanel()->sideEditor();
        side->setCurrentIndex(side->findData("right"));
        Q_EMIT side->activated(side->currentIndex());
        QComboBox *phase = w.window->propertiesPanel()->phaseEditor();
        phase->setCurrentIndex(phase->findData("vascular_dissection"));
        Q_EMIT phase->activated(phase->currentIndex());
        auto reader = ProjectStore::open(folder);
        QCOMPARE(reader->frame(id)->side, Side::Right);
        QCOMPARE(reader->frame(id)->phase, QString("vascular_dissection"));
        const QModelIndex row = w.window->frameModel()->index(w.window->frameModel()->rowOfFrame(id));
        QCOMPARE(row.data(FrameListModel::SideRole).toString(), w.window->propertiesPanel()->valueText("side"));
    }

    void framesFilterBySideAndSearch()
    {
        Workspace w = open(newProject(5));
        FrameFilterBar *bar = w.window->filterBar();
        bar->sideBox()->setCurrentIndex(bar->sideBox()->findData("right"));
        FrameFilter f;
        f.side = Side::Right;
        QCOMPARE(w.window->frameModel()->rowCount(), int(w.store->frames(f).size()));
        QCOMPARE(w.window->frameModel()->rowCount(), 2);
        bar->sideBox()->setCurrentIndex(0);
        const qint64 last = w.store->frames().back().id;
        bar->idSearch()->setText(QString::number(last));
        QVERIFY(w.window->frameModel()->rowCount() >= 1);
        QCOMPARE(w.window->frameModel()->frameIdAt(0), last);
    }

    void videoImportDialogImportsThePhase()
    {
        const QString video = m_tmp.filePath("op.avi");
        {
            cv::VideoWriter wr(video.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0, cv::Size(64, 48));
            if (!wr.isOpened())
                QSKIP("this OpenCV build cannot write MJPG/AVI");
            for (int i = 0; i < 50; ++i)
                wr.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar(i * 5, 100, 250 - i * 5)));
        }
        const QString folder = newProject(0);
        VideoImportDialog dialog(folder);
        QVERIFY(!dialog.setVideo(m_tmp.filePath("missing.avi")));
        QVERIFY(dialog.setVideo(video));
        QVERIFY(qAbs(dialog.durationSec() - 5.0) < 0.2);
        dialog.seek(1.0);
        QVERIFY(!dialog.previewImage().isNull());
        dialog.markPhaseStart();
        dialog.seek(3.5);
        dialog.markPhaseEnd();
        QCOMPARE(dialog.options().phaseStartSec, 1.0);
        QCOMPARE(dialog.options().phaseEndSec, 3.5);

        // Cancelled at once: nothing is imported. A long video (150 of its frames taken)
        // so the import cannot finish before the cancel lands, even on a loaded machine.
        const QString longVideo = m_tmp.filePath("long.avi");
        {
            cv::VideoWriter wr(longVideo.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 100.0,
                               cv::Size(320, 240));
            for (int i = 0; i < 600; ++i)
                wr.write(cv::Mat(240, 320, CV_8UC3, cv::Scalar(i % 250, 100, 250 - i % 250)));
        }
        const VideoImportOptions phaseOptions = dialog.options();
        QVERIFY(dialog.setVideo(longVideo));
        VideoImportOptions everyFrame;
        everyFrame.intervalSec = 0.04; // the dialog's smallest step: 150 frames
        dialog.setOptions(everyFrame);
        QSignalSpy finished(&dialog, &VideoImportDialog::importFinished);
        dialog.startImport();
        dialog.cancelImport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(ProjectStore::open(folder)->frameCount(), 0);

        QVERIFY(dialog.setVideo(video));
        dialog.setOptions(phaseOptions);
        dialog.startImport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(dialog.errorText()));
        auto store = ProjectStore::open(folder);
        QCOMPARE(store->frameCount(), int(dialog.result().frameIds.size()));
        QVERIFY(store->frameCount() >= 2);
        for (const Frame &f : store->frames())
            QVERIFY(f.timestampSec >= 1.0 - 1e-6 && f.timestampSec <= 3.5 + 1e-6);
        QCOMPARE(store->videos().size(), size_t(1));
        QCOMPARE(store->videos().front().phaseStartSec, 1.0);
    }
};

QTEST_MAIN(TestAnnotation)
#include "tst_annotation.moc"
