// Trains the segmentation model on a project's approved masks: a small U-Net over
// the frame and three prompt planes (box, inside clicks, outside clicks) plus one
// plane per structure telling which structure the prompt is for. Prompts are
// dropped at random while training, so one model predicts every structure
// unprompted and also follows a box or clicks. Seeded and resumable: a step's
// batch, prompts and augmentation depend only on (seed, step), so a run resumed
// from its last checkpoint continues the same sequence. Torch-free header.
#pragma once

#include "rgb_image.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sd::seg {

// One training frame. masks: structure key -> 0/1 bytes at the image's size; an
// empty vector means "the structure is known to be absent"; a structure not in
// the map is unknown there and does not count in the loss.
struct SegTrainSample {
    vlm::RgbImage image;
    std::map<std::string, std::vector<uint8_t>> masks;
};

struct SegTrainOptions {
    std::string runDir;                  // checkpoints, model/ (the final model folder)
    std::string runName;                 // part of the model id; default: the run folder's name
    std::vector<std::string> structures; // output channels, in order
    int inputWidth = 192;
    int inputHeight = 160;
    int baseChannels = 16;
    int steps = 1500;
    double maxMinutes = 0;               // > 0: stop (with a checkpoint) after this wall time; the
                                         // learning rate then decays over the shorter of the two budgets
    int batchSize = 8;
    double lr = 3e-3;
    uint64_t seed = 42;
    int saveEvery = 250;
    int threads = 0;
    double promptDropout = 0.4;          // share of samples trained without a prompt
    const std::atomic<bool> *stop = nullptr;          // set: checkpoint and return interrupted
    std::function<void(const nlohmann::json &)> onEvent; // start/step/checkpoint/finished/interrupted
};

struct SegTrainResult {
    int step = 0;
    bool interrupted = false;
    bool resumed = false;
    std::string modelDir;                // RUN_DIR/model, the last saved model
    double lastLoss = 0;
};

// samples: count() frames, load(i) gives frame i (called once each, at the start).
// Resumes from RUN_DIR's last checkpoint when there is one (same structures and input
// size required, otherwise SegModelError). Throws std::invalid_argument for unusable
// options or no samples.
SegTrainResult trainSegModel(const SegTrainOptions &options, size_t count,
                             const std::function<SegTrainSample(size_t)> &load);

} // namespace sd::seg
