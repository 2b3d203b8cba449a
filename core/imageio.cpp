#include "imageio.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

namespace sd {

namespace {

const QByteArray kPngSignature("\x89PNG\r\n\x1a\n", 8);

quint32 readBe32(const QByteArray &b, qsizetype at)
{
    const auto *p = reinterpret_cast<const uchar *>(b.constData()) + at;
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

QString pngProblem(const QByteArray &b)
{
    qsizetype pos = kPngSignature.size();
    bool sawHeader = false, sawData = false;
    while (true) {
        if (pos + 12 > b.size())
            return QStringLiteral("truncated PNG (no IEND chunk; file ends inside the chunk list)");
        const quint32 len = readBe32(b, pos);
        const QByteArray type = b.mid(pos + 4, 4);
        if (len > 0x7fffffffu || pos + 12 + qsizetype(len) > b.size())
            return QStringLiteral("truncated PNG (chunk %1 of %2 bytes runs past the end of the file)")
                .arg(QString::fromLatin1(type.toHex()))
                .arg(len);
        if (!sawHeader && type != "IHDR")
            return QStringLiteral("corrupt PNG (first chunk is not IHDR)");
        sawHeader = true;
        if (type == "IDAT")
            sawData = true;
        pos += 12 + qsizetype(len);
        if (type == "IEND")
            return sawData ? QString() : QStringLiteral("corrupt PNG (no image data)");
    }
}

QString jpegProblem(const QByteArray &b)
{
    const auto *p = reinterpret_cast<const uchar *>(b.constData());
    const qsizetype n = b.size();
    qsizetype pos = 2; // after SOI
    bool sawScan = false;
    while (true) {
        if (pos >= n)
            return QStringLiteral("truncated JPEG (no EOI marker)");
        if (p[pos] != 0xFF)
            return QStringLiteral("corrupt JPEG (expected a marker at offset %1)").arg(pos);
        while (pos < n && p[pos] == 0xFF) // fill bytes
            ++pos;
        if (pos >= n)
            return QStringLiteral("truncated JPEG (no EOI marker)");
        const uchar marker = p[pos++];
        if (marker == 0xD9)
            return sawScan ? QString() : QStringLiteral("corrupt JPEG (EOI before any image data)");
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // standalone markers
        if (pos + 2 > n)
            return QStringLiteral("truncated JPEG (no EOI marker)");
        const int len = (int(p[pos]) << 8) | int(p[pos + 1]);
        if (len < 2)
            return QStringLiteral("corrupt JPEG (segment length %1 at offset %2)").arg(len).arg(pos);
        if (pos + len > n)
            return QStringLiteral("truncated JPEG (segment at offset %1 runs past the end of the file)").arg(pos);
        pos += len; // segments such as APP1/EXIF (with an embedded thumbnail) are skipped whole
        if (marker != 0xDA)
            continue;
        // Entropy-coded data after SOS: runs until a marker that is not a stuffed
        // 0xFF00 or a restart marker.
        sawScan = true;
        while (true) {
            while (pos < n && p[pos] != 0xFF)
                ++pos;
            if (pos + 1 >= n)
                return QStringLiteral("truncated JPEG (image data ends without an EOI marker)");
            const uchar next = p[pos + 1];
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
                pos += (next == 0xFF) ? 1 : 2;
                continue;
            }
            break; // a real marker: continue the segment walk from here
        }
    }
}

quint32 readBe16(const QByteArray &b, qsizetype at)
{
    const auto *p = reinterpret_cast<const uchar *>(b.constData()) + at;
    return (quint32(p[0]) << 8) | quint32(p[1]);
}

// The first SOFn segment's dimensions (baseline, progressive, lossless, arithmetic).
ImageSize jpegHeaderSize(const QByteArray &b)
{
    qsizetype pos = 2;
    while (pos + 4 <= b.size()) {
        if (uchar(b[pos]) != 0xFF)
            return {};
        const uchar marker = uchar(b[pos + 1]);
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        pos += 2;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue;
        const qsizetype len = readBe16(b, pos);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof && pos + 7 <= b.size())
            return {qint64(readBe16(b, pos + 5)), qint64(readBe16(b, pos + 3))};
        if (marker == 0xDA || len < 2)
            return {}; // image data before any frame header
        pos += len;
    }
    return {};
}

QString describe(const QString &what)
{
    return what.isEmpty() ? QStringLiteral("image") : what;
}

} // namespace

