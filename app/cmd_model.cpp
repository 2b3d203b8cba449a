// `surgdistill model create-tiny --corpus FILE.txt --out DIR [--seed N]`:
// writes cme-tiny, the default local model (training/cme_tiny.h).
// Engine headers come first: libtorch must be parsed before any Qt header.
#include "cme_tiny.h"
#include "dataset_jsonl.h"

#include "command.h"

#include <QCommandLineParser>
#include <QFile>

#include <iostream>

namespace {

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
            const auto data = sd::vlm::readDatasetJsonl(parser.value(corpusOpt).toStdString(), sd::vlm::DatasetKind::Sft);
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

int runModel(const QStringList &args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("create-tiny"))
        return createTiny(args.mid(1));
    const bool asked = sub.isEmpty() || sub == QLatin1String("-h") || sub == QLatin1String("--help");
    (asked ? std::cout : std::cerr) << (asked ? "" : "surgdistill model: unknown action '" + sub.toStdString() + "'\n")
                                    << "Usage: surgdistill model create-tiny --corpus FILE.txt --out DIR [--seed N]\n";
    return asked ? 0 : 2;
}

} // namespace

SD_REGISTER_COMMAND(modelCommand, QStringLiteral("model"), QStringLiteral("create local models (create-tiny)"), runModel);
