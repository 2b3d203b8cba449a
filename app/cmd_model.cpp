// `surgdistill model create-tiny`: writes cme-tiny, the default local model (training/cme_tiny.h).
// `surgdistill model pretrain-vision`: trains a model's vision tower as a classifier of the
// highlighted structure before SFT (training/vision_pretrain.h).
// Engine headers come first: libtorch must be parsed before any Qt header.
#include "cme_tiny.h"
#include "dataset_jsonl.h"
#include "image_processor.h"
#include "json_limits.h"
#include "vision_pretrain.h"

#include "cliutil.h"
#include "command.h"
#include "demo/demoproject.h"
#include "rgbimagefile.h"

#include <QCommandLineParser>
#include <QFile>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <limits>
#include <map>
#include <optional>

namespace {

std::atomic<bool> g_stopRequested{false};

// Rendered pre-training frames use their own seed: the demo project's default is 1, so none is an evaluated frame.
constexpr qint64 kDefaultRenderSeed = 1001;

extern "C" void requestPretrainStop(int)
{
    g_stopRequested = true;
}

int createTiny(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains a byte-level BPE tokenizer on the corpus and writes cme-tiny, a Qwen2.5-VL model of a few\n"
        "million parameters with random (seeded) weights, in Hugging Face layout. Train it with\n"
        "'surgdistill train sft'. A toy model for demos and CI, not clinically meaningful."));
    parser.addHelpOption();
    const QCommandLineOption corpusOpt(QStringLiteral("corpus"), QStringLiteral("UTF-8 text file, or a messages JSONL data set, for the tokenizer."), QStringLiteral("file"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Model folder to write."), QStringLiteral("dir"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Random seed of the weights."), QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption vocabOpt(QStringLiteral("vocab-size"), QStringLiteral("BPE vocabulary size (>= 256)."), QStringLiteral("n"), QStringLiteral("2048"));
    parser.addOptions({corpusOpt, outOpt, seedOpt, vocabOpt});
    parser.process(QStringList{QStringLiteral("surgdistill model create-tiny")} + args);
    if (!parser.isSet(corpusOpt) || !parser.isSet(outOpt) || !parser.positionalArguments().isEmpty()) {
        std::cerr << "surgdistill model create-tiny: --corpus and --out are required (try --help)\n";
        return 2;
    }
    bool seedOk = false, vocabOk = false;
    sd::vlm::TinyModelOptions options;
    options.seed = parser.value(seedOpt).toULongLong(&seedOk);
    options.vocabSize = parser.value(vocabOpt).toLongLong(&vocabOk);
    if (!seedOk || !vocabOk || options.vocabSize < 256 || options.vocabSize > 65536) {
        std::cerr << "surgdistill model create-tiny: --seed must be a whole number >= 0 and --vocab-size in [256, 65536]\n";
        return 2;
    }
    QFile corpus(parser.value(corpusOpt));
    if (!corpus.open(QIODevice::ReadOnly)) {
        std::cerr << "surgdistill model create-tiny: cannot read " << parser.value(corpusOpt).toStdString() << "\n";
        return 1;
    }
    try {
        std::string text = corpus.readAll().toStdString();
        // A training data set (.jsonl) is a corpus too: its message texts, not its JSON syntax.
        if (parser.value(corpusOpt).endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive)) {
            // Only the texts are read, never an image.
            const auto data = sd::vlm::readDatasetJsonl(parser.value(corpusOpt).toStdString(), sd::vlm::DatasetKind::Sft,
                                                        sd::vlm::ImagePaths::Anywhere);
            text.clear();
            for (const auto &example : data.examples)
                for (const auto &message : example.messages)
                    for (const auto &part : message.parts)
                        if (part.kind == sd::vlm::ChatPart::Text)
                            text += part.text + "\n";
        }
        const auto s = sd::vlm::createTinyModel(text, parser.value(outOpt).toStdString(), options);
        std::cout << "cme-tiny written to " << parser.value(outOpt).toStdString() << ": " << s.parameters
                  << " parameters, vocabulary " << s.vocabSize << " (" << s.merges << " merges)\n";
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "surgdistill model create-tiny: " << e.what() << "\n";
        return 1;
    }
}

