#include "imageconvert.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <stdexcept>

namespace sd::ui {

QImage matToQImage(const cv::Mat &mat)
{
    if (mat.empty())
        return {};
    if (mat.type() == CV_8UC3) {
        // Convert straight into the QImage's buffer: one pass, no intermediate copy.
        QImage out(mat.cols, mat.rows, QImage::Format_RGB888);
        cv::Mat rgb(mat.rows, mat.cols, CV_8UC3, out.bits(), size_t(out.bytesPerLine()));
        cv::cvtColor(mat, rgb, cv::COLOR_BGR2RGB);
        return out;
    }
    if (mat.type() == CV_8UC1)
        return QImage(mat.data, mat.cols, mat.rows, int(mat.step), QImage::Format_Grayscale8).copy();
    throw std::invalid_argument("matToQImage: expected CV_8UC3 or CV_8UC1");
}

cv::Mat qImageToMask(const QImage &image)
{
    if (image.isNull())
        return {};
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    cv::Mat view(grey.height(), grey.width(), CV_8UC1, const_cast<uchar *>(grey.constBits()),
                 size_t(grey.bytesPerLine()));
    return view.clone();
}

} // namespace sd::ui
