// `surgdistill seg train|predict|suggest --project P`: the project's own
// segmentation model (training/seg/). train is a resumable background-style job
// (progress JSON lines like `train sft`, SIGTERM/SIGINT checkpoint and exit 130);
// predict writes model drafts for (frame, structure) without a mask in one
// transaction, nothing when cancelled; suggest ranks unannotated frames for
// labelling next by the model's uncertainty and how unlike the labelled ones they are; propagate carries a frame's mask onto the
// following frames of its video (optical flow, refined by the model when it knows the
// structure), all drafts in one transaction, nothing when cancelled.
// Engine headers come first: libtorch must be parsed before any Qt header.
#include "seg/seg_session.h"
#include "seg/seg_trainer.h"

#include "assist/propagation.h"
#include "assist/segproject.h"
#include "cliutil.h"
#include "command.h"
#include "currentuser.h"
#include "runrecord.h"
#include "store/projectstore.h"
#include "widgets/segmodel.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <iostream>
#include <optional>
#include <set>

namespace {

using json = nlohmann::json;
using sd::app::intOption;
using sd::app::openProject;
using sd::app::parseOrHelp;

std::atomic<bool> g_stop{false};

extern "C" void requestSegStop(int)
{
    g_stop = true;
}

void catchStopSignals()
{
    std::signal(SIGTERM, requestSegStop);
    std::signal(SIGINT, requestSegStop);
}

const QCommandLineOption kProjectOpt(QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("dir"));
const QCommandLineOption kModelOpt(QStringLiteral("model"),
                                   QStringLiteral("Segmentation model folder (default: the project's current model)."),
                                   QStringLiteral("dir"));
const QCommandLineOption kThreadsOpt(QStringLiteral("threads"), QStringLiteral("CPU threads (0: libtorch default)."),
                                     QStringLiteral("n"), QStringLiteral("0"));

int runTrainAction(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill seg train");
    QTextStream err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Trains the project's segmentation model (a small U-Net, CPU) on the approved masks of the frames\n"
        "outside the test split. Progress: JSON lines on stdout and in RUN_DIR/progress.jsonl; SIGTERM/SIGINT\n"
        "save a checkpoint and exit with status 130; --resume (or the same --out) continues the run."));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Run folder (default PROJECT/runs/seg-TIME)."),
                                    QStringLiteral("dir"));
    const QCommandLineOption resumeOpt(QStringLiteral("resume"), QStringLiteral("Continue the project's newest seg run."));
    const QCommandLineOption stepsOpt(QStringLiteral("steps"), QStringLiteral("Training steps (default 1200)."),
                                      QStringLiteral("n"), QStringLiteral("1200"));
    const QCommandLineOption minutesOpt(QStringLiteral("minutes"),
                                        QStringLiteral("Stop with a checkpoint after this many minutes (0: no limit)."),
                                        QStringLiteral("m"), QStringLiteral("0"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Seed (default 42)."), QStringLiteral("n"),
                                     QStringLiteral("42"));
    const QCommandLineOption widthOpt(QStringLiteral("width"), QStringLiteral("Network input width (default 160)."),
                                      QStringLiteral("px"), QStringLiteral("160"));
    const QCommandLineOption heightOpt(QStringLiteral("height"), QStringLiteral("Network input height (default 128)."),
                                       QStringLiteral("px"), QStringLiteral("128"));
    p.addOptions({kProjectOpt, outOpt, resumeOpt, stepsOpt, minutesOpt, seedOpt, widthOpt, heightOpt, kThreadsOpt});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    if (!p.isSet(kProjectOpt)) {
        err << command << ": --project DIR is required (try --help)\n";
        return 2;
    }
    qint64 steps = 1200, seed = 42, width = 160, height = 128, threads = 0; // intOption keeps these unless given
    if (!intOption(p, QStringLiteral("steps"), 1, 1000000, steps, command, err)
        || !intOption(p, QStringLiteral("seed"), 0, std::numeric_limits<int>::max(), seed, command, err)
        || !intOption(p, QStringLiteral("width"), 32, 1024, width, command, err)
        || !intOption(p, QStringLiteral("height"), 32, 1024, height, command, err)
        || !sd::app::threadsOption(p, threads, command, err))
        return 2;
    if (width % 8 || height % 8) {
        err << command << ": --width and --height must be multiples of 8\n";
        return 2;
    }
    bool minutesOk = false;
    const double minutes = p.value(minutesOpt).toDouble(&minutesOk);
    if (!minutesOk || minutes < 0) {
        err << command << ": --minutes must be a number >= 0\n";
        return 2;
    }
    auto store = openProject(p.value(kProjectOpt), sd::OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;

    QString runDir = p.value(outOpt);
    if (p.isSet(resumeOpt) && runDir.isEmpty()) {
        QDateTime newest;
        for (const auto &r : store->trainingRuns())
            if (r.kind == QLatin1String(sd::kSegRunKind) && (runDir.isEmpty() || r.startedAt >= newest)) {
                runDir = r.runDir;
                newest = r.startedAt;
            }
        if (runDir.isEmpty()) {
            err << command << ": --resume: this project has no segmentation run yet\n";
            return 1;
        }
    }
    if (runDir.isEmpty())
        runDir = QDir(store->folder()).filePath(
            QStringLiteral("runs/seg-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    runDir = QDir::cleanPath(QDir::current().absoluteFilePath(runDir));

    const std::vector<sd::SegTrainingFrame> frames = sd::segTrainingFrames(*store);
    const std::vector<std::string> structures = sd::segTrainStructures(*store, frames);
    if (frames.empty() || structures.empty()) {
        err << command << ": the project has no approved masks outside the test split to train on\n";
        return 1;
    }
    if (!QDir().mkpath(runDir)) {
        err << command << ": cannot create " << runDir << "\n";
        return 1;
    }

    sd::seg::SegTrainOptions o;
    o.runDir = runDir.toStdString();
    o.structures = structures;
    o.inputWidth = int(width);
    o.inputHeight = int(height);
    o.steps = int(steps);
    o.maxMinutes = minutes;
    o.seed = uint64_t(seed);
    o.threads = int(threads);
    o.stop = &g_stop;
    sd::app::ProgressWriter progress(o.runDir);
    std::optional<sd::app::RunRecord> record;
    try {
        const json config = {{"steps", o.steps}, {"minutes", minutes}, {"seed", o.seed}, {"input_width", o.inputWidth},
                             {"input_height", o.inputHeight}, {"base_channels", o.baseChannels},
                             {"batch_size", o.batchSize}, {"lr", o.lr}, {"structures", structures},
                             {"frames", frames.size()}};
        record.emplace(*store, QLatin1String(sd::kSegRunKind), QString(), runDir, config);
        json lastStep = json::object();
        o.onEvent = [&](const json &event) {
            progress.write(event);
            if (event.at("event") == "step")
                lastStep = event;
            else if (event.at("event") == "checkpoint")
                record->checkpoint(event.at("step").get<int>(), QString::fromStdString(event.at("path")), lastStep);
        };
        catchStopSignals();
        const auto result = sd::seg::trainSegModel(
            o, frames.size(), [&](size_t i) { return sd::segTrainSample(*store, frames[i]); });
        record->finish(result.interrupted ? sd::RunStatus::Interrupted : sd::RunStatus::Finished);
        std::cerr << (result.interrupted ? "stopped" : "finished") << " at step " << result.step << "; model: "
                  << result.modelDir << "\n";
        return result.interrupted ? 130 : 0;
    } catch (const std::exception &e) {
        progress.write({{"event", "error"}, {"message", e.what()}});
        std::cerr << command.toStdString() << ": " << e.what() << "\n";
        if (record) {
            try {
                record->finish(sd::RunStatus::Failed);
            } catch (const std::exception &) {
                // The error above is the one to report.
            }
        }
        return 1;
    }
}

int runPredictAction(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill seg predict");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Writes a model draft (origin: model, with the model's id) for every (frame, structure) of the given\n"
        "frames (default: all frames outside the test split) that has no mask yet and where the model finds the\n"
        "structure. Drafts need a person's submission and a reviewer's approval like any mask. All drafts are\n"
        "written in one transaction at the end; Ctrl-C before that writes nothing."));
    const QCommandLineOption framesOpt(QStringLiteral("frames"), QStringLiteral("Frame ids, comma-separated."),
                                       QStringLiteral("ids"));
    p.addOptions({kProjectOpt, kModelOpt, framesOpt, kThreadsOpt});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    if (!p.isSet(kProjectOpt)) {
        err << command << ": --project DIR is required (try --help)\n";
        return 2;
    }
    qint64 threads = 0;
    if (!sd::app::threadsOption(p, threads, command, err))
        return 2;
    auto store = openProject(p.value(kProjectOpt), sd::OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    std::vector<qint64> frameIds;
    if (p.isSet(framesOpt)) {
        for (const QString &part : p.value(framesOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const qint64 id = part.trimmed().toLongLong(&ok);
            if (!ok || !store->frame(id)) {
                err << command << ": there is no frame '" << part.trimmed() << "' in this project\n";
                return 2;
            }
            frameIds.push_back(id);
        }
        if (frameIds.empty()) {
            err << command << ": --frames names no frame\n";
            return 2;
        }
    }
    try {
        const auto session = sd::loadProjectSegModel(*store, p.value(kModelOpt), int(threads));
        catchStopSignals();
        const auto drafts = sd::predictDrafts(*store, *session, frameIds, &g_stop, [&](int done, int total) {
            err << "\rframe " << done << "/" << total << Qt::flush;
        });
        err << "\n";
        if (g_stop) {
            err << command << ": cancelled, nothing written\n";
            return 130;
        }
        const QString modelId = QString::fromStdString(session->info().id);
        const int written = sd::saveModelDrafts(*store, drafts, sd::currentUserName(), modelId);
        out << written << " model drafts written (model " << modelId << ")\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runSuggestAction(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill seg suggest");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Ranks the frames without any mask (outside the test split) for labelling next: the model's uncertainty\n"
        "(mean binary entropy of its structure probabilities near what it sees), weighed against how unlike the\n"
        "frames already labelled and already picked a frame is, so the top K are not near-copies of one scene.\n"
        "Prints the top K and keeps them for the frame list's \"Suggested next\" filter."));
    const QCommandLineOption kOpt(QStringLiteral("k"), QStringLiteral("How many frames (default 10)."),
                                  QStringLiteral("n"), QStringLiteral("10"));
    p.addOptions({kProjectOpt, kModelOpt, kOpt, kThreadsOpt});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    if (!p.isSet(kProjectOpt)) {
        err << command << ": --project DIR is required (try --help)\n";
        return 2;
    }
    qint64 k = 10, threads = 0;
    if (!intOption(p, QStringLiteral("k"), 1, 100000, k, command, err) || !sd::app::threadsOption(p, threads, command, err))
        return 2;
    auto store = openProject(p.value(kProjectOpt), sd::OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    try {
        const auto session = sd::loadProjectSegModel(*store, p.value(kModelOpt), int(threads));
        catchStopSignals();
        auto ranked = sd::rankUnannotatedFrames(*store, *session, &g_stop);
        if (g_stop) {
            err << command << ": cancelled, nothing written\n";
            return 130;
        }
        if (ranked.size() > size_t(k))
            ranked.resize(size_t(k));
        sd::saveSegSuggestions(*store, QString::fromStdString(session->info().id), ranked);
        out << "rank\tframe\tuncertainty\n";
        for (size_t i = 0; i < ranked.size(); ++i)
            out << i + 1 << "\t" << ranked[i].frameId << "\t" << QString::number(ranked[i].score, 'f', 4) << "\n";
        if (ranked.empty())
            out << "(every frame outside the test split has a mask)\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runPropagateAction(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill seg propagate");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Carries the mask of a structure on a video frame onto the next N frames of the same video (by time):\n"
        "dense optical flow (OpenCV DIS), frame to frame, refined by the project's segmentation model when it\n"
        "knows the structure. Writes drafts (origin: propagated) in one transaction at the end; frames that\n"
        "already have a mask of the structure are skipped unless --overwrite (a new version; history kept).\n"
        "Ctrl-C before the end writes nothing."));
    const QCommandLineOption frameOpt(QStringLiteral("frame"), QStringLiteral("Source frame id."), QStringLiteral("id"));
    const QCommandLineOption structureOpt(QStringLiteral("structure"), QStringLiteral("Structure key, e.g. pancreas."),
                                          QStringLiteral("key"));
    const QCommandLineOption nextOpt(QStringLiteral("next"), QStringLiteral("How many following frames (default 5)."),
                                     QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption overwriteOpt(QStringLiteral("overwrite"),
                                          QStringLiteral("Replace existing masks of the structure with a new version."));
    const QCommandLineOption noModelOpt(QStringLiteral("no-model"), QStringLiteral("Optical flow only, no model refinement."));
    p.addOptions({kProjectOpt, frameOpt, structureOpt, nextOpt, overwriteOpt, kModelOpt, noModelOpt, kThreadsOpt});
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    if (!p.isSet(kProjectOpt) || !p.isSet(frameOpt) || !p.isSet(structureOpt)) {
        err << command << ": --project DIR, --frame ID and --structure KEY are required (try --help)\n";
        return 2;
    }
    qint64 frameId = 0, next = 5, threads = 0;
    if (!intOption(p, QStringLiteral("frame"), 1, std::numeric_limits<qint64>::max(), frameId, command, err)
        || !intOption(p, QStringLiteral("next"), 1, 1000, next, command, err)
        || !sd::app::threadsOption(p, threads, command, err))
        return 2;
    auto store = openProject(p.value(kProjectOpt), sd::OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    const auto structure = store->structureByKey(p.value(structureOpt));
    if (!structure) {
        err << command << ": there is no structure '" << p.value(structureOpt) << "' in this project\n";
        return 2;
    }
    try {
        const sd::PropagationPlan plan = sd::planPropagation(*store, frameId, structure->id, int(next));
        std::unique_ptr<sd::SegModelProposer> refiner;
        if (!p.isSet(noModelOpt))
            refiner = sd::propagationRefiner(*store, structure->key, p.value(kModelOpt), int(threads));
        catchStopSignals();
        const auto drafts = sd::computePropagation(*store, plan, refiner.get(), {}, &g_stop, [&](int done, int total) {
            err << "\rframe " << done << "/" << total << Qt::flush;
        });
        err << "\n";
        if (g_stop) {
            err << command << ": cancelled, nothing written\n";
            return 130;
        }
        const QString model = sd::propagationModelName(refiner.get());
        const sd::PropagationWrite w = sd::savePropagatedDrafts(*store, structure->id, drafts, sd::currentUserName(),
                                                                model, p.isSet(overwriteOpt));
        out << "frame\tresult\n";
        const std::set<qint64> occupied(plan.occupied.begin(), plan.occupied.end());
        for (const sd::PropagatedDraft &d : drafts) {
            const char *what = !occupied.count(d.frameId) ? (d.rle.isEmpty() ? "nothing in view" : "draft written")
                               : p.isSet(overwriteOpt)   ? "new version (overwritten)"
                                                         : "skipped (has a mask)";
            out << d.frameId << "\t" << what << "\n";
        }
        out << w.written << " propagated drafts written, " << w.overwritten << " overwritten, " << w.skipped
            << " skipped (already had a mask" << (w.skipped ? "; --overwrite replaces them" : "") << "), "
            << w.empty << " with nothing in view (" << structure->key << ", model " << model << ")\n";
        return 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

QString groupHelp()
{
    return QStringLiteral(
        "Usage: surgdistill seg <action> --project DIR [options]\n\n"
        "The project's own segmentation model (a small U-Net trained on its approved masks):\n"
        "  train     train (or --resume) the model as a resumable job\n"
        "  predict   write model drafts for frames/structures without a mask\n"
        "  suggest   rank unannotated frames to label next (uncertain, unlike the labelled)\n"
        "  propagate carry a frame's mask onto the next frames of its video\n\n"
        "Run 'surgdistill seg <action> --help' for the options.\n");
}

int runSeg(const QStringList &args)
{
    return sd::app::dispatchActions(QStringLiteral("seg"), groupHelp(),
                                    {{QStringLiteral("train"), runTrainAction},
                                     {QStringLiteral("predict"), runPredictAction},
                                     {QStringLiteral("suggest"), runSuggestAction},
                                     {QStringLiteral("propagate"), runPropagateAction}},
                                    args);
}

} // namespace

SD_REGISTER_COMMAND(segCommand, QStringLiteral("seg"),
                    QStringLiteral("the project's segmentation model: train, predict drafts, suggest frames, propagate masks"),
                    runSeg);
