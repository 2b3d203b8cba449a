// Tools > "Propagate to the next N frames…" (#17) driven like a user on a real demo project
// with a clip: the action is enabled only on a video frame with a mask of the current
// structure; the dialog's spin box chooses how far; the drafts appear on the following
// frames' layers; frames that have a mask are skipped by default and overwritten only
// when asked; Cancel in the dialog writes nothing.
#include "annotation/frameview.h"
#include "annotation/masklayer.h"
#include "annotation/propagatedialog.h"
#include "annotation/structurepanel.h"
#include "democlips.h"
#include "demo/demoproject.h"
#include "store/projectstore.h"
#include "widgets/imageconvert.h"
#include "workspace/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QtTest>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace sd;
using namespace sd::ui;

namespace {

// Runs `answer` on the propagation dialog once it is shown (it is modal: exec() blocks).
void answerDialog(const std::function<void(PropagateDialog *)> &answer)
{
    QTimer::singleShot(0, qApp, [answer] {
        for (int i = 0; i < 500; ++i) {
            if (auto *d = qobject_cast<PropagateDialog *>(QApplication::activeModalWidget())) {
                answer(d);
                return;
            }
            QTest::qWait(10);
        }
    });
}

} // namespace

class TestPropagationUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;
    std::vector<Frame> m_clip; // in time order
    qint64 m_fresh = 0;        // a structure the clip does not show, given a mask on its first frame
    qint64 m_like = 0;         // the structure whose ground truth that mask is
    qint64 m_shown = 0;        // a structure with ground truth on every clip frame

    std::map<std::pair<qint64, qint64>, int> versions() const
    {
        return testsupport::maskVersions(*ProjectStore::open(m_project, OpenMode::ReadOnly));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        DemoOptions o;
        o.frames = 4;
        o.clips = 1;
        o.clipFrames = 6;
        m_project = createDemoProject(m_tmp.filePath("demo"), o).folder;
        auto store = ProjectStore::open(m_project);
        m_clip = testsupport::clipFrames(*store, 4);
        QCOMPARE(int(m_clip.size()), 6);
        std::set<qint64> onAll;
        for (const Mask &m : store->masksForFrame(m_clip[0].id)) {
            bool everywhere = true;
            for (const Frame &f : m_clip)
                everywhere = everywhere && store->mask(f.id, m.structureId).has_value();
            if (everywhere)
                onAll.insert(m.structureId);
        }
        QVERIFY(!onAll.empty());
        m_shown = m_like = *onAll.begin();
        std::set<qint64> anywhere;
        for (const Frame &f : m_clip)
            for (const Mask &m : store->masksForFrame(f.id))
                anywhere.insert(m.structureId);
        for (const Structure &s : store->structures())
            if (!anywhere.count(s.id))
                m_fresh = s.id;
        QVERIFY(m_fresh);
        store->saveMask(m_clip[0].id, m_fresh, store->mask(m_clip[0].id, m_like)->rle, QStringLiteral("alice"));
    }

    void propagatesThroughTheMenu()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow window(store.get());
        window.resize(1300, 900);
        window.setUser({"alice", UserRole::Annotator});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *action = window.findChild<QAction *>(QStringLiteral("propagateAction"));
        QVERIFY(action);

        // Enabled only where there is a mask of the current structure to follow the video.
        QVERIFY(window.selectFrame(m_clip[1].id));
        window.structurePanel()->setCurrentStructure(m_fresh);
        QVERIFY(!action->isEnabled());
        QVERIFY(window.selectFrame(m_clip[0].id));
        QVERIFY(action->isEnabled());

        // The dialog: 3 frames; none has a mask of the structure, so no skip/overwrite question.
        bool askedOverwrite = true;
        int offered = 0;
        answerDialog([&](PropagateDialog *d) {
            auto *count = d->findChild<QSpinBox *>(QStringLiteral("propagateCount"));
            offered = count->maximum();
            count->setValue(3);
            askedOverwrite = d->findChild<QRadioButton *>(QStringLiteral("propagateOverwrite"))->isVisible();
            d->accept();
        });
        const auto before = versions();
        action->trigger();
        QVERIFY(!askedOverwrite);
        int following = 0; // as many as follow in the video: the clip's and any later frames of the operation
        for (const Frame &f : store->frames())
            following += f.videoId == m_clip[0].videoId && f.timestampSec > m_clip[0].timestampSec ? 1 : 0;
        QVERIFY(following >= 5);
        QCOMPARE(offered, following);
        QVERIFY2(window.statusBar()->currentMessage().contains("3 propagated draft"),
                 qPrintable(window.statusBar()->currentMessage()));
        const auto after = versions();
        QCOMPARE(int(after.size()), int(before.size()) + 3);
        for (int i = 1; i <= 3; ++i) {
            const auto m = store->mask(m_clip[size_t(i)].id, m_fresh);
            QVERIFY(m);
            QCOMPARE(m->origin.kind, MaskOriginKind::Propagated);
            QCOMPARE(m->origin.model, QStringLiteral("flow")); // the project has no segmentation model
            QCOMPARE(m->author, QStringLiteral("alice"));
        }
        QVERIFY(!store->mask(m_clip[4].id, m_fresh));

        // The draft is on the next frame's layer, where the structure it was copied from is.
        QVERIFY(window.selectFrame(m_clip[3].id));
        const cv::Mat shown = qImageToMask(window.frameView()->layer(m_fresh)->mask());
        const double fit = iou(RleMask::encode(shown), store->mask(m_clip[3].id, m_like)->rle);
        qInfo("draft three frames ahead: IoU %.3f with the ground truth", fit);
        QVERIFY2(fit > 0.75, qPrintable(QString::number(fit)));
        // The structure panel says what it is: a propagated draft nobody reviewed yet.
        int marked = 0;
        for (QTreeWidgetItemIterator it(window.structurePanel()->tree()); *it; ++it)
            marked += (*it)->text(1) == QStringLiteral("Propagated draft, not reviewed") ? 1 : 0;
        QCOMPARE(marked, 1);

        // A structure with ground truth on the following frames: skipped by default...
        QVERIFY(window.selectFrame(m_clip[0].id));
        window.structurePanel()->setCurrentStructure(m_shown);
        QVERIFY(action->isEnabled());
        QString occupiedText;
        bool skipByDefault = false;
        answerDialog([&](PropagateDialog *d) {
            d->findChild<QSpinBox *>(QStringLiteral("propagateCount"))->setValue(2);
            occupiedText = d->findChild<QLabel *>(QStringLiteral("propagateOccupied"))->text();
            skipByDefault = d->findChild<QRadioButton *>(QStringLiteral("propagateSkip"))->isChecked();
            d->accept();
        });
        const auto beforeSkip = versions();
        action->trigger();
        QVERIFY2(occupiedText.contains("2 of these frames"), qPrintable(occupiedText));
        QVERIFY(skipByDefault);
        QVERIFY(window.statusBar()->currentMessage().contains("0 propagated draft"));
        QVERIFY(window.statusBar()->currentMessage().contains(QRegularExpression("2 frame.* with a mask skipped")));
        QVERIFY(versions() == beforeSkip);

        // ... overwritten when asked: a new version each, the ground truth kept in the history.
        answerDialog([&](PropagateDialog *d) {
            d->findChild<QSpinBox *>(QStringLiteral("propagateCount"))->setValue(2);
            d->findChild<QRadioButton *>(QStringLiteral("propagateOverwrite"))->setChecked(true);
            d->accept();
        });
        action->trigger();
        for (int i = 1; i <= 2; ++i) {
            const auto m = store->mask(m_clip[size_t(i)].id, m_shown);
            QCOMPARE(m->version, beforeSkip.at({m_clip[size_t(i)].id, m_shown}) + 1);
            QCOMPARE(m->origin.kind, MaskOriginKind::Propagated);
        }
        QCOMPARE(store->mask(m_clip[3].id, m_shown)->version, beforeSkip.at({m_clip[3].id, m_shown}));

        // Cancel in the dialog: nothing is written.
        answerDialog([](PropagateDialog *d) { d->reject(); });
        const auto beforeCancel = versions();
        action->trigger();
        QVERIFY(versions() == beforeCancel);

        // The last frame of the video has nothing to follow: the action says so in a box.
        const std::optional<Frame> last = testsupport::lastFrameOfVideo(*store, m_clip[0].videoId);
        QVERIFY(window.selectFrame(last->id));
        window.structurePanel()->setCurrentStructure(store->masksForFrame(last->id).front().structureId);
        QVERIFY(action->isEnabled());
        QString boxText;
        QTimer::singleShot(0, qApp, [&boxText] {
            for (int i = 0; i < 500; ++i) {
                if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                    boxText = box->text();
                    box->accept();
                    return;
                }
                QTest::qWait(10);
            }
        });
        action->trigger();
        QVERIFY2(boxText.contains("last frame of its video"), qPrintable(boxText));
        QVERIFY(versions() == beforeCancel);
    }
};

QTEST_MAIN(TestPropagationUi)
#include "tst_propagationui.moc"
