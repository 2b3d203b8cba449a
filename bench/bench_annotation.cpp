// Annotation workspace figures on a 1920x1080 frame with five mask layers:
// a 20 px brush segment applied and repainted, and opening a frame with its
// masks. Frame-list scrolling with 10,000 frames is bench_framelist.
//   QT_QPA_PLATFORM=offscreen bench_annotation [SEGMENTS=200]
#include "annotation/annotationeditor.h"
#include "annotation/frameview.h"
#include "imageio.h"
#include "workspace/mainwindow.h"
#include "store/projectstore.h"
#include "annotation/structurepanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

void settle()
{
    // Scene change -> dirty items -> viewport update request -> paint: a few passes.
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
}

void print(const char *what, std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("%-44s median %7.2f ms   95th %7.2f ms   max %7.2f ms   (n=%zu)\n", what, ms[ms.size() / 2],
                ms[ms.size() * 95 / 100], ms.back(), ms.size());
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // no user settings or layout
    const int segments = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200;
    constexpr int W = 1920, H = 1080;
    QTemporaryDir tmp;
    std::unique_ptr<sd::ProjectStore> store;
    try {
        store = sd::ProjectStore::create(tmp.filePath(QStringLiteral("p")), QStringLiteral("bench"));
        cv::RNG rng(7);
        for (int i = 0; i < 6; ++i) {
            cv::Mat img(H, W, CV_8UC3);
            rng.fill(img, cv::RNG::UNIFORM, 0, 255);
            cv::GaussianBlur(img, img, cv::Size(0, 0), 6);
            const QString rel = QStringLiteral("media/frame-%1.png").arg(i + 1, 6, 10, QLatin1Char('0'));
            sd::saveImagePng(store->absolutePath(rel), img);
            sd::Frame f;
            f.contentHash = sd::contentHash(img);
            f.width = W;
            f.height = H;
            f.mediaPath = rel;
            store->addFrame(f);
            int k = 0;
            for (const sd::Structure &s : store->structures()) { // five layers
                cv::Mat m(H, W, CV_8UC1, cv::Scalar(0));
                cv::ellipse(m, cv::Point(300 + 300 * k, 300 + 100 * k), cv::Size(260, 180), 15.0 * k, 0, 360,
                            cv::Scalar(255), cv::FILLED);
                store->saveMask(f.id, s.id, sd::RleMask::encode(m), QStringLiteral("bench"));
                ++k;
            }
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_annotation: %s\n", e.what());
        return 1;
    }

    sd::ui::MainWindow w(store.get());
    w.resize(1600, 1000);
    w.show();
    settle();
    const std::vector<sd::Frame> frames = store->frames();

    // Cold: the frame is not prefetched (a jump, e.g. a search result). Next: the
    // neighbour was decoded in the background while the previous frame was shown.
    std::vector<double> cold, coldShown, next;
    auto open = [&](qint64 id, std::vector<double> &painted, std::vector<double> *loaded) {
        QElapsedTimer t;
        t.start();
        w.selectFrame(id);
        if (loaded)
            loaded->push_back(t.nsecsElapsed() / 1e6);
        w.frameView()->viewport()->repaint();
        painted.push_back(t.nsecsElapsed() / 1e6);
        settle();
    };
    for (int i = 0; i < 12; ++i) {
        w.prefetcher().clear();
        open(frames[size_t(i % 3) * 2].id, cold, &coldShown);
        QThread::msleep(400); // the user looks at the frame; neighbours decode meanwhile
        open(frames[size_t(i % 3) * 2 + 1].id, next, nullptr);
    }
    sd::ui::FrameView *view = w.frameView();
    view->fitToWindow();
    sd::ui::AnnotationEditor *editor = w.editor();
    editor->setTool(sd::ui::AnnotationEditor::Tool::Brush);
    editor->setBrushRadius(20);
    w.structurePanel()->setCurrentStructure(store->structures().at(2).id);
    settle();
    // One stroke of `segments` 7.5 px segments along a wave that stays inside the
    // view at both zooms (x 500..1300 around the centre), so every segment is repainted.
    auto strokeAt = [&](double zoom) {
        if (zoom > 0) {
            view->actualSize();
            view->centerOn(QPointF(900, 540));
        }
        settle();
        std::vector<double> ms;
        QPointF p(500, 540);
        editor->toolPress(p, Qt::NoModifier);
        settle();
        for (int i = 0; i < segments; ++i) {
            const double x = std::fmod(7.5 * (i + 1), 1600.0);
            const QPointF next(500 + (x < 800 ? x : 1600 - x), 540 + 250 * std::sin((i + 1) / 20.0));
            QElapsedTimer t;
            t.start();
            editor->toolMove(next); // applies the segment to the mask and re-renders its rectangle
            // Repaints the changed part of the view now (what the queued update would paint).
            const QRectF segment = QRectF(p, next).normalized().adjusted(-22, -22, 22, 22);
            view->viewport()->repaint(view->mapFromScene(segment).boundingRect().adjusted(-2, -2, 2, 2));
            ms.push_back(t.nsecsElapsed() / 1e6);
            p = next;
        }
        editor->toolRelease(p);
        return ms;
    };
    const std::vector<double> brushFit = strokeAt(0);
    const double fitZoom = view->zoom();
    const std::vector<double> brushActual = strokeAt(1.0);

    std::vector<double> full;
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer t;
        t.start();
        view->viewport()->repaint();
        full.push_back(t.nsecsElapsed() / 1e6);
    }

    std::printf("1920x1080 frame, five mask layers, view %dx%d\n", view->viewport()->width(),
                view->viewport()->height());
    print("open frame with masks, cold: in the view", coldShown);
    print("open frame with masks, cold: ... and painted", cold);
    print("open next frame (prefetched) and paint", next);
    char label[96];
    std::snprintf(label, sizeof label, "brush segment r=20 + repaint, zoom %.2f (fit)", fitZoom);
    print(label, brushFit);
    print("brush segment r=20 + repaint, zoom 1.00", brushActual);
    print("full repaint of the view (for reference)", full);
    return 0;
}
