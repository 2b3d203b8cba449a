// `surgdistill demo create DIR ...`: writes the synthetic demo CME project;
// `surgdistill demo run`: the whole pipeline of the paper on it (demopipeline.h).
#include "cliutil.h"
#include "command.h"
#include "demopipeline.h"

#include "demo/demoproject.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTextStream>

#include <cstdio>
#include <limits>
#ifdef _WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

namespace {

QString actionsHelp()
{
    return QStringLiteral("Usage: surgdistill demo <action> [options]\n\n"
                          "Actions:\n"
                          "  create DIR   write the synthetic demo CME project into a new or empty folder\n"
                          "  run          the whole pipeline on the demo: teacher, SFT, DPO, evaluation\n\n"
                          "Run 'surgdistill demo create --help' or 'surgdistill demo run --help' for options.\n");
}

int runCreate(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill demo create");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Creates the synthetic demo CME project: endoscopy-like rendered frames (not patient data) with the five "
        "landmarks, ground-truth masks approved by \"demo reviewer\", grouped into synthetic operations. "
        "The same options always give the same project."));
    p.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("New or empty folder for the project."));
    const sd::DemoOptions defaults;
    p.addOptions({
        {QStringLiteral("frames"), QStringLiteral("Number of frames (default %1).").arg(defaults.frames),
         QStringLiteral("N")},
        {QStringLiteral("seed"), QStringLiteral("Random seed (default %1).").arg(defaults.seed), QStringLiteral("S")},
        {QStringLiteral("width"), QStringLiteral("Frame width in pixels (default %1).").arg(defaults.width),
         QStringLiteral("W")},
        {QStringLiteral("height"), QStringLiteral("Frame height in pixels (default %1).").arg(defaults.height),
         QStringLiteral("H")},
        {QStringLiteral("videos"), QStringLiteral("Number of synthetic operations (default: one per 30 frames, 2 to 10)."),
         QStringLiteral("V")},
        {QStringLiteral("clips"),
         QStringLiteral("Coherent clips added after the frames: consecutive frames of one scene with camera motion "
                        "and tissue shift, ground truth on each (default %1; 0: none).").arg(sd::kDemoClips),
         QStringLiteral("N")},
        {QStringLiteral("clip-frames"), QStringLiteral("Frames per clip (default %1).").arg(sd::kDemoClipFrames),
         QStringLiteral("N")},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Print only the summary.")},
    });
    if (const int rc = sd::app::parseOrHelp(p, command, QStringLiteral("DIR"), args); rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) {
        err << "surgdistill demo create: expected exactly one folder, got " << pos.size() << "\n\n"
            << sd::app::commandHelp(p, command, QStringLiteral("DIR"));
        return 2;
    }

    sd::DemoOptions o;
    qint64 frames = o.frames, width = o.width, height = o.height, videos = o.videos;
    qint64 seed = qint64(o.seed), clips = sd::kDemoClips, clipFrames = o.clipFrames;
    if (!sd::app::intOption(p, QStringLiteral("frames"), 1, 100000, frames, command, err)
        || !sd::app::intOption(p, QStringLiteral("width"), 64, 4096, width, command, err)
        || !sd::app::intOption(p, QStringLiteral("height"), 64, 4096, height, command, err)
        || !sd::app::intOption(p, QStringLiteral("videos"), 1, 1000, videos, command, err)
        || !sd::app::intOption(p, QStringLiteral("clips"), 0, 100, clips, command, err)
        || !sd::app::intOption(p, QStringLiteral("clip-frames"), 2, 100, clipFrames, command, err)
        || !sd::app::intOption(p, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), seed, command, err))
        return 2;
    o.frames = int(frames);
    o.width = int(width);
    o.height = int(height);
    o.videos = int(videos);
    o.seed = quint64(seed);
    o.clips = int(clips);
    o.clipFrames = int(clipFrames);

    const bool quiet = p.isSet(QStringLiteral("quiet"));
    const QString dir = pos.front();
    if (!quiet)
        out << "Creating the demo project in " << QDir::toNativeSeparators(dir) << ": " << o.frames << " frames "
            << o.width << "x" << o.height << ", seed " << o.seed;
    if (!quiet && o.clips > 0)
        out << ", " << o.clips << " clips of " << o.clipFrames << " frames";
    if (!quiet)
        out << "\n"
            << Qt::flush;
    QElapsedTimer timer;
    timer.start();
    int lastPercent = -1;
    const bool interactive = isatty(fileno(stderr));
    try {
        const sd::DemoSummary s = sd::createDemoProject(dir, o, [&](int done, int total) {
            const int percent = int(qint64(done) * 100 / total);
            // One line updated in place on a terminal; every 10 % in a log.
            if (!quiet && percent != lastPercent && (interactive || percent % 10 == 0 || done == total)) {
                lastPercent = percent;
                err << (interactive ? "\r" : "") << "  rendering frames " << done << "/" << total << " (" << percent
                    << "%)" << (interactive ? "" : "\n") << Qt::flush;
            }
            return true;
        });
        if (!quiet && interactive)
            err << "\n" << Qt::flush;
        out << "Demo project created: " << QDir::toNativeSeparators(s.folder) << "\n"
            << "  frames:      " << s.frames << " (synthetic, not patient data), " << s.leftFrames << " left-sided, "
            << s.rightFrames << " right-sided, " << s.framesWithInstrument << " with an instrument\n"
            << "  operations:  " << s.videos << "\n";
        if (s.clips > 0)
            out << "  clips:       " << s.clips << " of " << s.clipFrames / s.clips << " consecutive frames (frames "
                << s.frames - s.clipFrames + 1 << "-" << s.frames << "; propagation: seg propagate)\n";
        out
            << "  masks:       " << s.masks << " approved by \"" << sd::kDemoReviewer << "\"\n";
        for (const auto &[key, count] : s.masksPerStructure)
            out << "    " << key.leftJustified(28) << count << "\n";
        out << "  content hash: " << s.projectHash << "\n"
            << "  time:        " << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s\n";
        return 0;
    } catch (const std::exception &e) {
        if (!quiet && interactive && lastPercent >= 0)
            err << "\n";
        err << "surgdistill demo create: " << e.what() << "\n";
        return 1;
    }
}

