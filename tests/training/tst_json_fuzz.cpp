// Robustness of every JSON reader against hostile input (#16): a seeded
// mutation fuzzer (truncations, byte flips, invalid UTF-8, deep nesting, huge
// numbers, NULs, swapped types) over the data set JSONL, tokenizer.json,
// config.json, the training config and preprocessor_config.json. Every case
// loads or throws a std::exception with a short UTF-8 message: no crash, no
// hang. asan_json_fuzz runs the torch-free part again under AddressSanitizer.
#include "image_processor.h"
#include "json_fuzz_targets.h"
#include "train_config.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd::testcases;

class TestJsonFuzz : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mutantsLoadOrFailCleanly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::vector<FuzzTarget> targets = torchFreeFuzzTargets(dir.path().toStdString());
        targets.push_back({"training config",
                           {R"({"lr": 2e-4, "epochs": 3, "lora": {"rank": 16, "targets": "q_proj"},)"
                            R"( "freeze": {"vision": false, "merger": true}, "save_every": 5, "dtype": "bf16",)"
                            R"( "augment": {"crop": 0.9, "colour": 0.05}})"},
                           [](const std::string &m) {
                               (void)sd::vlm::TrainConfig::fromJson(sd::parseJsonBounded(m), sd::vlm::TrainStage::Sft);
                           }});
        targets.push_back({"preprocessor_config.json",
                           {R"({"do_convert_rgb": true, "do_normalize": true, "do_rescale": true, "do_resize": true,)"
                            R"( "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_std": [0.26862954, 0.26130258,)"
                            R"( 0.27577711], "merge_size": 2, "patch_size": 14, "resample": 3, "rescale_factor":)"
                            R"( 0.00392156862745098, "size": {"longest_edge": 1003520, "shortest_edge": 3136},)"
                            R"( "temporal_patch_size": 2})"},
                           [](const std::string &m) {
                               (void)sd::vlm::ImageProcessorConfig::fromJsonText(m, "fuzz/preprocessor_config.json");
                           }});

        constexpr int kCases = 2000;
        const int n = static_cast<int>(targets.size());
        QElapsedTimer timer;
        timer.start();
        int failed = 0;
        double slowest = 0;
        for (int k = 0; k < n; ++k) {
            const int cases = kCases / n + (k < kCases % n ? 1 : 0);
            const FuzzOutcome o = fuzzTarget(targets[size_t(k)], cases, 1600 + uint64_t(k));
            qInfo("%s: %d accepted, %d rejected cleanly, %d failed; slowest case %.3f s", targets[size_t(k)].name.c_str(),
                  o.accepted, o.rejected, o.failed, o.slowestSeconds);
            QVERIFY2(o.rejected > 0, "the mutants never reached an error path");
            failed += o.failed;
            slowest = std::max(slowest, o.slowestSeconds);
        }
        qInfo("%d cases in %.1f s", kCases, double(timer.elapsed()) / 1000.0);
        QCOMPARE(failed, 0);
        QVERIFY2(slowest < 5.0, "one case took seconds: a near-hang on hostile input");
    }
};

QTEST_GUILESS_MAIN(TestJsonFuzz)
#include "tst_json_fuzz.moc"
