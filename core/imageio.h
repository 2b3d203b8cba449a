// Safe still-image I/O: every decode failure (not an image, unreadable,
// truncated file) becomes an ImageError naming the file instead of an empty
// cv::Mat or a libpng/libjpeg warning on stderr.
#pragma once

#include <QByteArray>
#include <QString>
#include <stdexcept>

namespace cv { class Mat; }

namespace sd {

class ImageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ImageFormat { Unknown, Png, Jpeg };

// Format by magic bytes (not by file name).
ImageFormat detectImageFormat(const QByteArray &bytes);

// Checks the container is complete: PNG ends with an IEND chunk (and the chunk
// structure is consistent), JPEG starts with SOI and ends with EOI.
// Returns an empty string when fine, otherwise the reason.
QString imageContainerProblem(const QByteArray &bytes);

// Decodes PNG/JPEG bytes to BGR CV_8UC3 (grey and alpha are converted).
// `what` names the source in error messages. Throws ImageError.
cv::Mat decodeImage(const QByteArray &bytes, const QString &what);

// Reads and decodes a PNG/JPEG file to BGR CV_8UC3. Throws ImageError naming the file.
cv::Mat loadImage(const QString &path);

// Reads an 8-bit index/label mask (PNG) without colour conversion: CV_8UC1.
// Grey stored as RGB(A) with equal channels is accepted; real colour, 16-bit
// and truncated files throw ImageError naming the file.
cv::Mat loadIndexMask(const QString &path);

// Encodes as PNG (no metadata chunks). Throws ImageError.
QByteArray encodePng(const cv::Mat &mat);

// Writes a PNG atomically (QSaveFile: the file is either complete or absent).
// Accepts CV_8UC1 / CV_8UC3 (BGR) / CV_8UC4. Throws ImageError naming the file.
void saveImagePng(const QString &path, const cv::Mat &mat);

// SHA-256 (lower-case hex) over the decoded pixels plus size and type, so the
// same picture re-encoded differently (or with other metadata) hashes equal.
QByteArray contentHash(const cv::Mat &mat);

} // namespace sd
