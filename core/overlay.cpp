#include "overlay.h"

#include <opencv2/core.hpp>

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace sd {

namespace {

void checkAlpha(double alpha)
{
    if (!(alpha >= 0.0 && alpha <= 1.0)) // also rejects NaN
        throw std::invalid_argument("composeOverlay: alpha must be in [0, 1], got " + std::to_string(alpha));
}

// Lookup tables for the blend: channel 1 (green) mixes towards 255, channels 0
// and 2 towards 0. Rounded to nearest, so results are exact and reproducible.
struct BlendTables {
    std::array<uint8_t, 256> toZero{};
    std::array<uint8_t, 256> toFull{};
    explicit BlendTables(double alpha)
    {
        for (int v = 0; v < 256; ++v) {
            toZero[size_t(v)] = cv::saturate_cast<uint8_t>(std::lround((1.0 - alpha) * v));
            toFull[size_t(v)] = cv::saturate_cast<uint8_t>(std::lround((1.0 - alpha) * v + alpha * 255.0));
        }
    }
};

cv::Mat compose(const cv::Mat &frame, const cv::Mat &mask, double alpha, const char *frameName)
{
    checkAlpha(alpha);
    if (frame.empty())
        throw std::invalid_argument(std::string("composeOverlay: empty ") + frameName + " frame");
    if (frame.type() != CV_8UC3)
        throw std::invalid_argument(std::string("composeOverlay: ") + frameName + " frame must be CV_8UC3, got "
                                    + std::to_string(frame.channels()) + " channel(s) of depth "
                                    + std::to_string(frame.depth()));
    if (mask.type() != CV_8UC1)
        throw std::invalid_argument("composeOverlay: mask must be CV_8UC1, got " + std::to_string(mask.channels())
                                    + " channel(s) of depth " + std::to_string(mask.depth()));
    if (mask.size() != frame.size())
        throw std::invalid_argument("composeOverlay: mask is " + std::to_string(mask.cols) + "x"
                                    + std::to_string(mask.rows) + " but the frame is " + std::to_string(frame.cols)
                                    + "x" + std::to_string(frame.rows));
    cv::Mat out = frame.clone();
    const BlendTables t(alpha);
    for (int y = 0; y < out.rows; ++y) {
        uint8_t *p = out.ptr<uint8_t>(y);
        const uint8_t *m = mask.ptr<uint8_t>(y);
        for (int x = 0; x < out.cols; ++x, p += 3) {
            if (!m[x])
                continue;
            p[0] = t.toZero[p[0]];
            p[1] = t.toFull[p[1]];
            p[2] = t.toZero[p[2]];
        }
    }
    return out;
}

} // namespace

cv::Mat composeOverlay(const cv::Mat &bgrFrame, const cv::Mat &mask8u, double alpha)
{
    return compose(bgrFrame, mask8u, alpha, "BGR");
}

cv::Mat composeOverlayRgb(const cv::Mat &rgbFrame, const cv::Mat &mask8u, double alpha)
{
    // Green is the middle channel in RGB and BGR alike, so the blend is identical.
    return compose(rgbFrame, mask8u, alpha, "RGB");
}

void composeOverlayInPlace(uint8_t *pixels3, const uint8_t *mask, int height, int width, double alpha)
{
    checkAlpha(alpha);
    if (height < 0 || width < 0)
        throw std::invalid_argument("composeOverlay: negative size");
    if (height == 0 || width == 0)
        return;
    if (!pixels3 || !mask)
        throw std::invalid_argument("composeOverlay: null pixel or mask buffer");
    const cv::Mat frame(height, width, CV_8UC3, pixels3);
    const cv::Mat m(height, width, CV_8UC1, const_cast<uint8_t *>(mask));
    compose(frame, m, alpha, "buffer").copyTo(frame);
}

} // namespace sd
