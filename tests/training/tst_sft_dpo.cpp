// SFT loss, one AdamW step and DPO log-probs of the native engine against the
// shared tiny reference made by Hugging Face transformers (float64): input ids
// and labels, loss at step 0 and after one AdamW step on all parameters, the
// four DPO sequence log-probs and the loss; plus the schedule, gradient
// clipping and optimizer-state resume on hand-computed values.
#include "checkpoint.h"
#include "chat.h"
#include "dpo.h"
#include "image_processor.h"
#include "optim.h"
#include "qwen2_5_vl.h"
#include "rgb_image.h"
#include "safetensors.h"
#include "sft.h"
#include "tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "imageio.h"

#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <cmath>
#include <memory>

using namespace sd::vlm;
using json = nlohmann::json;

using namespace sd::testsupport;

namespace {

std::string fixturePath(const char *name) { return (fixtureDir() + QLatin1Char('/') + QLatin1String(name)).toStdString(); }

std::vector<int64_t> toVector(const torch::Tensor &t)
{
    const auto c = t.to(torch::kInt64).contiguous().view(-1);
    return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

double relErr(double value, double expected) { return std::abs(value - expected) / std::abs(expected); }

std::vector<torch::Tensor> parametersOf(Qwen2_5_VLImpl &model)
{
    return model.parameters();
}

std::vector<torch::Tensor> snapshot(const std::vector<torch::Tensor> &params)
{
    std::vector<torch::Tensor> out;
    for (const auto &p : params) out.push_back(p.detach().clone());
    return out;
}

void restore(const std::vector<torch::Tensor> &params, const std::vector<torch::Tensor> &values)
{
    torch::NoGradGuard ng;
    for (size_t k = 0; k < params.size(); ++k) params[k].copy_(values[k]);
}

bool sameValues(const std::vector<torch::Tensor> &a, const std::vector<torch::Tensor> &b)
{
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k)
        if (!torch::equal(a[k], b[k])) return false;
    return true;
}

} // namespace

class TestSftDpo : public QObject {
    Q_OBJECT

    json ref_;
    std::shared_ptr<SafetensorsFile> st_;
    std::unique_ptr<Tokenizer> tok_;
    ImageProcessorConfig imageConfig_;
    RgbImage frame_;
    Qwen2_5_VL policy_{nullptr}; // after the one AdamW step (set by sftLossAndOneAdamWStep)
    bool stepped_ = false;

    torch::Tensor refTensor(const std::string &name) { return tensorFromSafetensors(*st_, name); }

    SftExample referenceExample(const std::string &answer)
    {
        SftExample ex;
        ex.messages = chatMessagesFromJson(ref_.at("messages"));
        ex.messages.push_back({"assistant", {ChatPart::textPart(answer)}});
        ex.image = frame_;
        return ex;
    }

