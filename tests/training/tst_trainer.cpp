// The training job on the shared tiny fixture model, for real: SFT loss falls
// on a small overfit set, an interrupted-and-resumed run ends with the same
// weights as an uninterrupted one (full fine-tuning and LoRA with dropout),
// checkpoints are loadable Hugging Face folders, DPO with precomputed
// reference log-probs equals DPO with a frozen reference model.
#include "checkpoint.h"
#include "dataset_jsonl.h"
#include "qwen2_5_vl.h"
#include "safetensors.h"
#include "trainer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "imageio.h"

#include "rgbimagefile.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <cmath>

using namespace sd::vlm;
using namespace sd::testsupport;
using json = nlohmann::json;

namespace {

json textPart(const std::string &t) { return {{"type", "text"}, {"text", t}}; }

json systemMessage() { return {{"role", "system"}, {"content", json::array({textPart("You are a surgical assistant.")})}}; }

json userMessage(bool image)
{
    json content = json::array();
    if (image)
        content.push_back({{"type", "image"}});
    content.push_back(textPart("Identify the highlighted anatomical structure."));
    return {{"role", "user"}, {"content", content}};
}

json assistant(const std::string &t) { return json::array({{{"role", "assistant"}, {"content", json::array({textPart(t)})}}}); }

const char *kAnswers[] = {"This is the ileocolic artery.", "This is the inferior mesenteric vein.",
                          "This is the middle colic artery.", "This is the gastrocolic trunk of Henle.",
                          "This is the superior mesenteric vein.", "This is the right colic artery."};

std::vector<torch::Tensor> weightsOf(const std::string &dir)
{
    const auto store = WeightStore::open(dir);
    std::vector<torch::Tensor> out;
    for (const auto &n : store.names())
        out.push_back(store.get(n));
    return out;
}

double maxDifference(const std::vector<torch::Tensor> &a, const std::vector<torch::Tensor> &b)
{
    if (a.size() != b.size())
        return INFINITY;
    double d = 0;
    for (size_t k = 0; k < a.size(); ++k)
        d = std::max(d, (a[k].to(torch::kFloat64) - b[k].to(torch::kFloat64)).abs().max().item<double>());
    return d;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string sftPath_, dpoPath_, model_;

    TrainEnvironment environment(const QString &runName, std::vector<json> *events,
                                 const std::atomic<bool> *stop = nullptr)
    {
        TrainEnvironment env;
        env.baseModelDir = model_;
        env.runDir = dir_.filePath(runName).toStdString();
        env.loadImage = sd::app::loadRgbImage;
        env.onEvent = [events](const json &e) {
            if (events)
                events->push_back(e);
        };
        env.stop = stop;
        return env;
    }

    static std::vector<double> losses(const std::vector<json> &events)
    {
        std::vector<double> out;
        for (const auto &e : events)
            if (e.at("event") == "step")
                out.push_back(e.at("loss").get<double>());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(fixtureDir() + QStringLiteral("/model/model.safetensors")))
            QSKIP("shared fixture qwen2_5_vl_tiny is absent");
        model_ = (fixtureDir() + QStringLiteral("/model")).toStdString();
        QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("data/images")));
        // Two images: the fixture frame and its mirror image.
        const cv::Mat frame = sd::loadImage(fixtureDir() + QStringLiteral("/frame0.png"));
        cv::Mat mirrored;
        cv::flip(frame, mirrored, 1);
        writeFile(dir_.filePath(QStringLiteral("data/images/a.png")), sd::encodePng(frame));
        writeFile(dir_.filePath(QStringLiteral("data/images/b.png")), sd::encodePng(mirrored));
        QByteArray sft, dpo;
        for (int i = 0; i < 6; ++i) {
            const bool image = i != 5; // one text-only example
            json messages = json::array({systemMessage(), userMessage(image)});
            messages.push_back(assistant(kAnswers[i])[0]);
            json ex = {{"messages", messages}, {"meta", {{"index", i}}}};
            if (image)
                ex["images"] = json::array({i % 2 ? "images/b.png" : "images/a.png"});
            sft += QByteArray::fromStdString(ex.dump()) + '\n';
            if (i < 4) {
                json pair = {{"prompt", json::array({systemMessage(), userMessage(true)})},
                             {"chosen", assistant(kAnswers[i])}, {"rejected", assistant(kAnswers[(i + 1) % 6])},
                             {"images", json::array({i % 2 ? "images/b.png" : "images/a.png"})}};
                dpo += QByteArray::fromStdString(pair.dump()) + '\n';
            }
        }
        sftPath_ = dir_.filePath(QStringLiteral("data/sft.jsonl")).toStdString();
        dpoPath_ = dir_.filePath(QStringLiteral("data/dpo.jsonl")).toStdString();
        writeFile(QString::fromStdString(sftPath_), sft);
        writeFile(QString::fromStdString(dpoPath_), dpo);
    }

    void sftLossFallsOnOverfitSet()
    {
        auto cfg = TrainConfig::defaults(TrainStage::Sft);
        cfg.lr = 3e-3;
        cfg.epochs = 8;
        cfg.batchSize = 3;
        cfg.warmupRatio = 0.1;
        std::vector<json> events;
        const auto data = readDatasetJsonl(sftPath_, DatasetKind::Sft);
        const auto result = runTraining(cfg, data, environment(QStringLiteral("overfit"), &events));
        QVERIFY(!result.interrupted);
        QCOMPARE(result.totalSteps, int64_t(16));
        QCOMPARE(result.step, int64_t(16));
        const auto l = losses(events);
        QCOMPARE(l.size(), size_t(16));
        const double first = (l[0] + l[1]) / 2, last = (l[14] + l[15]) / 2;
        qInfo("SFT overfit loss: first epoch %.4f, last epoch %.4f", first, last);
        QVERIFY(last < 0.5 * first);
        // The progress events carry the contract's fields.
        const json &step = events[1];
        QCOMPARE(events.front().at("event").get<std::string>(), std::string("start"));
        for (const char *k : {"stage", "step", "total_steps", "epoch", "loss", "lr", "tokens_per_s", "elapsed_s", "eta_s"})
            QVERIFY2(step.contains(k), k);
        QCOMPARE(step.at("stage").get<std::string>(), std::string("sft"));
        QCOMPARE(events.back().at("event").get<std::string>(), std::string("finished"));
        // The checkpoint is a loadable HF folder with the base's files.
        const QString ckpt = QString::fromStdString(result.modelDir);
        QVERIFY(ckpt.endsWith(QStringLiteral("checkpoint-16")));
        for (const char *f : {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                              "preprocessor_config.json", "trainer_state/optimizer.pt", "trainer_state/state.json"})
            QVERIFY2(QFileInfo::exists(ckpt + QLatin1Char('/') + QLatin1String(f)), f);
        auto loaded = Qwen2_5_VLImpl::load(result.modelDir);
        QVERIFY(loaded->parameters().size() > 10);
        // Frozen vision encoder (paper's SFT default): unchanged; the language model changed.
        const auto base = WeightStore::open(model_), trained = WeightStore::open(result.modelDir);
        QVERIFY(torch::equal(base.get("visual.blocks.0.attn.qkv.weight"), trained.get("visual.blocks.0.attn.qkv.weight")));
        QVERIFY(!torch::equal(base.get("model.layers.0.mlp.up_proj.weight"), trained.get("model.layers.0.mlp.up_proj.weight")));
        QVERIFY(!torch::equal(base.get("visual.merger.mlp.0.weight"), trained.get("visual.merger.mlp.0.weight")));
    }

    void resumedRunEqualsUninterrupted_data()
    {
        QTest::addColumn<bool>("lora");
        QTest::addColumn<bool>("augment");
        QTest::newRow("full") << false << false;
        QTest::newRow("lora") << true << false;
        QTest::newRow("augmented images") << false << true;
    }

    void resumedRunEqualsUninterrupted()
    {
        QFETCH(bool, lora);
        QFETCH(bool, augment);
        auto cfg = TrainConfig::defaults(TrainStage::Sft);
        cfg.lr = 1e-3;
        cfg.epochs = 2;
        cfg.batchSize = 2;
        cfg.gradAccum = 2; // 6 examples: 3 batches per epoch, 6 micro-batches, 3 steps
        cfg.warmupRatio = 0.34;
        cfg.weightDecay = 0.01;
        cfg.freeze.vision = false;
        if (lora) {
            LoraOptions o;
            o.rank = 4;
            o.dropout = 0.2;
            o.targets = "q_proj|v_proj|qkv";
            cfg.lora = o;
        }
        if (augment) {
            cfg.augment.crop = 0.8;
            cfg.augment.brightness = 0.2;
            cfg.augment.colour = 0.1;
        }
        const QString tag = lora ? QStringLiteral("lora") : augment ? QStringLiteral("augment") : QStringLiteral("full");
        const auto data = readDatasetJsonl(sftPath_, DatasetKind::Sft);
        const auto straight = runTraining(cfg, data, environment(tag + QStringLiteral("-straight"), nullptr));
        QCOMPARE(straight.step, int64_t(3));

        // Interrupted after step 1 through the stop flag (as SIGTERM does), then started again.
        std::atomic<bool> stop{false};
        std::vector<json> events;
        auto env = environment(tag + QStringLiteral("-resumed"), &events, &stop);
        env.onEvent = [&](const json &e) {
            events.push_back(e);
            if (e.at("event") == "step" && e.at("step") == 1)
                stop = true;
        };
        const auto first = runTraining(cfg, data, env);
        QVERIFY(first.interrupted);
        QCOMPARE(first.step, int64_t(1));
        QCOMPARE(events.back().at("event").get<std::string>(), std::string("interrupted"));
        QCOMPARE(events.back().at("step").get<int64_t>(), int64_t(1));
        stop = false;
        events.clear();
        const auto second = runTraining(cfg, data, env);
        QVERIFY(!second.interrupted);
        QCOMPARE(second.resumedFrom, int64_t(1));
        QCOMPARE(losses(events).size(), size_t(2));
        const double d = maxDifference(weightsOf(straight.modelDir), weightsOf(second.modelDir));
        qInfo("%s: max |resumed - uninterrupted| = %.3g", qPrintable(tag), d);
        QVERIFY(d <= 1e-6);
        if (lora) {
            const auto file = SafetensorsFile::open(second.modelDir + "/model.safetensors");
            for (const auto &t : file->tensors())
                QVERIFY2(t.name.find("lora") == std::string::npos, t.name.c_str());
        }

        // A finished run started again does nothing more; another dataset is refused.
        events.clear();
        const auto third = runTraining(cfg, data, env);
        QCOMPARE(third.step, int64_t(3));
        QVERIFY(losses(events).empty());
        auto smaller = data;
        smaller.examples.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, runTraining(cfg, smaller, env));
    }

    void dpoPrecomputedEqualsReferenceModel()
    {
        auto cfg = TrainConfig::defaults(TrainStage::Dpo);
        cfg.lr = 1e-3;
        cfg.batchSize = 2;
        cfg.epochs = 2;
        cfg.warmupRatio = 0;
        const auto data = readDatasetJsonl(dpoPath_, DatasetKind::Dpo);
        std::vector<json> pre, model;
        runTraining(cfg, data, environment(QStringLiteral("dpo-pre"), &pre));
        cfg.precomputeReference = false;
        runTraining(cfg, data, environment(QStringLiteral("dpo-model"), &model));
        QVERIFY(QFileInfo::exists(dir_.filePath(QStringLiteral("dpo-pre/reference_logps.json"))));
        QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("dpo-model/reference_logps.json"))));
        const auto steps = [](const std::vector<json> &ev) {
            std::vector<json> s;
            for (const auto &e : ev)
                if (e.at("event") == "step")
                    s.push_back(e);
            return s;
        };
        const auto a = steps(pre), b = steps(model);
        QCOMPARE(a.size(), size_t(4));
        QCOMPARE(b.size(), a.size());
        // Step 1: policy == reference, so rewards are 0 and the loss is log 2.
        QVERIFY(std::abs(a[0]["loss"].get<double>() - std::log(2.0)) < 1e-6);
        QVERIFY(std::abs(a[0]["reward_margin"].get<double>()) < 1e-6);
        for (size_t k = 0; k < a.size(); ++k) {
            for (const char *key : {"loss", "reward_chosen", "reward_rejected", "reward_margin", "reward_accuracy"}) {
                const double x = a[k][key], y = b[k][key];
                QVERIFY2(std::abs(x - y) <= 1e-4 * std::max(1.0, std::abs(y)), key);
            }
        }
        // Training on the preferences raises the margin.
        QVERIFY(a.back()["reward_margin"].get<double>() > 0);
        QCOMPARE(a.back()["stage"].get<std::string>(), std::string("dpo"));

        // A DPO file is not an SFT dataset.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 runTraining(TrainConfig::defaults(TrainStage::Sft), data,
                                             environment(QStringLiteral("wrong"), nullptr)));
    }

    void augmentImageKeepsSizeAndIsSeeded()
    {
        RgbImage image;
        image.width = 64;
        image.height = 40;
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x)
                for (uint8_t v : {uint8_t(x * 4), uint8_t(y * 6), uint8_t(128)})
                    image.pixels.push_back(v);
        AugmentOptions none;
        QVERIFY(!none.enabled());
        QVERIFY(augmentImage(image, none, 1).pixels == image.pixels);

        AugmentOptions o;
        o.crop = 0.7;
        o.brightness = 0.2;
        o.colour = 0.1;
        const RgbImage a = augmentImage(image, o, 7), b = augmentImage(image, o, 7), c = augmentImage(image, o, 8);
        QCOMPARE(a.width, image.width);
        QCOMPARE(a.height, image.height);
        QVERIFY(a.pixels == b.pixels);
        QVERIFY(a.pixels != c.pixels);
        QVERIFY(a.pixels != image.pixels);

        // Colour only: every channel is scaled by one factor within the bounds.
        AugmentOptions colour;
        colour.colour = 0.1;
        const RgbImage d = augmentImage(image, colour, 3);
        for (size_t ch = 0; ch < 3; ++ch) {
            double in = 0, out = 0;
            for (size_t i = ch; i < image.pixels.size(); i += 3) {
                in += image.pixels[i];
                out += d.pixels[i];
            }
            QVERIFY2(out / in >= 0.89 && out / in <= 1.11, qPrintable(QString::number(out / in)));
        }

        AugmentOptions bad;
        bad.crop = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, augmentImage(image, bad, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 TrainConfig::fromJson(json{{"augment", {{"crop", 0.9}}}}, TrainStage::Dpo));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 TrainConfig::fromJson(json{{"augment", {{"flip", true}}}}, TrainStage::Sft));
        const auto cfg = TrainConfig::fromJson(json{{"augment", {{"crop", 0.9}, {"colour", 0.05}}}}, TrainStage::Sft);
        QCOMPARE(cfg.augment.crop, 0.9);
        QCOMPARE(cfg.toJson().at("augment").at("colour").get<double>(), 0.05);
    }

    void configJson()
    {
        const auto c = TrainConfig::fromJson(json::parse(R"({"lr": 2e-4, "epochs": 3, "lora": {"rank": 16, "targets": "q_proj"},
            "freeze": {"vision": false, "merger": true}, "save_every": 5, "dtype": "bf16"})"), TrainStage::Sft);
        QCOMPARE(c.lr, 2e-4);
        QCOMPARE(c.epochs, int64_t(3));
        QVERIFY(c.lora.has_value());
        QCOMPARE(c.lora->rank, int64_t(16));
        QCOMPARE(c.lora->alpha, 16.0);
        QVERIFY(!c.freeze.vision && c.freeze.merger && !c.freeze.language);
        QCOMPARE(c.saveEvery, int64_t(5));
        const auto sft = TrainConfig::defaults(TrainStage::Sft), dpo = TrainConfig::defaults(TrainStage::Dpo);
        QVERIFY(sft.freeze.vision && !sft.freeze.merger && sft.epochs == 1);
        QVERIFY(!dpo.freeze.vision && !dpo.freeze.merger && !dpo.freeze.language && dpo.beta == 0.1);
        for (const char *bad : {R"({"lr": "fast"})", R"({"learning_rate": 1})", R"({"epochs": 0})",
                                R"({"lora": {"rank": 0}})", R"({"freeze": {"vision": true, "merger": true, "language": true}})",
                                R"({"dtype": "f64"})", R"({"lora": {"ranks": 2}})"})
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrainConfig::fromJson(json::parse(bad), TrainStage::Sft));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
