// Vision pre-training on the shared tiny fixture model, for real: the vision
// tower learns to tell two classes of images apart (train and held-out), the
// written folder is a loadable model whose language weights are the base's
// bit for bit, the same seed gives the same weights, and bad input (one class,
// an image with two labels, a missing image, a stop request) is refused
// without writing anything.
#include "checkpoint.h"
#include "dataset_jsonl.h"
#include "qwen2_5_vl.h"
#include "vision_pretrain.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "imageio.h"

#include "rgbimagefile.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <random>

using namespace sd::vlm;
using namespace sd::testsupport;
using json = nlohmann::json;

namespace {

// A noisy grey frame with a green patch in the upper left ("left") or lower right ("right") quarter.
cv::Mat patchImage(bool left, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> noise(60, 140);
    cv::Mat image(56, 56, CV_8UC3);
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x) {
            const auto g = static_cast<uchar>(noise(rng));
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(g, g, g);
        }
    const int x0 = left ? 4 : 30, y0 = left ? 4 : 30;
    for (int y = y0; y < y0 + 22; ++y)
        for (int x = x0; x < x0 + 22; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(40, 220, 40); // BGR
    return image;
}

json example(const std::string &image, const std::string &label)
{
    json user = {{"role", "user"}, {"content", json::array({{{"type", "image"}}, {{"type", "text"}, {"text", "Which structure?"}}})}};
    json answer = {{"role", "assistant"}, {"content", json::array({{{"type", "text"}, {"text", "The " + label + " one."}}})}};
    json ex = {{"messages", json::array({user, answer})}, {"images", json::array({image})}};
    if (!label.empty())
        ex["meta"] = {{"structure", label}};
    return ex;
}

} // namespace

