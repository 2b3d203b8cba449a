// `surgdistill split --project P --test-share 0.2 [--seed N]`: the held-out
// split by operation (frames of one video never in both splits).
#include "cliutil.h"
#include "command.h"

#include "eval/heldoutsplit.h"
#include "store/projectstore.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace {

int runSplit(const QStringList &args)
{
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Assigns every frame of the project to the train or test split, by operation: all frames of one\n"
        "video land in the same split; a still image without video is a group of its own. The same seed\n"
        "gives the same split. Overwrites earlier split assignments (one transaction)."));
    p.addHelpOption();
    const QCommandLineOption projectOpt(QStringLiteral("project"), QStringLiteral("Project folder."),
                                        QStringLiteral("dir"));
    const QCommandLineOption shareOpt(QStringLiteral("test-share"),
                                      QStringLiteral("Share of frames for the test split, 0..1 (default 0.2)."),
                                      QStringLiteral("share"), QStringLiteral("0.2"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Shuffle seed (default 0)."),
                                     QStringLiteral("n"), QStringLiteral("0"));
    p.addOptions({projectOpt, shareOpt, seedOpt});
    p.process(QStringList{QStringLiteral("surgdistill split")} + args);

    if (!p.isSet(projectOpt)) {
        err << "surgdistill split: --project DIR is required (try --help)\n";
        return 2;
    }
    bool okShare = false, okSeed = false;
    const double share = p.value(shareOpt).toDouble(&okShare);
    const quint64 seed = p.value(seedOpt).toULongLong(&okSeed);
    if (!okShare || share < 0.0 || share > 1.0) {
        err << "surgdistill split: --test-share must be a number between 0 and 1, got '" << p.value(shareOpt) << "'\n";
        return 2;
    }
    if (!okSeed) {
        err << "surgdistill split: --seed must be a non-negative whole number, got '" << p.value(seedOpt) << "'\n";
        return 2;
    }
    try {
        auto store = sd::app::openStore(p.value(projectOpt), sd::OpenMode::ReadWrite);
        const auto s = sd::eval::assignHeldOutSplit(*store, share, seed);
        out << "train: " << s.trainFrames << " frames in " << s.trainGroups << " groups\n"
            << "test:  " << s.testFrames << " frames in " << s.testGroups << " groups\n";
        return 0;
    } catch (const std::exception &e) {
        err << "surgdistill split: " << e.what() << "\n";
        return 1;
    }
}

} // namespace

SD_REGISTER_COMMAND(splitCommand, QStringLiteral("split"),
                    QStringLiteral("assign the held-out test split by operation (video)"), runSplit);
