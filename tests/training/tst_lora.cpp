// LoRA adapters and parameter groups on the shared tiny Qwen2.5-VL fixture:
// a zero-initialised B leaves the logits bit-identical, merging (in place and
// through an exported checkpoint) reproduces the adapted logits, gradients
// reach only the adapters, and freezing follows the three groups.
#include "checkpoint.h"
#include "chat.h"
#include "image_processor.h"
#include "lora.h"
#include "parameter_groups.h"
#include "qwen2_5_vl.h"
#include "rgb_image.h"
#include "safetensors.h"
#include "tokenizer.h"

#include <torch/torch.h>

#include "imageio.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

using namespace sd::vlm;
using namespace sd::testsupport;

namespace {

std::string fixturePath(const char *name) { return (fixtureDir() + QLatin1Char('/') + QLatin1String(name)).toStdString(); }

struct Inputs {
    torch::Tensor ids, pixels, grid;
};

} // namespace

class TestLora : public QObject {
    Q_OBJECT

    Inputs inputs_;

    torch::Tensor logits(Qwen2_5_VLImpl &model)
    {
        torch::NoGradGuard ng;
        return model.forward(inputs_.ids, inputs_.pixels, inputs_.grid);
    }

    // B random (as after training), so the adapters change the output.
    static void randomizeB(Qwen2_5_VLImpl &model)
    {
        torch::NoGradGuard ng;
        for (auto &[name, t] : loraTensors(model))
            if (name.find("lora_B") != std::string::npos)
                t.normal_(0.0, 0.05);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(fixtureDir() + QStringLiteral("/model/model.safetensors")))
            QSKIP("shared fixture qwen2_5_vl_tiny is absent");
        const auto tok = Tokenizer::fromFile(fixturePath("model/tokenizer.json"));
        const auto imageConfig = ImageProcessorConfig::fromFile(fixturePath("model/preprocessor_config.json"));
        const cv::Mat bgr = sd::loadImage(fixtureDir() + QStringLiteral("/frame0.png"));
        const auto img = preprocessImage(rgbImageFromBgr(bgr.data, bgr.cols, bgr.rows, bgr.step), imageConfig);
        std::vector<ChatMessage> messages{
            {"system", {ChatPart::textPart("You are a surgical assistant.")}},
            {"user", {ChatPart::imagePart(img.gridT, img.gridH, img.gridW), ChatPart::textPart("Which structure?")}}};
        const auto ids = tok.encode(renderChat(messages, true));
        inputs_ = {torch::tensor(ids, torch::kInt64).unsqueeze(0), img.pixelValues, img.gridThw()};
    }

    void zeroBGivesBaseLogitsExactly()
    {
        auto model = Qwen2_5_VLImpl::load(fixturePath("model"));
        const auto base = logits(*model);
        torch::manual_seed(1);
        LoraOptions o;
        o.targets = "q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj|qkv|attn\\.proj";
        o.dropout = 0.1;
        const auto names = attachLora(*model, o);
        QVERIFY(names.size() > 20); // text and vision layers
        QVERIFY(std::any_of(names.begin(), names.end(), [](const auto &n) { return n.rfind("visual.", 0) == 0; }));
        model->eval();
        QVERIFY(torch::equal(logits(*model), base));
        // The adapters are not checkpoint parameters.
        for (const auto &item : model->named_parameters())
            QVERIFY(item.key().find("lora") == std::string::npos);
    }

    void mergedEqualsUnmerged()
    {
        auto model = Qwen2_5_VLImpl::load(fixturePath("model"));
        const auto base = logits(*model);
        torch::manual_seed(2);
        LoraOptions o;
        o.rank = 4;
        o.alpha = 8;
        attachLora(*model, o);
        randomizeB(*model);
        model->eval();
        const auto adapted = logits(*model);
        QVERIFY(!torch::allclose(adapted, base, 1e-4, 1e-4));

        // Exported: a plain HF checkpoint with the adapters merged, loadable as such.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto merged = mergedNamedTensors(*model);
        for (const auto &[name, t] : merged)
            QVERIFY(name.find("lora") == std::string::npos);
        saveWeights(dir.path().toStdString(), merged, WeightNaming::Classic);
        QVERIFY(QFile::copy(fixtureDir() + QStringLiteral("/model/config.json"), dir.filePath(QStringLiteral("config.json"))));
        auto exported = Qwen2_5_VLImpl::load(dir.path().toStdString());
        const double diffExported = (logits(*exported) - adapted).abs().max().item<double>();
        qInfo("max |exported - unmerged| = %.3g", diffExported);
        QVERIFY(diffExported <= 1e-5);
        const auto file = SafetensorsFile::open(dir.filePath(QStringLiteral("model.safetensors")).toStdString());
        QCOMPARE(file->tensors().size(), merged.size());
        for (const auto &info : file->tensors())
            QVERIFY2(info.name.find("lora") == std::string::npos, info.name.c_str());

        mergeLora(*model);
        QVERIFY(loraTensors(*model).empty());
        const double diffInPlace = (logits(*model) - adapted).abs().max().item<double>();
        qInfo("max |merged in place - unmerged| = %.3g", diffInPlace);
        QVERIFY(diffInPlace <= 1e-5);
    }

    void gradientsReachOnlyAdapters()
    {
        auto model = Qwen2_5_VLImpl::load(fixturePath("model"));
        torch::manual_seed(3);
        attachLora(*model, LoraOptions{});
        applyFreeze(*model, FreezeOptions{}, /*freezeAllBase=*/true);
        randomizeB(*model);
        model->train();
        const auto out = model->forward(inputs_.ids, inputs_.pixels, inputs_.grid);
        out.pow(2).mean().backward();
        for (const auto &item : model->named_parameters())
            QVERIFY2(!item.value().grad().defined(), item.key().c_str());
        int withGrad = 0;
        for (auto &[name, t] : loraTensors(*model)) {
            QVERIFY2(t.grad().defined(), name.c_str());
            withGrad += t.grad().abs().sum().item<double>() > 0 ? 1 : 0;
        }
        QCOMPARE(withGrad, static_cast<int>(loraTensors(*model).size()));
    }

    void freezeFollowsGroups()
    {
        QCOMPARE(parameterGroupOf("visual.blocks.0.attn.qkv.weight"), ParameterGroup::Vision);
        QCOMPARE(parameterGroupOf("visual.patch_embed.proj.weight"), ParameterGroup::Vision);
        QCOMPARE(parameterGroupOf("visual.merger.mlp.0.weight"), ParameterGroup::Merger);
        QCOMPARE(parameterGroupOf("model.layers.0.mlp.up_proj.weight"), ParameterGroup::Language);
        QCOMPARE(parameterGroupOf("lm_head.weight"), ParameterGroup::Language);
        auto model = Qwen2_5_VLImpl::load(fixturePath("model"));
        FreezeOptions f;
        f.vision = true;
        const int64_t trainable = applyFreeze(*model, f);
        int64_t expected = 0;
        for (const auto &item : model->named_parameters()) {
            const bool vision = parameterGroupOf(item.key()) == ParameterGroup::Vision;
            QCOMPARE(item.value().requires_grad(), !vision);
            expected += vision ? 0 : item.value().numel();
        }
        QCOMPARE(trainable, expected);
        // LoRA skips frozen groups.
        LoraOptions o;
        o.targets = "qkv|q_proj";
        const auto names = attachLora(*model, o, f);
        for (const auto &n : names)
            QVERIFY2(n.rfind("visual.", 0) != 0, n.c_str());
        o.targets = "no_such_layer";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, attachLora(*model, o));
        o.targets = "(";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, attachLora(*model, o));
    }
};

QTEST_GUILESS_MAIN(TestLora)
#include "tst_lora.moc"
