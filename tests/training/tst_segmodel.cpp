// The segmentation engine for real, on synthetic frames (a red disc and a green
// bar on noise): a short seeded run learns both shapes unprompted and with a box,
// the model folder loads back to the same predictions, damaged folders and other
// structures are refused with a message, and an interrupted run resumed from its
// checkpoint ends at the same step with the same weights as an uninterrupted one.
#include "seg/seg_session.h"
#include "seg/seg_trainer.h"

#include "safetensors.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <fstream>
#include <random>

using namespace sd::seg;

namespace {

constexpr int kW = 64, kH = 48;

struct Scene {
    sd::vlm::RgbImage image;
    std::vector<uint8_t> disc, bar;
};

Scene makeScene(uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> noise(0, 60);
    Scene s;
    s.image.width = kW;
    s.image.height = kH;
    s.image.pixels.resize(kW * kH * 3);
    s.disc.assign(kW * kH, 0);
    s.bar.assign(kW * kH, 0);
    const int cx = 12 + int(rng() % 40), cy = 10 + int(rng() % 28), r = 5 + int(rng() % 5);
    const int bx = int(rng() % 50), by0 = 4 + int(rng() % 10), by1 = by0 + 14 + int(rng() % 16);
    for (int y = 0; y < kH; ++y)
        for (int x = 0; x < kW; ++x) {
            uint8_t *p = &s.image.pixels[(y * kW + x) * 3];
            p[0] = p[1] = p[2] = static_cast<uint8_t>(60 + noise(rng));
            if (x >= bx && x < bx + 5 && y >= by0 && y < by1) {
                p[1] = 200;
                s.bar[y * kW + x] = 1;
            }
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                p[0] = 210;
                p[1] = 40;
                s.disc[y * kW + x] = 1;
                s.bar[y * kW + x] = 0;
            }
        }
    return s;
}

SegTrainSample sampleOf(const Scene &s)
{
    return {s.image, {{"disc", s.disc}, {"bar", s.bar}}};
}

SegTrainOptions tinyOptions(const QString &runDir, int steps)
{
    SegTrainOptions o;
    o.runDir = runDir.toStdString();
    o.structures = {"disc", "bar"};
    o.inputWidth = kW;
    o.inputHeight = kH;
    o.baseChannels = 8;
    o.steps = steps;
    o.batchSize = 8;
    o.saveEvery = 10;
    o.threads = 1; // one thread: bit-identical reruns
    return o;
}

double iou(const std::vector<uint8_t> &prob, const std::vector<uint8_t> &truth)
{
    int inter = 0, uni = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
        const bool p = prob[i] >= 128, t = truth[i] != 0;
        inter += p && t;
        uni += p || t;
    }
    return uni ? double(inter) / uni : 1.0;
}

std::vector<float> weightsOf(const std::string &dir)
{
    const auto file = sd::vlm::SafetensorsFile::open(dir + "/model.safetensors");
    std::vector<float> all;
    for (const auto &t : file->tensors()) {
        const float *p = reinterpret_cast<const float *>(file->data(t));
        all.insert(all.end(), p, p + t.numel());
    }
    return all;
}

} // namespace

class TestSegModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void learnsShapesUnpromptedAndWithABox();
    void damagedFoldersAreRefused();
    void resumedRunMatchesUninterruptedRun();
    void otherStructuresInRunFolderAreRefused();

private:
    QTemporaryDir m_dir;
    QString m_model;
};

void TestSegModel::learnsShapesUnpromptedAndWithABox()
{
    QVERIFY(m_dir.isValid());
    std::vector<Scene> train;
    for (int i = 0; i < 48; ++i)
        train.push_back(makeScene(1000 + i));
    auto o = tinyOptions(m_dir.filePath(QStringLiteral("run")), 300);
    o.lr = 5e-3;
    std::vector<double> losses;
    o.onEvent = [&](const nlohmann::json &e) {
        if (e.at("event") == "step")
            losses.push_back(e.at("loss").get<double>());
    };
    const auto result = trainSegModel(o, train.size(), [&](size_t i) { return sampleOf(train[i]); });
    QCOMPARE(result.step, 300);
    QVERIFY(!result.interrupted);
    QCOMPARE(int(losses.size()), 300);
    QVERIFY2(losses.back() < losses.front() * 0.5, qPrintable(QString::number(losses.back())));
    m_model = QString::fromStdString(result.modelDir);

    const auto session = SegSession::load(result.modelDir);
    QCOMPARE(session->info().structures, (std::vector<std::string>{"disc", "bar"}));
    QCOMPARE(session->info().step, 300);
    QCOMPARE(session->info().id, std::string("seg:run@300"));
    double discIou = 0, barIou = 0, boxIou = 0;
    const int held = 10;
    for (int i = 0; i < held; ++i) {
        const Scene s = makeScene(5000 + i); // never trained on
        const SegPrediction p = session->predict(s.image);
        QCOMPARE(p.width, kW);
        QCOMPARE(int(p.probability.size()), 2);
        discIou += iou(p.probability[0], s.disc) / held;
        barIou += iou(p.probability[1], s.bar) / held;
        SegPrompt box;
        box.hasBox = true;
        box.x0 = kW, box.y0 = kH, box.x1 = 0, box.y1 = 0;
        for (int y = 0; y < kH; ++y)
            for (int x = 0; x < kW; ++x)
                if (s.disc[y * kW + x])
                    box.x0 = std::min(box.x0, x), box.y0 = std::min(box.y0, y), box.x1 = std::max(box.x1, x + 1),
                    box.y1 = std::max(box.y1, y + 1);
        boxIou += iou(session->predictPrompted(s.image, box, "disc"), s.disc) / held;
    }
    QVERIFY2(discIou > 0.7, qPrintable(QString::number(discIou)));
    QVERIFY2(barIou > 0.6, qPrintable(QString::number(barIou)));
    QVERIFY2(boxIou > 0.7, qPrintable(QString::number(boxIou)));

    // The same folder loaded again predicts the same bytes.
    const Scene s = makeScene(77);
    QCOMPARE(SegSession::load(result.modelDir)->predict(s.image).probability, session->predict(s.image).probability);
    // Unusable prompts are refused with a message.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, session->predictPrompted(s.image, SegPrompt{}, "disc"));
    SegPrompt outside;
    outside.hasBox = true;
    outside.x0 = kW + 5, outside.x1 = kW + 20, outside.y0 = 0, outside.y1 = 10;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, session->predictPrompted(s.image, outside, "disc"));
    SegPrompt click;
    click.inside = {{3, 3}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, session->predictPrompted(s.image, click, "liver"));
}

