// Vision pre-training: the vision tower (patch embedding, blocks, merger)
// trained alone as an image classifier, before SFT. Real VLMs start from a
// vision encoder pre-trained on millions of images; cme-tiny starts from
// random weights, and SFT alone never teaches it to see: the answer's first
// words give the structure away under teacher forcing, so the model learns
// the language and ignores the image. Here the merged vision features are
// averaged per image and a linear head predicts a label of the example
// (by default meta.structure, the highlighted structure); only the vision
// tower is kept, the head is discarded.
//
// The output folder is a whole model in the base's layout and naming (the
// language model unchanged) plus vision_pretrain.json with the classes and
// accuracies. It is written to a temporary folder and renamed, so a failed or
// stopped run leaves nothing half written.
#pragma once

#include "dataset_jsonl.h"
#include "image_augment.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sd::vlm {

struct VisionPretrainOptions {
    int64_t epochs = 12;
    int64_t batchSize = 8;
    double lr = 1e-3;          // peak of a warm-up (5 %) + cosine schedule, AdamW
    double weightDecay = 0.01;
    double maxGradNorm = 1.0;
    uint64_t seed = 1;
    std::string labelKey = "structure"; // the example's meta field holding the class
    AugmentOptions augment{0.85, 0.1, 0.05};

    void validate() const; // std::invalid_argument naming the field
};

struct VisionPretrainEnvironment {
    std::string baseModelDir;
    std::string outDir;
    ImageLoader loadImage;              // required
    std::string device = "cpu";
    // {"event": "start" | "step" | "epoch" | "finished" | "interrupted", ...}
    std::function<void(const nlohmann::json &)> onEvent;
    const std::atomic<bool> *stop = nullptr; // checked after every step; nothing is written when set
};

struct VisionPretrainResult {
    bool interrupted = false;
    std::vector<std::string> classes;      // sorted; the head's outputs
    int64_t images = 0;                    // distinct training images
    int64_t steps = 0;
    double trainAccuracy = 0.0;            // last epoch, on the augmented images seen in training
    double validationAccuracy = -1.0;      // un-augmented validation images after the last epoch; -1: none
};

// Training images are the distinct first images of `train`'s examples that carry
// meta[labelKey] (a string); an image with two different labels is an error, as
// is a set with fewer than two classes. `validation` (may be null) is only
// measured, never trained on; its labels outside the training classes count as wrong.
// Throws std::runtime_error / DatasetError / std::invalid_argument with a readable message.
VisionPretrainResult pretrainVision(const Dataset &train, const Dataset *validation,
                                    const VisionPretrainOptions &options, const VisionPretrainEnvironment &env);

} // namespace sd::vlm
