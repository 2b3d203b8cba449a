// `surgdistill pairs generate|demo-approve`: DPO preference pairs as in the paper.
// The SFT model samples several answers per training example with varied
// sampling settings; the teacher (text only: question, context, ground truth,
// candidates) names the chosen and the rejected one; an expert then approves,
// swaps or discards the pair in the GUI (or, on the synthetic demo only, the
// automatic demo reviewer approves them).
#include "cliutil.h"
#include "command.h"
#include "rgbimagefile.h"
#include "teacheroptions.h"

#include "dataset/datasetexport.h"
#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "teacher/pairreview.h"
#include "teacher/pairselection.h"
#include "teacher/privacyfirewall.h"
#include "teacher/teachercontext.h"

#include "dataset_jsonl.h"
#include "vlm_session.h"

#include <QSet>
#include <limits>
#include <QTemporaryDir>
#include <QTextStream>

#include <utility>

namespace {

using namespace sd;
using namespace sd::app;

QString groupHelp()
{
    return QStringLiteral(
        "Usage: surgdistill pairs <action> [options]\n\n"
        "Actions:\n"
        "  generate       sample candidates with the SFT model and let the teacher pick chosen/rejected (resumable)\n"
        "  demo-approve   approve all proposed pairs as the automatic demo reviewer (synthetic demo only)\n\n"
        "Run 'surgdistill pairs <action> --help' for its options.\n");
}

// Varied sampling settings so that the candidates differ in quality, as in the paper
// (five sampled answers per prompt).
std::vector<vlm::AskOptions> candidateSettings(int count, int maxNewTokens, uint64_t seed)
{
    static const std::pair<double, double> temperatureTopP[] = {
        {0.7, 0.9}, {1.0, 0.95}, {1.3, 1.0}, {0.9, 0.8}, {1.6, 1.0}};
    std::vector<vlm::AskOptions> settings;
    for (int i = 0; i < count; ++i) {
        vlm::AskOptions o;
        o.doSample = true;
        o.temperature = temperatureTopP[i % 5].first;
        o.topP = temperatureTopP[i % 5].second;
        o.maxNewTokens = maxNewTokens;
        o.seed = seed + uint64_t(i);
        settings.push_back(o);
    }
    return settings;
}

std::string firstText(const vlm::ChatMessage &m)
{
    for (const auto &part : m.parts)
        if (part.kind == vlm::ChatPart::Text)
            return part.text;
    return {};
}

int runGenerate(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill pairs generate");
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "For every reviewed training example (train split) the model samples candidate answers; the teacher "
        "receives only text (question, structure, side, the reviewed answer and the candidates) and names the "
        "chosen and the rejected candidate. Pairs are stored as proposed for expert review. A second run skips "
        "examples that already have a pair."));
    p.addOptions(providerOptions());
    p.addOptions({
        {QStringLiteral("sft-model"), QStringLiteral("The SFT model folder (Hugging Face layout) that samples."),
         QStringLiteral("DIR")},
        {QStringLiteral("candidates"), QStringLiteral("Sampled answers per example (default 5)."),
         QStringLiteral("N"), QStringLiteral("5")},
        {QStringLiteral("max-new-tokens"), QStringLiteral("Longest candidate in tokens (default 160)."),
         QStringLiteral("N"), QStringLiteral("160")},
        {QStringLiteral("limit"), QStringLiteral("At most N new pairs in this run (default: all)."),
         QStringLiteral("N")},
        {QStringLiteral("seed"), QStringLiteral("Sampling seed (default 1)."), QStringLiteral("N"),
         QStringLiteral("1")},
        {QStringLiteral("threads"), QStringLiteral("CPU threads for the model (default: libtorch's)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("device"), QStringLiteral("cpu or cuda (default cpu)."), QStringLiteral("DEV"),
         QStringLiteral("cpu")},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Print only the summary.")},
    });
    if (const int rc = parseOrHelp(p, command, {}, args); rc >= 0)
        return rc;
    qint64 candidates = 5, maxNewTokens = 160, limit = 0, seed = 1, threads = 0;
    if (!intOption(p, QStringLiteral("candidates"), 2, 16, candidates, command, err)
        || !intOption(p, QStringLiteral("max-new-tokens"), 8, 4096, maxNewTokens, command, err)
        || !intOption(p, QStringLiteral("limit"), 1, 100000000, limit, command, err)
        || !intOption(p, QStringLiteral("seed"), 0, std::numeric_limits<int>::max(), seed, command, err)
        || !threadsOption(p, threads, command, err))
        return 2;
    if (p.value(QStringLiteral("sft-model")).isEmpty()) {
        err << command << ": --sft-model DIR is required (the SFT model that samples the candidates)\n";
        return 2;
    }
    const bool quiet = p.isSet(QStringLiteral("quiet"));

    auto store = openProject(p.value(QStringLiteral("project")), OpenMode::ReadWrite, command, err);
    if (!store)
        return 1;
    auto provider = providerFrom(p, command, err);
    if (!provider)
        return 2;
    PrivacyFirewall firewall(*store, p.value(QStringLiteral("user")));

    try {
        // The training examples are exactly what SFT trained on: the reviewed train-split dataset.
        QTemporaryDir tmp;
        if (!tmp.isValid())
            throw std::runtime_error("cannot create a temporary folder");
        DatasetExportOptions exportOptions;
        exportOptions.split = QStringLiteral("train");
        const DatasetExportSummary exported = exportSftJsonl(*store, tmp.path(), exportOptions);
        const vlm::Dataset data = vlm::readDatasetJsonl(exported.jsonlPath.toStdString(), vlm::DatasetKind::Sft);

        QSet<QPair<qint64, qint64>> done;
        for (const PreferencePair &pair : store->preferencePairs())
            done.insert({pair.frameId, pair.structureId});

        vlm::SessionOptions sessionOptions;
        sessionOptions.device = p.value(QStringLiteral("device")).toStdString();
        sessionOptions.threads = int(threads);
        auto session = vlm::VlmSession::load(p.value(QStringLiteral("sft-model")).toStdString(), sessionOptions);
        const auto settings = candidateSettings(int(candidates), int(maxNewTokens), uint64_t(seed));
        const QString language = projectTeacherLanguage(*store);

        int added = 0, skipped = 0, identical = 0, index = 0;
        for (const vlm::DatasetExample &example : data.examples) {
            ++index;
            if (limit > 0 && added >= limit)
                break;
            const qint64 frameId = example.meta.value("frame_id", qint64(0));
            const auto structure =
                store->structureByKey(QString::fromStdString(example.meta.value("structure", std::string())));
            if (!structure || frameId <= 0)
                throw std::runtime_error("the exported dataset line " + std::to_string(example.line)
                                         + " names no frame or structure of this project");
            if (done.contains({frameId, structure->id})) {
                ++skipped;
                continue;
            }
            std::string question, groundTruth;
            for (const auto &m : example.messages) {
                if (m.role == "user")
                    question = firstText(m);
                else if (m.role == "assistant")
                    groundTruth = firstText(m);
            }
            const vlm::RgbImage image = loadRgbImage(example.imagePaths.at(0));

            PairSelectionInput input;
            input.frameId = frameId;
            input.structureId = structure->id;
            input.ranking.context = buildTeacherContext(*store, frameId, structure->id,
                                                        QString::fromStdString(question), language);
            input.ranking.groundTruth = QString::fromStdString(groundTruth);
            for (const vlm::AskOptions &o : settings)
                input.ranking.candidates << QString::fromStdString(session->ask(&image, question, o).text).trimmed();
            if (input.ranking.candidates.removeDuplicates() > 0 && input.ranking.candidates.size() < 2) {
                // Identical samples teach DPO nothing; the example stays open for a later run.
                ++identical;
                continue;
            }
            const PreferencePair pair = selectPreferencePair(firewall, *provider, input);
            done.insert({frameId, structure->id});
            ++added;
            if (!quiet)
                out << "pair " << index << "/" << data.examples.size() << " (frame " << frameId << ", "
                    << structure->key << "): " << pair.reason << "\n" << Qt::flush;
        }
        out << "Preference pairs: " << added << " new, " << skipped << " from earlier runs, " << identical
            << " examples with identical candidates left open. Review them in the GUI (Teacher > Review "
               "preference pairs).\n";
        return 0;
    } catch (const PolicyError &e) {
        err << command << ": " << e.what() << "\n";
        return 3;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

int runDemoApprove(const QStringList &args)
{
    return runAsDemoReviewer(args, QStringLiteral("surgdistill pairs demo-approve"),
                             QStringLiteral("Approves every proposed pair as \"%1\". Only for the synthetic demo "
                                            "project: real pairs need a surgeon's review."),
                             QStringLiteral("pairs"), autoApprovePairsAsDemoReviewer);
}

int runPairs(const QStringList &args)
{
    return dispatchActions(QStringLiteral("pairs"), groupHelp(),
                           {{QStringLiteral("generate"), runGenerate}, {QStringLiteral("demo-approve"), runDemoApprove}},
                           args);
}

} // namespace

SD_REGISTER_COMMAND(pairsCommand, QStringLiteral("pairs"),
                    QStringLiteral("DPO preference pairs: sample, let the teacher pick, approve (demo)"), runPairs,
                    false);
