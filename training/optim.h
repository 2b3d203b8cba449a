// Optimisation pieces for fine-tuning: AdamW exactly as torch.optim.AdamW
// (decoupled weight decay, bias correction, eps added outside sqrt(v_hat)),
// the linear warm-up + cosine decay schedule of transformers'
// get_cosine_schedule_with_warmup, and gradient clipping by global L2 norm as
// torch.nn.utils.clip_grad_norm_.
#pragma once

#include <torch/optim/adamw.h>
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sd::vlm {

struct AdamWOptions {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = 0.01;
};

// libtorch's AdamW performs torch.optim.AdamW's (non-foreach) update
// (checked against the formulas and the HF reference in tst_sft_dpo). Its state (step,
// exp_avg, exp_avg_sq per parameter) survives saveOptimizerState /
// loadOptimizerState for resuming. Throws std::invalid_argument for
// out-of-range options (naming the field) or an empty parameter list.
std::unique_ptr<torch::optim::AdamW> makeAdamW(const std::vector<torch::Tensor> &parameters,
                                               const AdamWOptions &options);

// Sets the learning rate of every parameter group (for a schedule).
void setLearningRate(torch::optim::Optimizer &optimizer, double lr);

// Writes / reads the optimizer state to a file (torch serialization archive).
// The optimizer to load into must be built over the same parameters in the same
// order. Throws std::runtime_error naming the file.
void saveOptimizerState(const torch::optim::Optimizer &optimizer, const std::string &path);
void loadOptimizerState(torch::optim::Optimizer &optimizer, const std::string &path);

// lr(step) for step = 0, 1, ... (the value used for the update of that step):
// peakLr * step / warmupSteps during warm-up, then
// minLr + (peakLr - minLr) * 0.5 * (1 + cos(pi * progress)),
// progress = (step - warmup) / (totalSteps - warmup), clamped to [0, 1].
// With minLr = 0 this is transformers' get_cosine_schedule_with_warmup.
struct WarmupCosineSchedule {
    double peakLr = 1e-3;
    int64_t warmupSteps = 0;
    int64_t totalSteps = 1;
    double minLr = 0.0;

    void validate() const; // std::invalid_argument naming the field
    double lrAt(int64_t step) const;
};

// Scales all gradients in place so their global L2 norm is at most maxNorm
// (coefficient maxNorm / (norm + 1e-6), capped at 1, as PyTorch). Parameters
// without a gradient are skipped. Returns the norm before clipping (may be
// inf/nan; the caller decides whether to skip the step). The norm is summed in
// float64, so it can differ from PyTorch's float32 sum in the last bits.
// maxNorm must be > 0 (std::invalid_argument otherwise).
double clipGradNorm(const std::vector<torch::Tensor> &parameters, double maxNorm);

} // namespace sd::vlm
