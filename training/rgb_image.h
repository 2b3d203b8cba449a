// The engine's image type: tightly packed 8-bit RGB. Torch-free and codec-free,
// so ui/ and core-side callers can build one without pulling in libtorch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace sd::vlm {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels; // row-major, 3 bytes per pixel (R, G, B), no row padding
};

// From an interleaved 8-bit BGR buffer (OpenCV's order) with the given row stride in bytes.
inline RgbImage rgbImageFromBgr(const uint8_t *bgr, int width, int height, size_t strideBytes)
{
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        const uint8_t *src = bgr + static_cast<size_t>(y) * strideBytes;
        uint8_t *dst = image.pixels.data() + static_cast<size_t>(y) * width * 3;
        for (int x = 0; x < width; ++x) {
            dst[3 * x] = src[3 * x + 2];
            dst[3 * x + 1] = src[3 * x + 1];
            dst[3 * x + 2] = src[3 * x];
        }
    }
    return image;
}

} // namespace sd::vlm
