// Image preprocessing and the Qwen2.5-VL vision tower against the tiny fixture
// made with Hugging Face transformers (slow PIL image processor, float64 reference).
#include "checkpoint.h"
#include "config.h"
#include "image_processor.h"
#include "vision.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <map>

using namespace sd::vlm;

using namespace sd::testsupport;

namespace {

#define REQUIRE_FIXTURE()                                                                                             \
    do {                                                                                                               \
        if (!QFile::exists(fixtureDir() + "/reference.safetensors"))                                                   \
            QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout (../shared/fixtures)");                \
    } while (0)

RgbImage loadPng(const QString &path)
{
    cv::Mat bgr = cv::imread(path.toStdString(), cv::IMREAD_COLOR);
    if (bgr.empty())
        throw std::runtime_error("cannot decode " + path.toStdString());
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    RgbImage image{rgb.cols, rgb.rows, {}};
    image.pixels.resize(static_cast<size_t>(rgb.cols) * rgb.rows * 3);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(image.pixels.data() + static_cast<size_t>(y) * rgb.cols * 3, rgb.ptr(y), rgb.cols * 3);
    return image;
}

// Minimal safetensors reader for the reference data (F32 / I64 only), so the
// reference side of each check does not depend on the engine's own reader.
std::map<std::string, torch::Tensor> readSafetensors(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + path.toStdString());
    uint64_t headerSize = 0;
    in.read(reinterpret_cast<char *>(&headerSize), 8);
    std::string header(headerSize, '\0');
    in.read(header.data(), static_cast<std::streamsize>(headerSize));
    const auto j = nlohmann::json::parse(header);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::map<std::string, torch::Tensor> tensors;
    for (const auto &[name, info] : j.items()) {
        if (name == "__metadata__")
            continue;
        const std::string dtype = info.at("dtype");
        std::vector<int64_t> shape = info.at("shape").get<std::vector<int64_t>>();
        const auto begin = info.at("data_offsets")[0].get<size_t>(), end = info.at("data_offsets")[1].get<size_t>();
        torch::ScalarType type = dtype == "F32" ? torch::kFloat32 : dtype == "I64" ? torch::kInt64 : torch::kByte;
        if (type == torch::kByte)
            continue;
        auto t = torch::empty(shape, type);
        if (static_cast<size_t>(t.nbytes()) != end - begin || end > data.size())
            throw std::runtime_error("bad tensor " + name);
        std::memcpy(t.data_ptr(), data.data() + begin, end - begin);
        tensors[name] = t;
    }
    return tensors;
}

// A parent that registers the tower as "visual", so its parameter names are the
// checkpoint's canonical names and the engine's generic loader fills it.
struct VisualHolder : torch::nn::Module {
    explicit VisualHolder(const VisionConfig &config) { visual = register_module("visual", VisionTransformer(config)); }
    VisionTransformer visual{nullptr};
};

std::shared_ptr<VisualHolder> loadFixtureTower()
{
    const std::string modelDir = (fixtureDir() + "/model").toStdString();
    const auto config = ModelConfig::fromFile(modelDir + "/config.json");
    auto holder = std::make_shared<VisualHolder>(config.vision);
    const auto weights = WeightStore::open(modelDir);
    loadModuleWeights(*holder, weights);
    return holder;
}

double relativeError(const torch::Tensor &a, const torch::Tensor &b)
{
    return ((a.to(torch::kFloat64) - b.to(torch::kFloat64)).norm() / b.to(torch::kFloat64).norm()).item<double>();
}

// Straightforward transcription of HF's get_window_index (pad with -100, reshape,
// permute, drop padding), followed by unique_consecutive on the boundaries.
WindowIndex referenceWindowIndex(const std::vector<GridThw> &grids, int64_t windowSize, int64_t patch, int64_t merge)
{
    const int64_t win = windowSize / merge / patch, unit = merge * merge;
    std::vector<torch::Tensor> indices;
    std::vector<int64_t> cu{0};
    int64_t offset = 0;
    for (const auto &g : grids) {
        const int64_t lh = g.h / merge, lw = g.w / merge;
        auto index = torch::arange(g.t * lh * lw, torch::kInt64).reshape({g.t, lh, lw});
        const int64_t padH = win - lh % win, padW = win - lw % win;
        const int64_t nh = (lh + padH) / win, nw = (lw + padW) / win;
        auto padded = torch::constant_pad_nd(index, {0, padW, 0, padH}, -100);
        padded = padded.reshape({g.t, nh, win, nw, win}).permute({0, 1, 3, 2, 4}).reshape({g.t, nh * nw, win, win});
        auto seqlens = (padded != -100).sum({2, 3}).reshape({-1});
        auto flat = padded.reshape({-1});
        indices.push_back(flat.masked_select(flat != -100) + offset);
        auto cum = seqlens.cumsum(0) * unit + cu.back();
        for (int64_t i = 0; i < cum.size(0); ++i)
            cu.push_back(cum[i].item<int64_t>());
        offset += g.t * lh * lw;
    }
    WindowIndex r;
    auto all = torch::cat(indices);
    r.windowIndex.assign(all.data_ptr<int64_t>(), all.data_ptr<int64_t>() + all.numel());
    for (int64_t v : cu)
        if (r.cuWindowSeqlens.empty() || r.cuWindowSeqlens.back() != v)
            r.cuWindowSeqlens.push_back(v);
    return r;
}

} // namespace

