#include "masktools.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sd::masktools {

namespace {

void requireMask(const cv::Mat &mask)
{
    if (mask.empty() || mask.type() != CV_8UC1)
        throw std::invalid_argument("mask tool: the mask must be a non-empty CV_8UC1 image");
}

cv::Rect clip(const cv::Rect &r, const cv::Mat &m)
{
    return r & cv::Rect(0, 0, m.cols, m.rows);
}

cv::Rect nonZeroBounds(const cv::Mat &m)
{
    std::vector<cv::Point> pts;
    cv::findNonZero(m, pts);
    return pts.empty() ? cv::Rect() : cv::boundingRect(pts);
}

} // namespace

// Distance test per pixel inside the segment's bounding box: exact and
// symmetric, unlike cv::line's thick-line rasteriser, and fast enough because
// only the box around the segment is visited.
cv::Rect paintSegment(cv::Mat &mask, cv::Point2f from, cv::Point2f to, int radius, bool erase)
{
    requireMask(mask);
    if (radius < 0)
        throw std::invalid_argument("mask tool: negative brush radius");
    const float r = float(radius) + 0.5f; // a radius-0 brush still paints its own pixel
    const int x0 = int(std::floor(std::min(from.x, to.x) - r)), x1 = int(std::ceil(std::max(from.x, to.x) + r));
    const int y0 = int(std::floor(std::min(from.y, to.y) - r)), y1 = int(std::ceil(std::max(from.y, to.y) + r));
    const cv::Rect box = clip(cv::Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1), mask);
    if (box.empty())
        return {};
    const float dx = to.x - from.x, dy = to.y - from.y, len2 = dx * dx + dy * dy, r2 = r * r;
    const uchar value = erase ? 0 : 255;
    for (int y = box.y; y < box.y + box.height; ++y) {
        uchar *row = mask.ptr<uchar>(y);
        const float py = float(y) + 0.5f;
        for (int x = box.x; x < box.x + box.width; ++x) {
            const float px = float(x) + 0.5f;
            float t = len2 > 0 ? ((px - from.x) * dx + (py - from.y) * dy) / len2 : 0.f;
            t = std::clamp(t, 0.f, 1.f);
            const float ex = px - (from.x + t * dx), ey = py - (from.y + t * dy);
            if (ex * ex + ey * ey <= r2)
                row[x] = value;
        }
    }
    return box;
}

cv::Rect fillPolygon(cv::Mat &mask, const std::vector<cv::Point> &points, bool erase)
{
    requireMask(mask);
    if (points.size() < 3)
        return {};
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{points}, cv::Scalar(erase ? 0 : 255), cv::LINE_8);
    return clip(cv::boundingRect(points), mask);
}

cv::Mat magicWandRegion(const cv::Mat &frame, cv::Point seed, int tolerance)
{
    if (frame.empty() || (frame.type() != CV_8UC3 && frame.type() != CV_8UC1))
        throw std::invalid_argument("magic wand: the frame must be CV_8UC3 or CV_8UC1");
    if (!cv::Rect(0, 0, frame.cols, frame.rows).contains(seed))
        return {};
    tolerance = std::clamp(tolerance, 0, 255);
    cv::Mat fillMask(frame.rows + 2, frame.cols + 2, CV_8UC1, cv::Scalar(0));
    cv::Mat work = frame.clone(); // floodFill wants a writable image even with MASK_ONLY
    const int flags = 4 | cv::FLOODFILL_MASK_ONLY | cv::FLOODFILL_FIXED_RANGE | (255 << 8);
    cv::floodFill(work, fillMask, seed, cv::Scalar(), nullptr, cv::Scalar::all(tolerance), cv::Scalar::all(tolerance),
                  flags);
    return fillMask(cv::Rect(1, 1, frame.cols, frame.rows)).clone();
}

cv::Rect applyRegion(cv::Mat &mask, const cv::Mat &region, bool erase)
{
    requireMask(mask);
    if (region.empty())
        return {};
    if (region.size() != mask.size() || region.type() != CV_8UC1)
        throw std::invalid_argument("mask tool: the region must be CV_8UC1 of the mask's size");
    const cv::Rect changed = nonZeroBounds(region);
    if (changed.empty())
        return {};
    mask.setTo(cv::Scalar(erase ? 0 : 255), region);
    return changed;
}

cv::Rect fillHoles(cv::Mat &mask)
{
    requireMask(mask);
    // Pad with background so the flood from the corner reaches all border-connected background.
    cv::Mat padded(mask.rows + 2, mask.cols + 2, CV_8UC1, cv::Scalar(0));
    cv::Mat inner = padded(cv::Rect(1, 1, mask.cols, mask.rows));
    cv::threshold(mask, inner, 0, 255, cv::THRESH_BINARY);
    cv::floodFill(padded, cv::Point(0, 0), cv::Scalar(128), nullptr, cv::Scalar(), cv::Scalar(), 4);
    cv::Mat holes = (inner == 0);
    return applyRegion(mask, holes);
}

cv::Rect removeSmallIslands(cv::Mat &mask, int minArea)
{
    requireMask(mask);
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    std::vector<uchar> drop(size_t(n), 0);
    cv::Rect changed;
    for (int i = 1; i < n; ++i) {
        if (stats.at<int>(i, cv::CC_STAT_AREA) >= minArea)
            continue;
        drop[size_t(i)] = 1;
        changed |= cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                            stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    }
    if (changed.empty())
        return {};
    for (int y = changed.y; y < changed.y + changed.height; ++y) {
        const int *l = labels.ptr<int>(y);
        uchar *row = mask.ptr<uchar>(y);
        for (int x = changed.x; x < changed.x + changed.width; ++x)
            if (drop[size_t(l[x])])
                row[x] = 0;
    }
    return changed;
}

} // namespace sd::masktools
