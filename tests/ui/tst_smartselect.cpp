// The smart-select tool (#17) driven like a user on a real demo project: key Q, a box
// dragged on the real FrameView, a Shift+click, Enter accepts (one new mask version with
// the Assisted origin, autosaved), undo, Esc discards, a too-small box is refused in the
// status bar, and a brush stroke on top becomes a Manual version again.
#include "annotation/annotationeditor.h"
#include "annotation/frameview.h"
#include "annotation/masklayer.h"
#include "annotation/maskautosaver.h"
#include "annotation/smartselect.h"
#include "canvasgestures.h"
#include "docscreenshot.h"
#include "annotation/structurepanel.h"
#include "demo/demoproject.h"
#include "reviewworkflow.h"
#include "store/projectstore.h"
#include "widgets/imageconvert.h"
#include "workspace/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoGroup>
#include <QUndoStack>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace sd;
using namespace sd::ui;
using namespace sd::testsupport;

class TestSmartSelect : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;
    qint64 m_frameId = 0;
    qint64 m_structureId = 0;
    RleMask m_truth; // the demo's ground truth of (m_frameId, m_structureId)

    static bool waitForProposal(SmartSelect *s)
    {
        return QTest::qWaitFor([s] { return !s->isBusy() && s->hasProposal(); }, 10000);
    }

    int versions() const
    {
        auto store = ProjectStore::open(m_project, OpenMode::ReadOnly);
        const auto m = store->mask(m_frameId, m_structureId);
        return m ? m->version : 0;
    }

    std::optional<Mask> stored() const
    {
        auto store = ProjectStore::open(m_project, OpenMode::ReadOnly);
        return store->mask(m_frameId, m_structureId);
    }