class TestVision : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smartResizeMatchesHf_data()
    {
        QTest::addColumn<qint64>("h");
        QTest::addColumn<qint64>("w");
        QTest::addColumn<qint64>("maxPixels");
        QTest::addColumn<qint64>("eh");
        QTest::addColumn<qint64>("ew");
        const qint64 def = 28 * 28 * 1280;
        // Expected values from HF's smart_resize (Python round = half to even).
        QTest::newRow("exact") << 168LL << 224LL << def << 168LL << 224LL;
        QTest::newRow("round") << 190LL << 250LL << def << 196LL << 252LL;
        QTest::newRow("half-even-down") << 70LL << 140LL << def << 56LL << 140LL;
        QTest::newRow("half-even-up") << 42LL << 98LL << def << 56LL << 112LL;
        QTest::newRow("tiny-ceil") << 10LL << 10LL << def << 56LL << 56LL;
        QTest::newRow("large-floor") << 2000LL << 3000LL << def << 812LL << 1204LL;
        QTest::newRow("hd") << 1080LL << 1920LL << def << 728LL << 1316LL;
        QTest::newRow("thin") << 3LL << 500LL << def << 28LL << 728LL;
        QTest::newRow("hd-published-max") << 1080LL << 1920LL << 12845056LL << 1092LL << 1932LL;
    }
    void smartResizeMatchesHf()
    {
        QFETCH(qint64, h);
        QFETCH(qint64, w);
        QFETCH(qint64, maxPixels);
        QFETCH(qint64, eh);
        QFETCH(qint64, ew);
        const auto [rh, rw] = smartResize(h, w, 28, 56 * 56, maxPixels);
        QCOMPARE(qint64(rh), eh);
        QCOMPARE(qint64(rw), ew);
    }

    void smartResizeRejectsBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError, smartResize(1, 201));
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError, smartResize(0, 20));
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError, smartResize(-3, 20));
        const auto [h, w] = smartResize(1, 200); // ratio exactly 200 is allowed
        QCOMPARE(h, int64_t(28));
        QVERIFY(w > 0);
    }

    void configFromFixtureSizeForm()
    {
        REQUIRE_FIXTURE();
        const auto c = ImageProcessorConfig::fromFile((fixtureDir() + "/model/preprocessor_config.json").toStdString());
        QCOMPARE(c.minPixels, int64_t(3136));
        QCOMPARE(c.maxPixels, int64_t(1003520));
        QCOMPARE(c.patchSize, int64_t(14));
        QCOMPARE(c.mergeSize, int64_t(2));
        QCOMPARE(c.temporalPatchSize, int64_t(2));
        QCOMPARE(c.mean[1], 0.4578275);
        QCOMPARE(c.std[2], 0.27577711);
        QVERIFY(c.doResize && c.doRescale && c.doNormalize);
    }

    void configPublishedFormAndPrecedence()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write("published.json", R"({"min_pixels": 3136, "max_pixels": 12845056, "patch_size": 14,
            "temporal_patch_size": 2, "merge_size": 2, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.25, 0.25, 0.25],
            "image_processor_type": "Qwen2VLImageProcessor"})");
        auto c = ImageProcessorConfig::fromFile(dir.filePath("published.json").toStdString());
        QCOMPARE(c.minPixels, int64_t(3136));
        QCOMPARE(c.maxPixels, int64_t(12845056));
        QCOMPARE(c.mean[0], 0.5);
        QCOMPARE(c.std[0], 0.25);

        // min_pixels / max_pixels override size, as in the HF processor.
        write("both.json", R"({"size": {"shortest_edge": 100, "longest_edge": 200000},
            "min_pixels": 5000, "max_pixels": 100000})");
        c = ImageProcessorConfig::fromFile(dir.filePath("both.json").toStdString());
        QCOMPARE(c.minPixels, int64_t(5000));
        QCOMPARE(c.maxPixels, int64_t(100000));

        write("bad.json", R"({"size": {"shortest_edge": "many"}})");
        try {
            ImageProcessorConfig::fromFile(dir.filePath("bad.json").toStdString());
            QFAIL("expected an error");
        } catch (const ImageProcessingError &e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains("bad.json") && msg.contains("size.shortest_edge"), e.what());
        }
        write("resample.json", R"({"resample": 2})");
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError,
                                 ImageProcessorConfig::fromFile(dir.filePath("resample.json").toStdString()));
        write("broken.json", "{\"min_pixels\": ");
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError,
                                 ImageProcessorConfig::fromFile(dir.filePath("broken.json").toStdString()));
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError,
                                 ImageProcessorConfig::fromFile(dir.filePath("missing.json").toStdString()));
    }

    void preprocessFrame0MatchesReference_data()
    {
        QTest::addColumn<int>("backend");
        QTest::newRow("torchvision") << int(ProcessorBackend::Torchvision);
        QTest::newRow("pil") << int(ProcessorBackend::Pil);
    }
    void preprocessFrame0MatchesReference()
    {
        REQUIRE_FIXTURE();
        QFETCH(int, backend);
        const auto ref = readSafetensors(fixtureDir() + "/reference.safetensors");
        auto config = ImageProcessorConfig::fromFile((fixtureDir() + "/model/preprocessor_config.json").toStdString());
        config.backend = static_cast<ProcessorBackend>(backend);
        const auto out = preprocessImage(loadPng(fixtureDir() + "/frame0.png"), config);
        QVERIFY(torch::equal(out.gridThw(), ref.at("image_grid_thw")));
        QCOMPARE(out.pixelValues.sizes().vec(), ref.at("pixel_values").sizes().vec());
        const double maxErr = (out.pixelValues - ref.at("pixel_values")).abs().max().item<double>();
        qInfo("frame0 pixel_values max abs error %.3g", maxErr);
        QVERIFY2(maxErr <= 1e-4, qPrintable(QString::number(maxErr)));
    }

    void preprocessResizedFrameMatchesReference_data()
    {
        QTest::addColumn<int>("backend");
        QTest::addColumn<double>("maxTolerance");
        // The fixture was resized by torch's uint8 kernel: bit-exact. PIL's 22-bit
        // weights differ by at most one grey level (1/255/std ~ 0.015) in a few pixels.
        QTest::newRow("torchvision") << int(ProcessorBackend::Torchvision) << 1e-5;
        QTest::newRow("pil") << int(ProcessorBackend::Pil) << 0.02;
    }
    void preprocessResizedFrameMatchesReference()
    {
        REQUIRE_FIXTURE();
        QFETCH(int, backend);
        QFETCH(double, maxTolerance);
        const auto ref = readSafetensors(fixtureDir() + "/reference.safetensors");
        auto config = ImageProcessorConfig::fromFile((fixtureDir() + "/model/preprocessor_config.json").toStdString());
        config.backend = static_cast<ProcessorBackend>(backend);
        const auto out = preprocessImage(loadPng(fixtureDir() + "/frame_resize.png"), config);
        QVERIFY(torch::equal(out.gridThw(), ref.at("resize_image_grid_thw")));
        const auto &expected = ref.at("resize_pixel_values");
        QCOMPARE(out.pixelValues.sizes().vec(), expected.sizes().vec());
        const auto diff = (out.pixelValues - expected).abs();
        const double meanErr = diff.mean().item<double>(), maxErr = diff.max().item<double>();
        qInfo("frame_resize pixel_values mean abs error %.3g, max %.3g", meanErr, maxErr);
        QVERIFY2(meanErr <= 0.03, qPrintable(QString::number(meanErr)));
        QVERIFY2(maxErr <= maxTolerance, qPrintable(QString::number(maxErr)));
    }

    void resizeKeepsConstantImagesAndSize()
    {
        RgbImage flat{37, 23, std::vector<uint8_t>(37 * 23 * 3)};
        for (size_t i = 0; i < flat.pixels.size(); ++i)
            flat.pixels[i] = static_cast<uint8_t>(i % 3 == 0 ? 200 : (i % 3 == 1 ? 17 : 99));
        for (auto [w, h] : {std::pair{56, 28}, std::pair{12, 90}, std::pair{37, 23}, std::pair{5, 5}})
          for (auto backend : {ProcessorBackend::Torchvision, ProcessorBackend::Pil}) {
            const auto out = resizeBicubic(flat, w, h, backend);
            QCOMPARE(out.width, w);
            QCOMPARE(out.height, h);
            QCOMPARE(out.pixels.size(), size_t(w) * h * 3);
            for (size_t i = 0; i < out.pixels.size(); i += 3) {
                QCOMPARE(int(out.pixels[i]), 200);
                QCOMPARE(int(out.pixels[i + 1]), 17);
                QCOMPARE(int(out.pixels[i + 2]), 99);
            }
        }
    }

    void preprocessRejectsBadImages()
    {
        ImageProcessorConfig config;
        RgbImage wrong{10, 10, std::vector<uint8_t>(299)};
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError, preprocessImage(wrong, config));
        RgbImage empty{0, 10, {}};
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError, preprocessImage(empty, config));
        RgbImage odd{30, 30, std::vector<uint8_t>(30 * 30 * 3, 128)};
        config.doResize = false;
        QVERIFY_THROWS_EXCEPTION(ImageProcessingError, preprocessImage(odd, config));
        RgbImage ok{56, 28, std::vector<uint8_t>(56 * 28 * 3, 255)};
        const auto out = preprocessImage(ok, config);
        QCOMPARE(out.pixelValues.size(0), int64_t(8));
        QCOMPARE(out.pixelValues.size(1), int64_t(1176));
        // (1 - mean) / std for the red channel, first value of every row.
        QVERIFY(std::abs(out.pixelValues[0][0].item<double>() - (1.0 - 0.48145466) / 0.26862954) < 1e-5);
    }

    void windowIndexMatchesHfLayout()
    {
        const std::vector<std::vector<GridThw>> cases = {
            {{1, 10, 14}},                    // partial windows at the right and bottom
            {{1, 16, 8}},                     // exact multiple: HF adds an empty padding window
            {{1, 12, 16}, {2, 6, 22}, {1, 2, 2}}, // several images, a video with two frames
        };
        for (const auto &grids : cases) {
            const auto mine = computeWindowIndex(grids, 112, 14, 2);
            const auto ref = referenceWindowIndex(grids, 112, 14, 2);
            QCOMPARE(mine.windowIndex, ref.windowIndex);
            QCOMPARE(mine.cuWindowSeqlens, ref.cuWindowSeqlens);
        }
        // 1x10x14: merged grid 5x7, windows 4x4 -> sizes 16, 12, 4, 3 merge blocks.
        const auto w = computeWindowIndex({{1, 10, 14}}, 112, 14, 2);
        QCOMPARE(w.cuWindowSeqlens, (std::vector<int64_t>{0, 64, 112, 128, 140}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeWindowIndex({{1, 3, 4}}, 112, 14, 2));
    }

    void segmentedAttentionEqualsMaskedAttention()
    {
        torch::manual_seed(3);
        const std::vector<int64_t> cu{0, 5, 10, 13, 20, 25, 26};
        auto q = torch::randn({26, 2, 8}), k = torch::randn({26, 2, 8}), v = torch::randn({26, 2, 8});
        auto mask = torch::zeros({26, 26}, torch::kBool);
        for (size_t i = 1; i < cu.size(); ++i)
            mask.slice(0, cu[i - 1], cu[i]).slice(1, cu[i - 1], cu[i]).fill_(true);
        auto full = attention(q.transpose(0, 1).unsqueeze(0), k.transpose(0, 1).unsqueeze(0),
                              v.transpose(0, 1).unsqueeze(0), mask, false)
                        .squeeze(0)
                        .transpose(0, 1);
        auto seg = segmentedAttention(q, k, v, cu);
        QVERIFY(torch::allclose(seg, full, 1e-5, 1e-6));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, segmentedAttention(q, k, v, {0, 5, 20}));
    }

    void visionTowerMatchesReference()
    {
        REQUIRE_FIXTURE();
        const auto ref = readSafetensors(fixtureDir() + "/reference.safetensors");
        auto holder = loadFixtureTower();
        auto &tower = holder->visual;
        QCOMPARE(tower->config().depth, int64_t(4));
        QCOMPARE(tower->config().fullattBlockIndexes, (std::vector<int64_t>{1, 3}));
        tower->eval();
        torch::NoGradGuard noGrad;
        const auto out = tower->forward(ref.at("pixel_values"), ref.at("image_grid_thw"));
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{48, 128}));
        const double err = relativeError(out, ref.at("vision_embeds"));
        qInfo("vision_embeds float32 relative error %.3g", err);
        QVERIFY2(err <= 1e-4, qPrintable(QString::number(err)));

        tower->to(torch::kBFloat16);
        const auto outBf16 = tower->forward(ref.at("pixel_values"), ref.at("image_grid_thw"));
        QCOMPARE(outBf16.scalar_type(), torch::kBFloat16);
        const double errBf16 = relativeError(outBf16, ref.at("vision_embeds"));
        qInfo("vision_embeds bfloat16 relative error %.3g", errBf16);
        QVERIFY2(errBf16 <= 2e-2, qPrintable(QString::number(errBf16)));
    }

    void visionTowerRejectsBadInputAndTrains()
    {
        VisionConfig c;
        c.depth = 2;
        c.hiddenSize = 32;
        c.intermediateSize = 48;
        c.numHeads = 2;
        c.outHiddenSize = 24;
        c.fullattBlockIndexes = {1};
        VisionTransformer tower(c);
        const auto grid = torch::tensor({1, 4, 6}, torch::kInt64).view({1, 3});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tower->forward(torch::randn({23, 1176}), grid));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tower->forward(torch::randn({24, 1000}), grid));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 tower->forward(torch::randn({24, 1176}), torch::tensor({1, 4, 6}, torch::kInt64)));
        auto out = tower->forward(torch::randn({24, 1176}), grid);
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{6, 24}));
        out.pow(2).sum().backward();
        for (const auto &p : tower->named_parameters())
            QVERIFY2(p.value().grad().defined() && p.value().grad().abs().sum().item<double>() > 0,
                     p.key().c_str());
        VisionConfig bad = c;
        bad.numHeads = 5;
        QVERIFY_THROWS_EXCEPTION(ConfigError, VisionTransformer{bad});
        bad = c;
        bad.hiddenAct = "relu6";
        QVERIFY_THROWS_EXCEPTION(ConfigError, VisionTransformer{bad});
    }
};

QTEST_GUILESS_MAIN(TestVision)
#include "tst_vision.moc"
