// The `vlm check-reference` logic on the shared fixture, and checkpoints that our
// own code rewrote (other naming, other config layout, shards) giving identical logits.
#include "checkpoint.h"
#include "config.h"
#include "qwen2_5_vl.h"
#include "reference_check.h"
#include "safetensors.h"

#include <torch/torch.h>

#include "imageio.h"
#include "rgbimagefile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <fstream>

using namespace sd::vlm;

namespace {

const QString kFixture = QStringLiteral(SURGDISTILL_SHARED_DIR "/fixtures/qwen2_5_vl_tiny");

} // namespace

class TestReferenceCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QDir(kFixture).exists())
            QSKIP("../shared/fixtures/qwen2_5_vl_tiny is absent: reference checks skipped");
    }

    void float32HoldsEveryCheck()
    {
        int called = 0;
        const auto lines = runReferenceCheck(kFixture.toStdString(), sd::app::loadRgbImage, {}, [&](const auto &) { ++called; });
        QCOMPARE(called, static_cast<int>(lines.size()));
        QStringList names;
        for (const auto &l : lines) {
            names << QString::fromStdString(l.quantity);
            QVERIFY2(l.ok, formatReferenceLine(l).c_str());
        }
        for (const char *q : {"input_ids", "image_grid_thw", "position_ids", "pixel_values", "vision_embeds", "logits",
                              "generated_ids (greedy)", "resize pixel_values", "resize image_grid_thw"})
            QVERIFY2(names.contains(QString::fromLatin1(q)), q);
    }

    void bfloat16HoldsItsTolerances()
    {
        ReferenceCheckOptions options;
        options.dtype = "bf16";
        for (const auto &l : runReferenceCheck(kFixture.toStdString(), sd::app::loadRgbImage, options))
            QVERIFY2(l.ok, formatReferenceLine(l).c_str());
    }

    void brokenCheckpointFailsTheCheck()
    {
        // A copy of the fixture with one weight perturbed must fail on logits, not pass silently.
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("model"))));
        for (const QString &f : QDir(kFixture).entryList(QDir::Files))
            QVERIFY(QFile::copy(kFixture + QLatin1Char('/') + f, dir.filePath(f)));
        const QString modelDir = kFixture + QStringLiteral("/model");
        for (const QString &f : QDir(modelDir).entryList(QDir::Files))
            if (f != QLatin1String("model.safetensors"))
                QVERIFY(QFile::copy(modelDir + QLatin1Char('/') + f, dir.filePath(QStringLiteral("model/") + f)));
        const auto weights = WeightStore::open(modelDir.toStdString());
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto &n : weights.names()) {
            auto t = weights.get(n);
            if (n == "model.layers.1.mlp.down_proj.weight")
                t = t * 1.5;
            tensors.emplace_back(n, t);
        }
        saveWeights(dir.filePath(QStringLiteral("model")).toStdString(), tensors, WeightNaming::Classic);
        bool logitsFailed = false;
        for (const auto &l : runReferenceCheck(dir.path().toStdString(), sd::app::loadRgbImage))
            if (l.quantity == "logits")
                logitsFailed = !l.ok;
        QVERIFY(logitsFailed);
    }

    void convertedCheckpointsGiveIdenticalLogits()
    {
        const std::string modelDir = (kFixture + QStringLiteral("/model")).toStdString();
        const auto reference = SafetensorsFile::open((kFixture + QStringLiteral("/reference.safetensors")).toStdString());
        const auto inputIds = tensorFromSafetensors(*reference, "input_ids");
        const auto pixels = tensorFromSafetensors(*reference, "pixel_values");
        const auto grid = tensorFromSafetensors(*reference, "image_grid_thw");
        torch::NoGradGuard noGrad;
        auto logitsOf = [&](const std::string &dir) {
            auto model = Qwen2_5_VLImpl::load(dir);
            model->eval();
            return model->forward(inputIds, pixels, grid);
        };
        const auto original = logitsOf(modelDir);

        const auto config = ModelConfig::fromFile(modelDir + "/config.json");
        const auto weights = WeightStore::open(modelDir);
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        uint64_t total = 0;
        for (const auto &n : weights.names()) {
            tensors.emplace_back(n, weights.get(n));
            total += tensors.back().second.nbytes();
        }
        struct Variant {
            const char *name;
            WeightNaming naming;
            ConfigLayout layout;
            uint64_t shardBytes;
        };
        for (const Variant &v : {Variant{"nested names", WeightNaming::Nested, ConfigLayout::Nested, 0},
                                 Variant{"published config", WeightNaming::Classic, ConfigLayout::Published, 0},
                                 Variant{"two shards", WeightNaming::Nested, ConfigLayout::Published,
                                         total - tensors.back().second.nbytes()}}) {
            QTemporaryDir dir;
            saveWeights(dir.path().toStdString(), tensors, v.naming, v.shardBytes);
            std::ofstream(dir.filePath(QStringLiteral("config.json")).toStdString()) << config.toJson(v.layout).dump(2);
            if (v.shardBytes)
                QCOMPARE(WeightStore::open(dir.path().toStdString()).shardCount(), 2);
            const auto logits = logitsOf(dir.path().toStdString());
            QVERIFY2(torch::equal(logits, original), v.name);
        }
    }
};

QTEST_GUILESS_MAIN(TestReferenceCheck)
#include "tst_reference_check.moc"
