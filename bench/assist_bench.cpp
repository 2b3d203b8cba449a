// Assisted segmentation bench (#17): a simulated annotator (bench/assist/simulatedannotator.h)
// on the held-out operations of a fresh demo project, manual polygon vs GrabCut. Prints the
// median IoU after each interaction, the interactions needed to reach IoU 0.90, and the
// latency per prompt. Tune on --split train, report on the default --split test.
//   assist_bench [--frames N] [--split test|train] [--max-masks M] [--project FOLDER] [--model SEG_MODEL_DIR]
// With --model, the project's trained segmentation model (SegModelProposer) runs the same
// annotator beside GrabCut (train it on the same demo: seg_bench --keep FOLDER, then --project FOLDER).
//                [--iterations N] [--work-pixels P] [--seed-fraction F] [--refine-pixels P]
//                [--rim-quantile Q] [--rim-fraction F] [--rim-min-share S]  (GrabCutOptions, to tune)
// --project reuses (or first creates) a demo project there instead of a temporary one.
#include "seg/seg_session.h"

#include "assist/grabcutproposer.h"
#include "assist/simulatedannotator.h"
#include "demo/demoproject.h"
#include "eval/heldoutsplit.h"
#include "imageio.h"
#include "store/projectstore.h"
#include "widgets/segmodel.h"

#include <QCoreApplication>
#include <QDir>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <vector>

