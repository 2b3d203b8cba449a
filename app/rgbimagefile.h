// Image files -> the engine's RgbImage, through core/imageio.h (OpenCV), for
// the commands that feed the VLM engine (training/ itself has no codec).
#pragma once

#include "rgb_image.h"

#include "imageio.h"

#include <opencv2/core.hpp>

#include <string>

namespace sd::app {

inline sd::vlm::RgbImage rgbImageFromMat(const cv::Mat &bgr)
{
    return sd::vlm::rgbImageFromBgr(bgr.data, bgr.cols, bgr.rows, bgr.step);
}

// Throws sd::ImageError naming the file.
inline sd::vlm::RgbImage loadRgbImage(const std::string &path)
{
    return rgbImageFromMat(sd::loadImage(QString::fromStdString(path)));
}

} // namespace sd::app
