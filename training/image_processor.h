// Qwen2-VL image preprocessing, matching Hugging Face's image processor: smart
// resize to a multiple of patchSize*mergeSize with a bit-exact bicubic resampler
// (torch's or PIL's, see ProcessorBackend), rescale, normalize, and the flattening
// of the frame into rows of C*T*P*P values in the vision tower's merge-block order.
// Input is raw RGB bytes; decoding image files is the caller's business.
#pragma once

#include "rgb_image.h"

#include <torch/types.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sd::vlm {

class ImageProcessingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};


// Which resizer of Hugging Face's image processors to reproduce bit for bit.
// transformers 5.x resizes with torch's uint8 antialias kernel (the tiny fixture
// matches it exactly); 4.x's slow processor used PIL.
// Both resizers are PIL's algorithm (separable, horizontal pass first, 8-bit
// intermediate) and differ only in the fixed-point precision of the weights,
// i.e. by at most one grey level here and there.
enum class ProcessorBackend { Torchvision, Pil };

struct ImageProcessorConfig {
    int64_t minPixels = 56 * 56;
    int64_t maxPixels = 28 * 28 * 1280;
    int64_t patchSize = 14;
    int64_t mergeSize = 2;
    int64_t temporalPatchSize = 2;
    double mean[3] = {0.48145466, 0.4578275, 0.40821073}; // OpenAI CLIP
    double std[3] = {0.26862954, 0.26130258, 0.27577711};
    double rescaleFactor = 1.0 / 255.0;
    bool doResize = true;
    bool doRescale = true;
    bool doNormalize = true;
    ProcessorBackend backend = ProcessorBackend::Torchvision; // not read from the file

    // Reads preprocessor_config.json. Accepts "min_pixels"/"max_pixels" (published
    // checkpoints) and "size": {"shortest_edge", "longest_edge"}; as in the HF
    // processor, min_pixels/max_pixels override the size entries when both exist.
    // Throws ImageProcessingError naming the file and field.
    static ImageProcessorConfig fromFile(const std::string &path);
    static ImageProcessorConfig fromJsonText(const std::string &text, const std::string &sourceName);
};

// HF's smart_resize: (height, width) both multiples of factor, pixel count within
// [minPixels, maxPixels], aspect ratio kept as well as possible. Throws
// ImageProcessingError for non-positive sizes or an aspect ratio above 200.
std::pair<int64_t, int64_t> smartResize(int64_t height, int64_t width, int64_t factor = 28,
                                        int64_t minPixels = 56 * 56, int64_t maxPixels = 14 * 14 * 4 * 1280);

// Bicubic resize of an 8-bit RGB image (a = -0.5, support widened when shrinking):
// Pil = Image.resize(..., BICUBIC) (Resample.c, 22-bit weights); Torchvision =
// torch's interpolate(uint8, bicubic, antialias=True) (int16 weights). Returns the
// input unchanged when the size already matches.
RgbImage resizeBicubic(const RgbImage &image, int newWidth, int newHeight, ProcessorBackend kernel);

// The size (height, width) preprocessImage resizes an image of this size to
// (smartResize with the config's factor and pixel bounds; unchanged without
// doResize). Throws ImageProcessingError for a result too large to process.
std::pair<int64_t, int64_t> modelImageSize(int64_t height, int64_t width, const ImageProcessorConfig &config);

// The image resized to modelImageSize: augmenting from there keeps training's
// per-step cost and memory small, and preprocessing then leaves the size alone.
RgbImage resizeToModelSize(const RgbImage &image, const ImageProcessorConfig &config);

struct ProcessedImage {
    torch::Tensor pixelValues; // [gridT*gridH*gridW, C*T*P*P] float32
    int64_t gridT = 0, gridH = 0, gridW = 0;
    torch::Tensor gridThw() const; // int64 [1, 3]
};

// Throws ImageProcessingError for an empty or inconsistent image, or a size that is
// not a multiple of patchSize*mergeSize when doResize is false.
ProcessedImage preprocessImage(const RgbImage &image, const ImageProcessorConfig &config);

} // namespace sd::vlm
