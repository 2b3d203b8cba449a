// Checkpoint folders: both tensor namings, sharded files with an index, both
// config.json layouts, and clear errors for broken folders.
#include "checkpoint.h"
#include "config.h"
#include "optim.h"
#include "safetensors.h"

#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "testsupport.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sd::vlm;

namespace {

const QString kModelDir = QStringLiteral(SURGDISTILL_SHARED_DIR "/fixtures/qwen2_5_vl_tiny/model");

std::vector<std::pair<std::string, torch::Tensor>> allTensors(const WeightStore &w)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto &name : w.names())
        out.emplace_back(name, w.get(name));
    return out;
}

void writeText(const QString &path, const std::string &text)
{
    std::ofstream out(path.toStdString());
    out << text;
}

QString errorOf(const std::function<void()> &fn)
{
    try {
        fn();
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Runs `body` in a forked child whose files may not grow beyond `limit` bytes
// (RLIMIT_FSIZE with SIGXFSZ ignored: writes fail with EFBIG, as on a full
// disk, and no root is needed). Returns the child's exit status, or 128 +
// the signal that ended it (an abort or a crash).
int underFileSizeLimit(rlim_t limit, const std::function<int()> &body)
{
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        const rlimit r{limit, limit};
        setrlimit(RLIMIT_FSIZE, &r);
        std::signal(SIGXFSZ, SIG_IGN);
        int code = 90;
        try {
            code = body();
        } catch (...) {
            code = 91; // an exception the code under test should have turned into its own error
        }
        std::_Exit(code);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// 0 when `write` throws a std::exception whose message names `file`; 1 when it succeeds, 2 otherwise.
int failsNaming(const std::string &file, const std::function<void()> &write)
{
    try {
        write();
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "expected error: %s\n", e.what());
        return std::string(e.what()).find(file) != std::string::npos ? 0 : 2;
    }
}

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QDir(kModelDir).exists())
            QSKIP("../shared/fixtures/qwen2_5_vl_tiny is absent: checkpoint tests skipped");
    }

    void namesAreNormalised()
    {
        QCOMPARE(toCanonicalName("model.language_model.layers.0.mlp.up_proj.weight"),
                 std::string("model.layers.0.mlp.up_proj.weight"));
        QCOMPARE(toCanonicalName("model.visual.blocks.3.norm1.weight"), std::string("visual.blocks.3.norm1.weight"));
        QCOMPARE(toCanonicalName("lm_head.weight"), std::string("lm_head.weight"));
        QCOMPARE(fromCanonicalName("model.norm.weight", WeightNaming::Nested), std::string("model.language_model.norm.weight"));
        QCOMPARE(fromCanonicalName("visual.merger.ln_q.weight", WeightNaming::Nested),
                 std::string("model.visual.merger.ln_q.weight"));
        QCOMPARE(fromCanonicalName("lm_head.weight", WeightNaming::Nested), std::string("lm_head.weight"));
    }

    void loadsFixture()
    {
        const auto w = WeightStore::open(kModelDir.toStdString());
        QCOMPARE(w.names().size(), size_t(93));
        QCOMPARE(w.naming(), WeightNaming::Classic);
        QCOMPARE(w.shardCount(), 1);
        const auto embed = w.get("model.embed_tokens.weight");
        QCOMPARE(embed.sizes().vec(), (std::vector<int64_t>{732, 128}));
        QCOMPARE(embed.scalar_type(), torch::kFloat32);
        QVERIFY(errorOf([&] { w.get("model.layers.9.nothing"); }).contains(QStringLiteral("model.layers.9.nothing")));
    }

    void loadModuleChecksShapesBeforeCopying()
    {
        const auto w = WeightStore::open(kModelDir.toStdString());
        QCOMPARE(w.shape("visual.patch_embed.proj.weight"), (std::vector<int64_t>{64, 3, 2, 14, 14}));
        // root.model.norm.weight [128] (right) and root.visual.merger.ln_q.weight [65] (wrong; file has [64]).
        auto makeModule = [](int64_t lnSize) {
            auto root = std::make_shared<torch::nn::Module>();
            auto model = root->register_module("model", std::make_shared<torch::nn::Module>());
            auto norm = model->register_module("norm", std::make_shared<torch::nn::Module>());
            norm->register_parameter("weight", torch::zeros({128}));
            auto visual = root->register_module("visual", std::make_shared<torch::nn::Module>());
            auto merger = visual->register_module("merger", std::make_shared<torch::nn::Module>());
            auto lnQ = merger->register_module("ln_q", std::make_shared<torch::nn::Module>());
            lnQ->register_parameter("weight", torch::zeros({lnSize}, torch::kFloat64));
            return root;
        };
        auto bad = makeModule(65);
        const QString error = errorOf([&] { loadModuleWeights(*bad, w); });
        QVERIFY2(error.contains(QStringLiteral("visual.merger.ln_q.weight")) && error.contains(QStringLiteral("[64]"))
                     && error.contains(QStringLiteral("[65]")),
                 qPrintable(error));
        // Nothing was copied, not even the tensor checked before the mismatch.
        QVERIFY(torch::all(bad->named_parameters()["model.norm.weight"] == 0).item<bool>());

        auto good = makeModule(64);
        loadModuleWeights(*good, w);
        const auto params = good->named_parameters();
        QVERIFY(torch::equal(params["model.norm.weight"], w.get("model.norm.weight")));
        QCOMPARE(params["visual.merger.ln_q.weight"].scalar_type(), torch::kFloat64); // converted to the parameter's dtype
        QVERIFY(torch::allclose(params["visual.merger.ln_q.weight"], w.get("visual.merger.ln_q.weight").to(torch::kFloat64)));
    }

    void otherNamingAndShardsGiveIdenticalTensors()
    {
        const auto original = WeightStore::open(kModelDir.toStdString());
        const auto tensors = allTensors(original);
        uint64_t total = 0;
        for (const auto &t : tensors)
            total += t.second.nbytes();

        QTemporaryDir nested, sharded;
        saveWeights(nested.path().toStdString(), tensors, WeightNaming::Nested);
        // Greedy sharding in input order: everything but the last tensor fits the
        // first shard, so this limit gives exactly two shards.
        saveWeights(sharded.path().toStdString(), tensors, WeightNaming::Nested, total - tensors.back().second.nbytes());

        const auto n = WeightStore::open(nested.path().toStdString());
        QCOMPARE(n.naming(), WeightNaming::Nested);
        const auto raw = SafetensorsFile::open(nested.filePath(QStringLiteral("model.safetensors")).toStdString());
        QVERIFY(raw->find("model.language_model.layers.0.self_attn.q_proj.weight"));
        QVERIFY(raw->find("model.visual.patch_embed.proj.weight"));
        QCOMPARE(raw->metadata().at("format"), std::string("pt"));

        const auto s = WeightStore::open(sharded.path().toStdString());
        QCOMPARE(s.shardCount(), 2);
        QVERIFY(QFile::exists(sharded.filePath(QStringLiteral("model.safetensors.index.json"))));
        for (const auto *store : {&n, &s}) {
            QCOMPARE(store->names(), original.names());
            for (const auto &[name, tensor] : tensors)
                QVERIFY2(torch::equal(store->get(name), tensor), name.c_str());
        }
    }

    void bf16TensorsRoundTrip()
    {
        QTemporaryDir dir;
        const auto t = torch::randn({5, 7}).to(torch::kBFloat16);
        saveWeights(dir.path().toStdString(), {{"visual.x", t}}, WeightNaming::Classic);
        const auto back = WeightStore::open(dir.path().toStdString()).get("visual.x");
        QCOMPARE(back.scalar_type(), torch::kBFloat16);
        QVERIFY(torch::equal(back, t));
    }

    void brokenShardFoldersAreExplained()
    {
        const auto tensors = allTensors(WeightStore::open(kModelDir.toStdString()));
        QTemporaryDir dir;
        saveWeights(dir.path().toStdString(), tensors, WeightNaming::Classic, 2'000'000);
        const QString shard2 = dir.filePath(QStringLiteral("model-00002-of-00002.safetensors"));
        QVERIFY(QFile::exists(shard2));

        // An index that names a tensor its shard does not hold.
        const QString index = dir.filePath(QStringLiteral("model.safetensors.index.json"));
        QFile f(index);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto j = nlohmann::json::parse(f.readAll().toStdString());
        f.close();
        j["weight_map"]["model.ghost.weight"] = "model-00001-of-00002.safetensors";
        writeText(index, j.dump());
        QVERIFY(errorOf([&] { WeightStore::open(dir.path().toStdString()); }).contains(QStringLiteral("model.ghost.weight")));

        // A missing shard.
        j["weight_map"].erase("model.ghost.weight");
        writeText(index, j.dump());
        QVERIFY(QFile::remove(shard2));
        QVERIFY(errorOf([&] { WeightStore::open(dir.path().toStdString()); })
                    .contains(QStringLiteral("model-00002-of-00002.safetensors")));

        QTemporaryDir empty;
        QVERIFY(errorOf([&] { WeightStore::open(empty.path().toStdString()); }).contains(QStringLiteral("model.safetensors")));
    }

    // #16: a full disk while writing a checkpoint: every writer throws a clear
    // error, leaves no temporary file and keeps the previous file intact.
    void fullDiskKeepsThePreviousFiles()
    {
        QTemporaryDir dir;
        const std::string out = dir.path().toStdString();
        saveWeights(out, {{"model.w", torch::ones({4})}}, WeightNaming::Classic);
        writeJsonFile(out + "/state.json", nlohmann::json{{"step", 1}});
        const QByteArray weightsBefore = sd::testsupport::readFile(dir.filePath(QStringLiteral("model.safetensors")));
        const QByteArray stateBefore = sd::testsupport::readFile(dir.filePath(QStringLiteral("state.json")));
        constexpr rlim_t kLimit = 64 * 1024;

        // 400 kB of weights, one file and sharded.
        const std::vector<std::pair<std::string, torch::Tensor>> big{{"model.w", torch::ones({100000})},
                                                                      {"model.v", torch::ones({10})}};
        QCOMPARE(underFileSizeLimit(kLimit, [&] {
                     return failsNaming("model.safetensors", [&] { saveWeights(out, big, WeightNaming::Classic); });
                 }), 0);
        QCOMPARE(underFileSizeLimit(kLimit, [&] {
                     return failsNaming("model-00001-of-00002.safetensors",
                                        [&] { saveWeights(out, big, WeightNaming::Classic, 1000); });
                 }), 0);
        // A JSON file larger than the limit.
        nlohmann::json large = nlohmann::json::array();
        for (int k = 0; k < 20000; ++k)
            large.push_back("padding padding padding");
        QCOMPARE(underFileSizeLimit(kLimit, [&] {
                     return failsNaming("state.json", [&] { writeJsonFile(out + "/state.json", large); });
                 }), 0);
        // libtorch's archive writer (optimizer state) must not abort the process.
        auto param = torch::zeros({100000}, torch::requires_grad());
        auto optimizer = makeAdamW({param}, AdamWOptions{});
        param.sum().backward();
        optimizer->step();
        QCOMPARE(underFileSizeLimit(kLimit, [&] {
                     return failsNaming("optimizer.pt", [&] { saveOptimizerState(*optimizer, out + "/optimizer.pt"); });
                 }), 0);

        QCOMPARE(sd::testsupport::readFile(dir.filePath(QStringLiteral("model.safetensors"))), weightsBefore);
        QCOMPARE(sd::testsupport::readFile(dir.filePath(QStringLiteral("state.json"))), stateBefore);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList{QStringLiteral("model.safetensors"),
                                                                          QStringLiteral("state.json")}));
    }

    void bothConfigLayoutsAgree()
    {
        const auto config = ModelConfig::fromFile((kModelDir + QStringLiteral("/config.json")).toStdString());
        QCOMPARE(config.layout, ConfigLayout::Nested);
        QCOMPARE(config.text.hiddenSize, int64_t(128));
        QCOMPARE(config.text.numKeyValueHeads, int64_t(2));
        QCOMPARE(config.text.mropeSection, (std::vector<int64_t>{4, 6, 6}));
        QCOMPARE(config.text.ropeTheta, 1000000.0);
        QCOMPARE(config.text.tieWordEmbeddings, false);
        QCOMPARE(config.vision.fullattBlockIndexes, (std::vector<int64_t>{1, 3}));
        QCOMPARE(config.vision.outHiddenSize, int64_t(128));
        QCOMPARE(config.imageTokenId, int64_t(730));
        QCOMPARE(config.eosTokenIds, (std::vector<int64_t>{720}));

        const auto published = config.toJson(ConfigLayout::Published);
        QVERIFY(!published.contains("text_config"));
        QCOMPARE(published["rope_scaling"]["type"].get<std::string>(), std::string("mrope"));
        QVERIFY(published["vision_config"].contains("in_chans"));
        for (auto layout : {ConfigLayout::Published, ConfigLayout::Nested}) {
            const auto back = ModelConfig::fromJson(config.toJson(layout));
            QCOMPARE(back.layout, layout);
            QCOMPARE(back.toJson(ConfigLayout::Nested).dump(), config.toJson(ConfigLayout::Nested).dump());
        }
    }

    void publishedHubConfigIsRead()
    {
        // The layout of Qwen2.5-VL-7B-Instruct's config.json (abridged, real values).
        const auto j = nlohmann::json::parse(R"({
          "architectures": ["Qwen2_5_VLForConditionalGeneration"], "bos_token_id": 151643, "eos_token_id": 151645,
          "vision_start_token_id": 151652, "vision_end_token_id": 151653, "vision_token_id": 151654,
          "image_token_id": 151655, "video_token_id": 151656, "hidden_act": "silu", "hidden_size": 3584,
          "initializer_range": 0.02, "intermediate_size": 18944, "max_position_embeddings": 128000,
          "max_window_layers": 28, "model_type": "qwen2_5_vl", "num_attention_heads": 28, "num_hidden_layers": 28,
          "num_key_value_heads": 4, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768,
          "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.41.2",
          "use_cache": true, "use_sliding_window": false,
          "vision_config": {"depth": 32, "hidden_act": "silu", "hidden_size": 1280, "intermediate_size": 3420,
            "num_heads": 16, "in_chans": 3, "out_hidden_size": 3584, "patch_size": 14, "spatial_merge_size": 2,
            "spatial_patch_size": 14, "window_size": 112, "fullatt_block_indexes": [7, 15, 23, 31],
            "tokens_per_second": 2, "temporal_patch_size": 2},
          "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]}, "vocab_size": 152064})");
        const auto c = ModelConfig::fromJson(j, "7b/config.json");
        QCOMPARE(c.layout, ConfigLayout::Published);
        QCOMPARE(c.text.hiddenSize, int64_t(3584));
        QCOMPARE(c.text.headDim(), int64_t(128));
        QCOMPARE(c.text.mropeSection, (std::vector<int64_t>{16, 24, 24}));
        QCOMPARE(c.vision.outHiddenSize, int64_t(3584));
        QCOMPARE(c.torchDtype, std::string("bfloat16"));
        const auto preset = ModelConfig::preset("7b");
        QCOMPARE(preset.toJson(ConfigLayout::Nested)["text_config"].dump(), c.toJson(ConfigLayout::Nested)["text_config"].dump());
    }

    void configErrorsNameTheField()
    {
        auto j = nlohmann::json::parse(ModelConfig::preset("tiny").toJson(ConfigLayout::Nested).dump());
        auto broken = j;
        broken["text_config"]["num_key_value_heads"] = 3;
        QVERIFY(errorOf([&] { ModelConfig::fromJson(broken, "c.json"); }).contains(QStringLiteral("num_key_value_heads")));
        broken = j;
        broken["text_config"]["rope_parameters"]["mrope_section"] = {4, 6, 5};
        QVERIFY(errorOf([&] { ModelConfig::fromJson(broken, "c.json"); }).contains(QStringLiteral("mrope_section")));
        broken = j;
        broken["text_config"]["hidden_size"] = "large";
        QVERIFY(errorOf([&] { ModelConfig::fromJson(broken, "c.json"); }).contains(QStringLiteral("hidden_size")));
        broken = j;
        broken.erase("vision_config");
        QVERIFY(errorOf([&] { ModelConfig::fromJson(broken, "c.json"); }).contains(QStringLiteral("vision_config")));
        QTemporaryDir dir;
        writeText(dir.filePath(QStringLiteral("config.json")), "{ not json");
        QVERIFY(errorOf([&] { ModelConfig::fromFile(dir.filePath(QStringLiteral("config.json")).toStdString()); })
                    .contains(QStringLiteral("config.json")));
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
