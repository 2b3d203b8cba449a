// The SFT / DPO training loop as one resumable job: dataset preparation
// (images decoded by the injected loader, preprocessed and tokenized once),
// shuffled batches with padding, gradient accumulation, clipping, warm-up +
// cosine schedule, AdamW, TRL metrics per step, checkpoints in Hugging Face
// layout with the state needed to resume.
//
// RUN_DIR layout:
//   checkpoint-<step>/            config.json, model.safetensors (the base's naming; LoRA merged),
//                                 tokenizer / preprocessor files copied from the base
//   checkpoint-<step>/trainer_state/  state.json, optimizer.pt, adapters.pt (LoRA)
//   reference_logps.json          DPO reference log-probs (precompute mode)
// A start on a RUN_DIR that holds checkpoints resumes from the newest one;
// the resumed run reaches the same weights as an uninterrupted one.
#pragma once

#include "dataset_jsonl.h"
#include "train_config.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sd::vlm {

struct TrainEnvironment {
    std::string baseModelDir;
    std::string runDir;
    std::string device = "cpu";
    ImageLoader loadImage; // required when the dataset has images
    // Receives every progress event ({"event": "start" | "step" | "checkpoint" |
    // "finished" | "interrupted", ...}); the caller writes them out (stdout, progress.jsonl).
    std::function<void(const nlohmann::json &)> onEvent;
    // Checked after every optimizer step: when true the run checkpoints and returns.
    const std::atomic<bool> *stop = nullptr;
};

struct TrainResult {
    bool interrupted = false;
    int64_t step = 0;       // optimizer steps done (in total, over all starts)
    int64_t totalSteps = 0;
    std::string modelDir;   // the last checkpoint written (HF layout)
    int64_t resumedFrom = 0;
};

// Throws std::runtime_error (DatasetError, std::invalid_argument, ...) with a
// readable message; nothing in the run folder is lost on error (checkpoints
// are written to a temporary folder and renamed).
TrainResult runTraining(const TrainConfig &config, const Dataset &data, const TrainEnvironment &env);

// The shuffled order of 0..n-1 for an epoch: Fisher-Yates with our own draws,
// so the order is the same with every standard library.
std::vector<int64_t> epochOrder(int64_t n, uint64_t seed, int64_t epoch);

// The newest complete checkpoint folder of runDir ("" when none) and its step.
std::string latestCheckpoint(const std::string &runDir, int64_t *step = nullptr);

} // namespace sd::vlm
