#include "lora.h"

#include <torch/torch.h>

#include <cmath>
#include <map>
#include <regex>
#include <stdexcept>

namespace sd::vlm {

namespace {

// Every Linear of the module tree with its full dotted name, in module order.
std::vector<std::pair<std::string, LinearImpl *>> namedLinears(torch::nn::Module &model)
{
    std::vector<std::pair<std::string, LinearImpl *>> out;
    for (const auto &item : model.named_modules("", /*include_self=*/false))
        if (auto *linear = dynamic_cast<LinearImpl *>(item.value().get()))
            out.emplace_back(item.key(), linear);
    return out;
}

torch::Tensor mergedWeight(const LinearImpl &linear)
{
    const auto &l = *linear.lora;
    const auto delta = torch::matmul(l.b, l.a) * l.scaling;
    return (linear.weight.detach().to(torch::kFloat32) + delta.detach().to(torch::kFloat32))
        .to(linear.weight.scalar_type());
}

} // namespace

std::vector<std::string> attachLora(torch::nn::Module &model, const LoraOptions &options, const FreezeOptions &freeze)
{
    if (options.rank < 1)
        throw std::invalid_argument("LoRA rank must be >= 1, got " + std::to_string(options.rank));
    if (!(options.alpha > 0))
        throw std::invalid_argument("LoRA alpha must be > 0");
    if (!(options.dropout >= 0 && options.dropout < 1))
        throw std::invalid_argument("LoRA dropout must be in [0, 1)");
    std::regex pattern;
    try {
        pattern = std::regex(options.targets);
    } catch (const std::regex_error &e) {
        throw std::invalid_argument("LoRA targets '" + options.targets + "' is not a valid pattern: " + e.what());
    }
    std::vector<std::string> names;
    torch::NoGradGuard noGrad;
    for (auto &[name, linear] : namedLinears(model)) {
        if (!std::regex_search(name, pattern) || freeze.frozen(parameterGroupOf(name + ".weight")))
            continue;
        auto adapter = std::make_shared<LoraAdapter>();
        const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(linear->weight.device());
        adapter->a = torch::empty({options.rank, linear->inFeatures()}, opts);
        torch::nn::init::kaiming_uniform_(adapter->a, std::sqrt(5.0));
        adapter->b = torch::zeros({linear->outFeatures(), options.rank}, opts);
        adapter->a.set_requires_grad(true);
        adapter->b.set_requires_grad(true);
        adapter->scaling = options.alpha / static_cast<double>(options.rank);
        adapter->dropout = options.dropout;
        linear->lora = adapter;
        names.push_back(name);
    }
    if (names.empty())
        throw std::invalid_argument("LoRA targets '" + options.targets
                                    + "' match no Linear layer of a trainable group");
    return names;
}

std::vector<std::pair<std::string, torch::Tensor>> loraTensors(torch::nn::Module &model)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (auto &[name, linear] : namedLinears(model))
        if (linear->lora) {
            out.emplace_back(name + ".lora_A.weight", linear->lora->a);
            out.emplace_back(name + ".lora_B.weight", linear->lora->b);
        }
    return out;
}

std::vector<std::pair<std::string, torch::Tensor>> mergedNamedTensors(torch::nn::Module &model)
{
    std::map<std::string, torch::Tensor> merged;
    for (auto &[name, linear] : namedLinears(model))
        if (linear->lora)
            merged[name + ".weight"] = mergedWeight(*linear);
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto &item : model.named_parameters()) {
        const auto it = merged.find(item.key());
        out.emplace_back(item.key(), it != merged.end() ? it->second : item.value().detach());
    }
    return out;
}

void mergeLora(torch::nn::Module &model)
{
    torch::NoGradGuard noGrad;
    for (auto &[name, linear] : namedLinears(model))
        if (linear->lora) {
            linear->weight.copy_(mergedWeight(*linear));
            linear->lora.reset();
        }
}

} // namespace sd::vlm
