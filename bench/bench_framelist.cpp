// Scrolls the workspace's frame list through a large demo project and prints
// how long the UI thread is busy per page (thumbnails decode off the UI thread).
//   QT_QPA_PLATFORM=offscreen bench_framelist [FRAMES=10000]
#include "demo/demoproject.h"
#include "frames/framelistmodel.h"
#include "workspace/mainwindow.h"
#include "store/projectstore.h"
#include "frames/thumbnailcache.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    sd::DemoOptions o;
    o.frames = argc > 1 ? std::atoi(argv[1]) : 10000;
    o.width = 96; // small frames: this measures the list, not the renderer
    o.height = 80;
    QTemporaryDir tmp;
    QElapsedTimer t;
    t.start();
    try {
        sd::createDemoProject(tmp.filePath(QStringLiteral("p")), o);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_framelist: %s\n", e.what());
        return 1;
    }
    std::printf("created %d frames in %.1f s\n", o.frames, t.elapsed() / 1000.0);

    auto store = sd::ProjectStore::open(tmp.filePath(QStringLiteral("p")));
    t.restart();
    sd::ui::MainWindow w(store.get());
    w.resize(1400, 900);
    w.show();
    app.processEvents();
    std::printf("window with %d frames opened in %.0f ms\n", w.frameModel()->rowCount(), double(t.elapsed()));

    QScrollBar *bar = w.frameList()->verticalScrollBar();
    std::vector<double> steps;
    for (int v = 0; v <= bar->maximum(); v += std::max(1, bar->pageStep())) {
        QElapsedTimer s;
        s.start();
        bar->setValue(v);
        w.frameList()->viewport()->repaint();
        app.processEvents();
        steps.push_back(s.nsecsElapsed() / 1e6);
    }
    std::sort(steps.begin(), steps.end());
    if (!steps.empty())
        std::printf("%zu pages: median %.2f ms, 95th percentile %.2f ms, max %.2f ms per page\n", steps.size(),
                    steps[steps.size() / 2], steps[steps.size() * 95 / 100], steps.back());
    return 0;
}
