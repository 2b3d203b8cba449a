// Times `createDemoProject` with the default options (300 frames, 640x512):
// the brief asks for well under a minute. Prints seconds and frames per second.
//   bench_demoproject [FRAMES] [WIDTH HEIGHT]
#include "demo/demoproject.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThreadPool>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    sd::DemoOptions o;
    if (argc > 1)
        o.frames = std::atoi(argv[1]);
    if (argc > 3) {
        o.width = std::atoi(argv[2]);
        o.height = std::atoi(argv[3]);
    }
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }
    QElapsedTimer t;
    t.start();
    try {
        const sd::DemoSummary s = sd::createDemoProject(tmp.filePath(QStringLiteral("demo")), o);
        const double sec = t.elapsed() / 1000.0;
        std::printf("demo project: %d frames %dx%d, %d masks, %d threads: %.2f s (%.1f frames/s)\n", s.frames,
                    o.width, o.height, s.masks, QThreadPool::globalInstance()->maxThreadCount(), sec,
                    s.frames / sec);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_demoproject: %s\n", e.what());
        return 1;
    }
    return 0;
}
