// cme-tiny on the demo project, end to end, printing figures (never a test):
//   cme_tiny_quality prepare --out DIR [--frames N] [--seed N]
//       creates the demo project in DIR/project and writes DIR/train.jsonl,
//       DIR/heldout.jsonl (frames of the last synthetic operation), DIR/images/
//       (frame + green mask overlay by composeOverlay) and DIR/corpus.txt
//       (the texts, for `surgdistill model create-tiny`). The answers are
//       templated stand-ins for reviewed teacher answers: the structure's name
//       and a few sentences on its role in CME.
//   cme_tiny_quality eval --model DIR --data FILE.jsonl [--limit N]
//       answers every example greedily and prints BLEU-4 (sacrebleu corpus
//       BLEU) against the reference answers and how often the highlighted
//       structure is named.
#include "dataset_jsonl.h"
#include "vlm_session.h"

#include "demo/demoproject.h"
#include "imageio.h"
#include "metrics/bleu.h"
#include "overlay.h"
#include "store/projectstore.h"
#include "rle.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <chrono>
#include <iostream>
#include <map>

namespace {

using json = nlohmann::json;

const char *kSystem = "You are a surgical assistant.";
const char *kQuestion = "Identify the highlighted anatomical structure and explain its significance for Complete "
                        "Mesocolic Excision.";

// Two phrasings per structure, so the model must read the image, not memorise one string.
const std::map<QString, std::vector<std::string>> kAnswers = {
    {QStringLiteral("preparation_plane"),
     {"This is the preparation plane. It is the embryological plane between the mesocolon and the retroperitoneum. "
      "Staying in this plane keeps the mesocolic fascia intact, which is the core of Complete Mesocolic Excision.",
      "The highlighted structure is the preparation plane. Dissection along this avascular plane separates the "
      "mesocolon from the retroperitoneum and preserves the intact mesocolic envelope."}},
    {QStringLiteral("angels_hair"),
     {"This is the angel's hair. These fine areolar fibres mark the correct dissection plane. Following them "
      "allows a bloodless mobilisation of the mesocolon during Complete Mesocolic Excision.",
      "The highlighted structure is the angel's hair. The loose areolar tissue shows the surgeon the right layer "
      "and helps to keep the mesocolic fascia intact."}},
    {QStringLiteral("vena_mesenterica_inferior"),
     {"This is the inferior mesenteric vein. It runs near the duodenojejunal flexure and is ligated centrally. "
      "Central ligation is part of the high vascular tie in Complete Mesocolic Excision.",
      "The highlighted structure is the inferior mesenteric vein. It must be identified and divided close to its "
      "origin to achieve a central vascular ligation."}},
    {QStringLiteral("duodenum"),
     {"This is the duodenum. It lies behind the mesocolon and must be protected during mobilisation. Injury to the "
      "duodenum is a serious complication of Complete Mesocolic Excision.",
      "The highlighted structure is the duodenum. It is a landmark for the dissection and has to be separated "
      "carefully from the mesocolon to avoid injury."}},
    {QStringLiteral("pancreas"),
     {"This is the pancreas. The dissection proceeds along its anterior surface. Recognising the pancreas prevents "
      "injury and guides the mobilisation of the mesocolon in Complete Mesocolic Excision.",
      "The highlighted structure is the pancreas. Its surface guides the dissection plane, and it must be "
      "protected to avoid bleeding and pancreatic leaks."}},
};

QString arg(const QStringList &args, const QString &name, const QString &fallback = {})
{
    const int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

json textPart(const std::string &t) { return {{"type", "text"}, {"text", t}}; }

int prepare(const QStringList &args)
{
    const QString out = arg(args, QStringLiteral("--out"));
    if (out.isEmpty()) {
        std::cerr << "prepare: --out DIR is required\n";
        return 2;
    }
    sd::DemoOptions demo;
    demo.frames = arg(args, QStringLiteral("--frames"), QStringLiteral("120")).toInt();
    demo.seed = arg(args, QStringLiteral("--seed"), QStringLiteral("1")).toULongLong();
    QDir().mkpath(out + QStringLiteral("/images"));
    const auto summary = sd::createDemoProject(out + QStringLiteral("/project"), demo);
    auto store = sd::ProjectStore::open(summary.folder);
    std::map<qint64, sd::Structure> structures;
    for (const auto &s : store->structures())
        structures[s.id] = s;
    const auto frames = store->frames();
    qint64 lastVideo = 0;
    for (const auto &f : frames)
        lastVideo = std::max(lastVideo, f.videoId.value_or(0));

    QFile train(out + QStringLiteral("/train.jsonl")), heldout(out + QStringLiteral("/heldout.jsonl")),
        corpus(out + QStringLiteral("/corpus.txt"));
    if (!train.open(QIODevice::WriteOnly) || !heldout.open(QIODevice::WriteOnly) || !corpus.open(QIODevice::WriteOnly)) {
        std::cerr << "prepare: cannot write into " << out.toStdString() << "\n";
        return 1;
    }
    corpus.write(QByteArray(kSystem) + "\n" + kQuestion + "\n");
    for (const auto &[key, answers] : kAnswers)
        for (const auto &a : answers)
            corpus.write(QByteArray::fromStdString(a) + "\n");
    int nTrain = 0, nHeld = 0;
    for (const auto &f : frames) {
        const cv::Mat bgr = sd::loadImage(store->absolutePath(f.mediaPath));
        for (const auto &m : store->masksForFrame(f.id)) {
            const auto &s = structures.at(m.structureId);
            const cv::Mat overlay = sd::composeOverlay(bgr, m.rle.decode());
            const QString image = QStringLiteral("images/%1_%2.png").arg(f.id, 6, 10, QLatin1Char('0')).arg(s.key);
            QFile png(out + QLatin1Char('/') + image);
            if (!png.open(QIODevice::WriteOnly) || png.write(sd::encodePng(overlay)) < 0)
                return 1;
            const auto &variants = kAnswers.at(s.key);
            const std::string answer = variants[static_cast<size_t>(f.id) % variants.size()];
            const bool held = f.videoId.value_or(0) == lastVideo;
            const json ex = {
                {"messages",
                 json::array({{{"role", "system"}, {"content", json::array({textPart(kSystem)})}},
                              {{"role", "user"}, {"content", json::array({{{"type", "image"}}, textPart(kQuestion)})}},
                              {{"role", "assistant"}, {"content", json::array({textPart(answer)})}}})},
                {"images", json::array({image.toStdString()})},
                {"meta", {{"frame_id", f.id}, {"structure", s.key.toStdString()},
                          {"structure_name", s.name.toStdString()}, {"split", held ? "test" : "train"}}}};
            (held ? heldout : train).write(QByteArray::fromStdString(ex.dump()) + "\n");
            ++(held ? nHeld : nTrain);
        }
    }
    std::cout << "demo project " << summary.folder.toStdString() << ": " << summary.frames << " frames; " << nTrain
              << " training and " << nHeld << " held-out examples in " << out.toStdString() << "\n";
    return 0;
}

// The phrase an answer must contain to name the structure (lower case).
std::string namePhrase(const std::string &key)
{
    if (key == "vena_mesenterica_inferior")
        return "inferior mesenteric vein";
    if (key == "angels_hair")
        return "angel's hair";
    if (key == "preparation_plane")
        return "preparation plane";
    return key;
}

std::string lower(std::string s)
{
    for (auto &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int eval(const QStringList &args)
{
    const QString modelDir = arg(args, QStringLiteral("--model")), data = arg(args, QStringLiteral("--data"));
    const int limit = arg(args, QStringLiteral("--limit"), QStringLiteral("0")).toInt();
    if (modelDir.isEmpty() || data.isEmpty()) {
        std::cerr << "eval: --model DIR and --data FILE.jsonl are required\n";
        return 2;
    }
    const auto dataset = sd::vlm::readDatasetJsonl(data.toStdString(), sd::vlm::DatasetKind::Sft);
    sd::vlm::SessionOptions so;
    auto session = sd::vlm::VlmSession::load(modelDir.toStdString(), so);
    sd::vlm::AskOptions ask;
    ask.maxNewTokens = 96;
    QStringList hyps, refs;
    int named = 0, n = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto &ex : dataset.examples) {
        if (limit > 0 && n >= limit)
            break;
        const cv::Mat bgr = sd::loadImage(QString::fromStdString(ex.imagePaths.at(0)));
        const auto image = sd::vlm::rgbImageFromBgr(bgr.data, bgr.cols, bgr.rows, bgr.step);
        // The example's own question (the last text of its user message), as in training.
        std::string question = kQuestion;
        for (const auto &m : ex.messages)
            if (m.role == "user")
                for (const auto &p : m.parts)
                    if (p.kind == sd::vlm::ChatPart::Text)
                        question = p.text;
        const auto result = session->ask(&image, question, ask);
        const std::string reference = ex.messages.back().parts.at(0).text;
        hyps << QString::fromStdString(result.text);
        refs << QString::fromStdString(reference);
        const std::string key = ex.meta.value("structure", std::string());
        named += lower(result.text).find(namePhrase(key)) != std::string::npos ? 1 : 0;
        if (n < 3)
            std::cout << "[" << key << "] " << result.text << "\n";
        ++n;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto bleu = sd::metrics::corpusBleu(hyps, {refs}, sd::metrics::BleuSmoothing::Exp);
    std::cout << "model " << modelDir.toStdString() << " on " << n << " examples of " << data.toStdString() << ":\n"
              << "  BLEU-4 " << bleu.score << "  (0-100; sacrebleu corpus BLEU, exp smoothing)\n"
              << "  structure named correctly: " << named << "/" << n << " = " << (n ? 100.0 * named / n : 0.0) << " %\n"
              << "  " << seconds << " s\n";
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    try {
        if (args.value(0) == QLatin1String("prepare"))
            return prepare(args.mid(1));
        if (args.value(0) == QLatin1String("eval"))
            return eval(args.mid(1));
    } catch (const std::exception &e) {
        std::cerr << "cme_tiny_quality: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "usage: cme_tiny_quality prepare --out DIR [--frames N] [--seed N]\n"
                 "       cme_tiny_quality eval --model DIR --data FILE.jsonl [--limit N]\n";
    return 2;
}
