// Conversions between OpenCV matrices (core's image type) and QImage.
#pragma once

#include <QImage>

namespace cv { class Mat; }

namespace sd::ui {

// CV_8UC3 (BGR) -> Format_RGB888, CV_8UC1 -> Format_Grayscale8; deep copy.
// Throws std::invalid_argument for other types.
QImage matToQImage(const cv::Mat &mat);

// Any QImage -> CV_8UC1 mask (non-zero grey = inside); deep copy.
cv::Mat qImageToMask(const QImage &image);

} // namespace sd::ui
