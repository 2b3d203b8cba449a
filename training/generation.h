// Autoregressive generation with the KV cache: greedy or sampled, with the
// logits processors applied in Hugging Face's order (repetition penalty, then
// for sampling temperature, top-k, top-p). Single prompt (batch 1).
#pragma once

#include "qwen2_5_vl.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sd::vlm {

struct GenerationOptions {
    int64_t maxNewTokens = 256;
    bool doSample = false;
    double temperature = 1.0;   // sampling only; > 0
    int64_t topK = 0;           // sampling only; 0 = off
    double topP = 1.0;          // sampling only; 1 = off; in (0, 1]
    double repetitionPenalty = 1.0; // > 0; 1 = off; applies to greedy too (as HF)
    uint64_t seed = 0;          // seeds a private CPU generator: same seed, same tokens
    // Generation stops after emitting one of these; the stop token is part of the
    // returned ids and is passed to onToken (HF also keeps eos in its output).
    // Empty: the model config's eos token ids.
    std::vector<int64_t> stopTokenIds;
};

enum class StopReason { StopToken, MaxTokens, Callback, Cancelled };

struct GenerationStats {
    StopReason reason = StopReason::MaxTokens;
    int64_t promptTokens = 0;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
};

// Throws std::invalid_argument for invalid options (naming the field).
void validate(const GenerationOptions &options);

// The processors, exposed for tests. logits [B, V] float; tokens seen so far [B, T].
torch::Tensor applyRepetitionPenalty(const torch::Tensor &logits, const torch::Tensor &seenIds, double penalty);
torch::Tensor applyTopK(const torch::Tensor &logits, int64_t k);    // others -> -inf
torch::Tensor applyTopP(const torch::Tensor &logits, double p);     // smallest set with mass >= p kept

// inputIds int64 [1, L] or [L] (the rendered prompt with image tokens);
// pixelValues / gridThw as for Qwen2_5_VL::forward or undefined. onToken is
// called with each new token; returning false stops (that token is kept).
// *cancel is checked before every model step; cancelling returns what was
// generated so far. Runs without autograd. Returns the new token ids.
std::vector<int64_t> generate(Qwen2_5_VLImpl &model, const torch::Tensor &inputIds, const torch::Tensor &pixelValues,
                              const torch::Tensor &gridThw, const GenerationOptions &options,
                              const std::function<bool(int64_t tokenId)> &onToken = {},
                              const std::atomic<bool> *cancel = nullptr, GenerationStats *stats = nullptr);

inline std::vector<int64_t> generate(Qwen2_5_VL &model, const torch::Tensor &inputIds,
                                     const torch::Tensor &pixelValues, const torch::Tensor &gridThw,
                                     const GenerationOptions &options,
                                     const std::function<bool(int64_t tokenId)> &onToken = {},
                                     const std::atomic<bool> *cancel = nullptr, GenerationStats *stats = nullptr)
{
    return generate(*model, inputIds, pixelValues, gridThw, options, onToken, cancel, stats);
}

} // namespace sd::vlm
