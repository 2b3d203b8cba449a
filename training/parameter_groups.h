// Trainable parameter groups of a Qwen2.5-VL model: the vision encoder
// ("visual.*" except the merger), the merger ("visual.merger.*") and the
// language model (everything else: model.*, lm_head.*). Each can be frozen.
#pragma once

#include <torch/nn/module.h>

#include <string>

namespace sd::vlm {

enum class ParameterGroup { Vision, Merger, Language };

// Group of a canonical parameter name (as in named_parameters()).
ParameterGroup parameterGroupOf(const std::string &name);
const char *parameterGroupName(ParameterGroup group); // "vision", "merger", "language"

struct FreezeOptions {
    bool vision = false;
    bool merger = false;
    bool language = false;
    bool frozen(ParameterGroup g) const
    {
        return g == ParameterGroup::Vision ? vision : g == ParameterGroup::Merger ? merger : language;
    }
};

// Sets requires_grad of every base parameter: false in frozen groups (or
// everywhere when freezeAllBase, as LoRA training does), true otherwise.
// Returns the number of trainable base parameter elements.
int64_t applyFreeze(torch::nn::Module &model, const FreezeOptions &freeze, bool freezeAllBase = false);

} // namespace sd::vlm
