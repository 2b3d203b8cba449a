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

// Limits for images from outside (README "Limits"): a laparoscopy frame is a few MB and at
// most 4K; these stop a decompression bomb or a device file before any memory is spent.
constexpr qint64 kMaxImageFileBytes = qint64(256) * 1024 * 1024;
constexpr qint64 kMaxImagePixels = qint64(8192) * 8192;

// Width and height from the PNG IHDR or JPEG SOF header, without decoding; {0, 0} when
// the header does not say (decodeImage then refuses the bytes).
struct ImageSize {
    qint64 width = 0, height = 0;
};
ImageSize imageHeaderSize(const QByteArray &bytes);

// Refuses (ImageError naming `what`) an image whose header declares more than
// kMaxImagePixels, e.g. a 30000 x 30000 PNG bomb of a few kilobytes.
void checkImagePixels(qint64 width, qint64 height, const QString &what);

// Format by magic bytes (not by file name).
ImageFormat detectImageFormat(const QByteArray &bytes);

// Checks the container is complete: PNG ends with an IEND chunk (and the chunk
// structure is consistent), JPEG starts with SOI and ends with EOI.
// Returns an empty string when fine, otherwise the reason.
QString imageContainerProblem(const QByteArray &bytes);

// Decodes PNG/JPEG bytes to BGR CV_8UC3 (grey and alpha are converted).
// `what` names the source in error messages. Throws ImageError.
cv::Mat decodeImage(const QByteArray &bytes, const QString &what);

// Reads a regular file of at most kMaxImageFileBytes (a FIFO, a device such as
// /dev/zero or a larger file is refused before reading). Throws ImageError naming it.
QByteArray readImageFile(const QString &path);

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
