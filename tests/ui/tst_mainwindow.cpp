// The workspace window on a small demo project, offscreen.
#include "demo/demoproject.h"
#include "frames/framelistmodel.h"
#include "frames/thumbnailcache.h"
#include "frames/framepropertiespanel.h"
#include "annotation/frameview.h"
#include "widgets/imageconvert.h"
#include "imageio.h"
#include "workspace/mainwindow.h"
#include "annotation/masklayer.h"
#include "overlay.h"
#include "store/projectstore.h"
#include "annotation/structurepanel.h"
#include "workspace/syntheticbanner.h"

#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QSpinBox>
#include <QToolBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace sd;
using namespace sd::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;

    static int colourDistance(QRgb a, QRgb b)
    {
        return std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b));
    }

    // Mask pixels well inside the mask (eroded), sampled on a grid.
    static std::vector<QPoint> interiorPoints(const QImage &mask, int step = 7)
    {
        cv::Mat m = qImageToMask(mask), eroded;
        cv::erode(m, eroded, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(9, 9)));
        std::vector<QPoint> pts;
        for (int y = 0; y < eroded.rows; y += step)
            for (int x = 0; x < eroded.cols; x += step)
                if (eroded.at<uchar>(y, x))
                    pts.emplace_back(x, y);
        return pts;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings of the window go to a test location
        QVERIFY(m_tmp.isValid());
        m_project = m_tmp.filePath("demo");
        DemoOptions o;
        o.frames = 8;
        o.seed = 11;
        createDemoProject(m_project, o);
    }

    void listsAllFramesWithThumbnails()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.frameList()->model()->rowCount(), 8);
        QVERIFY(w.windowTitle().contains("CME demo"));
        const QModelIndex first = w.frameModel()->index(0);
        QVERIFY(first.data(Qt::DisplayRole).toString().contains("Frame"));
        QVERIFY(!first.data(FrameListModel::StructureNamesRole).toStringList().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!first.data(FrameListModel::ThumbnailRole).value<QImage>().isNull(), 10000);
        // The first frame is selected and shown on opening.
        QCOMPARE(w.currentFrameId(), w.frameModel()->frameIdAt(0));
        QVERIFY(w.frameView()->hasFrame());
        w.close();
    }

    void selectingAFrameShowsItsLayers()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        w.resize(1300, 850);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const qint64 id = w.frameModel()->frameIdAt(3);
        QSignalSpy loaded(&w, &MainWindow::frameLoaded);
        QVERIFY(w.selectFrame(id));
        QCOMPARE(w.currentFrameId(), id);
        QVERIFY(loaded.count() >= 1);

        const std::vector<Mask> masks = store->masksForFrame(id);
        FrameView *view = w.frameView();
        QCOMPARE(view->layers().size(), masks.size());
        QCOMPARE(w.propertiesPanel()->valueText("frame"), QString::number(id));
        QVERIFY(w.propertiesPanel()->valueText("source").contains("Synthetic"));

        // Pixels of a mask region differ with the layers on from the same view with them off.
        QTest::qWait(50);
        const QImage withLayers = view->viewport()->grab().toImage();
        for (const Mask &m : masks)
            w.structurePanel()->setStructureVisible(m.structureId, false);
        for (MaskLayer *l : view->layers())
            QVERIFY(!l->isVisible());
        const QImage without = view->viewport()->grab().toImage();
        QCOMPARE(withLayers.size(), without.size());
        const double dpr = withLayers.devicePixelRatio();
        int inside = 0, changed = 0;
        for (MaskLayer *l : view->layers()) {
            for (const QPoint &p : interiorPoints(l->mask())) {
                const QPoint v = (view->mapFromScene(QPointF(p) + QPointF(0.5, 0.5)) * dpr);
                if (!withLayers.rect().contains(v))
                    continue;
                ++inside;
                if (colourDistance(withLayers.pixel(v), without.pixel(v)) > 20)
                    ++changed;
            }
        }
        QVERIFY2(inside > 50, qPrintable(QString("only %1 mask points in view").arg(inside)));
        QVERIFY2(changed > inside * 9 / 10, qPrintable(QString("%1 of %2 mask pixels changed").arg(changed).arg(inside)));

        // With the layers hidden the view shows the raw frame.
        const QImage raw = matToQImage(loadImage(store->absolutePath(store->frame(id)->mediaPath)));
        QCOMPARE(view->frame(), raw);
        w.close();
    }

    void trainingCompositeIsComposeOverlay()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const qint64 id = w.frameModel()->frameIdAt(1);
        QVERIFY(w.selectFrame(id));
        const std::vector<Mask> masks = store->masksForFrame(id);
        QVERIFY(!masks.empty());
        w.structurePanel()->setCurrentStructure(masks.front().structureId);
        w.setTrainingComposite(true);
        QVERIFY(w.frameView()->showsComposite());
        const cv::Mat bgr = loadImage(store->absolutePath(store->frame(id)->mediaPath));
        const QImage expected = matToQImage(composeOverlay(bgr, masks.front().rle.decode()));
        QCOMPARE(w.frameView()->compositeImage(), expected);
        for (MaskLayer *l : w.frameView()->layers())
            QVERIFY(!l->isVisible());
        w.setTrainingComposite(false);
        QVERIFY(!w.frameView()->showsComposite());
        w.close();
    }

    void syntheticBannerIsShown()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.syntheticBanner()->isVisible());
        QVERIFY(w.syntheticBanner()->text().contains("not patient data"));
        QVERIFY(w.syntheticStatusLabel()->isVisible());
        w.close();
    }

    void noBannerForImportedFrames()
    {
        QTemporaryDir tmp;
        auto store = ProjectStore::create(tmp.filePath("real"), "Imported");
        cv::Mat img(120, 160, CV_8UC3, cv::Scalar(40, 60, 160));
        saveImagePng(store->absolutePath("media/frame-000001.png"), img);
        Frame f;
        f.contentHash = contentHash(img);
        f.width = 160;
        f.height = 120;
        f.mediaPath = "media/frame-000001.png";
        f.synthetic = false;
        store->addFrame(f);
        MainWindow w(store.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.syntheticBanner()->isVisible());
        QVERIFY(!w.syntheticStatusLabel()->isVisible());
        QCOMPARE(w.frameList()->model()->rowCount(), 1);
        QVERIFY(w.frameView()->hasFrame());
        QVERIFY(w.frameView()->layers().empty());
        w.close();
    }

    void missingImageDoesNotCrash()
    {
        QTemporaryDir tmp;
        DemoOptions o;
        o.frames = 2;
        o.width = 160;
        o.height = 128;
        createDemoProject(tmp.filePath("p"), o);
        auto store = ProjectStore::open(tmp.filePath("p"));
        const Frame second = store->frames().back();
        QVERIFY(QFile::remove(store->absolutePath(second.mediaPath)));
        MainWindow w(store.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.selectFrame(second.id));
        QVERIFY(!w.frameView()->hasFrame());
        QCOMPARE(w.propertiesPanel()->valueText("frame"), QString::number(second.id));
        const QModelIndex idx = w.frameModel()->index(w.frameModel()->rowOfFrame(second.id));
        idx.data(FrameListModel::ThumbnailRole);
        QTRY_VERIFY_WITH_TIMEOUT(idx.data(FrameListModel::ThumbnailFailedRole).toBool(), 10000);
        w.close();
    }

    void zoomAndFit()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        FrameView *v = w.frameView();
        QVERIFY(v->isFitToWindow());
        const double fit = v->zoom();
        v->zoomIn();
        QVERIFY(!v->isFitToWindow());
        QVERIFY(v->zoom() > fit * 1.2);
        v->fitToWindow();
        QVERIFY(qAbs(v->zoom() - fit) < 1e-6);
        v->actualSize();
        QCOMPARE(v->zoom(), 1.0);
        w.close();
    }

    // A filter, a colleague's save or a new order reloads the list, not the frames' images:
    // thumbnails already decoded are shown at once, nothing is decoded again. A frame whose
    // file changed (same id, another path) is decoded again.
    void thumbnailsOutliveListReloads()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        FrameListModel *model = w.frameModel();
        const qint64 first = model->frameIdAt(0);
        QTRY_VERIFY_WITH_TIMEOUT(!model->index(0).data(FrameListModel::ThumbnailRole).value<QImage>().isNull(), 10000);
        ThumbnailCache *cache = model->thumbnails();
        const int decoded = cache->decodeCount();

        FrameFilter f;
        f.idSearch = QString::number(first);
        model->setFilter(f);
        QCOMPARE(model->rowCount(), 1);
        QVERIFY(!model->index(0).data(FrameListModel::ThumbnailRole).value<QImage>().isNull());
        model->setFilter({});
        QVERIFY(!model->index(model->rowOfFrame(first)).data(FrameListModel::ThumbnailRole).value<QImage>().isNull());
        QCOMPARE(cache->decodeCount(), decoded);

        // A key cached with one file and asked for with another (an id used again): decoded
        // again, the new picture shown. (A key the list does not show, so only the test asks.)
        QTemporaryDir tmp;
        const auto picture = [&](const QString &name, Qt::GlobalColor colour) {
            QImage img(64, 48, QImage::Format_RGB32);
            img.fill(colour);
            const QString path = tmp.filePath(name);
            return img.save(path) ? path : QString();
        };
        const QString blue = picture(QStringLiteral("blue.png"), Qt::blue), red = picture(QStringLiteral("red.png"), Qt::red);
        constexpr qint64 kOther = 1'000'000;
        QTRY_VERIFY_WITH_TIMEOUT(!cache->thumbnail(kOther, blue).isNull(), 10000);
        QCOMPARE(cache->thumbnail(kOther, blue).pixelColor(5, 5), QColor(Qt::blue));
        QTRY_VERIFY_WITH_TIMEOUT(!cache->thumbnail(kOther, red).isNull(), 10000);
        QCOMPARE(cache->thumbnail(kOther, red).pixelColor(5, 5), QColor(Qt::red));
        QCOMPARE(cache->decodeCount(), decoded + 2);
        w.close();
    }

    // On a laptop screen (1366 x 768, less the panel) the window fits, and in it every
    // structure's row of the Structures list is in view: the review, consensus and issues
    // panels tabbed below scroll instead of demanding their full height.
    void fitsALaptopScreenWithAllStructuresInView()
    {
        auto store = ProjectStore::open(m_project);
        MainWindow w(store.get());
        w.resize(1366, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.minimumSizeHint().height() <= 700, qPrintable(QString::number(w.minimumSizeHint().height())));
        QTRY_COMPARE(w.height(), 700);
        QTreeWidget *tree = w.structurePanel()->tree();
        QCOMPARE(tree->topLevelItemCount(), 5);
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            const QRect row = tree->visualItemRect(tree->topLevelItem(i));
            QVERIFY2(!row.isEmpty() && tree->viewport()->rect().contains(row), qPrintable(tree->topLevelItem(i)->text(0)));
        }
    }

    // Two actions of the workspace on one key sequence both stay silent (Qt's
    // "ambiguous shortcut"): every menu, tool bar and window shortcut is unique.
    void shortcutsAreUnique()
    {
        MainWindow w;
        QSet<QAction *> actions;
        for (QAction *a : w.actions())
            actions.insert(a);
        for (QMenu *menu : w.menuBar()->findChildren<QMenu *>())
            for (QAction *a : menu->actions())
                actions.insert(a);
        for (QToolBar *bar : w.findChildren<QToolBar *>())
            for (QAction *a : bar->actions())
                actions.insert(a);
        QMap<QString, QStringList> byKey;
        for (QAction *a : std::as_const(actions)) {
            QSet<QString> keys; // one action may list a key twice (Redo: platform keys and Ctrl+Y)
            for (const QKeySequence &k : a->shortcuts())
                keys.insert(k.toString());
            for (const QString &k : std::as_const(keys))
                byKey[k] << a->text();
        }
        QVERIFY(byKey.size() > 30);
        for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
            QVERIFY2(it.value().size() == 1, qPrintable(it.key() + ": " + it.value().join(", ")));
    }

    // UI tests and screenshot scripts find these by object name, in these menus.
    void featureMenusKeepTheirActions()
    {
        MainWindow w;
        auto names = [&](const char *menuName) {
            QStringList out;
            if (QMenu *menu = w.menuBar()->findChild<QMenu *>(QLatin1String(menuName)))
                for (QAction *a : menu->actions())
                    if (!a->objectName().isEmpty())
                        out << a->objectName();
            return out;
        };
        QCOMPARE(names("toolsMenu"), (QStringList{"panToolAction", "brushToolAction", "eraserToolAction",
                                                  "polygonToolAction", "wandToolAction", "smartSelectToolAction",
                                                  "pinIssueToolAction", "confirmToolAction", "cancelToolAction",
                                                  "propagateAction"}));
        QCOMPARE(names("reviewMenu"), (QStringList{"reviewModeAction", "nextReviewAction", "nextIssueAction",
                                                   "previousIssueAction", "blockSubmissionAction",
                                                   "independentAnnotationsAction", "honeypotsAction"}));
        QCOMPARE(names("evaluationMenu"), QStringList{"expertReviewAction"});
        QVERIFY(w.findChild<QSpinBox *>(QStringLiteral("brushRadius")));
        // Review mode from the menu and from the window are one state.
        w.menuBar()->findChild<QAction *>(QStringLiteral("reviewModeAction"))->trigger();
        QVERIFY(w.reviewMode());
        w.setReviewMode(false);
        QVERIFY(!w.menuBar()->findChild<QAction *>(QStringLiteral("reviewModeAction"))->isChecked());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
