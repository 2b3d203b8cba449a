// Direct Preference Optimisation pieces, as TRL's DPOTrainer (sigmoid loss):
// summed response log-probabilities under a model and the loss with its
// reward metrics.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sd::vlm {

class Qwen2_5_VLImpl;
class Tokenizer;

// Token ids of a response as the model emits it after
// "<|im_start|>assistant\n": text + "<|im_end|>\n". Throws std::invalid_argument
// for an empty text.
std::vector<int64_t> encodeResponse(const Tokenizer &tokenizer, const std::string &text);

// Sum of log p(token_t | tokens_<t) over t >= responseStart for one sequence
// (prompt ids followed by response ids; int64 [L] or [1, L]). pixelValues /
// imageGridThw as for the model's forward (undefined without an image).
// Returns a float32 scalar, differentiable unless under NoGradGuard.
// Throws std::invalid_argument when responseStart is not in [1, L).
torch::Tensor sequenceLogProb(Qwen2_5_VLImpl &model, const torch::Tensor &ids, const torch::Tensor &pixelValues,
                              const torch::Tensor &imageGridThw, int64_t responseStart);

struct DpoResult {
    torch::Tensor loss;          // scalar: mean over the batch of -logsigmoid(beta * logits)
    torch::Tensor losses;        // [B]
    torch::Tensor chosenRewards;   // [B] beta * (policyChosen - refChosen), detached
    torch::Tensor rejectedRewards; // [B] beta * (policyRejected - refRejected), detached
    // Batch means, as TRL logs them.
    double rewardChosen = 0;
    double rewardRejected = 0;
    double rewardMargin = 0;   // mean(chosen - rejected rewards)
    double rewardAccuracy = 0; // fraction with chosen reward > rejected reward
};

// Inputs are scalars or [B] tensors of summed log-probs (same shape).
// Reference log-probs are treated as constants. Throws std::invalid_argument
// for mismatched shapes or beta <= 0.
DpoResult dpoLoss(const torch::Tensor &policyChosen, const torch::Tensor &policyRejected,
                  const torch::Tensor &refChosen, const torch::Tensor &refRejected, double beta);

} // namespace sd::vlm