int runPipeline(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill demo run");
    QTextStream err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Runs the paper's pipeline on the synthetic demo project, without a GPU or a network: create the "
        "project, hold out operations, offline teacher answers, automatic demo review, vision pre-training and SFT of cme-tiny, "
        "preference pairs, DPO, and the evaluation of base, SFT and DPO (report.md, .csv, .pdf). Every stage is "
        "an ordinary surgdistill command; pipeline.log lists them."));
    p.addOptions({
        {QStringLiteral("out"), QStringLiteral("New or empty folder for everything (default: ./surgdistill-demo-run)."),
         QStringLiteral("DIR"), QStringLiteral("surgdistill-demo-run")},
        {QStringLiteral("frames"), QStringLiteral("Demo frames (default %1).").arg(sd::kDemoPipelineFrames),
         QStringLiteral("N"), QString::number(sd::kDemoPipelineFrames)},
        {QStringLiteral("epochs"), QStringLiteral("SFT epochs of cme-tiny (default: tuned for the demo)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("threads"), QStringLiteral("CPU threads for training and generation (default: all)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("max-tokens"), QStringLiteral("Longest sampled and evaluated answer in tokens (default: 160 "
                                                      "for the pairs, 256 for the evaluation)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Progress bars and results only.")},
    });
    if (const int rc = sd::app::parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    qint64 frames = sd::kDemoPipelineFrames, epochs = 0, threads = 0, maxTokens = 0;
    if (!sd::app::intOption(p, QStringLiteral("frames"), 20, 5000, frames, command, err)
        || !sd::app::intOption(p, QStringLiteral("epochs"), 0, 1000, epochs, command, err)
        || !sd::app::threadsOption(p, threads, command, err)
        || !sd::app::intOption(p, QStringLiteral("max-tokens"), 0, 4096, maxTokens, command, err))
        return 2;
    sd::app::DemoPipelineOptions o;
    o.outDir = QDir(p.value(QStringLiteral("out"))).absolutePath();
    if (QDir(o.outDir).exists() && !QDir(o.outDir).isEmpty()) {
        err << command << ": " << QDir::toNativeSeparators(o.outDir)
            << " exists and is not empty; choose a new folder with --out\n";
        return 2;
    }
    o.frames = int(frames);
    o.sftEpochs = int(epochs);
    o.threads = int(threads);
    o.maxTokens = int(maxTokens);
    o.quiet = p.isSet(QStringLiteral("quiet"));
    return sd::app::runDemoPipeline(o);
}

int runDemo(const QStringList &args)
{
    const QString action = args.value(0);
    if (action == QLatin1String("create"))
        return runCreate(args.mid(1));
    if (action == QLatin1String("run"))
        return runPipeline(args.mid(1));
    if (action.isEmpty() || action == QLatin1String("--help") || action == QLatin1String("-h")
        || action == QLatin1String("help")) {
        QTextStream(action.isEmpty() ? stderr : stdout) << actionsHelp();
        return action.isEmpty() ? 2 : 0;
    }
    QTextStream(stderr) << "surgdistill demo: unknown action '" << action << "'\n\n" << actionsHelp();
    return 2;
}

} // namespace

SD_REGISTER_COMMAND(demoCommand, QStringLiteral("demo"),
                    QStringLiteral("the synthetic demo: create the project, or run the whole pipeline on it"), runDemo, false);