ImageFormat detectImageFormat(const QByteArray &bytes)
{
    if (bytes.startsWith(kPngSignature))
        return ImageFormat::Png;
    if (bytes.size() >= 3 && uchar(bytes[0]) == 0xFF && uchar(bytes[1]) == 0xD8 && uchar(bytes[2]) == 0xFF)
        return ImageFormat::Jpeg;
    return ImageFormat::Unknown;
}

ImageSize imageHeaderSize(const QByteArray &bytes)
{
    switch (detectImageFormat(bytes)) {
    case ImageFormat::Png:
        // Signature (8), IHDR length and type (8), then width and height.
        if (bytes.size() >= 24 && bytes.mid(12, 4) == "IHDR")
            return {qint64(readBe32(bytes, 16)), qint64(readBe32(bytes, 20))};
        return {};
    case ImageFormat::Jpeg: return jpegHeaderSize(bytes);
    case ImageFormat::Unknown: break;
    }
    return {};
}

void checkImagePixels(qint64 width, qint64 height, const QString &what)
{
    if (width > 0 && height > 0 && width <= kMaxImagePixels / height)
        return;
    if (width <= 0 || height <= 0)
        throw ImageError(QStringLiteral("%1: the image header gives no size (%2 x %3)")
                             .arg(describe(what)).arg(width).arg(height).toStdString());
    throw ImageError(QStringLiteral("%1: image too large (%2 x %3 pixels; at most %4 megapixels are accepted)")
                         .arg(describe(what)).arg(width).arg(height).arg(kMaxImagePixels / 1000000)
                         .toStdString());
}

QByteArray readImageFile(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        throw ImageError(QStringLiteral("%1: not a regular file (a folder, device or pipe is not an image)")
                             .arg(path).toStdString());
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw ImageError(QStringLiteral("%1: cannot open (%2)").arg(path, f.errorString()).toStdString());
    // Read in chunks up to one byte past the limit instead of trusting the size the file
    // system reports (procfs files say 0; a file may grow while it is read).
    QByteArray bytes;
    bytes.reserve(qsizetype(std::min<qint64>(std::max<qint64>(f.size(), 0), kMaxImageFileBytes) + 1));
    while (bytes.size() <= kMaxImageFileBytes) {
        const QByteArray chunk = f.read(std::min<qint64>(qint64(1) << 20, kMaxImageFileBytes + 1 - bytes.size()));
        if (chunk.isEmpty())
            break;
        bytes += chunk;
    }
    if (f.error() != QFileDevice::NoError)
        throw ImageError(QStringLiteral("%1: read error (%2)").arg(path, f.errorString()).toStdString());
    if (bytes.size() > kMaxImageFileBytes)
        throw ImageError(QStringLiteral("%1: file too large for an image (more than %2 MB)")
                             .arg(path).arg(kMaxImageFileBytes / (1024 * 1024)).toStdString());
    return bytes;
}

QString imageContainerProblem(const QByteArray &bytes)
{
    switch (detectImageFormat(bytes)) {
    case ImageFormat::Png: return pngProblem(bytes);
    case ImageFormat::Jpeg: return jpegProblem(bytes);
    case ImageFormat::Unknown: break;
    }
    if (bytes.isEmpty())
        return QStringLiteral("empty file");
    return QStringLiteral("not a PNG or JPEG image");
}

cv::Mat decodeImage(const QByteArray &bytes, const QString &what)
{
    const QString problem = imageContainerProblem(bytes);
    if (!problem.isEmpty())
        throw ImageError(QStringLiteral("%1: %2").arg(describe(what), problem).toStdString());
    const ImageSize size = imageHeaderSize(bytes);
    checkImagePixels(size.width, size.height, what);
    cv::Mat decoded;
    try {
        const cv::Mat buf(1, int(bytes.size()), CV_8UC1, const_cast<char *>(bytes.constData()));
        decoded = cv::imdecode(buf, cv::IMREAD_COLOR);
    } catch (const cv::Exception &e) {
        throw ImageError(QStringLiteral("%1: cannot decode image (%2)")
                             .arg(describe(what), QString::fromStdString(e.what()))
                             .toStdString());
    }
    if (decoded.empty())
        throw ImageError(QStringLiteral("%1: cannot decode image (corrupt data)").arg(describe(what)).toStdString());
    if (decoded.type() != CV_8UC3) // IMREAD_COLOR already gives 8-bit BGR; be defensive
        throw ImageError(QStringLiteral("%1: unsupported pixel format").arg(describe(what)).toStdString());
    return decoded;
}