void TestSegModel::damagedFoldersAreRefused()
{
    QVERIFY(!m_model.isEmpty());
    auto copyModel = [&](const QString &name) {
        const QString dir = m_dir.filePath(name);
        QDir().mkpath(dir);
        for (const char *f : {"config.json", "model.safetensors"})
            if (!QFile::copy(m_model + "/" + f, dir + "/" + f))
                return QString();
        return dir;
    };
    auto refused = [](const QString &dir, const char *fragment) {
        try {
            SegSession::load(dir.toStdString());
        } catch (const SegModelError &e) {
            const std::string what = e.what();
            return what.find(fragment) != std::string::npos && what.find(dir.toStdString()) != std::string::npos;
        }
        return false;
    };
    QVERIFY(refused(m_dir.filePath(QStringLiteral("nowhere")), "config.json is missing"));

    const QString truncated = copyModel(QStringLiteral("truncated"));
    QVERIFY(!truncated.isEmpty());
    QFile weights(truncated + "/model.safetensors");
    QVERIFY(weights.resize(weights.size() / 2));
    QVERIFY(refused(truncated, "model.safetensors is missing or damaged"));

    const QString garbled = copyModel(QStringLiteral("garbled"));
    QVERIFY(!garbled.isEmpty());
    QFile config(garbled + "/config.json");
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
    config.write("{\"format\": \"surgdistill-segmentation\", \"vers");
    config.close();
    QVERIFY(refused(garbled, "not valid JSON"));

    // A config naming three structures over two-structure weights.
    const QString other = copyModel(QStringLiteral("other"));
    QVERIFY(!other.isEmpty());
    std::ifstream in((other + "/config.json").toStdString());
    auto j = nlohmann::json::parse(in);
    in.close();
    j["structures"] = {"disc", "bar", "liver"};
    std::ofstream((other + "/config.json").toStdString()) << j.dump();
    QVERIFY(refused(other, "do not match"));

    const QString oddSize = copyModel(QStringLiteral("oddsize"));
    QVERIFY(!oddSize.isEmpty());
    j["structures"] = {"disc", "bar"};
    j["input_width"] = 100;
    std::ofstream((oddSize + "/config.json").toStdString()) << j.dump();
    QVERIFY(refused(oddSize, "input size"));
}

void TestSegModel::resumedRunMatchesUninterruptedRun()
{
    std::vector<Scene> train;
    for (int i = 0; i < 12; ++i)
        train.push_back(makeScene(200 + i));
    auto load = [&](size_t i) { return sampleOf(train[i]); };

    const auto whole = trainSegModel(tinyOptions(m_dir.filePath(QStringLiteral("whole")), 30), train.size(), load);
    QCOMPARE(whole.step, 30);

    std::atomic<bool> stop{false};
    auto o = tinyOptions(m_dir.filePath(QStringLiteral("parts")), 30);
    o.stop = &stop;
    o.onEvent = [&](const nlohmann::json &e) {
        if (e.at("event") == "step" && e.at("step") == 14)
            stop = true; // like SIGTERM after step 14
    };
    const auto first = trainSegModel(o, train.size(), load);
    QVERIFY(first.interrupted);
    QCOMPARE(first.step, 14);
    stop = false;
    int firstStepSeen = 0;
    o.onEvent = [&](const nlohmann::json &e) {
        if (e.at("event") == "step" && !firstStepSeen)
            firstStepSeen = e.at("step").get<int>();
    };
    const auto second = trainSegModel(o, train.size(), load);
    QVERIFY(second.resumed);
    QVERIFY(!second.interrupted);
    QCOMPARE(firstStepSeen, 15);
    QCOMPARE(second.step, 30);
    const auto a = weightsOf(whole.modelDir), b = weightsOf(second.modelDir);
    QCOMPARE(a.size(), b.size());
    double maxDiff = 0;
    for (size_t i = 0; i < a.size(); ++i)
        maxDiff = std::max(maxDiff, double(std::fabs(a[i] - b[i])));
    QVERIFY2(maxDiff < 1e-5, qPrintable(QString::number(maxDiff)));
}

void TestSegModel::otherStructuresInRunFolderAreRefused()
{
    std::vector<Scene> train{makeScene(1), makeScene(2)};
    auto o = tinyOptions(m_dir.filePath(QStringLiteral("whole")), 40);
    o.structures = {"disc"};
    QVERIFY_THROWS_EXCEPTION(SegModelError,
                             trainSegModel(o, train.size(), [&](size_t i) { return sampleOf(train[i]); }));
    // No samples: a message, not a crash.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             trainSegModel(tinyOptions(m_dir.filePath(QStringLiteral("empty")), 5), 0,
                                           [&](size_t i) { return sampleOf(train[i]); }));
}

QTEST_GUILESS_MAIN(TestSegModel)
#include "tst_segmodel.moc"
