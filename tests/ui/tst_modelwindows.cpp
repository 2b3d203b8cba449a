// The Model menu of the workspace: it sits before Help, opens the training
// dashboard, the Ask view (on the workspace's frame) and the tutor, and the
// windows follow the open project.
#include "model/askview.h"
#include "demo/demoproject.h"
#include "workspace/mainwindow.h"
#include "model/modelwindows.h"
#include "store/projectstore.h"
#include "model/trainingdashboard.h"
#include "model/tutorview.h"

#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd;
using namespace sd::ui;

class TestModelWindows : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void menuAndWindows()
    {
        QStandardPaths::setTestModeEnabled(true);
        QTemporaryDir tmp;
        DemoOptions o;
        o.frames = 6;
        o.seed = 4;
        createDemoProject(tmp.filePath("p"), o);
        auto store = ProjectStore::open(tmp.filePath("p"));
        MainWindow window(store.get());
        ModelWindows *windows = window.modelWindows();
        QVERIFY(windows);

        QStringList titles;
        for (QAction *a : window.menuBar()->actions())
            titles << a->text();
        // The workflow's order: annotate, review, distil, evaluate, train and use the model, help last.
        QCOMPARE(titles, (QStringList{"&File", "&Edit", "&View", "T&ools", "&Review", "&Teacher", "&Evaluation",
                                      "&Model", "&Help"}));
        const auto actions = windows->menu()->actions();
        // dashboard, Ask, tutor, separator, demo pipeline, separator, the segmentation model's submenu
        QCOMPARE(actions.size(), 7);
        QCOMPARE(actions.at(4)->objectName(), QStringLiteral("demoPipelineAction"));
        QMenu *seg = actions.last()->menu();
        QVERIFY(seg);
        QCOMPARE(seg->objectName(), QStringLiteral("segModelMenu"));
        QStringList segActions;
        for (QAction *a : seg->actions())
            segActions << a->objectName();
        QCOMPARE(segActions, (QStringList{"segTrainAction", "segPredictAction", "segSuggestAction"}));

        // Ask opens on the frame the workspace shows.
        const qint64 frameId = store->frames().at(2).id;
        QVERIFY(window.selectFrame(frameId));
        actions.at(1)->trigger();
        QVERIFY(windows->askView()->isVisible());
        QCOMPARE(windows->askView()->frameId(), frameId);
        QVERIFY(!windows->askView()->overlayImage().isNull() || store->masksForFrame(frameId).empty());
        actions.at(0)->trigger();
        QVERIFY(windows->dashboard()->isVisible());
        actions.at(2)->trigger();
        QVERIFY(windows->tutorView()->isVisible());
        QVERIFY(windows->tutorView()->nextCase());

        // Closing the project empties the windows.
        window.setProject(static_cast<ProjectStore *>(nullptr));
        QCOMPARE(windows->askView()->frameId(), qint64(0));
        QCOMPARE(windows->tutorView()->caseFrameId(), qint64(0));
        QVERIFY(window.close()); // no training job: no question asked
    }
};

QTEST_MAIN(TestModelWindows)
#include "tst_modelwindows.moc"
