// Independent annotations in the real workspace (offscreen): an annotator on a
// project with three annotations per frame edits only an own annotation and
// never sees the reference; the reviewer's Consensus dock shows the three
// submitted masks, their pairwise Dice and the merged candidate, and "Use as
// reference" puts it on the canvas for editing and approval. With
// SURGDISTILL_SCREENSHOT_DIR set, the reviewer's view is written there as
// consensus.png (scripts/screenshots.sh).
#include "annotation/agreementtable.h"
#include "annotation/annotationeditor.h"
#include "annotation/consensuspanel.h"
#include "annotation/frameview.h"
#include "annotation/maskautosaver.h"
#include "annotation/masklayer.h"
#include "annotation/reviewpanel.h"
#include "annotation/structurepanel.h"
#include "consensus/independentannotation.h"
#include "demo/demoproject.h"
#include "maskcompare.h"
#include "store/projectstore.h"
#include "widgets/fittedimage.h"
#include "widgets/imageconvert.h"
#include "docscreenshot.h"
#include "workspace/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace sd;
using namespace sd::ui;
using namespace sd::testsupport;
using namespace sd::consensus;

namespace {

cv::Mat morph(const cv::Mat &m, int op, int size)
{
    cv::Mat out;
    cv::morphologyEx(m, out, op, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(size, size)));
    return out;
}

cv::Mat shifted(const cv::Mat &m, int dx, int dy)
{
    cv::Mat out;
    const cv::Mat t = (cv::Mat_<double>(2, 3) << 1, 0, dx, 0, 1, dy);
    cv::warpAffine(m, out, t, m.size(), cv::INTER_NEAREST);
    return out;
}

} // namespace

