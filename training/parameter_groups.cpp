#include "parameter_groups.h"

#include <torch/torch.h>

namespace sd::vlm {

namespace {
bool startsWith(const std::string &s, const char *prefix) { return s.rfind(prefix, 0) == 0; }
} // namespace

ParameterGroup parameterGroupOf(const std::string &name)
{
    if (startsWith(name, "visual.merger."))
        return ParameterGroup::Merger;
    if (startsWith(name, "visual."))
        return ParameterGroup::Vision;
    return ParameterGroup::Language;
}

const char *parameterGroupName(ParameterGroup group)
{
    switch (group) {
    case ParameterGroup::Vision: return "vision";
    case ParameterGroup::Merger: return "merger";
    case ParameterGroup::Language: return "language";
    }
    return "language";
}

int64_t applyFreeze(torch::nn::Module &model, const FreezeOptions &freeze, bool freezeAllBase)
{
    int64_t trainable = 0;
    for (auto &item : model.named_parameters()) {
        const bool train = !freezeAllBase && !freeze.frozen(parameterGroupOf(item.key()));
        item.value().set_requires_grad(train);
        if (train)
            trainable += item.value().numel();
    }
    return trainable;
}

} // namespace sd::vlm
