#include "screenshotpng.h"

#include <QBuffer>
#include <QImageWriter>

#include <algorithm>

namespace sd::ui {

QByteArray encodeScreenshotPng(const QImage &shot, int maxKb)
{
    QImage rgb = shot.convertToFormat(QImage::Format_RGB888);
    for (int bits = 8;; --bits) {
        QImage img = rgb;
        if (bits < 8) {
            const uchar keep = uchar(0xff << (8 - bits));
            const uchar half = uchar(1 << (7 - bits));
            for (int y = 0; y < img.height(); ++y) {
                uchar *row = img.scanLine(y);
                for (int x = 0; x < img.width() * 3; ++x)
                    row[x] = uchar(std::min(255, (row[x] & keep) + half));
            }
        }
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        writer.setQuality(0); // Qt's PNG writer: quality 0 = strongest compression
        if (!writer.write(img))
            return {};
        if (maxKb <= 0 || bytes.size() <= qint64(maxKb) * 1024 || bits == 5)
            return bytes;
    }
}

} // namespace sd::ui
