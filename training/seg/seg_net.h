// The segmentation network and its input encoding (torch; engine-internal).
// A four-level U-Net (channels c, 2c, 4c, 8c; two 3x3 conv + BatchNorm + ReLU per
// block, bilinear upsampling, skip concatenation) over 6 + K input planes:
// RGB, box, inside clicks, outside clicks, and K structure planes that are all
// ones for the structure a prompt is about (all zeros without a prompt).
#pragma once

#include "seg/seg_session.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace sd::seg {

inline constexpr int kSegFormatVersion = 1;
inline constexpr const char *kSegFormat = "surgdistill-segmentation";

struct SegBlockImpl : torch::nn::Module {
    SegBlockImpl(int in, int out);
    torch::Tensor forward(const torch::Tensor &x);
    torch::nn::Conv2d c1{nullptr}, c2{nullptr};
    torch::nn::BatchNorm2d n1{nullptr}, n2{nullptr};
};
TORCH_MODULE(SegBlock);

struct SegNetImpl : torch::nn::Module {
    SegNetImpl(int structures, int base);
    torch::Tensor forward(const torch::Tensor &x); // [N, 6+K, H, W] -> logits [N, K, H, W]
    SegBlock e0{nullptr}, e1{nullptr}, e2{nullptr}, e3{nullptr}, d2{nullptr}, d1{nullptr}, d0{nullptr};
    torch::nn::Conv2d head{nullptr};
};
TORCH_MODULE(SegNet);

int segInputChannels(int structures);

// RGB image -> [3, h, w] float, resized (area) to the input size and normalised.
torch::Tensor encodeImage(const vlm::RgbImage &image, int width, int height);
// Prompt planes [3 + K, h, w] at the input size; prompt in image coordinates of an
// image of size (imageWidth, imageHeight). structure -1: no prompt (all zero).
torch::Tensor encodePrompt(const SegPrompt &prompt, int structure, int structures, int imageWidth,
                           int imageHeight, int width, int height);

// Checks and reads a model folder's config.json. Throws SegModelError.
SegModelInfo parseSegConfig(const std::string &modelDir);
nlohmann::json segConfigJson(const SegModelInfo &info);
// Writes config.json + model.safetensors into dir (atomically per file).
void writeSegModel(const std::string &dir, const SegModelInfo &info, SegNet &net);
// Loads the weights of dir into net; every tensor's name, shape and dtype checked first. Throws SegModelError.
void loadSegWeights(const std::string &dir, SegNet &net);

} // namespace sd::seg
