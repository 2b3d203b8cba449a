#include "image_augment.h"

#include "image_processor.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace sd::vlm {

namespace {

// Our own uniform draw, so the images are the same with every standard library.
double uniform(std::mt19937_64 &rng, double lo, double hi)
{
    return lo + (hi - lo) * (static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0));
}

} // namespace

RgbImage augmentImage(const RgbImage &image, const AugmentOptions &o, uint64_t seed)
{
    if (image.width <= 0 || image.height <= 0
        || image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw std::invalid_argument("augmentImage: empty or inconsistent image");
    if (!o.inRange())
        throw std::invalid_argument("augmentImage: crop must be in (0, 1], brightness and colour in [0, 1)");
    std::mt19937_64 rng(seed ^ 0x9E3779B97F4A7C15ULL);
    const double side = uniform(rng, o.crop, 1.0);
    const double bright = 1.0 + uniform(rng, -o.brightness, o.brightness);
    double gain[3];
    for (double &g : gain)
        g = bright * (1.0 + uniform(rng, -o.colour, o.colour));

    RgbImage out = image;
    const int cw = std::max(1, static_cast<int>(std::lround(image.width * side)));
    const int ch = std::max(1, static_cast<int>(std::lround(image.height * side)));
    if (cw < image.width || ch < image.height) {
        const int x0 = static_cast<int>(std::floor(uniform(rng, 0.0, image.width - cw + 1.0 - 1e-9)));
        const int y0 = static_cast<int>(std::floor(uniform(rng, 0.0, image.height - ch + 1.0 - 1e-9)));
        RgbImage crop;
        crop.width = cw;
        crop.height = ch;
        crop.pixels.resize(static_cast<size_t>(cw) * ch * 3);
        for (int y = 0; y < ch; ++y)
            std::copy_n(image.pixels.begin() + (static_cast<size_t>(y0 + y) * image.width + x0) * 3,
                        static_cast<size_t>(cw) * 3, crop.pixels.begin() + static_cast<size_t>(y) * cw * 3);
        out = resizeBicubic(crop, image.width, image.height, ProcessorBackend::Torchvision);
    }
    if (o.brightness > 0 || o.colour > 0) {
        uint8_t table[3][256];
        for (int c = 0; c < 3; ++c)
            for (int v = 0; v < 256; ++v)
                table[c][v] = static_cast<uint8_t>(std::clamp(std::lround(v * gain[c]), 0L, 255L));
        for (size_t i = 0; i < out.pixels.size(); ++i)
            out.pixels[i] = table[i % 3][out.pixels[i]];
    }
    return out;
}

} // namespace sd::vlm
