// `surgdistill vlm check-reference DIR`: rebuilds every reference input from
// DIR/reference.json and the image files, runs the engine on DIR/model and
// compares each quantity with DIR/reference.safetensors (made by Hugging Face
// transformers in float64). Also how a user checks a downloaded checkpoint.
#pragma once

#include "rgb_image.h"

#include <functional>
#include <string>
#include <vector>

namespace sd::vlm {


struct ReferenceCheckLine {
    std::string quantity;   // e.g. "logits"
    std::string measure;    // e.g. "relative error", "exact", "max abs error"
    double error = 0;       // 0/1 mismatches for exact checks
    double tolerance = 0;
    std::string detail;     // shapes, first mismatch, ...
    bool ok = false;
};

struct ReferenceCheckOptions {
    std::string device = "cpu";
    std::string dtype = "f32";  // "bf16": logits within 2e-2, first 8 greedy tokens
};

// Decoding image files is the caller's business (training/ has no codec).
using ImageLoader = std::function<RgbImage(const std::string &path)>;

// Runs every check; onLine is called as each result is known. Throws
// std::runtime_error if the folder or a file in it cannot be read at all.
std::vector<ReferenceCheckLine> runReferenceCheck(const std::string &dir, const ImageLoader &loadImage,
                                                  const ReferenceCheckOptions &options = {},
                                                  const std::function<void(const ReferenceCheckLine &)> &onLine = {});

// "  logits            relative error 8.4e-07  <= 1e-04   ok   [102 x 732]"
std::string formatReferenceLine(const ReferenceCheckLine &line);

} // namespace sd::vlm
