#include "optim.h"

#include "checkpoint.h"

#include <torch/serialize.h>

#include <cmath>
#include <stdexcept>

namespace sd::vlm {

namespace {

constexpr double kPi = 3.14159265358979323846;

void requireRange(double value, double lo, double hi, const char *field, bool loInclusive = true)
{
    const bool okLo = loInclusive ? value >= lo : value > lo;
    if (!std::isfinite(value) || !okLo || value > hi)
        throw std::invalid_argument(std::string("AdamW option ") + field + " out of range: " + std::to_string(value));
}

} // namespace

std::unique_ptr<torch::optim::AdamW> makeAdamW(const std::vector<torch::Tensor> &parameters,
                                               const AdamWOptions &options)
{
    requireRange(options.lr, 0.0, 1e9, "lr");
    requireRange(options.beta1, 0.0, 1.0, "beta1");
    requireRange(options.beta2, 0.0, 1.0, "beta2");
    if (options.beta1 >= 1.0 || options.beta2 >= 1.0)
        throw std::invalid_argument("AdamW option betas must be < 1");
    requireRange(options.eps, 0.0, 1.0, "eps", false);
    requireRange(options.weightDecay, 0.0, 1e9, "weight_decay");
    if (parameters.empty())
        throw std::invalid_argument("makeAdamW: no parameters to optimise");
    torch::optim::AdamWOptions o(options.lr);
    o.betas({options.beta1, options.beta2}).eps(options.eps).weight_decay(options.weightDecay).amsgrad(false);
    return std::make_unique<torch::optim::AdamW>(parameters, o);
}

void setLearningRate(torch::optim::Optimizer &optimizer, double lr)
{
    if (!std::isfinite(lr) || lr < 0)
        throw std::invalid_argument("setLearningRate: invalid learning rate " + std::to_string(lr));
    for (auto &group : optimizer.param_groups())
        group.options().set_lr(lr);
}

void saveOptimizerState(const torch::optim::Optimizer &optimizer, const std::string &path)
{
    try {
        torch::serialize::OutputArchive archive;
        optimizer.save(archive);
        saveArchive(archive, path);
    } catch (const c10::Error &e) {
        throw std::runtime_error("cannot save optimizer state to " + path + ": " + e.what_without_backtrace());
    }
}

void loadOptimizerState(torch::optim::Optimizer &optimizer, const std::string &path)
{
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        optimizer.load(archive);
    } catch (const c10::Error &e) {
        throw std::runtime_error("cannot load optimizer state from " + path + ": " + e.what_without_backtrace());
    }
}

void WarmupCosineSchedule::validate() const
{
    if (!std::isfinite(peakLr) || peakLr < 0)
        throw std::invalid_argument("schedule peakLr must be >= 0");
    if (!std::isfinite(minLr) || minLr < 0 || minLr > peakLr)
        throw std::invalid_argument("schedule minLr must be in [0, peakLr]");
    if (warmupSteps < 0)
        throw std::invalid_argument("schedule warmupSteps must be >= 0");
    if (totalSteps < 1 || totalSteps < warmupSteps)
        throw std::invalid_argument("schedule totalSteps must be >= max(1, warmupSteps)");
}

double WarmupCosineSchedule::lrAt(int64_t step) const
{
    validate();
    if (step < 0)
        throw std::invalid_argument("schedule step must be >= 0");
    if (step < warmupSteps)
        return peakLr * static_cast<double>(step) / static_cast<double>(warmupSteps);
    const double decaySteps = static_cast<double>(std::max<int64_t>(1, totalSteps - warmupSteps));
    const double progress = std::min(1.0, static_cast<double>(step - warmupSteps) / decaySteps);
    return minLr + (peakLr - minLr) * 0.5 * (1.0 + std::cos(kPi * progress));
}

double clipGradNorm(const std::vector<torch::Tensor> &parameters, double maxNorm)
{
    if (!(maxNorm > 0) || !std::isfinite(maxNorm))
        throw std::invalid_argument("clipGradNorm: maxNorm must be a positive number");
    std::vector<torch::Tensor> grads;
    for (const auto &p : parameters)
        if (p.grad().defined())
            grads.push_back(p.grad());
    if (grads.empty())
        return 0.0;
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> norms;
    norms.reserve(grads.size());
    for (const auto &g : grads)
        norms.push_back(g.detach().to(torch::kFloat64).norm());
    const double total = torch::stack(norms).norm().item<double>();
    const double coef = maxNorm / (total + 1e-6);
    if (coef < 1.0)
        for (auto &g : grads)
            g.mul_(coef);
    return total;
}

} // namespace sd::vlm
