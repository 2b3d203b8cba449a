// Time of one SFT and one DPO optimizer step (forward, backward, AdamW) on a
// randomly initialised Qwen2.5-VL of a preset size, with a synthetic batch:
//   train_step --random-config 3b|7b|tiny|cme-tiny [--lora R] [--device cpu|cuda]
//              [--dtype f32|bf16] [--steps N] [--layers K] [--batch B] [--text-tokens N] [--image-side PX]
// --lora 0 trains all parameters; --layers K keeps K text layers (and at most K
// vision blocks) so that the big presets finish on a CPU. Prints seconds per step
// and tokens/s; nothing is asserted.
#include "chat.h"
#include "config.h"
#include "dpo.h"
#include "image_processor.h"
#include "layers.h"
#include "lora.h"
#include "optim.h"
#include "parameter_groups.h"
#include "qwen2_5_vl.h"
#include "sft.h"
#include "torch_utils.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

using namespace sd::vlm;

namespace {

struct Args {
    std::string preset = "tiny", device = "cpu", dtype = "f32";
    int64_t lora = 8, steps = 3, layers = 0, batch = 1, textTokens = 256, imageSide = 448;
};

Args parse(int argc, char **argv)
{
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(k + " needs a value");
            return argv[++i];
        };
        if (k == "--random-config") a.preset = next();
        else if (k == "--lora") a.lora = std::stoll(next());
        else if (k == "--device") a.device = next();
        else if (k == "--dtype") a.dtype = next();
        else if (k == "--steps") a.steps = std::stoll(next());
        else if (k == "--layers") a.layers = std::stoll(next());
        else if (k == "--batch") a.batch = std::stoll(next());
        else if (k == "--text-tokens") a.textTokens = std::stoll(next());
        else if (k == "--image-side") a.imageSide = std::stoll(next());
        else throw std::invalid_argument("unknown option " + k);
    }
    if (a.steps < 1 || a.batch < 1 || a.textTokens < 4 || a.imageSide < 28 || a.lora < 0 || a.layers < 0)
        throw std::invalid_argument("option out of range");
    return a;
}

double seconds(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void sync(const torch::Device &d)
{
    if (d.is_cuda())
        torch::cuda::synchronize();
}

} // namespace