class TestVisionPretrain : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string model_, trainPath_, heldOutPath_;

    // Writes n images of each class and a JSONL over them (plus optional extra lines).
    std::string writeSet(const QString &name, int n, uint32_t seed, const std::vector<json> &extra = {})
    {
        QByteArray lines;
        for (int i = 0; i < 2 * n; ++i) {
            const bool left = i % 2 == 0;
            const QString file = QStringLiteral("%1/%2.png").arg(name).arg(i);
            writeFile(dir_.filePath(file), sd::encodePng(patchImage(left, seed + uint32_t(i))));
            lines += QByteArray::fromStdString(example(file.toStdString(), left ? "left" : "right").dump()) + '\n';
            // The same image twice (another question): it must count once.
            if (i == 0)
                lines += QByteArray::fromStdString(example(file.toStdString(), "left").dump()) + '\n';
        }
        for (const auto &e : extra)
            lines += QByteArray::fromStdString(e.dump()) + '\n';
        const QString path = dir_.filePath(name + QStringLiteral(".jsonl"));
        writeFile(path, lines);
        return path.toStdString();
    }

    VisionPretrainEnvironment environment(const QString &out, std::vector<json> *events = nullptr)
    {
        VisionPretrainEnvironment env;
        env.baseModelDir = model_;
        env.outDir = dir_.filePath(out).toStdString();
        env.loadImage = sd::app::loadRgbImage;
        env.onEvent = [events](const json &e) {
            if (events)
                events->push_back(e);
        };
        return env;
    }

    static VisionPretrainOptions options(int64_t epochs)
    {
        VisionPretrainOptions o;
        o.epochs = epochs;
        o.batchSize = 4;
        o.lr = 3e-3;
        o.augment = {}; // no augmentation: a small, exact problem
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(fixtureDir() + QStringLiteral("/model/model.safetensors")))
            QSKIP("shared fixture qwen2_5_vl_tiny is absent");
        model_ = (fixtureDir() + QStringLiteral("/model")).toStdString();
        QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("train")));
        QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("heldout")));
        trainPath_ = writeSet(QStringLiteral("train"), 8, 100, {example("train/0.png", "")}); // an unlabelled line is skipped
        heldOutPath_ = writeSet(QStringLiteral("heldout"), 4, 900);
    }

    void learnsToSeeTheClass()
    {
        const auto train = readDatasetJsonl(trainPath_, DatasetKind::Sft);
        const auto heldOut = readDatasetJsonl(heldOutPath_, DatasetKind::Sft);
        std::vector<json> events;
        const auto result = pretrainVision(train, &heldOut, options(15), environment(QStringLiteral("pretrained"), &events));
        QVERIFY(!result.interrupted);
        QCOMPARE(result.images, int64_t(16));
        QCOMPARE(result.classes, (std::vector<std::string>{"left", "right"}));
        QCOMPARE(result.steps, int64_t(15 * 4));
        std::vector<double> epochLoss;
        for (const auto &e : events)
            if (e.at("event") == "epoch")
                epochLoss.push_back(e.at("loss").get<double>());
        QCOMPARE(epochLoss.size(), size_t(15));
        qInfo("vision pre-training: loss %.4f -> %.4f, train accuracy %.2f, held-out accuracy %.2f", epochLoss.front(),
              epochLoss.back(), result.trainAccuracy, result.validationAccuracy);
        QVERIFY(epochLoss.back() < 0.5 * epochLoss.front());
        QVERIFY(result.trainAccuracy >= 0.9);
        QVERIFY(result.validationAccuracy >= 0.75); // 8 unseen images; chance is 0.5
        QCOMPARE(events.back().at("event").get<std::string>(), std::string("finished"));

        // A whole model folder: loads, the language model is the base's bit for bit, the vision tower changed.
        const QString out = dir_.filePath(QStringLiteral("pretrained"));
        for (const char *f : {"config.json", "model.safetensors", "tokenizer.json", "preprocessor_config.json", "vision_pretrain.json"})
            QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(f)), f);
        QVERIFY(!QFileInfo::exists(out + QStringLiteral(".tmp")));
        const auto base = WeightStore::open(model_);
        const auto trained = WeightStore::open(out.toStdString());
        QCOMPARE(trained.names(), base.names());
        QCOMPARE(int(trained.naming()), int(base.naming()));
        bool visionChanged = false;
        for (const auto &name : base.names()) {
            const bool same = torch::equal(base.get(name), trained.get(name));
            if (name.rfind("visual.", 0) == 0)
                visionChanged = visionChanged || !same;
            else
                QVERIFY2(same, name.c_str());
        }
        QVERIFY(visionChanged);
        QVERIFY(Qwen2_5_VLImpl::load(out.toStdString()).ptr() != nullptr);
        const json record = readJson(out + QStringLiteral("/vision_pretrain.json"));
        QCOMPARE(record.at("classes").size(), size_t(2));
        QCOMPARE(record.at("images").get<int>(), 16);
    }

    void sameSeedSameWeights()
    {
        const auto train = readDatasetJsonl(trainPath_, DatasetKind::Sft);
        auto o = options(2);
        o.augment = {0.85, 0.1, 0.05}; // augmentation is seeded too
        pretrainVision(train, nullptr, o, environment(QStringLiteral("seedA")));
        pretrainVision(train, nullptr, o, environment(QStringLiteral("seedB")));
        const auto a = WeightStore::open(dir_.filePath(QStringLiteral("seedA")).toStdString());
        const auto b = WeightStore::open(dir_.filePath(QStringLiteral("seedB")).toStdString());
        for (const auto &name : a.names())
            QVERIFY2(torch::equal(a.get(name), b.get(name)), name.c_str());
    }

    void badInputWritesNothing_data()
    {
        QTest::addColumn<QString>("lines");
        QTest::addColumn<QString>("message");
        const std::string one = example("train/0.png", "left").dump() + "\n" + example("train/2.png", "left").dump() + "\n";
        QTest::newRow("one class") << QString::fromStdString(one) << QStringLiteral("at least two classes");
        const std::string twice = one + example("train/0.png", "right").dump() + "\n";
        QTest::newRow("two labels") << QString::fromStdString(twice) << QStringLiteral("labelled both 'left' and 'right'");
        const std::string missing = one + example("train/nothing.png", "right").dump() + "\n";
        QTest::newRow("missing image") << QString::fromStdString(missing) << QStringLiteral("nothing.png");
    }

    void badInputWritesNothing()
    {
        QFETCH(QString, lines);
        QFETCH(QString, message);
        const QString path = dir_.filePath(QStringLiteral("bad.jsonl"));
        writeFile(path, lines.toUtf8());
        const auto data = readDatasetJsonl(path.toStdString(), DatasetKind::Sft);
        try {
            pretrainVision(data, nullptr, options(1), environment(QStringLiteral("bad")));
            QFAIL("bad input was accepted");
        } catch (const std::exception &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
        QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("bad"))));
    }

    void stopWritesNothing()
    {
        const auto train = readDatasetJsonl(trainPath_, DatasetKind::Sft);
        std::atomic<bool> stop{true};
        auto env = environment(QStringLiteral("stopped"));
        env.stop = &stop;
        const auto result = pretrainVision(train, nullptr, options(3), env);
        QVERIFY(result.interrupted);
        QCOMPARE(result.steps, int64_t(1));
        QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("stopped"))));
        QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("stopped.tmp"))));
    }

    void optionsAreChecked()
    {
        auto o = options(0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, o.validate());
        o = options(1);
        o.augment.crop = 0.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, o.validate());
        o = options(1);
        o.labelKey.clear();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, o.validate());
    }
};

QTEST_GUILESS_MAIN(TestVisionPretrain)
#include "tst_vision_pretrain.moc"