namespace {

using sd::bench::AnnotatorRun;

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const size_t i = size_t(pos);
    const double f = pos - double(i);
    return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

struct Method {
    const char *name;
    std::vector<AnnotatorRun> runs;
    std::vector<QString> structures; // of each run
};

// "Interactions to IoU 0.90": the median over masks, a mask that never gets there
// counted at the cap + 1 (so a method cannot look better by giving up).
double medianInteractions(const Method &m, int cap)
{
    std::vector<double> n;
    for (const auto &r : m.runs)
        n.push_back(r.interactionsToTarget > 0 ? r.interactionsToTarget : cap + 1);
    return quantile(n, 0.5);
}

double meanInteractions(const Method &m, int cap)
{
    double sum = 0;
    for (const auto &r : m.runs)
        sum += r.interactionsToTarget > 0 ? r.interactionsToTarget : cap + 1;
    return m.runs.empty() ? 0 : sum / double(m.runs.size());
}

int reached(const Method &m)
{
    return int(std::count_if(m.runs.begin(), m.runs.end(), [](const AnnotatorRun &r) { return r.interactionsToTarget > 0; }));
}

double medianIouAt(const Method &m, size_t k)
{
    std::vector<double> v;
    for (const auto &r : m.runs)
        v.push_back(k < r.iou.size() ? r.iou[k] : (r.iou.empty() ? 0 : r.iou.back()));
    return quantile(v, 0.5);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int frames = 120, maxMasks = 1000;
    QString split = QStringLiteral("test"), projectFolder, dumpFolder, modelFolder;
    sd::GrabCutOptions gcOptions;
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--frames"))
            frames = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--split"))
            split = args[i + 1];
        else if (args[i] == QLatin1String("--max-masks"))
            maxMasks = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dump"))
            dumpFolder = args[i + 1];
        else if (args[i] == QLatin1String("--project"))
            projectFolder = args[i + 1];
        else if (args[i] == QLatin1String("--model"))
            modelFolder = args[i + 1];
        else if (args[i] == QLatin1String("--iterations"))
            gcOptions.iterations = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seed-fraction"))
            gcOptions.seedFraction = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--no-fill"))
            gcOptions.fillHoles = args[i + 1].toInt() == 0;
        else if (args[i] == QLatin1String("--refine-pixels"))
            gcOptions.refinePixels = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--rim-quantile"))
            gcOptions.rimQuantile = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--rim-fraction"))
            gcOptions.rimFraction = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--rim-min-share"))
            gcOptions.rimMinShare = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--work-pixels"))
            gcOptions.maxWorkPixels = args[i + 1].toInt();
    }
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }
    try {
        sd::DemoOptions o;
        o.frames = frames;
        if (projectFolder.isEmpty())
            projectFolder = tmp.filePath(QStringLiteral("demo"));
        if (!sd::ProjectStore::isProject(projectFolder))
            sd::createDemoProject(projectFolder, o);
        auto store = sd::ProjectStore::open(projectFolder);
        frames = store->frameCount();
        sd::eval::assignHeldOutSplit(*store, 0.2, 1); // as `demo run`: 20 % of the operations held out
        std::map<qint64, QString> keys;
        for (const auto &st : store->structures())
            keys[st.id] = st.key;

        sd::bench::AnnotatorOptions options;
        sd::GrabCutProposer grabcut(gcOptions);
        Method polygon{"manual polygon", {}, {}}, gc{"grabcut", {}, {}}, mdl{"seg model", {}, {}};
        std::unique_ptr<sd::SegModelProposer> model;
        if (!modelFolder.isEmpty())
            model = std::make_unique<sd::SegModelProposer>(
                std::shared_ptr<const sd::seg::SegSession>(sd::seg::SegSession::load(modelFolder.toStdString())));
        int masks = 0, framesUsed = 0;
        sd::FrameFilter filter;
        filter.split = split;
        for (const sd::Frame &f : store->frames(filter)) {
            if (masks >= maxMasks)
                break;
            const cv::Mat bgr = sd::loadImage(store->absolutePath(f.mediaPath));
            ++framesUsed;
            for (const sd::Mask &m : store->masksForFrame(f.id)) {
                if (masks >= maxMasks)
                    break;
                const cv::Mat gt = m.rle.decode();
                polygon.runs.push_back(sd::bench::runPolygon(gt, options));
                gc.runs.push_back(sd::bench::runProposer(grabcut, bgr, gt, keys[m.structureId], options));
                gc.structures.push_back(keys[m.structureId]);
                if (model) {
                    mdl.runs.push_back(sd::bench::runProposer(*model, bgr, gt, keys[m.structureId], options));
                    mdl.structures.push_back(keys[m.structureId]);
                }
                if (!dumpFolder.isEmpty()) {
                    // Ground truth (green) and the box's proposal (yellow), to look at.
                    QDir().mkpath(dumpFolder);
                    sd::MaskPrompt p;
                    p.box = sd::bench::promptBox(gt, options.boxGrow);
                    const cv::Mat proposal = grabcut.propose(bgr, p, {});
                    cv::Mat shown = bgr.clone();
                    std::vector<std::vector<cv::Point>> c;
                    cv::findContours(gt, c, cv::RETR_LIST, cv::CHAIN_APPROX_NONE);
                    cv::drawContours(shown, c, -1, cv::Scalar(0, 255, 0), 2);
                    c.clear();
                    cv::findContours(proposal, c, cv::RETR_LIST, cv::CHAIN_APPROX_NONE);
                    cv::drawContours(shown, c, -1, cv::Scalar(0, 230, 255), 1);
                    cv::rectangle(shown, cv::Rect(p.box.x(), p.box.y(), p.box.width(), p.box.height()),
                                  cv::Scalar(255, 255, 255), 1);
                    cv::imwrite(QStringLiteral("%1/%2-%3.png").arg(dumpFolder).arg(masks).arg(keys[m.structureId]).toStdString(), shown);
                }
                if (!gc.runs.back().error.isEmpty())
                    std::fprintf(stderr, "frame %lld: %s\n", f.id, qPrintable(gc.runs.back().error));
                ++masks;
            }
        }
        std::printf("assist_bench: demo project %d frames %dx%d, split '%s': %d frames, %d masks\n", frames,
                    o.width, o.height, qPrintable(split), framesUsed, masks);
        std::printf("\nmedian IoU after each interaction (grabcut: 1 = box, then corrective clicks;"
                    " polygon: vertices)\n");
        std::printf("%-16s", "interactions");
        for (int k = 1; k <= options.maxInteractions; ++k)
            std::printf(" %5d", k);
        std::printf("\n");
        std::vector<const Method *> methods{&polygon, &gc};
        if (model)
            methods.push_back(&mdl);
        for (const Method *m : methods) {
            std::printf("%-16s", m->name);
            for (int k = 0; k < options.maxInteractions; ++k)
                std::printf(" %5.3f", medianIouAt(*m, size_t(k)));
            std::printf("\n");
        }
        std::printf("\ngrabcut per structure: median IoU with the box / box + 2 clicks\n");
        for (const auto &[id, key] : keys) {
            Method one{"", {}, {}};
            for (size_t i = 0; i < gc.runs.size(); ++i)
                if (gc.structures[i] == key)
                    one.runs.push_back(gc.runs[i]);
            if (!one.runs.empty())
                std::printf("  %-28s %3zu masks: %.3f / %.3f\n", qPrintable(key), one.runs.size(),
                            medianIouAt(one, 0), medianIouAt(one, 2));
        }
        const double polyMedian = medianInteractions(polygon, options.maxPolygonVertices);
        const double gcMedian = medianInteractions(gc, options.maxInteractions);
        const double polyMean = meanInteractions(polygon, options.maxPolygonVertices);
        const double gcMean = meanInteractions(gc, options.maxInteractions);
        std::printf("\ninteractions to reach IoU %.2f (not reached: counted as cap + 1)\n", options.targetIou);
        std::printf("  manual polygon: median %.1f, mean %.1f, reached %d/%d (cap %d vertices)\n", polyMedian,
                    polyMean, reached(polygon), masks, options.maxPolygonVertices);
        std::printf("  grabcut:        median %.1f, mean %.1f, reached %d/%d (cap %d interactions)\n", gcMedian,
                    gcMean, reached(gc), masks, options.maxInteractions);
        std::printf("  polygon / grabcut: %.1fx fewer interactions (median), %.1fx (mean)\n",
                    polyMedian / std::max(1e-9, gcMedian), polyMean / std::max(1e-9, gcMean));

        if (model) {
            const double mMedian = medianInteractions(mdl, options.maxInteractions);
            const double mMean = meanInteractions(mdl, options.maxInteractions);
            std::vector<double> mLatency;
            for (const auto &r : mdl.runs)
                mLatency.insert(mLatency.end(), r.latencyMs.begin(), r.latencyMs.end());
            std::printf("  seg model:      median %.1f, mean %.1f, reached %d/%d (cap %d interactions; %s)\n", mMedian,
                        mMean, reached(mdl), masks, options.maxInteractions, qPrintable(model->name()));
            std::printf("  polygon / seg model: %.1fx fewer interactions (median), %.1fx (mean) -> >= 5x: %s\n",
                        polyMedian / std::max(1e-9, mMedian), polyMean / std::max(1e-9, mMean),
                        polyMedian / std::max(1e-9, mMedian) >= 5 ? "met" : "NOT met");
            std::printf("  seg model latency per prompt: p50 %.0f ms, p95 %.0f ms (%zu prompts)\n",
                        quantile(mLatency, 0.5), quantile(mLatency, 0.95), mLatency.size());
        }

        std::vector<double> latency;
        for (const auto &r : gc.runs)
            latency.insert(latency.end(), r.latencyMs.begin(), r.latencyMs.end());
        std::printf("\ngrabcut latency per prompt at %dx%d: p50 %.0f ms, p95 %.0f ms, max %.0f ms (%zu prompts)\n",
                    o.width, o.height, quantile(latency, 0.5), quantile(latency, 0.95),
                    latency.empty() ? 0.0 : *std::max_element(latency.begin(), latency.end()), latency.size());
        const double boxPlus2 = medianIouAt(gc, 2);
        std::printf("\ntargets: grabcut box + 2 clicks median IoU %.3f (>= 0.85: %s); interactions to 0.90 %.1fx"
                    " fewer than polygon (>= 5x: %s); p95 latency %.0f ms (<= 300: %s)\n",
                    boxPlus2, boxPlus2 >= 0.85 ? "met" : "NOT met", polyMedian / std::max(1e-9, gcMedian),
                    polyMedian / std::max(1e-9, gcMedian) >= 5 ? "met" : "NOT met", quantile(latency, 0.95),
                    quantile(latency, 0.95) <= 300 ? "met" : "NOT met");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "assist_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