cv::Mat loadImage(const QString &path)
{
    return decodeImage(readImageFile(path), path);
}

cv::Mat loadIndexMask(const QString &path)
{
    const QByteArray bytes = readImageFile(path);
    if (detectImageFormat(bytes) != ImageFormat::Png)
        throw ImageError(QStringLiteral("%1: index masks must be PNG files").arg(path).toStdString());
    const QString problem = imageContainerProblem(bytes);
    if (!problem.isEmpty())
        throw ImageError(QStringLiteral("%1: %2").arg(path, problem).toStdString());
    const ImageSize size = imageHeaderSize(bytes);
    checkImagePixels(size.width, size.height, path);
    cv::Mat m;
    try {
        const cv::Mat buf(1, int(bytes.size()), CV_8UC1, const_cast<char *>(bytes.constData()));
        m = cv::imdecode(buf, cv::IMREAD_UNCHANGED | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception &e) {
        throw ImageError(QStringLiteral("%1: cannot decode mask (%2)").arg(path, QString::fromStdString(e.what())).toStdString());
    }
    if (m.empty())
        throw ImageError(QStringLiteral("%1: cannot decode mask (corrupt data)").arg(path).toStdString());
    if (m.depth() != CV_8U)
        throw ImageError(QStringLiteral("%1: index mask must be 8-bit").arg(path).toStdString());
    if (m.channels() == 1)
        return m;
    if (m.channels() == 3 || m.channels() == 4) {
        std::vector<cv::Mat> ch;
        cv::split(m, ch);
        if (cv::countNonZero(ch[0] != ch[1]) == 0 && cv::countNonZero(ch[0] != ch[2]) == 0)
            return ch[0];
    }
    throw ImageError(QStringLiteral("%1: not a single-channel index mask (colour values)").arg(path).toStdString());
}

QByteArray encodePng(const cv::Mat &mat)
{
    if (mat.empty())
        throw ImageError("encodePng: empty image");
    if (mat.depth() != CV_8U || (mat.channels() != 1 && mat.channels() != 3 && mat.channels() != 4))
        throw ImageError("encodePng: expected an 8-bit image with 1, 3 or 4 channels");
    std::vector<uchar> buf;
    try {
        if (!cv::imencode(".png", mat, buf, {cv::IMWRITE_PNG_COMPRESSION, 3}))
            throw ImageError("encodePng: PNG encoder failed");
    } catch (const cv::Exception &e) {
        throw ImageError(std::string("encodePng: ") + e.what());
    }
    return QByteArray(reinterpret_cast<const char *>(buf.data()), qsizetype(buf.size()));
}

void saveImagePng(const QString &path, const cv::Mat &mat)
{
    QByteArray png;
    try {
        png = encodePng(mat);
    } catch (const ImageError &e) {
        throw ImageError(QStringLiteral("%1: %2").arg(path, QString::fromStdString(e.what())).toStdString());
    }
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir))
        throw ImageError(QStringLiteral("%1: cannot create folder %2").arg(path, dir).toStdString());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        throw ImageError(QStringLiteral("%1: cannot write (%2)").arg(path, f.errorString()).toStdString());
    if (f.write(png) != png.size() || !f.commit())
        throw ImageError(QStringLiteral("%1: write failed (%2)").arg(path, f.errorString()).toStdString());
}

QByteArray contentHash(const cv::Mat &mat)
{
    if (mat.dims > 2)
        throw ImageError("contentHash: expected a 2-D image");
    QCryptographicHash h(QCryptographicHash::Sha256);
    // Shape and type first, so equal bytes with another layout hash differently.
    const QByteArray header = QByteArrayLiteral("sdimg1:") + QByteArray::number(mat.rows) + 'x'
        + QByteArray::number(mat.cols) + ':' + QByteArray::number(mat.type()) + '\n';
    h.addData(header);
    const size_t rowBytes = size_t(mat.cols) * mat.elemSize();
    for (int y = 0; y < mat.rows; ++y)
        h.addData(QByteArrayView(reinterpret_cast<const char *>(mat.ptr(y)), qsizetype(rowBytes)));
    return h.result().toHex();
}

} // namespace sd