// Appends `frames` freshly rendered synthetic demo frames (one example per mask, labelled with the
// structure) to `data`; the images are kept in `images` at the model's size (about 170 KB each
// for cme-tiny instead of 1 MB), under the made-up paths "render:N" that the loader looks up.
void addRenderedFrames(sd::vlm::Dataset &data, std::map<std::string, sd::vlm::RgbImage> &images, int frames,
                       quint64 seed, const std::string &modelDir)
{
    const auto imageConfig = sd::vlm::ImageProcessorConfig::fromFile(modelDir + "/preprocessor_config.json");
    sd::DemoOptions options;
    options.frames = frames;
    options.seed = seed;
    sd::renderDemoOverlays(options, [&](const cv::Mat &bgr, const QString &structure) {
        const std::string path = "render:" + std::to_string(images.size());
        images[path] = sd::vlm::resizeToModelSize(sd::app::rgbImageFromMat(bgr), imageConfig);
        sd::vlm::DatasetExample example;
        example.line = int(data.examples.size()) + 1;
        example.imagePaths = {path};
        example.meta = {{"structure", structure.toStdString()}};
        data.examples.push_back(std::move(example));
    });
}

int pretrainVision(const QStringList &args)
{
    const QString command = QStringLiteral("surgdistill model pretrain-vision");
    sd::vlm::VisionPretrainOptions options;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains the vision tower of a model folder, alone, to tell the highlighted structure (the examples'\n"
        "meta.structure) from the image, and writes the whole model with the new vision weights to --out.\n"
        "cme-tiny starts from random weights and SFT alone never teaches it to look at the image; real\n"
        "VLMs come with a pre-trained vision encoder instead. Progress: JSON lines on stdout. Interrupted\n"
        "(SIGTERM/SIGINT), it writes nothing and exits with status 130."));
    const QCommandLineOption datasetOpt(QStringLiteral("dataset"), QStringLiteral("SFT messages JSONL (the training split)."), QStringLiteral("file"));
    const QCommandLineOption validationOpt(QStringLiteral("validation"), QStringLiteral("Held-out SFT JSONL, only measured (optional)."), QStringLiteral("file"));
    const QCommandLineOption renderOpt(QStringLiteral("render"),
                                       QStringLiteral("Also train on N freshly rendered synthetic demo frames (each mask an image)."),
                                       QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption renderSeedOpt(QStringLiteral("render-seed"),
                                           QStringLiteral("Seed of the rendered frames (default %1; use another than the evaluated project's).")
                                               .arg(kDefaultRenderSeed),
                                           QStringLiteral("n"), QString::number(kDefaultRenderSeed));
    const QCommandLineOption baseOpt(QStringLiteral("base"), QStringLiteral("Model folder to start from."), QStringLiteral("dir"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Model folder to write (replaced)."), QStringLiteral("dir"));
    const QCommandLineOption epochsOpt(QStringLiteral("epochs"), QStringLiteral("Passes over the images (default %1).").arg(options.epochs), QStringLiteral("n"), QString::number(options.epochs));
    const QCommandLineOption batchOpt(QStringLiteral("batch-size"), QStringLiteral("Images per step (default %1).").arg(options.batchSize), QStringLiteral("n"), QString::number(options.batchSize));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Random seed (head, order, augmentation)."), QStringLiteral("n"), QString::number(options.seed));
    const QCommandLineOption labelOpt(QStringLiteral("label"), QStringLiteral("The meta field holding the class."), QStringLiteral("key"), QString::fromStdString(options.labelKey));
    const QCommandLineOption threadsOpt(QStringLiteral("threads"), QStringLiteral("CPU threads (0: libtorch default)."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption deviceOpt(QStringLiteral("device"), QStringLiteral("cpu or cuda."), QStringLiteral("device"), QStringLiteral("cpu"));
    const QCommandLineOption externalImagesOpt(
        QStringLiteral("allow-external-images"),
        QStringLiteral("Read data set images outside the data set's folder too (absolute paths, ..)."));
    parser.addOptions({datasetOpt, validationOpt, renderOpt, renderSeedOpt, baseOpt, outOpt, epochsOpt, batchOpt, seedOpt, labelOpt, threadsOpt, deviceOpt, externalImagesOpt});
    if (const int rc = sd::app::parseOrHelp(parser, command, QString(), args); rc >= 0)
        return rc;
    QTextStream err(stderr);
    if ((!parser.isSet(datasetOpt) && !parser.isSet(renderOpt)) || !parser.isSet(baseOpt) || !parser.isSet(outOpt)
        || !parser.positionalArguments().isEmpty()) {
        err << command << ": --base, --out and --dataset or --render are required (try --help)\n";
        return 2;
    }
    // intOption leaves unset options alone: they keep the engine's defaults.
    qint64 epochs = options.epochs, batch = options.batchSize, seed = qint64(options.seed), threads = 0, render = 0,
           renderSeed = kDefaultRenderSeed;
    if (!sd::app::intOption(parser, QStringLiteral("epochs"), 1, 10000, epochs, command, err)
        || !sd::app::intOption(parser, QStringLiteral("batch-size"), 1, 4096, batch, command, err)
        || !sd::app::intOption(parser, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), seed, command, err)
        || !sd::app::threadsOption(parser, threads, command, err)
        || !sd::app::intOption(parser, QStringLiteral("render"), 0, 100000, render, command, err)
        || !sd::app::intOption(parser, QStringLiteral("render-seed"), 0, std::numeric_limits<qint64>::max(), renderSeed,
                               command, err))
        return 2;
    if (threads > 0)
        torch::set_num_threads(int(threads));
    options.epochs = epochs;
    options.batchSize = batch;
    options.seed = uint64_t(seed);
    options.labelKey = parser.value(labelOpt).toStdString();
    sd::vlm::VisionPretrainEnvironment env;
    env.baseModelDir = parser.value(baseOpt).toStdString();
    env.outDir = parser.value(outOpt).toStdString();
    env.device = parser.value(deviceOpt).toStdString();
    std::map<std::string, sd::vlm::RgbImage> rendered;
    env.loadImage = [&rendered](const std::string &path) {
        const auto it = rendered.find(path);
        return it != rendered.end() ? it->second : sd::app::loadRgbImage(path);
    };
    env.stop = &g_stopRequested;
    env.onEvent = [](const nlohmann::json &event) { std::cout << sd::dumpJsonLossy(event) << std::endl; };
    const auto images = parser.isSet(externalImagesOpt) ? sd::vlm::ImagePaths::Anywhere
                                                        : sd::vlm::ImagePaths::InsideFolder;
    try {
        sd::vlm::Dataset train;
        train.path = "rendered frames";
        if (parser.isSet(datasetOpt))
            train = sd::vlm::readDatasetJsonl(parser.value(datasetOpt).toStdString(), sd::vlm::DatasetKind::Sft, images);
        if (render > 0)
            addRenderedFrames(train, rendered, int(render), quint64(renderSeed), env.baseModelDir);
        std::optional<sd::vlm::Dataset> validation;
        if (parser.isSet(validationOpt))
            validation = sd::vlm::readDatasetJsonl(parser.value(validationOpt).toStdString(), sd::vlm::DatasetKind::Sft, images);
        std::signal(SIGTERM, requestPretrainStop);
        std::signal(SIGINT, requestPretrainStop);
        const auto result = sd::vlm::pretrainVision(train, validation ? &*validation : nullptr, options, env);
        return result.interrupted ? 130 : 0;
    } catch (const std::exception &e) {
        err << command << ": " << e.what() << "\n";
        return 1;
    }
}

QString groupHelp()
{
    return QStringLiteral(
        "Usage: surgdistill model create-tiny --corpus FILE.txt --out DIR [--seed N]\n"
        "       surgdistill model pretrain-vision (--dataset FILE.jsonl | --render N) --base DIR --out DIR [--epochs N]\n"
        "Run 'surgdistill model ACTION --help' for the options.\n");
}

int runModel(const QStringList &args)
{
    return sd::app::dispatchActions(QStringLiteral("model"), groupHelp(),
                                    {{QStringLiteral("create-tiny"), createTiny},
                                     {QStringLiteral("pretrain-vision"), pretrainVision}},
                                    args);
}

} // namespace

SD_REGISTER_COMMAND(modelCommand, QStringLiteral("model"),
                    QStringLiteral("create local models (create-tiny, pretrain-vision)"), runModel);
