// Binary masks as COCO-compatible uncompressed RLE (pycocotools semantics):
// the mask is read in column-major (Fortran) order and `counts` alternates
// run lengths starting with a run of zeros (which may be 0).
#pragma once

#include <QByteArray>
#include <QRect>
#include <QPointF>
#include <QString>
#include <cstdint>
#include <vector>

namespace cv { class Mat; }

namespace sd {

struct RleMask {
    int height = 0;
    int width = 0;
    std::vector<uint32_t> counts;

    bool isValid() const;          // counts sum to height*width
    bool isEmpty() const;          // no foreground pixel
    bool operator==(const RleMask &o) const;
    bool operator!=(const RleMask &o) const { return !(*this == o); }

    // Encode a CV_8UC1 mask (non-zero = foreground). Throws std::invalid_argument otherwise.
    static RleMask encode(const cv::Mat &mask);
    static RleMask encode(const uint8_t *rowMajor, int height, int width);
    static RleMask empty(int height, int width);
    cv::Mat decode() const;        // CV_8UC1, 0 or 255

    quint64 area() const;
    QRect boundingBox() const;     // empty QRect when the mask is empty
    QPointF centroid() const;      // (x, y) in pixels; (-1,-1) when empty

    // COCO "compressed" counts string (LEB128-like, as pycocotools rleToString).
    QByteArray toCocoString() const;
    static RleMask fromCocoString(const QByteArray &s, int height, int width);

    // Storage form used by the project store: {"size":[h,w],"counts":[...]}.
    QByteArray toJson() const;
    static RleMask fromJson(const QByteArray &json); // throws std::runtime_error
};

double iou(const RleMask &a, const RleMask &b);   // 0 when both empty
double dice(const RleMask &a, const RleMask &b);  // 0 when both empty
RleMask unite(const RleMask &a, const RleMask &b);

} // namespace sd
