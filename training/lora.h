// LoRA adapters on the model's Linear layers (see LoraAdapter in layers.h):
// attach by name pattern, collect for the optimizer and for resume files
// (PEFT's names "<linear>.lora_A.weight" / "<linear>.lora_B.weight"), and merge
// into the base weights so an exported checkpoint is a plain HF model.
#pragma once

#include "layers.h"
#include "parameter_groups.h"

#include <torch/nn/module.h>

#include <string>
#include <utility>
#include <vector>

namespace sd::vlm {

struct LoraOptions {
    int64_t rank = 8;
    double alpha = 16;
    double dropout = 0.05;
    std::string targets = "q_proj|v_proj"; // ECMAScript regex searched in the Linear's full name
};

// Attaches a fresh adapter to every Linear whose name matches options.targets
// and whose group is not frozen: A kaiming-uniform (a = sqrt(5), as PEFT; uses
// torch's global generator, so seed it first), B zero, so the model's output
// is unchanged until B is trained. Adapters have the weight's device and dtype
// float32 (bf16 bases keep float32 adapters). Returns the adapted names.
// Throws std::invalid_argument for rank < 1, alpha <= 0, dropout outside
// [0, 1), a bad regex, or no matching layer.
std::vector<std::string> attachLora(torch::nn::Module &model, const LoraOptions &options,
                                    const FreezeOptions &freeze = {});

// Adapter tensors by PEFT name, A before B per layer, in module order.
std::vector<std::pair<std::string, torch::Tensor>> loraTensors(torch::nn::Module &model);

// The base parameters (canonical names; buffers are never in checkpoints) with every adapter merged
// in (W + scaling * B A, in the weight's dtype); the module is not changed.
std::vector<std::pair<std::string, torch::Tensor>> mergedNamedTensors(torch::nn::Module &model);

// Merges every adapter into its weight in place and removes it.
void mergeLora(torch::nn::Module &model);

} // namespace sd::vlm
