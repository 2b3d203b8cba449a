#include "generation.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace sd::vlm {

void validate(const GenerationOptions &o)
{
    if (o.maxNewTokens < 0)
        throw std::invalid_argument("generation option maxNewTokens must be >= 0");
    if (!(o.temperature > 0) || !std::isfinite(o.temperature))
        throw std::invalid_argument("generation option temperature must be a positive number");
    if (o.topK < 0)
        throw std::invalid_argument("generation option topK must be >= 0 (0 = off)");
    if (!(o.topP > 0 && o.topP <= 1))
        throw std::invalid_argument("generation option topP must be in (0, 1]");
    if (!(o.repetitionPenalty > 0) || !std::isfinite(o.repetitionPenalty))
        throw std::invalid_argument("generation option repetitionPenalty must be a positive number");
}

torch::Tensor applyRepetitionPenalty(const torch::Tensor &logits, const torch::Tensor &seenIds, double penalty)
{
    if (penalty == 1.0 || !seenIds.defined() || seenIds.numel() == 0)
        return logits;
    // HF RepetitionPenaltyLogitsProcessor: once per distinct seen token,
    // negative scores are multiplied by the penalty, positive ones divided.
    const auto ids = seenIds.to(logits.device(), torch::kInt64);
    auto score = logits.gather(1, ids);
    score = torch::where(score < 0, score * penalty, score / penalty);
    return logits.scatter(1, ids, score);
}

torch::Tensor applyTopK(const torch::Tensor &logits, int64_t k)
{
    if (k <= 0 || k >= logits.size(-1))
        return logits;
    const auto kth = std::get<0>(logits.topk(k, -1)).narrow(-1, k - 1, 1);
    return logits.masked_fill(logits < kth, -std::numeric_limits<float>::infinity());
}

torch::Tensor applyTopP(const torch::Tensor &logits, double p)
{
    if (p >= 1.0)
        return logits;
    // HF TopPLogitsWarper: sort ascending, drop the tokens whose cumulative mass
    // is <= 1 - p, always keeping the most likely one.
    const auto sorted = logits.sort(-1, /*descending=*/false);
    const auto &values = std::get<0>(sorted);
    const auto &indices = std::get<1>(sorted);
    const auto cumulative = values.softmax(-1).cumsum(-1);
    auto remove = cumulative <= (1.0 - p);
    remove.narrow(-1, remove.size(-1) - 1, 1).fill_(false);
    const auto removeOriginal = remove.scatter(-1, indices, remove);
    return logits.masked_fill(removeOriginal, -std::numeric_limits<float>::infinity());
}

std::vector<int64_t> generate(Qwen2_5_VLImpl &model, const torch::Tensor &inputIds, const torch::Tensor &pixelValues,
                              const torch::Tensor &gridThw, const GenerationOptions &options,
                              const std::function<bool(int64_t)> &onToken, const std::atomic<bool> *cancel,
                              GenerationStats *stats)
{
    validate(options);
    if (!inputIds.defined() || (inputIds.dim() == 2 ? inputIds.size(0) != 1 : inputIds.dim() != 1)
        || inputIds.numel() == 0)
        throw std::invalid_argument("generate: input_ids must be a non-empty [1, L] or [L] tensor");
    const auto prompt = (inputIds.dim() == 1 ? inputIds.unsqueeze(0) : inputIds).to(torch::kCPU, torch::kInt64);
    const auto &stopIds = options.stopTokenIds.empty() ? model.config().eosTokenIds : options.stopTokenIds;

    c10::InferenceMode inference;
    GenerationStats local;
    local.promptTokens = prompt.size(1);
    std::vector<int64_t> out;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    // Tokens seen (prompt + generated) for the repetition penalty, as HF does.
    std::vector<int64_t> seen(prompt.data_ptr<int64_t>(), prompt.data_ptr<int64_t>() + prompt.numel());

    KVCache cache = model.makeCache(prompt.size(1) + options.maxNewTokens);
    const auto device = model.outputEmbeddingWeight().device();
    auto clock = std::chrono::steady_clock::now();
    auto elapsed = [&clock] {
        const auto now = std::chrono::steady_clock::now();
        const double s = std::chrono::duration<double>(now - clock).count();
        clock = now;
        return s;
    };

    local.reason = StopReason::MaxTokens;
    torch::Tensor next = prompt;
    for (int64_t step = 0; step < options.maxNewTokens; ++step) {
        if (cancel && cancel->load()) {
            local.reason = StopReason::Cancelled;
            break;
        }
        auto logits = step == 0 ? model.lastLogits(next.to(device), pixelValues, gridThw, {}, &cache)
                                : model.lastLogits(next.to(device), {}, {}, {}, &cache);
        logits = logits.to(torch::kCPU, torch::kFloat32);
        if (step == 0)
            local.prefillSeconds = elapsed();
        // A generated image/video placeholder would have no features behind it at the next step;
        // an under-trained model sampling at high temperature can pick one, so they are never generated.
        for (const int64_t id : {model.config().imageTokenId, model.config().videoTokenId})
            if (id >= 0 && id < logits.size(-1))
                logits.index_put_({0, id}, -std::numeric_limits<float>::infinity());
        if (options.repetitionPenalty != 1.0)
            logits = applyRepetitionPenalty(logits, torch::tensor(seen, torch::kInt64).unsqueeze(0),
                                            options.repetitionPenalty);
        int64_t token;
        if (options.doSample) {
            if (options.temperature != 1.0)
                logits = logits / options.temperature;
            logits = applyTopP(applyTopK(logits, options.topK), options.topP);
            token = torch::multinomial(logits.softmax(-1), 1, /*replacement=*/false, gen).item<int64_t>();
        } else {
            token = logits.argmax(-1).item<int64_t>();
        }
        out.push_back(token);
        seen.push_back(token);
        const bool keepGoing = !onToken || onToken(token);
        if (std::find(stopIds.begin(), stopIds.end(), token) != stopIds.end()) {
            local.reason = StopReason::StopToken;
            break;
        }
        if (!keepGoing) {
            local.reason = StopReason::Callback;
            break;
        }
        next = torch::tensor({token}, torch::kInt64).unsqueeze(0);
    }
    local.decodeSeconds = elapsed();
    if (stats)
        *stats = local;
    return out;
}

} // namespace sd::vlm
