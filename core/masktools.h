// Pixel operations of the annotation tools on one binary mask (CV_8UC1,
// 0 = outside, 255 = inside). They live in core so the GUI, tests and benches
// share one implementation. Each edits the mask in place and returns the
// rectangle that may have changed (clipped to the mask; empty = no change), so
// callers can repaint and record undo patches for that rectangle only.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace sd::masktools {

// A round brush dragged from `from` to `to` (pixel centres at x + 0.5):
// every pixel whose centre lies within `radius` of the segment is set (or
// cleared when erase). A zero-length segment paints one disc.
cv::Rect paintSegment(cv::Mat &mask, cv::Point2f from, cv::Point2f to, int radius, bool erase = false);

// Fills the closed polygon (vertices in pixel coordinates, at least 3).
cv::Rect fillPolygon(cv::Mat &mask, const std::vector<cv::Point> &points, bool erase = false);

// Magic wand: the 4-connected region of `frame` (CV_8UC3 or CV_8UC1) around
// `seed` whose pixels differ from the seed pixel by at most `tolerance` per
// channel (OpenCV floodFill, fixed range). Returns a CV_8UC1 0/255 mask of the
// frame's size (empty Mat when seed is outside).
cv::Mat magicWandRegion(const cv::Mat &frame, cv::Point seed, int tolerance);

// Adds (or, with erase, removes) a 0/255 region of the mask's size.
cv::Rect applyRegion(cv::Mat &mask, const cv::Mat &region, bool erase = false);

// Sets every background pixel that is not connected (4-neighbourhood) to the
// image border: the holes inside the mask's shapes.
cv::Rect fillHoles(cv::Mat &mask);

// Clears every 8-connected foreground component smaller than minArea pixels.
cv::Rect removeSmallIslands(cv::Mat &mask, int minArea);

} // namespace sd::masktools
