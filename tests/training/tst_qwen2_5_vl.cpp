// The native Qwen2.5-VL against the shared tiny reference made by HF
// transformers (float64): M-RoPE index, full multimodal forward, greedy
// generation, KV-cache decoding, padded batches, sampling and processors.
#include "checkpoint.h"
#include "generation.h"
#include "qwen2_5_vl.h"
#include "rope_index.h"
#include "safetensors.h"

#include <torch/torch.h>

#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include <atomic>
#include <memory>
#include <set>

using namespace sd::vlm;

using namespace sd::testsupport;

namespace {

double relativeError(const torch::Tensor &a, const torch::Tensor &b)
{
    const auto x = a.to(torch::kFloat64), y = b.to(torch::kFloat64);
    return ((x - y).norm() / y.norm()).item<double>();
}

std::vector<int64_t> toVector(const torch::Tensor &t)
{
    const auto c = t.to(torch::kInt64).contiguous().view(-1);
    return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

} // namespace

class TestQwen2_5_VL : public QObject {
    Q_OBJECT

    std::shared_ptr<SafetensorsFile> ref_;
    Qwen2_5_VL f32_{nullptr};
    torch::Tensor inputIds_, pixels_, grid_;

    torch::Tensor ref(const std::string &name) { return tensorFromSafetensors(*ref_, name); }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(fixtureDir() + QStringLiteral("/reference.safetensors")))
            QSKIP("shared fixture qwen2_5_vl_tiny is absent (expected under SURGDISTILL_SHARED_DIR/fixtures)");
        ref_ = SafetensorsFile::open((fixtureDir() + QStringLiteral("/reference.safetensors")).toStdString());
        f32_ = Qwen2_5_VLImpl::load((fixtureDir() + QStringLiteral("/model")).toStdString());
        inputIds_ = ref("input_ids");
        pixels_ = ref("pixel_values");
        grid_ = ref("image_grid_thw");
    }

    void parameterNamesAreCheckpointNames()
    {
        const auto store = WeightStore::open((fixtureDir() + QStringLiteral("/model")).toStdString());
        std::set<std::string> model, file;
        for (const auto &p : f32_->named_parameters())
            model.insert(p.key());
        for (const auto &n : store.names())
            file.insert(n);
        QCOMPARE(model.size(), file.size());
        QVERIFY(model == file);
    }

    void ropeIndexMatchesReference()
    {
        const auto r = computeRopeIndex(inputIds_, grid_, f32_->config());
        QCOMPARE(toVector(r.positionIds), toVector(ref("position_ids")));
        QCOMPARE(std::vector<int64_t>(r.positionIds.sizes().begin(), r.positionIds.sizes().end()),
                 (std::vector<int64_t>{3, 1, 102}));
        QCOMPARE(toVector(r.deltas), (std::vector<int64_t>{-40}));
    }

    void ropeIndexPaddingAndErrors()
    {
        // Left padding, with an image: the real tokens get the unpadded positions, padding 1.
        const auto ids = inputIds_;
        const auto padded = torch::cat({torch::zeros({1, 3}, torch::kInt64), ids}, 1);
        const auto mask = torch::cat({torch::zeros({1, 3}, torch::kInt64), torch::ones_like(ids)}, 1);
        const auto r = computeRopeIndex(padded, grid_, f32_->config(), mask);
        const auto base = computeRopeIndex(ids, grid_, f32_->config());
        QVERIFY(torch::equal(r.positionIds.narrow(2, 3, ids.size(1)), base.positionIds));
        QVERIFY(torch::equal(r.positionIds.narrow(2, 0, 3), torch::ones({3, 1, 3}, torch::kInt64)));
        QCOMPARE(r.deltas.item<int64_t>(), base.deltas.item<int64_t>() - 3);
        // Text only with padding: cumulative positions.
        const auto t = computeRopeIndex(torch::tensor({{5, 5, 7, 8}}), {}, f32_->config(),
                                        torch::tensor({{0, 0, 1, 1}}));
        QCOMPARE(toVector(t.positionIds[0]), (std::vector<int64_t>{1, 1, 0, 1}));
        QCOMPARE(t.deltas.item<int64_t>(), -2);
        // An image grid that needs more tokens than the prompt holds.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 computeRopeIndex(ids.narrow(1, 0, 40), grid_, f32_->config()));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 computeRopeIndex(ids, torch::zeros({1, 2}, torch::kInt64), f32_->config()));
    }

    void forwardFloat32MatchesReference()
    {
        torch::NoGradGuard ng;
        const auto logits = f32_->forward(inputIds_, pixels_, grid_);
        QCOMPARE(logits.size(0), 1);
        QCOMPARE(logits.size(1), 102);
        QCOMPARE(logits.size(2), 732);
        const double err = relativeError(logits[0], ref("logits"));
        qInfo("float32 logits relative error %.3g", err);
        QVERIFY2(err <= 1e-4, qPrintable(QString::number(err)));
        // The last-position shortcut and the hidden states agree with the full forward.
        const auto last = f32_->lastLogits(inputIds_, pixels_, grid_);
        QVERIFY(torch::allclose(last[0], logits[0][101], 1e-5, 1e-5));
    }

    void forwardBFloat16WithinTolerance()
    {
        torch::NoGradGuard ng;
        auto bf16 = Qwen2_5_VLImpl::load((fixtureDir() + QStringLiteral("/model")).toStdString(), torch::kBFloat16);
        const auto logits = bf16->forward(inputIds_, pixels_, grid_);
        QCOMPARE(logits.scalar_type(), torch::kBFloat16);
        const double err = relativeError(logits[0], ref("logits"));
        qInfo("bfloat16 logits relative error %.3g", err);
        QVERIFY2(err <= 2e-2, qPrintable(QString::number(err)));
        GenerationOptions o;
        o.maxNewTokens = 8;
        o.stopTokenIds = {-1};
        const auto tokens = generate(bf16, inputIds_, pixels_, grid_, o);
        const auto greedy = toVector(ref("generated_ids"));
        QCOMPARE(tokens, std::vector<int64_t>(greedy.begin(), greedy.begin() + 8));
    }

    void greedyGenerationMatchesReference()
    {
        GenerationOptions o;
        o.maxNewTokens = 24;
        std::vector<int64_t> streamed;
        GenerationStats stats;
        const auto tokens = generate(f32_, inputIds_, pixels_, grid_, o,
                                     [&](int64_t t) { streamed.push_back(t); return true; }, nullptr, &stats);
        QCOMPARE(tokens, toVector(ref("generated_ids")));
        QCOMPARE(streamed, tokens);
        QCOMPARE(stats.promptTokens, 102);
        QVERIFY(stats.reason == StopReason::MaxTokens);
    }

    void kvCacheDecodingMatchesFullForward()
    {
        torch::NoGradGuard ng;
        const auto full = f32_->forward(inputIds_, pixels_, grid_);
        const int64_t prefill = 90; // image included in the prefill
        KVCache cache = f32_->makeCache(4); // small hint: growth by reallocation is exercised
        auto first = f32_->forward(inputIds_.narrow(1, 0, prefill), pixels_, grid_, {}, &cache);
        QCOMPARE(cache.length(), prefill);
        QVERIFY((first - full.narrow(1, 0, prefill)).abs().max().item<double>() <= 1e-5);
        for (int64_t i = prefill; i < inputIds_.size(1); ++i) {
            const auto step = f32_->forward(inputIds_.narrow(1, i, 1), {}, {}, {}, &cache);
            const double diff = (step[0][0] - full[0][i]).abs().max().item<double>();
            QVERIFY2(diff <= 1e-5, qPrintable(QStringLiteral("token %1: %2").arg(i).arg(diff)));
        }
        QCOMPARE(cache.length(), inputIds_.size(1));
        QVERIFY(cache.capacity() >= cache.length());
        cache.reset();
        QCOMPARE(cache.length(), 0);
    }

    void leftPaddedBatchMatchesUnbatched()
    {
        torch::NoGradGuard ng;
        // Sample A: the multimodal prompt; sample B: its text tail, left-padded to A's length.
        const auto a = inputIds_;
        const int64_t lenB = 22; // text after <|vision_end|> (index 79)
        const auto b = inputIds_.narrow(1, a.size(1) - lenB, lenB);
        const int64_t pad = a.size(1) - lenB;
        const auto ids = torch::cat({a, torch::cat({torch::full({1, pad}, 718, torch::kInt64), b}, 1)}, 0);
        auto mask = torch::ones({2, a.size(1)}, torch::kInt64);
        mask[1].narrow(0, 0, pad).fill_(0);
        const auto batched = f32_->forward(ids, pixels_, grid_, mask);
        const auto aloneA = f32_->forward(a, pixels_, grid_);
        const auto aloneB = f32_->forward(b);
        QVERIFY(relativeError(batched[0], aloneA[0]) <= 1e-5);
        const double errB = relativeError(batched[1].narrow(0, pad, lenB), aloneB[0]);
        QVERIFY2(errB <= 1e-5, qPrintable(QString::number(errB)));
        QVERIFY(torch::isfinite(batched).all().item<bool>());

        // Decoding one more token for both rows through the cache (mask remembered).
        KVCache cache = f32_->makeCache();
        f32_->forward(ids, pixels_, grid_, mask, &cache);
        const auto nextTok = torch::tensor({{42}, {42}}, torch::kInt64);
        const auto step = f32_->forward(nextTok, {}, {}, {}, &cache);
        const auto refB = f32_->forward(torch::cat({b, torch::tensor({{42}})}, 1));
        QVERIFY((step[1][0] - refB[0][lenB]).abs().max().item<double>() <= 1e-5);
        const auto refA = f32_->forward(torch::cat({a, torch::tensor({{42}})}, 1), pixels_, grid_);
        QVERIFY((step[0][0] - refA[0][a.size(1)]).abs().max().item<double>() <= 1e-5);
    }

    void samplingIsSeededAndTopOneIsGreedy()
    {
        GenerationOptions o;
        o.maxNewTokens = 12;
        o.doSample = true;
        o.temperature = 1.5;
        o.topP = 0.95;
        o.seed = 1234;
        const auto s1 = generate(f32_, inputIds_, pixels_, grid_, o);
        const auto s2 = generate(f32_, inputIds_, pixels_, grid_, o);
        QCOMPARE(s1, s2);
        o.seed = 99;
        const auto s3 = generate(f32_, inputIds_, pixels_, grid_, o);
        QVERIFY(s3 != s1); // high temperature over 732 tokens: a collision is vanishingly unlikely
        o.topK = 1;
        const auto topOne = generate(f32_, inputIds_, pixels_, grid_, o);
        const auto greedy = toVector(ref("generated_ids"));
        QCOMPARE(topOne, std::vector<int64_t>(greedy.begin(), greedy.begin() + 12));
    }

    void stopTokenAndCancel()
    {
        const auto greedy = toVector(ref("generated_ids"));
        GenerationOptions o;
        o.maxNewTokens = 24;
        o.stopTokenIds = {greedy[5]};
        GenerationStats stats;
        auto tokens = generate(f32_, inputIds_, pixels_, grid_, o, {}, nullptr, &stats);
        QCOMPARE(tokens, std::vector<int64_t>(greedy.begin(), greedy.begin() + 6)); // stop token included
        QVERIFY(stats.reason == StopReason::StopToken);

        o.stopTokenIds = {-1};
        std::atomic<bool> cancel{false};
        tokens = generate(f32_, inputIds_, pixels_, grid_, o,
                          [&](int64_t) { if (++count_ == 3) cancel = true; return true; }, &cancel, &stats);
        QCOMPARE(tokens.size(), size_t(3));
        QVERIFY(stats.reason == StopReason::Cancelled);
        tokens = generate(f32_, inputIds_, pixels_, grid_, o, {}, &cancel, &stats);
        QVERIFY(tokens.empty());

        tokens = generate(f32_, inputIds_, pixels_, grid_, o, [](int64_t) { return false; }, nullptr, &stats);
        QCOMPARE(tokens.size(), size_t(1));
        QVERIFY(stats.reason == StopReason::Callback);

        o.topP = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generate(f32_, inputIds_, pixels_, grid_, o));
    }

    void processorsOnHandMadeLogits()
    {
        const auto logits = torch::tensor({{2.0f, -1.0f, 0.5f, 3.0f}});
        const auto pen = applyRepetitionPenalty(logits, torch::tensor({{0, 1, 1}}), 2.0);
        QVERIFY(torch::allclose(pen, torch::tensor({{1.0f, -2.0f, 0.5f, 3.0f}})));
        const auto top2 = applyTopK(logits, 2);
        QVERIFY(std::isinf(top2[0][1].item<float>()) && std::isinf(top2[0][2].item<float>()));
        QCOMPARE(top2[0][3].item<float>(), 3.0f);
        // probs of [2, -1, 0.5, 3] ~ [0.25, 0.012, 0.056, 0.68]: top-p 0.7 keeps {3, 0}.
        const auto tp = applyTopP(logits, 0.7);
        QVERIFY(std::isfinite(tp[0][0].item<float>()) && std::isfinite(tp[0][3].item<float>()));
        QVERIFY(std::isinf(tp[0][1].item<float>()) && std::isinf(tp[0][2].item<float>()));
        // A tiny top-p still keeps the best token.
        const auto tiny = applyTopP(logits, 1e-6);
        QCOMPARE(torch::isfinite(tiny).sum().item<int64_t>(), 1);
        QVERIFY(std::isfinite(tiny[0][3].item<float>()));
    }

    void badInputsGiveClearErrors()
    {
        torch::NoGradGuard ng;
        // Image tokens without pixels; pixels whose patch count differs from the image tokens.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f32_->forward(inputIds_));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 f32_->forward(inputIds_, pixels_.narrow(0, 0, 16),
                                               torch::tensor({{1, 4, 4}}, torch::kInt64)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f32_->forward(torch::zeros({4}, torch::kInt64)));
        KVCache cache = f32_->makeCache();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 f32_->forward(inputIds_.narrow(1, 95, 5), {}, {}, torch::ones({1, 7}), &cache));
    }

private:
    int count_ = 0;
};

QTEST_GUILESS_MAIN(TestQwen2_5_VL)
#include "tst_qwen2_5_vl.moc"
