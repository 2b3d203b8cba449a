// Random image augmentation for training: a crop resized back to the original
// size (so the image grid, and with it the token count, never changes), a
// brightness factor and a colour balance. Small training sets of few
// operations otherwise let a model memorise each video's framing and tint
// instead of reading the highlighted structure. No flips: answers name the
// image region ("upper left") and the side of the resection.
#pragma once

#include "rgb_image.h"

#include <cstdint>

namespace sd::vlm {

struct AugmentOptions {
    double crop = 1.0;       // the crop's side is a fraction drawn from [crop, 1] of the image's side; 1: no crop
    double brightness = 0.0; // all channels times 1 + U(-brightness, brightness)
    double colour = 0.0;     // each channel times 1 + U(-colour, colour)

    bool enabled() const { return crop < 1.0 || brightness > 0.0 || colour > 0.0; }
    // crop in (0, 1], brightness and colour in [0, 1) (NaN is out of range).
    bool inRange() const
    {
        return crop > 0.0 && crop <= 1.0 && brightness >= 0.0 && brightness < 1.0 && colour >= 0.0 && colour < 1.0;
    }
};

// Deterministic in `seed` (the trainer derives it from the run's seed, the
// epoch and the example), so a resumed run sees the same images.
RgbImage augmentImage(const RgbImage &image, const AugmentOptions &options, uint64_t seed);

} // namespace sd::vlm
