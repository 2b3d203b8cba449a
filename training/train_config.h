// Hyper-parameters of one SFT or DPO run, read from the --config JSON file
// (keys documented in README "Training"). Defaults follow the paper: SFT one
// epoch with the vision encoder frozen; DPO all components trained, beta 0.1.
#pragma once

#include "image_augment.h"
#include "lora.h"
#include "parameter_groups.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sd::vlm {

enum class TrainStage { Sft, Dpo };
const char *trainStageName(TrainStage stage); // "sft", "dpo"

struct TrainConfig {
    TrainStage stage = TrainStage::Sft;
    double lr = 1e-5;
    int64_t epochs = 1;
    int64_t batchSize = 1;
    int64_t gradAccum = 1;
    double warmupRatio = 0.03;
    double weightDecay = 0.0;
    double maxGradNorm = 1.0;    // <= 0: no clipping
    uint64_t seed = 42;
    std::optional<LoraOptions> lora; // set: LoRA adapters instead of full fine-tuning
    FreezeOptions freeze;
    double beta = 0.1;           // DPO
    bool precomputeReference = true; // DPO: reference log-probs computed once (else a frozen reference model)
    int64_t saveEvery = 0;       // checkpoint every N optimizer steps (0: only at the end / on stop)
    std::string dtype = "f32";   // "f32" or "bf16"
    AugmentOptions augment;      // SFT: image augmentation (off by default)
    int64_t maxSteps = 0;        // > 0: stop (with a checkpoint) after this step; the schedule still spans all epochs

    static TrainConfig defaults(TrainStage stage);
    // Starts from defaults(stage) and overrides the keys present. Throws
    // std::invalid_argument naming the key for unknown keys, wrong types or
    // out-of-range values.
    static TrainConfig fromJson(const nlohmann::json &j, TrainStage stage);
    nlohmann::json toJson() const;
    void validate() const;
};

} // namespace sd::vlm
