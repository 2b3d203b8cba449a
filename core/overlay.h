// The one green mask composite used everywhere a frame is shown "with its mask":
// training samples, teacher/tutor queries and the UI's training preview all go
// through composeOverlay(), so the model always sees exactly the same picture.
#pragma once

#include <cstdint>

namespace cv { class Mat; }

namespace sd {

// Opacity of the green overlay (the paper's "semi-transparent green").
inline constexpr double kDefaultOverlayAlpha = 0.4;

// Returns a new CV_8UC3 BGR image: pixels where mask8u != 0 become
// round((1-alpha)*pixel + alpha*(0,255,0)), all other pixels are copied.
// bgrFrame: CV_8UC3; mask8u: CV_8UC1 of the same size; alpha in [0,1].
// Throws std::invalid_argument on empty inputs, wrong types/sizes or alpha.
cv::Mat composeOverlay(const cv::Mat &bgrFrame, const cv::Mat &mask8u,
                       double alpha = kDefaultOverlayAlpha);

// Same composite for an RGB CV_8UC3 image (green is (0,255,0) in both orders).
cv::Mat composeOverlayRgb(const cv::Mat &rgbFrame, const cv::Mat &mask8u,
                          double alpha = kDefaultOverlayAlpha);

// In-place variant on a tightly packed interleaved 8-bit buffer with 3 channels
// (RGB or BGR, channel 1 is green either way) and a row-major 0/non-zero mask.
void composeOverlayInPlace(uint8_t *pixels3, const uint8_t *mask, int height, int width,
                           double alpha = kDefaultOverlayAlpha);

} // namespace sd