private Q_SLOTS:
    void initTestCase()
    {
        themeForDocScreenshots();
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 12;
        m_project = createDemoProject(m_tmp.filePath("demo"), o).folder;
        // A compact structure to select: the largest pancreas or duodenum mask of the project.
        auto store = ProjectStore::open(m_project);
        quint64 best = 0;
        for (const Frame &f : store->frames())
            for (const Mask &m : store->masksForFrame(f.id)) {
                const QString key = store->structure(m.structureId)->key;
                if ((key == "pancreas" || key == "duodenum" || key == "vena_mesenterica_inferior")
                    && m.rle.area() > best) {
                    best = m.rle.area();
                    m_frameId = f.id;
                    m_structureId = m.structureId;
                    m_truth = m.rle;
                }
            }
        QVERIFY(best > 0);
        // The annotator starts from an empty layer (the ground truth stays in the history).
        store->saveMask(m_frameId, m_structureId, RleMask::empty(m_truth.height, m_truth.width), "alice");
    }

    void boxClickEnterUndoEsc()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow window(store.get());
        window.resize(1300, 900);
        window.setUser({"alice", UserRole::Annotator});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        FrameView *v = window.frameView();
        QVERIFY(window.selectFrame(m_frameId));
        window.structurePanel()->setCurrentStructure(m_structureId);
        v->setFocus();
        v->actualSize();
        AnnotationEditor *ed = window.editor();
        SmartSelect *smart = ed->smartSelect();

        // Key Q picks the tool; the toolbar/menu action is checked with it.
        QTest::keyClick(v, Qt::Key_Q);
        QCOMPARE(ed->tool(), AnnotationEditor::Tool::SmartSelect);
        auto *action = window.findChild<QAction *>("smartSelectToolAction");
        QVERIFY(action && action->isChecked());

        // A box: the truth's bounding box grown by a few pixels.
        const QRect truthBox = m_truth.boundingBox();
        const QRectF box = QRectF(truthBox).adjusted(-6, -6, 6, 6);
        const int before = versions();
        drag(v, box.topLeft(), box.bottomRight());
        QVERIFY(waitForProposal(smart));
        QVERIFY(!smart->prompt().box.isNull());
        const cv::Mat truth = m_truth.decode();
        const double boxIou = iou(RleMask::encode(qImageToMask(smart->proposal())), m_truth);
        qInfo("box proposal IoU %.3f", boxIou);
        QVERIFY2(boxIou >= 0.6, qPrintable(QString::number(boxIou)));
        QCOMPARE(versions(), before); // a proposal is not an edit

        // Shift+click a pixel of the box outside the truth: an outside point, a new proposal.
        cv::Mat outside(truth.size(), CV_8UC1, cv::Scalar(0));
        outside(cv::Rect(truthBox.x(), truthBox.y(), truthBox.width(), truthBox.height())).setTo(255);
        outside &= ~truth;
        cv::Mat dist;
        cv::distanceTransform(outside, dist, cv::DIST_L2, 3);
        cv::Point far;
        cv::minMaxLoc(dist, nullptr, nullptr, nullptr, &far);
        QSignalSpy ready(smart, &SmartSelect::proposalReady);
        click(v, QPointF(far.x + 0.5, far.y + 0.5), Qt::ShiftModifier);
        QCOMPARE(smart->prompt().outside.size(), size_t(1));
        const QPointF got = v->mapToScene(toView(v, QPointF(far.x + 0.5, far.y + 0.5)));
        const QPoint clicked(int(std::floor(got.x())), int(std::floor(got.y())));
        QCOMPARE(smart->prompt().outside.front(), clicked);
        QVERIFY(ready.wait(10000) || ready.count() > 0);
        QVERIFY(waitForProposal(smart));
        QCOMPARE(qImageToMask(smart->proposal()).at<uchar>(clicked.y(), clicked.x()), uchar(0));
        if (docScreenshotsWanted()) { // the box, the outside point, the outline
            v->fitToWindow();
            writeDocScreenshot(window, QStringLiteral("smart-select"));
            v->actualSize(); // the clicks below are placed at actual size
        }

        // Enter: the proposal joins the layer as one edit, saved as one Assisted version.
        QTest::keyClick(v, Qt::Key_Return);
        QVERIFY(!smart->hasProposal());
        QVERIFY(!smart->hasPrompt());
        const QImage layer = v->layer(m_structureId)->mask();
        const double layerIou = iou(RleMask::encode(qImageToMask(layer)), m_truth);
        QVERIFY2(layerIou >= 0.6, qPrintable(QString::number(layerIou)));
        QTRY_COMPARE(versions(), before + 1);
        QCOMPARE(stored()->origin.kind, MaskOriginKind::Assisted);
        QCOMPARE(stored()->origin.model, QStringLiteral("grabcut"));
        QCOMPARE(stored()->rle, RleMask::encode(qImageToMask(layer)));
        QCOMPARE(ed->undoGroup()->activeStack()->count(), 1);

        // Undo takes the whole selection back in one step (saved as a person's edit).
        ed->undoGroup()->undo();
        QCOMPARE(cv::countNonZero(qImageToMask(v->layer(m_structureId)->mask())), 0);
        QTRY_COMPARE(versions(), before + 2);
        QCOMPARE(stored()->origin.kind, MaskOriginKind::Manual);
        QVERIFY(stored()->rle.isEmpty());
        // Redo brings it back as the assisted proposal it was.
        ed->undoGroup()->redo();
        QTRY_COMPARE(versions(), before + 3);
        QCOMPARE(stored()->origin.kind, MaskOriginKind::Assisted);

        // Esc discards a proposal: nothing changes, nothing is saved.
        const QImage accepted = v->layer(m_structureId)->mask().copy();
        drag(v, QPointF(20, 20), QPointF(140, 120));
        QVERIFY(waitForProposal(smart));
        QTest::keyClick(v, Qt::Key_Escape);
        QVERIFY(!smart->hasProposal());
        QVERIFY(!smart->hasPrompt());
        QCOMPARE(v->layer(m_structureId)->mask(), accepted);
        QTest::qWait(100);
        QCOMPARE(versions(), before + 3);

        // Enter with nothing proposed: a message, no edit.
        QTest::keyClick(v, Qt::Key_Return);
        QVERIFY(window.statusBar()->currentMessage().contains("box"));
        QCOMPARE(versions(), before + 3);

        // A box too small to mean anything is refused in the status bar; nothing is proposed.
        drag(v, QPointF(300, 300), QPointF(302, 308));
        QTRY_VERIFY(window.statusBar()->currentMessage().contains("too small"));
        QVERIFY(!smart->hasProposal());

        // A brush stroke on top of the accepted selection is a person's edit again.
        QTest::keyClick(v, Qt::Key_B);
        QCOMPARE(ed->tool(), AnnotationEditor::Tool::Brush);
        drag(v, QPointF(far.x - 5, far.y), QPointF(far.x + 5, far.y)); // outside the selection: pixels change
        window.autosaver()->flush();
        QTRY_COMPARE(versions(), before + 4);
        QCOMPARE(stored()->origin.kind, MaskOriginKind::Manual);
    }

    void proposerCanBeSwapped()
    {
        // The model back-end (part B) plugs in through setMaskProposer; its name is the origin.
        struct BoxFiller : MaskProposer {
            QString name() const override { return QStringLiteral("box-filler"); }
            cv::Mat propose(const cv::Mat &frame, const MaskPrompt &p, const QString &) override
            {
                cv::Mat m(frame.size(), CV_8UC1, cv::Scalar(0));
                m(cv::Rect(p.box.x(), p.box.y(), p.box.width(), p.box.height())).setTo(255);
                return m;
            }
        };
        auto store = ProjectStore::open(m_project);
        MainWindow window(store.get());
        window.resize(1300, 900);
        window.setUser({"alice", UserRole::Annotator});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        FrameView *v = window.frameView();
        QVERIFY(window.selectFrame(m_frameId));
        window.structurePanel()->setCurrentStructure(m_structureId);
        v->setFocus();
        v->actualSize();
        window.editor()->setMaskProposer(std::make_shared<BoxFiller>());
        window.editor()->setTool(AnnotationEditor::Tool::SmartSelect);
        const int before = versions();
        drag(v, QPointF(10, 10), QPointF(50, 40));
        QVERIFY(waitForProposal(window.editor()->smartSelect()));
        QTest::keyClick(v, Qt::Key_Enter);
        QTRY_COMPARE(versions(), before + 1);
        QCOMPARE(stored()->origin.model, QStringLiteral("box-filler"));
    }
};

QTEST_MAIN(TestSmartSelect)
#include "tst_smartselect.moc"
