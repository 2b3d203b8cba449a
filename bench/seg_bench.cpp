// Segmentation model bench (#17): trains the model on a fresh demo project's training
// split (held-out operations as `demo run`: 20 %, seed 1), then on the held-out
// frames prints the mean IoU per structure without prompt and with a box (ground-truth
// bounding box grown by 5 %), the latency per prediction at the frames' size, and the
// "seg suggest" experiment: from a small labelled subset, labelling the k most
// uncertain frames vs k random frames, each retrained with the same short budget.
//   seg_bench [--frames 300] [--steps 1200] [--minutes 10] [--keep DIR]
//             [--start 12] [--k 12] [--short-steps 300] [--random-draws 3] [--no-suggest | --suggest-only]
//             [--compare-entropy]   (also the old ranking by uncertainty alone)
#include "seg/seg_session.h"
#include "seg/seg_trainer.h"

#include "assist/segproject.h"
#include "demo/demoproject.h"
#include "eval/heldoutsplit.h"
#include "eval/seededshuffle.h"
#include "imageio.h"
#include "store/projectstore.h"
#include "widgets/segmodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QStringList>
#include <QTemporaryDir>

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
}

double ms(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Trained {
    std::string modelDir;
    double seconds = 0;
    int steps = 0;
};

Trained train(const sd::ProjectStore &store, const std::vector<sd::SegTrainingFrame> &frames,
              const std::vector<std::string> &structures, const QString &runDir, int steps, double minutes)
{
    sd::seg::SegTrainOptions o;
    o.runDir = runDir.toStdString();
    o.structures = structures;
    o.steps = steps;
    o.maxMinutes = minutes;
    o.inputWidth = 160;
    o.inputHeight = 128;
    o.saveEvery = 1000000; // the end only: the bench does not resume
    const auto t0 = Clock::now();
    const auto r = sd::seg::trainSegModel(o, frames.size(),
                                          [&](size_t i) { return sd::segTrainSample(store, frames[i]); });
    return {r.modelDir, ms(t0, Clock::now()) / 1000.0, r.step};
}

struct HeldOut {
    std::map<QString, std::vector<double>> unprompted, boxed; // structure key -> IoU per mask
    std::vector<double> predictMs, promptMs;
};

// Every held-out mask: the unprompted prediction and, optionally, the box-prompted one.
HeldOut evaluate(const sd::ProjectStore &store, const sd::seg::SegSession &session, bool withBox)
{
    HeldOut h;
    sd::SegModelProposer proposer(std::shared_ptr<const sd::seg::SegSession>(&session, [](auto *) {}));
    sd::FrameFilter filter;
    filter.split = QStringLiteral("test");
    for (const sd::Frame &f : store.frames(filter)) {
        const cv::Mat frameBgr = sd::loadImage(store.absolutePath(f.mediaPath));
        const auto image = sd::vlm::rgbImageFromBgr(frameBgr.data, frameBgr.cols, frameBgr.rows, frameBgr.step);
        auto t0 = Clock::now();
        const sd::seg::SegPrediction p = session.predict(image);
        h.predictMs.push_back(ms(t0, Clock::now()));
        for (const sd::Mask &m : store.masksForFrame(f.id)) {
            const QString key = store.structure(m.structureId)->key;
            const int k = session.structureIndex(key.toStdString());
            if (k < 0 || m.rle.isEmpty())
                continue;
            const cv::Mat pred = sd::probabilityToMask(p.probability[size_t(k)], p.width, p.height);
            h.unprompted[key].push_back(sd::iou(sd::RleMask::encode(pred), m.rle));
            if (!withBox)
                continue;
            const QRect b = m.rle.boundingBox();
            const int gx = int(b.width() * 0.025 + 0.5), gy = int(b.height() * 0.025 + 0.5);
            sd::MaskPrompt prompt;
            prompt.box = b.adjusted(-gx, -gy, gx, gy).intersected(QRect(0, 0, image.width, image.height));
            t0 = Clock::now();
            const cv::Mat boxed = proposer.propose(frameBgr, prompt, key);
            h.promptMs.push_back(ms(t0, Clock::now()));
            h.boxed[key].push_back(sd::iou(sd::RleMask::encode(boxed), m.rle));
        }
    }
    return h;
}

double mean(const std::vector<double> &v)
{
    double s = 0;
    for (double x : v)
        s += x;
    return v.empty() ? 0 : s / double(v.size());
}

// Mean over structures of the per-structure mean IoU.
double meanOfStructures(const std::map<QString, std::vector<double>> &per)
{
    std::vector<double> means;
    for (const auto &[key, v] : per)
        means.push_back(mean(v));
    return mean(means);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int frames = 300, steps = 1200, start = 12, k = 12, shortSteps = 300, draws = 3;
    double minutes = 10;
    bool suggest = true, main = true, compareEntropy = false;
    QString keep;
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i], v = args.value(i + 1);
        if (a == QLatin1String("--compare-entropy")) {
            compareEntropy = true;
            continue;
        }
        if (a == QLatin1String("--no-suggest") || a == QLatin1String("--suggest-only")) {
            (a == QLatin1String("--no-suggest") ? suggest : main) = false;
            continue;
        }
        ++i;
        if (a == QLatin1String("--frames")) frames = v.toInt();
        else if (a == QLatin1String("--steps")) steps = v.toInt();
        else if (a == QLatin1String("--minutes")) minutes = v.toDouble();
        else if (a == QLatin1String("--keep")) keep = v;
        else if (a == QLatin1String("--start")) start = v.toInt();
        else if (a == QLatin1String("--k")) k = v.toInt();
        else if (a == QLatin1String("--short-steps")) shortSteps = v.toInt();
        else if (a == QLatin1String("--random-draws")) draws = v.toInt();
        else {
            std::fprintf(stderr, "seg_bench: unknown option %s\n", qPrintable(a));
            return 2;
        }
    }
    QTemporaryDir tmp;
    try {
        sd::DemoOptions o;
        o.frames = frames;
        const QString projectDir = keep.isEmpty() ? tmp.filePath(QStringLiteral("demo")) : keep;
        const sd::DemoSummary s = sd::createDemoProject(projectDir, o);
        auto store = sd::ProjectStore::open(s.folder);
        const auto split = sd::eval::assignHeldOutSplit(*store, 0.2, 1);
        const std::vector<sd::SegTrainingFrame> trainFrames = sd::segTrainingFrames(*store);
        const std::vector<std::string> structures = sd::segTrainStructures(*store, trainFrames);
        std::printf("seg_bench: demo project %d frames %dx%d, %d training / %d held-out frames, %zu structures, "
                    "%d threads\n", frames, o.width, o.height, split.trainFrames, split.testFrames, structures.size(),
                    int(std::thread::hardware_concurrency()));
        std::fflush(stdout);

        if (main) {
            const Trained full = train(*store, trainFrames, structures, QDir(s.folder).filePath(QStringLiteral("runs/seg-bench")),
                                       steps, minutes);
            std::printf("\ntraining: %d steps in %.1f s (%.1f min; budget %.0f min)\n", full.steps, full.seconds,
                        full.seconds / 60, minutes);
            const auto session = sd::seg::SegSession::load(full.modelDir);
            const HeldOut h = evaluate(*store, *session, true);
            std::printf("\nheld-out IoU per structure (mean over masks)\n%-34s %6s %11s %9s\n", "structure", "masks",
                        "no prompt", "with box");
            for (const auto &[key, v] : h.unprompted)
                std::printf("%-34s %6zu %11.3f %9.3f\n", qPrintable(key), v.size(), mean(v), mean(h.boxed.at(key)));
            const double meanNo = meanOfStructures(h.unprompted), meanBox = meanOfStructures(h.boxed);
            std::printf("%-34s %6s %11.3f %9.3f\n", "mean of structures", "", meanNo, meanBox);
            std::printf("\nlatency at %dx%d: prediction (all structures) p50 %.0f ms, p95 %.0f ms; box prompt p50 %.0f ms, "
                        "p95 %.0f ms\n", o.width, o.height, quantile(h.predictMs, 0.5), quantile(h.predictMs, 0.95),
                        quantile(h.promptMs, 0.5), quantile(h.promptMs, 0.95));
            std::printf("targets: training <= 10 min: %s; mean IoU without prompt >= 0.80: %s; with a box >= 0.90: %s; "
                        "prediction <= 500 ms: %s\n", full.seconds <= 600 ? "met" : "NOT met", meanNo >= 0.8 ? "met" : "NOT met",
                        meanBox >= 0.9 ? "met" : "NOT met", quantile(h.predictMs, 0.95) <= 500 ? "met" : "NOT met");
            if (!keep.isEmpty())
                std::printf("model kept in %s\n", full.modelDir.c_str());
            std::fflush(stdout);
        }
        if (!suggest)
            return 0;

        // The suggest experiment: labelled start set L0, a pool of "unlabelled" training frames.
        QList<int> order;
        for (int i = 0; i < int(trainFrames.size()); ++i)
            order << i;
        sd::eval::seededShuffle(order, 7);
        std::vector<sd::SegTrainingFrame> labelled, pool;
        for (int i = 0; i < order.size(); ++i)
            (i < start ? labelled : pool).push_back(trainFrames[size_t(order[i])]);
        const QString base = QDir(s.folder).filePath(QStringLiteral("runs/suggest-"));
        const Trained m0 = train(*store, labelled, structures, base + QStringLiteral("start"), shortSteps, 0);
        const auto s0 = sd::seg::SegSession::load(m0.modelDir);
        const double iou0 = meanOfStructures(evaluate(*store, *s0, false).unprompted);
        // The product's ranking (seg suggest), over the pool with the start set as labelled.
        std::vector<sd::Frame> poolFrames, labelledFrames;
        std::map<qint64, size_t> poolIndex;
        for (size_t i = 0; i < pool.size(); ++i) {
            poolFrames.push_back(pool[i].frame);
            poolIndex[pool[i].frame.id] = i;
        }
        for (const auto &f : labelled)
            labelledFrames.push_back(f.frame);
        const auto rankStart = Clock::now();
        const std::vector<sd::FrameSuggestion> ranked = sd::rankFramesForLabelling(*store, *s0, poolFrames, labelledFrames);
        const double rankSeconds = ms(rankStart, Clock::now()) / 1000.0;
        std::vector<std::pair<double, size_t>> scored;
        for (const sd::FrameSuggestion &r : ranked)
            scored.emplace_back(r.score, poolIndex.at(r.frameId));
        auto withPicks = [&](const std::vector<size_t> &picks) {
            auto set = labelled;
            for (size_t i : picks)
                set.push_back(pool[i]);
            return set;
        };
        std::vector<size_t> top;
        for (int i = 0; i < k && i < int(scored.size()); ++i)
            top.push_back(scored[size_t(i)].second);
        const Trained mTop = train(*store, withPicks(top), structures, base + QStringLiteral("top"), shortSteps, 0);
        const double iouTop = meanOfStructures(evaluate(*store, *sd::seg::SegSession::load(mTop.modelDir), false).unprompted);
        // The previous ranking, by uncertainty alone, for comparison.
        double iouEntropy = -1;
        if (compareEntropy) {
            std::vector<std::pair<double, size_t>> byU = scored;
            std::stable_sort(byU.begin(), byU.end(), [](auto &a, auto &b) { return a.first > b.first; });
            std::vector<size_t> picks;
            for (int i = 0; i < k && i < int(byU.size()); ++i)
                picks.push_back(byU[size_t(i)].second);
            const Trained me = train(*store, withPicks(picks), structures, base + QStringLiteral("entropy"), shortSteps, 0);
            iouEntropy = meanOfStructures(evaluate(*store, *sd::seg::SegSession::load(me.modelDir), false).unprompted);
        }
        std::vector<double> randomIous;
        for (int d = 0; d < draws; ++d) {
            QList<int> idx;
            for (int i = 0; i < int(pool.size()); ++i)
                idx << i;
            sd::eval::seededShuffle(idx, quint64(100 + d));
            std::vector<size_t> picks;
            for (int i = 0; i < k && i < idx.size(); ++i)
                picks.push_back(size_t(idx[i]));
            const Trained mr = train(*store, withPicks(picks), structures,
                                     base + QStringLiteral("random-%1").arg(d), shortSteps, 0);
            randomIous.push_back(meanOfStructures(evaluate(*store, *sd::seg::SegSession::load(mr.modelDir), false).unprompted));
        }
        std::printf("\nseg suggest: start %d labelled frames (held-out mean IoU %.3f), +%d frames, each retrained %d steps\n",
                    start, iou0, k, shortSteps);
        std::printf("  ranking %zu frames: %.1f s\n", pool.size(), rankSeconds);
        std::printf("  top-%d suggested: held-out mean IoU %.3f (%+.3f)\n", k, iouTop, iouTop - iou0);
        if (compareEntropy)
            std::printf("  top-%d by uncertainty alone: held-out mean IoU %.3f (%+.3f)\n", k, iouEntropy, iouEntropy - iou0);
        for (int d = 0; d < draws; ++d)
            std::printf("  %d random (draw %d): held-out mean IoU %.3f (%+.3f)\n", k, d + 1, randomIous[size_t(d)],
                        randomIous[size_t(d)] - iou0);
        std::printf("  suggested vs mean of random: %+.3f -> target %s\n", iouTop - mean(randomIous),
                    iouTop > mean(randomIous) ? "met" : "NOT met");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "seg_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
