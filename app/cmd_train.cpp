// `surgdistill train sft|dpo ...`: one SFT or DPO run as its own process.
// Progress goes to stdout and RUN_DIR/progress.jsonl as JSON lines; SIGTERM /
// SIGINT write a checkpoint and end with status 130; a second start on the
// same RUN_DIR resumes. With --project the run and its checkpoints are
// recorded in the project store.
// Engine headers come first: libtorch must be parsed before any Qt header.
#include "dataset_jsonl.h"
#include "json_limits.h"
#include "train_config.h"
#include "trainer.h"

#include "cliutil.h"
#include "command.h"
#include "projectdatasetexport.h"
#include "store/projectstore.h"
#include "rgbimagefile.h"
#include "runrecord.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>

namespace {

using json = nlohmann::json;
using sd::app::ProgressWriter;
using sd::app::RunRecord;

std::atomic<bool> g_stopRequested{false};

extern "C" void requestStop(int)
{
    g_stopRequested = true;
}

QString usage()
{
    return QStringLiteral(
        "Usage: surgdistill train sft|dpo (--dataset FILE.jsonl | --project DIR) --base MODEL_DIR --out RUN_DIR\n"
        "                         [--config cfg.json] [--max-steps N] [--device cpu|cuda] [--dtype f32|bf16]\n"
        "                         [--threads N]\n");
}

int runTrain(const QStringList &args)
{
    const QString stageName = args.value(0);
    const bool asked = stageName.isEmpty() || stageName == QLatin1String("-h") || stageName == QLatin1String("--help");
    if (asked || (stageName != QLatin1String("sft") && stageName != QLatin1String("dpo"))) {
        if (!asked)
            std::cerr << "surgdistill train: unknown stage '" << stageName.toStdString() << "' (use sft or dpo)\n";
        (asked ? std::cout : std::cerr) << usage().toStdString()
                                        << "Run 'surgdistill train sft --help' for the options.\n";
        return asked ? 0 : 2;
    }
    const auto stage = stageName == QLatin1String("sft") ? sd::vlm::TrainStage::Sft : sd::vlm::TrainStage::Dpo;

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Fine-tunes a Qwen2.5-VL model folder (SFT or DPO) on a \"messages\" JSONL dataset.\n"
        "Progress: JSON lines on stdout and in RUN_DIR/progress.jsonl. SIGTERM/SIGINT save a\n"
        "checkpoint and exit with status 130; starting again on the same RUN_DIR resumes.\n"
        "Config keys: see README, section Training."));
    parser.addHelpOption();
    const QCommandLineOption datasetOpt(QStringLiteral("dataset"), QStringLiteral("Dataset JSONL file."), QStringLiteral("file"));
    const QCommandLineOption projectOpt(QStringLiteral("project"),
                                        QStringLiteral("Project folder: its approved dataset (unless --dataset is given); "
                                                       "the run is recorded in it."),
                                        QStringLiteral("dir"));
    const QCommandLineOption baseOpt(QStringLiteral("base"), QStringLiteral("Base model folder (Hugging Face layout)."), QStringLiteral("dir"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Run folder (checkpoints, progress.jsonl)."), QStringLiteral("dir"));
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Training config JSON."), QStringLiteral("file"));
    const QCommandLineOption maxStepsOpt(QStringLiteral("max-steps"), QStringLiteral("Stop (with a checkpoint) after step N."), QStringLiteral("n"));
    const QCommandLineOption deviceOpt(QStringLiteral("device"), QStringLiteral("cpu or cuda."), QStringLiteral("device"), QStringLiteral("cpu"));
    const QCommandLineOption dtypeOpt(QStringLiteral("dtype"), QStringLiteral("f32 or bf16 (overrides the config)."), QStringLiteral("dtype"));
    const QCommandLineOption threadsOpt(QStringLiteral("threads"), QStringLiteral("CPU threads (0: libtorch default)."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption externalImagesOpt(
        QStringLiteral("allow-external-images"),
        QStringLiteral("Read data set images outside the data set's folder too (absolute paths, ..)."));
    parser.addOptions({datasetOpt, projectOpt, baseOpt, outOpt, configOpt, maxStepsOpt, deviceOpt, dtypeOpt, threadsOpt,
                       externalImagesOpt});
    parser.process(QStringList{QStringLiteral("surgdistill train ") + stageName} + args.mid(1));

    if (!parser.positionalArguments().isEmpty() || !parser.isSet(baseOpt) || !parser.isSet(outOpt)
        || (!parser.isSet(datasetOpt) && !parser.isSet(projectOpt))) {
        std::cerr << "surgdistill train: --base, --out and --dataset or --project are required\n" << usage().toStdString();
        return 2;
    }
    QTextStream err(stderr);
    qint64 threads = 0;
    if (!sd::app::threadsOption(parser, threads, QStringLiteral("surgdistill train"), err))
        return 2;
    const QString runDir = QDir::cleanPath(QDir::current().absoluteFilePath(parser.value(outOpt)));
    if (!QDir().mkpath(runDir)) {
        std::cerr << "surgdistill train: cannot create " << runDir.toStdString() << "\n";
        return 1;
    }
    ProgressWriter progress(runDir.toStdString());
    std::unique_ptr<sd::ProjectStore> store;
    std::optional<RunRecord> record;
    try {
        json configJson = json::object();
        if (parser.isSet(configOpt)) {
            std::ifstream in(parser.value(configOpt).toStdString(), std::ios::binary);
            if (!in)
                throw std::runtime_error("cannot read the config file " + parser.value(configOpt).toStdString());
            try {
                configJson = sd::parseJsonBounded(in);
            } catch (const json::exception &e) {
                throw std::runtime_error(parser.value(configOpt).toStdString() + ": invalid JSON: " + e.what());
            }
        }
        if (parser.isSet(maxStepsOpt)) {
            bool ok = false;
            const qint64 n = parser.value(maxStepsOpt).toLongLong(&ok);
            if (!ok || n < 1)
                throw std::invalid_argument("--max-steps must be a whole number >= 1");
            configJson["max_steps"] = n;
        }
        if (parser.isSet(dtypeOpt))
            configJson["dtype"] = parser.value(dtypeOpt).toStdString();
        const auto config = sd::vlm::TrainConfig::fromJson(configJson, stage);
        if (threads > 0)
            torch::set_num_threads(int(threads));

        QString datasetPath = parser.value(datasetOpt);
        if (parser.isSet(projectOpt)) {
            store = sd::app::openStore(parser.value(projectOpt), sd::OpenMode::ReadWrite);
            if (datasetPath.isEmpty())
                datasetPath = sd::app::exportProjectDataset(*store, stage == sd::vlm::TrainStage::Dpo,
                                                            runDir + QStringLiteral("/dataset"));
        }
        const auto data = sd::vlm::readDatasetJsonl(datasetPath.toStdString(),
                                                    stage == sd::vlm::TrainStage::Sft ? sd::vlm::DatasetKind::Sft
                                                                                      : sd::vlm::DatasetKind::Dpo,
                                                    parser.isSet(externalImagesOpt) ? sd::vlm::ImagePaths::Anywhere
                                                                                    : sd::vlm::ImagePaths::InsideFolder);
        if (store)
            record.emplace(*store, stageName, parser.value(baseOpt), runDir, config.toJson());

        sd::vlm::TrainEnvironment env;
        env.baseModelDir = parser.value(baseOpt).toStdString();
        env.runDir = runDir.toStdString();
        env.device = parser.value(deviceOpt).toStdString();
        env.loadImage = sd::app::loadRgbImage;
        env.stop = &g_stopRequested;
        json lastStep = json::object();
        env.onEvent = [&](const json &event) {
            progress.write(event);
            if (event.at("event") == "step")
                lastStep = event;
            else if (event.at("event") == "checkpoint" && record)
                record->checkpoint(event.at("step").get<int>(), QString::fromStdString(event.at("path")), lastStep);
        };
        std::signal(SIGTERM, requestStop);
        std::signal(SIGINT, requestStop);
        const auto result = sd::vlm::runTraining(config, data, env);
        if (record)
            record->finish(result.interrupted ? sd::RunStatus::Interrupted : sd::RunStatus::Finished);
        return result.interrupted ? 130 : 0;
    } catch (const std::exception &e) {
        progress.write({{"event", "error"}, {"message", e.what()}});
        std::cerr << "surgdistill train: " << e.what() << "\n";
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

} // namespace

SD_REGISTER_COMMAND(trainCommand, QStringLiteral("train"),
                    QStringLiteral("fine-tune a local VLM (sft, dpo) as a resumable job"), runTrain);