    SftEncodingOptions encodingOptions() const
    {
        SftEncodingOptions o;
        o.padTokenId = tok_->tokenToId("<|endoftext|>");
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(fixtureDir() + QStringLiteral("/reference.safetensors")))
            QSKIP("shared fixture qwen2_5_vl_tiny is absent (expected under SURGDISTILL_SHARED_DIR/fixtures)");
        QFile f(fixtureDir() + QStringLiteral("/reference.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        ref_ = json::parse(f.readAll().toStdString());
        st_ = SafetensorsFile::open(fixturePath("reference.safetensors"));
        tok_ = std::make_unique<Tokenizer>(Tokenizer::fromFile(fixturePath("model/tokenizer.json")));
        imageConfig_ = ImageProcessorConfig::fromFile(fixturePath("model/preprocessor_config.json"));
        const cv::Mat bgr = sd::loadImage(fixtureDir() + QStringLiteral("/frame0.png"));
        frame_ = rgbImageFromBgr(bgr.data, bgr.cols, bgr.rows, bgr.step);
    }

    void sftBatchMatchesReference()
    {
        const auto batch = makeSftBatch(*tok_, {referenceExample(ref_["sft"]["answer"].get<std::string>())}, imageConfig_,
                                        encodingOptions());
        QCOMPARE(toVector(batch.inputIds), toVector(refTensor("sft_input_ids")));
        QCOMPARE(toVector(batch.labels), toVector(refTensor("sft_labels")));
        QVERIFY(torch::equal(batch.attentionMask, torch::ones_like(batch.inputIds)));
        QCOMPARE(toVector(batch.imageGridThw), toVector(refTensor("image_grid_thw")));
        QVERIFY(torch::allclose(batch.pixelValues, refTensor("pixel_values"), 1e-5, 1e-5));
    }

    void sftBatchPaddingAndErrors()
    {
        auto longEx = referenceExample(ref_["sft"]["answer"].get<std::string>());
        auto shortEx = referenceExample("The inferior mesenteric vein.");
        const auto batch = makeSftBatch(*tok_, {longEx, shortEx}, imageConfig_, encodingOptions());
        const auto a = makeSftBatch(*tok_, {longEx}, imageConfig_, encodingOptions());
        const auto b = makeSftBatch(*tok_, {shortEx}, imageConfig_, encodingOptions());
        const int64_t la = a.inputIds.size(1), lb = b.inputIds.size(1);
        QVERIFY(lb < la);
        QCOMPARE(batch.inputIds.size(1), la);
        QCOMPARE(batch.imageGridThw.size(0), 2);
        QCOMPARE(batch.pixelValues.size(0), a.pixelValues.size(0) + b.pixelValues.size(0));
        // Right padding: the short row is its own encoding, then pad / -100 / mask 0.
        QVERIFY(torch::equal(batch.inputIds[1].narrow(0, 0, lb), b.inputIds[0]));
        QVERIFY(torch::equal(batch.labels[1].narrow(0, 0, lb), b.labels[0]));
        QVERIFY((batch.inputIds[1].narrow(0, lb, la - lb) == encodingOptions().padTokenId).all().item<bool>());
        QVERIFY((batch.labels[1].narrow(0, lb, la - lb) == kIgnoreIndex).all().item<bool>());
        QCOMPARE(batch.attentionMask[1].sum().item<int64_t>(), lb);

        // The padded batch loss is the token-weighted mean of the single losses.
        auto model = Qwen2_5_VLImpl::load(fixturePath("model"));
        torch::NoGradGuard ng;
        const double lossA = sftLoss(*model, a).item<double>(), lossB = sftLoss(*model, b).item<double>();
        const double na = a.labels.narrow(1, 1, la - 1).ne(kIgnoreIndex).sum().item<double>();
        const double nb = b.labels.narrow(1, 1, lb - 1).ne(kIgnoreIndex).sum().item<double>();
        const double both = sftLoss(*model, batch).item<double>();
        qInfo("padded batch loss %.7f, weighted singles %.7f", both, (na * lossA + nb * lossB) / (na + nb));
        QVERIFY(relErr(both, (na * lossA + nb * lossB) / (na + nb)) < 1e-5);

        // Bad input is refused with a reason.
        auto noImagePart = longEx;
        noImagePart.messages[1].parts.erase(noImagePart.messages[1].parts.begin());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeSftBatch(*tok_, {noImagePart}, imageConfig_, encodingOptions()));
        auto noImage = longEx;
        noImage.image.reset();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeSftBatch(*tok_, {noImage}, imageConfig_, encodingOptions()));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeSftBatch(*tok_, {}, imageConfig_, encodingOptions()));
        auto noAnswer = longEx;
        noAnswer.messages.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeSftBatch(*tok_, {noAnswer}, imageConfig_, encodingOptions()));
        auto unlabeled = a;
        unlabeled.labels = torch::full_like(a.labels, kIgnoreIndex);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sftLoss(*model, unlabeled));
        auto outOfVocab = a;
        outOfVocab.labels = a.labels.clone();
        outOfVocab.labels[0][la - 1] = 100000;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sftLoss(*model, outOfVocab));
        auto misshaped = a;
        misshaped.labels = a.labels.narrow(1, 0, 5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sftLoss(*model, misshaped));
    }

    void sftLossAndOneAdamWStep()
    {
        const auto batch = makeSftBatch(*tok_, {referenceExample(ref_["sft"]["answer"].get<std::string>())}, imageConfig_,
                                        encodingOptions());
        policy_ = Qwen2_5_VLImpl::load(fixturePath("model"));
        policy_->train();
        const auto params = parametersOf(*policy_);
        for (const auto &p : params) QVERIFY(p.requires_grad());

        const auto &o = ref_.at("sft").at("optimizer");
        QCOMPARE(o.at("name").get<std::string>(), std::string("AdamW"));
        AdamWOptions opts;
        opts.lr = o.at("lr");
        opts.beta1 = o.at("betas")[0];
        opts.beta2 = o.at("betas")[1];
        opts.eps = o.at("eps");
        opts.weightDecay = o.at("weight_decay");
        auto optimizer = makeAdamW(params, opts);

        const auto loss0 = sftLoss(*policy_, batch);
        QCOMPARE(loss0.scalar_type(), torch::kFloat32);
        const double expected0 = ref_["sft"]["loss_step0"];
        qInfo("loss step 0 %.7f (reference %.7f, rel err %.3g)", loss0.item<double>(), expected0,
              relErr(loss0.item<double>(), expected0));
        QVERIFY(relErr(loss0.item<double>(), expected0) <= 1e-4);

        optimizer->zero_grad();
        loss0.backward();
        for (const auto &p : params) QVERIFY(p.grad().defined());
        optimizer->step();

        const auto loss1 = sftLoss(*policy_, batch);
        const double expected1 = ref_["sft"]["loss_after_one_adamw_step"];
        qInfo("loss after one AdamW step %.7f (reference %.7f, rel err %.3g)", loss1.item<double>(), expected1,
              relErr(loss1.item<double>(), expected1));
        QVERIFY(relErr(loss1.item<double>(), expected1) <= 1e-3);

        // Resume: a second step from saved optimizer state equals the uninterrupted one.
        optimizer->zero_grad();
        loss1.backward();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string statePath = dir.filePath(QStringLiteral("optimizer.pt")).toStdString();
        saveOptimizerState(*optimizer, statePath);
        const auto theta1 = snapshot(params);
        optimizer->step();
        const auto theta2 = snapshot(params);
        QVERIFY(!sameValues(theta1, theta2));
        restore(params, theta1);
        auto resumed = makeAdamW(params, opts);
        loadOptimizerState(*resumed, statePath);
        resumed->step();
        QVERIFY(sameValues(snapshot(params), theta2));
        restore(params, theta1); // the DPO policy is the model after ONE step
        optimizer->zero_grad();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 loadOptimizerState(*resumed, dir.filePath(QStringLiteral("missing.pt")).toStdString()));
        stepped_ = true;
    }

    void dpoMatchesReference()
    {
        if (!stepped_) QSKIP("needs the policy from sftLossAndOneAdamWStep");
        const auto &d = ref_.at("dpo");
        const auto chosen = encodeResponse(*tok_, d.at("chosen").get<std::string>());
        const auto rejected = encodeResponse(*tok_, d.at("rejected").get<std::string>());
        QCOMPARE(chosen, d.at("chosen_ids").get<std::vector<int64_t>>());
        QCOMPARE(rejected, d.at("rejected_ids").get<std::vector<int64_t>>());

        const ProcessedImage img = preprocessImage(frame_, imageConfig_);
        auto messages = chatMessagesFromJson(ref_.at("messages"));
        for (auto &m : messages)
            for (auto &p : m.parts)
                if (p.kind == ChatPart::Image) { p.gridT = img.gridT; p.gridH = img.gridH; p.gridW = img.gridW; }
        const auto prompt = tok_->encode(renderChat(messages, true));
        QCOMPARE(prompt, toVector(refTensor("input_ids")));

        auto sequence = [&](const std::vector<int64_t> &response) {
            std::vector<int64_t> ids = prompt;
            ids.insert(ids.end(), response.begin(), response.end());
            return torch::tensor(ids, torch::kInt64);
        };
        const auto start = static_cast<int64_t>(prompt.size());
        auto reference = Qwen2_5_VLImpl::load(fixturePath("model"));
        reference->eval();
        torch::Tensor pc, pr, rc, rr;
        {
            torch::NoGradGuard ng;
            rc = sequenceLogProb(*reference, sequence(chosen), img.pixelValues, img.gridThw(), start);
            rr = sequenceLogProb(*reference, sequence(rejected), img.pixelValues, img.gridThw(), start);
        }
        pc = sequenceLogProb(*policy_, sequence(chosen), img.pixelValues, img.gridThw(), start);
        pr = sequenceLogProb(*policy_, sequence(rejected), img.pixelValues, img.gridThw(), start);
        const struct { const char *name; torch::Tensor value; } checks[] = {
            {"policy_chosen_logp", pc}, {"policy_rejected_logp", pr},
            {"ref_chosen_logp", rc}, {"ref_rejected_logp", rr}};
        for (const auto &c : checks) {
            const double expected = d.at(c.name);
            qInfo("%s %.6f (reference %.6f, rel err %.3g)", c.name, c.value.item<double>(), expected,
                  relErr(c.value.item<double>(), expected));
            QVERIFY2(relErr(c.value.item<double>(), expected) <= 1e-3, c.name);
        }

        const double beta = d.at("beta");
        const DpoResult r = dpoLoss(pc, pr, rc, rr, beta);
        const double expectedLoss = d.at("loss");
        qInfo("dpo loss %.7f (reference %.7f, rel err %.3g)", r.loss.item<double>(), expectedLoss,
              relErr(r.loss.item<double>(), expectedLoss));
        QVERIFY(relErr(r.loss.item<double>(), expectedLoss) <= 1e-3);
        const double rewardChosen = beta * (double(d["policy_chosen_logp"]) - double(d["ref_chosen_logp"]));
        const double rewardRejected = beta * (double(d["policy_rejected_logp"]) - double(d["ref_rejected_logp"]));
        QVERIFY(std::abs(r.rewardChosen - rewardChosen) <= 1e-3 * std::abs(rewardChosen) + 1e-3);
        QVERIFY(std::abs(r.rewardRejected - rewardRejected) <= 1e-3 * std::abs(rewardRejected) + 1e-3);
        QVERIFY(std::abs(r.rewardMargin - (r.rewardChosen - r.rewardRejected)) < 1e-6);
        QCOMPARE(r.rewardAccuracy, rewardChosen > rewardRejected ? 1.0 : 0.0);

        // The loss reaches the policy only; the reference stays frozen.
        r.loss.backward();
        bool anyGrad = false;
        for (const auto &p : policy_->parameters())
            anyGrad = anyGrad || (p.grad().defined() && p.grad().abs().sum().item<double>() > 0);
        QVERIFY(anyGrad);
        for (const auto &p : reference->parameters()) QVERIFY(!p.grad().defined());

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 sequenceLogProb(*reference, sequence(chosen), img.pixelValues, img.gridThw(), 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sequenceLogProb(*reference, sequence(chosen), img.pixelValues,
                                                                        img.gridThw(), sequence(chosen).size(0)));
    }

    void dpoLossHandValues()
    {
        // logits = (-1 - -3) - (-2 - -2.5) = 1.5; beta 0.5 -> -logsigmoid(0.75).
        const auto r = dpoLoss(torch::tensor({-1.0, -4.0}), torch::tensor({-3.0, -1.0}), torch::tensor({-2.0, -2.0}),
                               torch::tensor({-2.5, -2.0}), 0.5);
        const double l0 = std::log1p(std::exp(-0.75));
        const double l1 = std::log1p(std::exp(-0.5 * ((-4.0 + 1.0) - (-2.0 + 2.0)))); // logits -3
        QVERIFY(std::abs(r.losses[0].item<double>() - l0) < 1e-6);
        QVERIFY(std::abs(r.loss.item<double>() - 0.5 * (l0 + l1)) < 1e-6);
        QVERIFY(std::abs(r.rewardChosen - 0.5 * (0.5 * 1.0 + 0.5 * -2.0)) < 1e-6);
        QVERIFY(std::abs(r.rewardRejected - 0.5 * (0.5 * -0.5 + 0.5 * 1.0)) < 1e-6);
        QCOMPARE(r.rewardAccuracy, 0.5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dpoLoss(torch::tensor({1.0}), torch::tensor({1.0, 2.0}),
                                                                torch::tensor({1.0}), torch::tensor({1.0}), 0.1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dpoLoss(torch::tensor(1.0), torch::tensor(1.0),
                                                                torch::tensor(1.0), torch::tensor(1.0), 0.0));
    }

    void adamWHandValues()
    {
        // One parameter, two steps, against the torch.optim.AdamW formulas written out.
        auto p = torch::tensor({1.0, -2.0}, torch::kFloat64).requires_grad_(true);
        AdamWOptions o;
        o.lr = 0.1; o.beta1 = 0.9; o.beta2 = 0.99; o.eps = 1e-8; o.weightDecay = 0.1;
        auto opt = makeAdamW({p}, o);
        double theta[2] = {1.0, -2.0}, m[2] = {0, 0}, v[2] = {0, 0};
        const double grads[2][2] = {{0.5, -1.0}, {0.25, 2.0}};
        for (int step = 1; step <= 2; ++step) {
            p.mutable_grad() = torch::tensor({grads[step - 1][0], grads[step - 1][1]}, torch::kFloat64);
            opt->step();
            for (int i = 0; i < 2; ++i) {
                const double g = grads[step - 1][i];
                theta[i] *= 1 - o.lr * o.weightDecay;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.99 * v[i] + 0.01 * g * g;
                const double mHat = m[i] / (1 - std::pow(0.9, step)), vHat = v[i] / (1 - std::pow(0.99, step));
                theta[i] -= o.lr * mHat / (std::sqrt(vHat) + o.eps);
            }
            QVERIFY(std::abs(p[0].item<double>() - theta[0]) < 1e-12);
            QVERIFY(std::abs(p[1].item<double>() - theta[1]) < 1e-12);
        }
        setLearningRate(*opt, 0.05);
        for (auto &g : opt->param_groups()) QCOMPARE(g.options().get_lr(), 0.05);
        o.beta1 = 1.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeAdamW({p}, o));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeAdamW({}, AdamWOptions{}));
    }

    void warmupCosineSchedule()
    {
        WarmupCosineSchedule s;
        s.peakLr = 1e-3; s.warmupSteps = 10; s.totalSteps = 110;
        QCOMPARE(s.lrAt(0), 0.0);
        QVERIFY(std::abs(s.lrAt(5) - 5e-4) < 1e-15);
        QVERIFY(std::abs(s.lrAt(10) - 1e-3) < 1e-15);
        QVERIFY(std::abs(s.lrAt(35) - 1e-3 * 0.5 * (1 + std::sqrt(0.5))) < 1e-15); // progress 1/4
        QVERIFY(std::abs(s.lrAt(60) - 5e-4) < 1e-15);                               // progress 1/2
        QVERIFY(std::abs(s.lrAt(110)) < 1e-15);
        QVERIFY(std::abs(s.lrAt(500)) < 1e-15); // past the end: stays at the floor
        s.minLr = 1e-4;
        QVERIFY(std::abs(s.lrAt(60) - 5.5e-4) < 1e-15);
        QVERIFY(std::abs(s.lrAt(110) - 1e-4) < 1e-15);
        s.warmupSteps = 0;
        QVERIFY(std::abs(s.lrAt(0) - 1e-3) < 1e-15);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.lrAt(-1));
        s.totalSteps = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.lrAt(0));
        s.totalSteps = 10; s.minLr = 2e-3;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.validate());
    }

    void gradientClipping()
    {
        auto a = torch::zeros({2}, torch::kFloat32).requires_grad_(true);
        auto b = torch::zeros({1}, torch::kFloat32).requires_grad_(true);
        auto c = torch::zeros({3}, torch::kFloat32).requires_grad_(true); // no gradient: skipped
        a.mutable_grad() = torch::tensor({3.0f, 4.0f});
        b.mutable_grad() = torch::tensor({12.0f});
        // Global norm sqrt(9 + 16 + 144) = 13; below the limit nothing changes.
        QVERIFY(std::abs(clipGradNorm({a, b, c}, 100.0) - 13.0) < 1e-9);
        QVERIFY(torch::equal(a.grad(), torch::tensor({3.0f, 4.0f})));
        // Limit 6.5: scaled by 6.5 / (13 + 1e-6).
        QVERIFY(std::abs(clipGradNorm({a, b, c}, 6.5) - 13.0) < 1e-9);
        QVERIFY(torch::allclose(a.grad(), torch::tensor({1.5f, 2.0f}), 1e-6, 1e-6));
        QVERIFY(torch::allclose(b.grad(), torch::tensor({6.0f}), 1e-6, 1e-6));
        QVERIFY(!c.grad().defined());
        QVERIFY(std::abs(clipGradNorm({a, b}, 100.0) - 6.5) < 1e-5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, clipGradNorm({a}, 0.0));
    }
};

QTEST_GUILESS_MAIN(TestSftDpo)
#include "tst_sft_dpo.moc"