int main(int argc, char **argv)
{
    try {
        const Args a = parse(argc, argv);
        ModelConfig c = ModelConfig::preset(a.preset);
        if (a.layers > 0) {
            c.text.numHiddenLayers = std::min(c.text.numHiddenLayers, a.layers);
            c.vision.depth = std::min(c.vision.depth, a.layers);
            std::vector<int64_t> full;
            for (int64_t b : c.vision.fullattBlockIndexes)
                if (b < c.vision.depth) full.push_back(b);
            c.vision.fullattBlockIndexes = full;
        }
        const auto device = parseDevice(a.device);
        const auto dtype = parseDtype(a.dtype);
        torch::manual_seed(0);
        Qwen2_5_VL model{nullptr};
        {
            ConstructForLoadingGuard guard(dtype); // no float32 copy of a big model
            model = Qwen2_5_VL(c);
        }
        model->to(device, dtype);
        {
            torch::NoGradGuard ng;
            for (auto &p : model->parameters())
                p.dim() == 1 ? p.fill_(1.0) : p.normal_(0.0, 0.02);
        }
        std::vector<torch::Tensor> params;
        if (a.lora > 0) {
            LoraOptions o;
            o.rank = a.lora;
            o.alpha = 2.0 * static_cast<double>(a.lora);
            o.targets = "q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj";
            attachLora(*model, o);
            applyFreeze(*model, FreezeOptions{}, true);
            for (auto &[n, t] : loraTensors(*model)) params.push_back(t);
        } else {
            params = model->parameters();
        }
        int64_t trainable = 0, total = 0;
        for (const auto &p : params) trainable += p.numel();
        for (const auto &p : model->parameters()) total += p.numel();
        auto optimizer = makeAdamW(params, AdamWOptions{1e-5, 0.9, 0.999, 1e-8, 0.0});
        model->train();

        // Synthetic image and text: <vision_start> image tokens <vision_end> text; the last half supervised.
        RgbImage image;
        image.width = image.height = static_cast<int>(a.imageSide);
        image.pixels.resize(static_cast<size_t>(a.imageSide * a.imageSide * 3));
        for (size_t k = 0; k < image.pixels.size(); ++k) image.pixels[k] = static_cast<uint8_t>((k * 2654435761u) >> 24);
        ImageProcessorConfig pc;
        pc.patchSize = c.vision.patchSize;
        const auto img = preprocessImage(image, pc);
        const int64_t imageTokens = img.gridT * img.gridH * img.gridW / (c.vision.spatialMergeSize * c.vision.spatialMergeSize);
        std::vector<torch::Tensor> rows, pixels, grids;
        for (int64_t b = 0; b < a.batch; ++b) {
            auto text = torch::randint(0, std::min<int64_t>(c.text.vocabSize, c.imageTokenId) - 1, {a.textTokens}, torch::kInt64);
            rows.push_back(torch::cat({torch::tensor({c.visionStartTokenId}, torch::kInt64),
                                       torch::full({imageTokens}, c.imageTokenId, torch::kInt64),
                                       torch::tensor({c.visionEndTokenId}, torch::kInt64), text}));
            pixels.push_back(img.pixelValues);
            grids.push_back(img.gridThw());
        }
        SftBatch batch;
        batch.inputIds = torch::stack(rows).to(device);
        const int64_t L = batch.inputIds.size(1);
        batch.labels = batch.inputIds.clone();
        batch.labels.narrow(1, 0, L - a.textTokens / 2).fill_(kIgnoreIndex);
        batch.attentionMask = torch::ones_like(batch.inputIds);
        batch.pixelValues = torch::cat(pixels).to(device);
        batch.imageGridThw = torch::cat(grids).to(device);

        std::printf("train_step: preset %s, %lld text layers, vision depth %lld, %s on %s, %lld parameters (%lld trainable, %s)\n",
                    a.preset.c_str(), static_cast<long long>(c.text.numHiddenLayers), static_cast<long long>(c.vision.depth),
                    a.dtype.c_str(), a.device.c_str(), static_cast<long long>(total), static_cast<long long>(trainable),
                    a.lora > 0 ? ("LoRA r=" + std::to_string(a.lora)).c_str() : "full fine-tuning");
        std::printf("batch %lld x %lld tokens (%lld image tokens from %lldx%lld px)\n", static_cast<long long>(a.batch),
                    static_cast<long long>(L), static_cast<long long>(imageTokens), static_cast<long long>(a.imageSide),
                    static_cast<long long>(a.imageSide));

        auto timeSteps = [&](const char *what, const std::function<int64_t()> &step) {
            double best = 1e300, sum = 0;
            int64_t tokens = 0;
            for (int64_t s = 0; s < a.steps; ++s) {
                sync(device);
                const auto t0 = std::chrono::steady_clock::now();
                optimizer->zero_grad();
                tokens = step();
                optimizer->step();
                sync(device);
                const double t = seconds(t0);
                best = std::min(best, t);
                sum += t;
            }
            std::printf("%s step: best %.3f s, mean %.3f s over %lld steps, %.1f tokens/s (best)\n", what, best,
                        sum / static_cast<double>(a.steps), static_cast<long long>(a.steps),
                        static_cast<double>(tokens) / best);
        };
        timeSteps("SFT", [&] {
            sftLoss(*model, batch).backward();
            return batch.inputIds.numel();
        });
        const int64_t start = L - a.textTokens / 2;
        const auto refs = torch::zeros({a.batch});
        timeSteps("DPO", [&] {
            std::vector<torch::Tensor> pcs, prs;
            for (int64_t b = 0; b < a.batch; ++b) {
                const auto chosen = batch.inputIds[b];
                auto rejected = chosen.clone();
                rejected.narrow(0, start, L - start).copy_(chosen.narrow(0, start, L - start).flip(0));
                pcs.push_back(sequenceLogProb(*model, chosen, img.pixelValues.to(device), img.gridThw().to(device), start));
                prs.push_back(sequenceLogProb(*model, rejected, img.pixelValues.to(device), img.gridThw().to(device), start));
            }
            dpoLoss(torch::stack(pcs), torch::stack(prs), refs.to(device), refs.to(device), 0.1).loss.backward();
            return 2 * batch.inputIds.numel();
        });
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "train_step: " << e.what() << "\n";
        return 1;
    }
}
