// Propagation bench (#17): on the coherent clips of a fresh demo project, every
// structure of a clip's first frame is carried onto the following frames
// (core/assist/propagation.h) and compared with the ground truth. Prints the median IoU
// k frames ahead (k = 1 .. clip length - 1) per structure and overall, with the flow's
// anchor moved every 5 frames (the default), every frame, or never (from the source),
// beside doing nothing (the source mask left where it was), the time per frame, and what
// the manual polygon (bench/assist/simulatedannotator.h) needs for the same IoU on each frame.
//   propagation_bench [--clips N] [--clip-frames N] [--seed S] [--flow-width W]
//                     [--project FOLDER] [--model SEG_MODEL_DIR] [--verbose]
// --project reuses (or first creates) the demo project there; --model refines with the
// segmentation model (a box prompt from the warped mask) as the GUI does when the project has one.
#include "seg/seg_session.h"

#include "assist/propagation.h"
#include "assist/simulatedannotator.h"
#include "demo/demoproject.h"
#include "imageio.h"
#include "store/projectstore.h"
#include "widgets/segmodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <vector>

namespace {

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The demo's clips: runs of frames of one video kDemoClipStepSec apart, in time order.
std::vector<std::vector<sd::Frame>> clipsOf(const sd::ProjectStore &store)
{
    std::map<qint64, std::vector<sd::Frame>> byVideo;
    for (const sd::Frame &f : store.frames())
        if (f.videoId)
            byVideo[*f.videoId].push_back(f);
    std::vector<std::vector<sd::Frame>> clips;
    for (auto &[video, frames] : byVideo) {
        std::sort(frames.begin(), frames.end(),
                  [](const sd::Frame &a, const sd::Frame &b) { return a.timestampSec < b.timestampSec; });
        std::vector<sd::Frame> run;
        for (const sd::Frame &f : frames) {
            if (!run.empty() && std::abs(f.timestampSec - run.back().timestampSec - sd::kDemoClipStepSec) > 1e-3) {
                if (run.size() > 1)
                    clips.push_back(run);
                run.clear();
            }
            run.push_back(f);
        }
        if (run.size() > 1)
            clips.push_back(run);
    }
    return clips;
}

struct Series {
    std::map<int, std::vector<double>> iouAhead;                       // k -> IoUs
    std::map<QString, std::map<int, std::vector<double>>> perStructure; // key -> k -> IoUs
    double ms = 0;
    int frames = 0;
    int gone = 0; // (source, frame) pairs where the structure had left the view: not scored
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto value = [&](const QString &name, const QString &fallback) {
        const int i = int(args.indexOf(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    sd::DemoOptions o;
    o.frames = 10;
    o.clips = value(QStringLiteral("--clips"), QStringLiteral("12")).toInt();
    o.clipFrames = value(QStringLiteral("--clip-frames"), QString::number(sd::kDemoClipFrames)).toInt();
    o.seed = value(QStringLiteral("--seed"), QStringLiteral("1")).toULongLong();
    const int flowWidth = value(QStringLiteral("--flow-width"), QStringLiteral("320")).toInt();
    const QString modelDir = value(QStringLiteral("--model"), {});
    const bool verbose = args.contains(QStringLiteral("--verbose")); // every source mask's row

    QTemporaryDir tmp;
    QString folder = value(QStringLiteral("--project"), {});
    if (folder.isEmpty())
        folder = tmp.filePath(QStringLiteral("demo"));
    if (!sd::ProjectStore::isProject(folder)) {
        QElapsedTimer t;
        t.start();
        sd::createDemoProject(folder, o);
        std::printf("demo project: %d clips of %d frames at %dx%d, seed %llu, created in %.1f s\n", o.clips,
                    o.clipFrames, o.width, o.height, static_cast<unsigned long long>(o.seed), t.elapsed() / 1000.0);
    }
    const auto store = sd::ProjectStore::open(folder, sd::OpenMode::ReadOnly);
    std::unique_ptr<sd::MaskProposer> model;
    if (!modelDir.isEmpty())
        model = std::make_unique<sd::SegModelProposer>(
            std::shared_ptr<const sd::seg::SegSession>(sd::loadProjectSegModel(*store, modelDir)));

    const auto clips = clipsOf(*store);
    std::map<QString, Series> series; // method -> results
    std::map<int, std::vector<double>> polygonVertices; // k -> vertices the polygon needs for the default's IoU
    const int defaultAnchor = sd::PropagationOptions().anchorEvery;
    const QString defaultName = QStringLiteral("anchor every %1 (default)").arg(defaultAnchor);
    int sources = 0;
    for (const auto &clip : clips) {
        std::vector<cv::Mat> images;
        for (const sd::Frame &f : clip)
            images.push_back(sd::loadImage(store->absolutePath(f.mediaPath)));
        const size_t ahead = clip.size() - 1;
        for (const sd::Mask &source : store->masksForFrame(clip[0].id)) {
            const QString key = store->structure(source.structureId)->key;
            ++sources;
            const cv::Mat sourceMask = source.rle.decode();
            struct Run {
                QString name;
                int anchorEvery;
                sd::MaskProposer *refiner;
            };
            std::vector<Run> runs{{defaultName, defaultAnchor, nullptr},
                                  {QStringLiteral("frame to frame"), 1, nullptr},
                                  {QStringLiteral("from the source"), 0, nullptr}};
            if (model)
                runs.push_back({QStringLiteral("default + model"), defaultAnchor, model.get()});
            for (const Run &run : runs) {
                sd::PropagationOptions po;
                po.anchorEvery = run.anchorEvery;
                po.flowWidth = flowWidth;
                QElapsedTimer t;
                t.start();
                const std::vector<cv::Mat> out = sd::propagateMask([&](size_t i) { return images[i]; }, ahead,
                                                                   sourceMask, run.refiner, key, po);
                Series &s = series[run.name];
                if (verbose)
                    std::printf("frame %lld %-26s %-18s", static_cast<long long>(clip[0].id), qPrintable(key),
                                qPrintable(run.name));
                s.ms += double(t.nsecsElapsed()) / 1e6;
                s.frames += int(ahead);
                for (size_t k = 1; k <= ahead; ++k) {
                    const auto truth = store->mask(clip[k].id, source.structureId);
                    if (!truth) { // it left the view (the demo drops remnants below its minimum area)
                        ++s.gone;
                        if (verbose)
                            std::printf("  gone");
                        continue;
                    }
                    const cv::Mat gt = truth->rle.decode();
                    const double v = sd::bench::maskIou(out[k - 1], gt);
                    s.iouAhead[int(k)].push_back(v);
                    s.perStructure[key][int(k)].push_back(v);
                    if (verbose)
                        std::printf(" %.3f", v);
                    if (run.anchorEvery == defaultAnchor && !run.refiner) {
                        const sd::bench::AnnotatorRun poly = sd::bench::runPolygon(gt);
                        int need = int(poly.iou.size()) + 1;
                        for (size_t n = 0; n < poly.iou.size(); ++n)
                            if (poly.iou[n] >= v) {
                                need = int(n) + 1;
                                break;
                            }
                        polygonVertices[int(k)].push_back(need);
                    }
                }
                if (verbose)
                    std::printf("\n");
            }
            Series &still = series[QStringLiteral("unmoved (baseline)")];
            for (size_t k = 1; k <= ahead; ++k) {
                const auto truth = store->mask(clip[k].id, source.structureId);
                if (!truth)
                    continue;
                const double v = sd::bench::maskIou(sourceMask, truth->rle.decode());
                still.iouAhead[int(k)].push_back(v);
                still.perStructure[key][int(k)].push_back(v);
            }
        }
    }
    if (clips.empty() || sources == 0) {
        std::fprintf(stderr, "propagation_bench: the project has no clips\n");
        return 1;
    }
    const int maxAhead = int(clips.front().size()) - 1;
    std::printf("%zu clips, %d source masks, flow width %d px\n\n", clips.size(), sources, flowWidth);
    std::printf("median IoU k frames ahead:\n%-26s", "method");
    for (int k = 1; k <= maxAhead; ++k)
        std::printf("  +%-5d", k);
    std::printf("  ms/frame\n");
    for (const auto &[name, s] : series) {
        std::printf("%-26s", qPrintable(name));
        for (int k = 1; k <= maxAhead; ++k)
            std::printf("  %.3f ", s.iouAhead.count(k) ? median(s.iouAhead.at(k)) : 0.0);
        if (s.frames > 0)
            std::printf("  %.1f", s.ms / s.frames);
        std::printf("\n");
    }
    const Series &chained = series.at(defaultName);
    std::printf("\n%d (source, frame) pairs not scored: the structure had left the view\n", chained.gone);
    std::printf("\ndefault, per structure (masks at +1; median IoU at +1 / +5 / +%d; min at +5):\n", maxAhead);
    for (const auto &[key, byK] : chained.perStructure) {
        auto at = [&byK](int k) { return byK.count(k) ? byK.at(k) : std::vector<double>{}; };
        const std::vector<double> at5 = at(5);
        std::printf("  %-28s %3zu  %.3f / %.3f / %.3f  min %.3f\n", qPrintable(key), at(1).size(), median(at(1)),
                    median(at5), median(at(maxAhead)), at5.empty() ? 0.0 : *std::min_element(at5.begin(), at5.end()));
    }
    if (chained.iouAhead.count(5))
        std::printf("\nmedian IoU five frames ahead (default): %.3f (target >= 0.80)\n", median(chained.iouAhead.at(5)));
    std::printf("manual polygon for the same IoU, median vertices per frame:");
    for (int k = 1; k <= maxAhead; ++k)
        std::printf(" +%d: %.0f", k, median(polygonVertices[k]));
    std::printf("\n(propagation: one source mask and one command for all %d following frames)\n", maxAhead);
    return 0;
}
