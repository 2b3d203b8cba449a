// A trained segmentation model of a project behind a torch-free interface, so the
// CLI, the Qt views and the benches share it and ui/ never sees a torch header.
// The model folder holds config.json (format, version, structure keys, input size)
// and model.safetensors; load() checks both before anything is used.
#pragma once

#include "rgb_image.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sd::seg {

// A model folder that cannot be used (missing, corrupt, truncated, other structures
// or input size); the message is for a person and names the folder.
class SegModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What the model folder's config.json says.
struct SegModelInfo {
    std::string dir;
    std::string id;                       // recorded as MaskOrigin::model, e.g. "seg:run-1@step-1200"
    std::vector<std::string> structures;  // one output channel each, in this order
    int inputWidth = 0;                   // the network's input size; frames are resized to it
    int inputHeight = 0;
    int baseChannels = 0;
    int step = 0;
    int frameWidth = 0;                   // the training frames' size (0: they differed); other
    int frameHeight = 0;                  // frame sizes are refused, the model never saw that geometry
};

// In the image's pixel coordinates. hasBox false: no box (points only, or nothing).
struct SegPrompt {
    bool hasBox = false;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;   // box corners, x1/y1 exclusive
    std::vector<std::pair<int, int>> inside, outside; // (x, y) clicks
    bool isEmpty() const { return !hasBox && inside.empty() && outside.empty(); }
};

// Probabilities (0..255 for 0..1) at the image's size, one map per model structure.
struct SegPrediction {
    int width = 0;
    int height = 0;
    std::vector<std::string> structures;
    std::vector<std::vector<uint8_t>> probability; // [structure][y * width + x]
    // Mean binary entropy (bits) of the structures' probabilities over the pixels
    // near a predicted or uncertain region; higher: the model is less sure of this frame.
    double uncertainty = 0;
};

class SegSession {
public:
    // Throws SegModelError. threads: 0 keeps libtorch's default.
    static std::unique_ptr<SegSession> load(const std::string &modelDir, int threads = 0);
    ~SegSession();

    const SegModelInfo &info() const;
    // Index of a structure key in info().structures, -1 when the model does not know it.
    int structureIndex(const std::string &key) const;

    // Every structure without prompt. Both predictions throw std::invalid_argument
    // for a frame of another size than the model was trained on.
    SegPrediction predict(const vlm::RgbImage &image) const;
    // The prompted structure's probability map (image size), prompted with a box
    // and/or clicks; zero outside the box when there is one. Throws std::invalid_argument for an unknown structure or an
    // empty prompt, or a box without area inside the image.
    std::vector<uint8_t> predictPrompted(const vlm::RgbImage &image, const SegPrompt &prompt,
                                         const std::string &structure) const;

private:
    SegSession();
    struct Private;
    std::unique_ptr<Private> d;
};

// Reads and checks a model folder's config.json without loading the weights. Throws SegModelError.
SegModelInfo readSegModelInfo(const std::string &modelDir);

} // namespace sd::seg