class TestConsensusView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        themeForDocScreenshots();
        QStandardPaths::setTestModeEnabled(true);
    }

    void threeAnnotatorsAndTheReviewersView()
    {
        DemoOptions o;
        o.frames = 4;
        o.seed = 1;
        const QString folder = m_tmp.filePath(QStringLiteral("demo"));
        createDemoProject(folder, o);
        auto store = ProjectStore::open(folder);
        setIndependentAnnotations(*store, 3);
        // The frame's largest reference mask is the structure the annotators draw.
        const Frame frame = store->frames()[2];
        std::vector<Mask> masks = store->masksForFrame(frame.id);
        const Mask reference = *std::max_element(masks.begin(), masks.end(), [](const Mask &a, const Mask &b) {
            return a.rle.area() < b.rle.area();
        });
        const qint64 structureId = reference.structureId;
        const int referenceVersion = reference.version;

        MainWindow window(store.get());
        window.resize(1600, 1000);
        window.setUser({QStringLiteral("alice"), UserRole::Annotator});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.selectFrame(frame.id));
        window.structurePanel()->setCurrentStructure(structureId);

        // Alice sees no reference on the canvas: her own annotation is still to be drawn.
        QVERIFY(window.frameView()->layers().empty());
        const cv::Mat truth = reference.rle.decode();
        const cv::Mat aliceMask = morph(truth, cv::MORPH_DILATE, 15);
        QVERIFY(window.editor()->replaceMask(structureId, matToQImage(aliceMask), QStringLiteral("draw")));
        QVERIFY(window.autosaver()->flush());
        const auto own = store->annotation(frame.id, structureId, QStringLiteral("alice"));
        QVERIFY(own);
        QVERIFY(own->rle == RleMask::encode(aliceMask));
        QCOMPARE(store->mask(frame.id, structureId)->version, referenceVersion); // the reference is untouched
        QVERIFY(window.reviewPanel()->stateText().contains(QStringLiteral("draft")));
        QVERIFY(window.reviewPanel()->submit());
        QCOMPARE(store->annotation(frame.id, structureId, QStringLiteral("alice"))->state, AnnotationState::Submitted);
        QVERIFY(!window.reviewPanel()->submitButton()->isEnabled());
        // A submitted annotation stays as it is: a further edit is not saved.
        window.editor()->replaceMask(structureId, matToQImage(truth), QStringLiteral("late edit"));
        window.autosaver()->flush();
        QVERIFY(store->annotation(frame.id, structureId, QStringLiteral("alice"))->rle == RleMask::encode(aliceMask));
        // The annotator's Consensus dock shows nothing of the others.
        QVERIFY(window.consensusPanel()->annotatorList()->count() == 0);

        // Bob draws tight, Carol misplaces her mask.
        const cv::Mat bobMask = morph(truth, cv::MORPH_ERODE, 11);
        const cv::Mat carolMask = shifted(truth, 40, 18);
        for (const auto &[name, mask] : {std::pair(QStringLiteral("bob"), bobMask),
                                         std::pair(QStringLiteral("carol"), carolMask)}) {
            saveOwnAnnotation(*store, frame.id, structureId, RleMask::encode(mask), {name, UserRole::Annotator});
            submitAnnotation(*store, frame.id, structureId, {name, UserRole::Annotator});
        }

        // The reviewer: the reference on the canvas, the three masks in the Consensus dock.
        window.setUser({QStringLiteral("Dr. Weber"), UserRole::Reviewer});
        QVERIFY(window.frameView()->layer(structureId));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("saveStatusLabel"))->text(), QStringLiteral("All changes saved"));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("consensusDock"));
        QVERIFY(dock);
        dock->raise();
        QTRY_VERIFY(window.consensusPanel()->isVisible());
        ConsensusPanel *panel = window.consensusPanel();
        panel->setMethod(MergeMethod::Majority);
        QCOMPARE(panel->annotatorList()->count(), 3);
        const std::vector<RleMask> three{RleMask::encode(aliceMask), RleMask::encode(bobMask),
                                         RleMask::encode(carolMask)};
        QVERIFY(panel->candidate().merged == majorityVote(three));
        QCOMPARE(panel->pairTable()->rowCount(), 3);
        QCOMPARE(panel->pairTable()->item(0, 2)->text(), QString::number(agreementDice(three[0], three[2]), 'f', 3));
        QCOMPARE(panel->pairTable()->item(1, 2)->text(), QString::number(agreementDice(three[1], three[2]), 'f', 3));
        QVERIFY(panel->useAsReferenceButton()->isEnabled());
        panel->setMethod(MergeMethod::Staple);
        const RleMask stapled = staple(three).mask;
        QVERIFY(panel->candidate().merged == stapled);
        QCOMPARE(int(panel->candidate().sensitivity.size()), 3);
        // Hiding one annotator's outline changes the picture, not the candidate.
        const QImage before = panel->preview()->image();
        QVERIFY(!before.isNull());
        panel->annotatorList()->item(2)->setCheckState(Qt::Unchecked);
        QVERIFY(panel->preview()->image() != before);
        QVERIFY(panel->candidate().merged == stapled);
        panel->annotatorList()->item(2)->setCheckState(Qt::Checked);

        // The project table in the Review panel: three pairs, and each annotator against the
        // demo's approved reference.
        window.reviewPanel()->projectAgreement()->update();
        QTreeWidget *table = window.reviewPanel()->projectAgreement()->table();
        QCOMPARE(table->topLevelItemCount(), 6);
        QCOMPARE(table->topLevelItem(0)->text(2), QStringLiteral("alice / bob"));
        QCOMPARE(table->topLevelItem(0)->text(4), QString::number(agreementDice(three[0], three[1]), 'f', 3));
        QCOMPARE(table->topLevelItem(5)->text(2), QStringLiteral("carol"));
        QCOMPARE(table->topLevelItem(5)->text(4), QString::number(agreementDice(three[2], reference.rle), 'f', 3));

        if (docScreenshotsWanted()) {
            // Room for the preview: a wide dock, the Structures list short.
            window.resizeDocks({dock}, {720}, Qt::Horizontal);
            window.resizeDocks({window.findChild<QDockWidget *>(QStringLiteral("structuresDock")), dock}, {170, 900},
                               Qt::Vertical);
            writeDocScreenshot(window, QStringLiteral("consensus"));
        }

        // Use as reference: the candidate becomes the reference's next version, on the canvas
        // for editing, submitted for review; the reviewer approves it.
        QVERIFY(panel->useAsReference());
        const Mask merged = *store->mask(frame.id, structureId);
        QCOMPARE(merged.version, referenceVersion + 1);
        QVERIFY(merged.rle == stapled);
        QCOMPARE(merged.origin.kind, MaskOriginKind::Merged);
        QVERIFY(RleMask::encode(qImageToMask(window.frameView()->layer(structureId)->mask())) == stapled);
        QCOMPARE(store->mask(frame.id, structureId)->version, referenceVersion + 1); // nothing more written
        QVERIFY(window.reviewPanel()->approve());
        QCOMPARE(reviewState(*store, merged.id), ReviewState::Approved);
    }
};

QTEST_MAIN(TestConsensusView)
#include "tst_consensusview.moc"
