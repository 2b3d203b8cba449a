// `surgdistill vlm ...`: the local VLM from the command line.
//   check-reference DIR   compare the engine with Hugging Face reference outputs
//   ask                   answer a question about a frame (mask overlaid in green)
// Engine headers come first: libtorch must be parsed before any Qt header.
#include "image_processor.h"
#include "reference_check.h"
#include "vlm_session.h"

#include "command.h"
#include "rgbimagefile.h"
#include "imageio.h"
#include "overlay.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <optional>
#include <iostream>

namespace {

using sd::app::loadRgbImage;
using sd::app::rgbImageFromMat;

QCommandLineOption deviceOption()
{
    return {QStringLiteral("device"), QStringLiteral("cpu or cuda (when libtorch has CUDA)."),
            QStringLiteral("device"), QStringLiteral("cpu")};
}

QCommandLineOption dtypeOption()
{
    return {QStringLiteral("dtype"), QStringLiteral("f32 or bf16."), QStringLiteral("dtype"), QStringLiteral("f32")};
}

int checkReference(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Loads DIR/model, rebuilds the reference inputs from DIR/reference.json and the images,\n"
        "and compares every quantity with DIR/reference.safetensors. Exit code 0 only if all hold."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Reference folder (model/, reference.json, ...)."));
    parser.addOption(deviceOption());
    parser.addOption(dtypeOption());
    parser.process(QStringList{QStringLiteral("vlm check-reference")} + args);
    if (parser.positionalArguments().size() != 1) {
        std::cerr << "vlm check-reference: expected one folder (try --help)\n";
        return 2;
    }
    sd::vlm::ReferenceCheckOptions options;
    options.device = parser.value(QStringLiteral("device")).toStdString();
    options.dtype = parser.value(QStringLiteral("dtype")).toStdString();
    const std::string dir = parser.positionalArguments().front().toStdString();
    std::cout << "Checking " << dir << " (" << options.dtype << " on " << options.device << ")\n";
    try {
        const auto lines = sd::vlm::runReferenceCheck(dir, loadRgbImage, options, [](const auto &line) {
            std::cout << sd::vlm::formatReferenceLine(line) << std::endl;
        });
        int failed = 0;
        for (const auto &l : lines)
            failed += l.ok ? 0 : 1;
        std::cout << (failed == 0 ? "All " + std::to_string(lines.size()) + " checks hold.\n"
                                  : std::to_string(failed) + " of " + std::to_string(lines.size()) + " checks FAILED.\n");
        return failed == 0 ? 0 : 1;
    } catch (const std::exception &e) {
        std::cerr << "vlm check-reference: " << e.what() << "\n";
        return 1;
    }
}

int ask(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Asks the local VLM about a frame. With --mask, the mask is overlaid in semi-transparent green\n"
        "(the same composite used for training). The answer streams to stdout."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("question"),
                                 QStringLiteral("The question; default: the paper's identification prompt."));
    const QCommandLineOption modelOpt(QStringLiteral("model"), QStringLiteral("Model folder (Hugging Face layout)."),
                                      QStringLiteral("dir"));
    const QCommandLineOption imageOpt(QStringLiteral("image"), QStringLiteral("Frame (PNG or JPEG)."), QStringLiteral("file"));
    const QCommandLineOption maskOpt(QStringLiteral("mask"), QStringLiteral("Binary mask PNG (non-zero = structure)."),
                                     QStringLiteral("file"));
    const QCommandLineOption structureOpt(QStringLiteral("structure"),
                                          QStringLiteral("Structure name, replaces {structure} in the question."),
                                          QStringLiteral("name"));
    const QCommandLineOption maxTokensOpt(QStringLiteral("max-tokens"), QStringLiteral("Maximum new tokens."),
                                          QStringLiteral("n"), QStringLiteral("256"));
    const QCommandLineOption sampleOpt(QStringLiteral("sample"), QStringLiteral("Sample instead of greedy decoding."));
    const QCommandLineOption temperatureOpt(QStringLiteral("temperature"), QStringLiteral("Sampling temperature."),
                                            QStringLiteral("t"), QStringLiteral("0.7"));
    const QCommandLineOption topPOpt(QStringLiteral("top-p"), QStringLiteral("Nucleus sampling mass."),
                                     QStringLiteral("p"), QStringLiteral("0.9"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Sampling seed."), QStringLiteral("s"),
                                     QStringLiteral("0"));
    const QCommandLineOption alphaOpt(QStringLiteral("alpha"), QStringLiteral("Overlay opacity."), QStringLiteral("a"),
                                      QString::number(sd::kDefaultOverlayAlpha));
    for (const auto &o : {modelOpt, imageOpt, maskOpt, structureOpt, maxTokensOpt, sampleOpt, temperatureOpt, topPOpt,
                          seedOpt, alphaOpt, deviceOption(), dtypeOption()})
        parser.addOption(o);
    parser.process(QStringList{QStringLiteral("vlm ask")} + args);

    if (!parser.isSet(modelOpt)) {
        std::cerr << "vlm ask: --model DIR is required (try --help)\n";
        return 2;
    }
    QString question = parser.positionalArguments().join(QLatin1Char(' ')).trimmed();
    if (question.isEmpty())
        question = QStringLiteral("Identify the highlighted anatomical structure and explain its significance for "
                                  "Complete Mesocolic Excision.");
    if (parser.isSet(structureOpt))
        question.replace(QStringLiteral("{structure}"), parser.value(structureOpt));
    if (parser.isSet(maskOpt) && !parser.isSet(imageOpt)) {
        std::cerr << "vlm ask: --mask needs --image\n";
        return 2;
    }

    try {
        std::optional<sd::vlm::RgbImage> image;
        if (parser.isSet(imageOpt)) {
            cv::Mat frame = sd::loadImage(parser.value(imageOpt));
            if (parser.isSet(maskOpt)) {
                cv::Mat mask = sd::loadImage(parser.value(maskOpt));
                cv::Mat grey;
                cv::cvtColor(mask, grey, cv::COLOR_BGR2GRAY);
                if (grey.size() != frame.size())
                    throw std::runtime_error("mask " + parser.value(maskOpt).toStdString() + " is "
                                             + std::to_string(grey.cols) + "x" + std::to_string(grey.rows)
                                             + " but the frame is " + std::to_string(frame.cols) + "x"
                                             + std::to_string(frame.rows));
                frame = sd::composeOverlay(frame, grey, parser.value(alphaOpt).toDouble());
            }
            image = rgbImageFromMat(frame);
        }
        sd::vlm::SessionOptions sessionOptions;
        sessionOptions.device = parser.value(QStringLiteral("device")).toStdString();
        sessionOptions.dtype = parser.value(QStringLiteral("dtype")).toStdString();
        auto session = sd::vlm::VlmSession::load(parser.value(modelOpt).toStdString(), sessionOptions);

        sd::vlm::AskOptions options;
        options.maxNewTokens = parser.value(maxTokensOpt).toInt();
        options.doSample = parser.isSet(sampleOpt);
        options.temperature = parser.value(temperatureOpt).toDouble();
        options.topP = parser.value(topPOpt).toDouble();
        options.seed = parser.value(seedOpt).toULongLong();
        const auto result = session->ask(image ? &*image : nullptr, question.toStdString(), options,
                                         [](const std::string &piece) {
                                             std::cout << piece << std::flush;
                                             return true;
                                         });
        std::cout << "\n";
        std::cerr << result.promptTokens << " prompt tokens, " << result.tokenIds.size() << " new tokens, prefill "
                  << result.prefillSeconds << " s, decode " << result.decodeSeconds << " s\n";
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "vlm ask: " << e.what() << "\n";
        return 1;
    }
}

int runVlm(const QStringList &args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("check-reference"))
        return checkReference(args.mid(1));
    if (sub == QLatin1String("ask"))
        return ask(args.mid(1));
    const bool asked = sub.isEmpty() || sub == QLatin1String("-h") || sub == QLatin1String("--help");
    QTextStream out(asked ? stdout : stderr);
    if (!asked)
        out << "surgdistill vlm: unknown action '" << sub << "'\n";
    out << "Usage: surgdistill vlm check-reference DIR [--dtype f32|bf16] [--device cpu|cuda]\n"
           "       surgdistill vlm ask --model DIR [--image FRAME [--mask MASK]] [--structure NAME] [QUESTION]\n";
    return asked ? 0 : 2;
}

} // namespace

SD_REGISTER_COMMAND(vlmCommand, QStringLiteral("vlm"), QStringLiteral("run the local vision-language model (ask, check-reference)"), runVlm);
