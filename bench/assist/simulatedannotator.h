// A simulated annotator for assisted segmentation benches: it replays what a person does
// with a MaskProposer (any back-end: GrabCut, the segmentation model) on a frame whose
// ground truth is known, and what a person does with the manual polygon tool.
//
// Proposer: interaction 1 is a box, the ground truth's bounding box grown by 5 % of its
// width and height (2.5 % a side); each further interaction is one corrective click at the
// centre (the maximum of the distance transform) of the largest error region: an inside
// click on a missed region, an outside (Shift+) click on a false one.
//
// Polygon baseline: a skilled annotator clicks one vertex per corner of the true outline.
// Its vertices are the Douglas-Peucker points of each ground-truth component (the fewest
// vertices for a given accuracy), closing the polygon is free and holes are not cut out.
// This favours the baseline: a real annotator needs more clicks for the same IoU.
#pragma once

#include "assist/maskproposer.h"

#include <opencv2/core.hpp>

#include <vector>

namespace sd::bench {

struct AnnotatorOptions {
    double boxGrow = 0.05;     // the box: ground-truth bounding box grown by this fraction
    int maxInteractions = 12;  // box + clicks, or polygon vertices for the baseline: maxPolygonVertices
    int maxPolygonVertices = 80;
    double targetIou = 0.90;
};

struct AnnotatorRun {
    std::vector<double> iou;        // after each interaction (index 0 = the first one)
    std::vector<double> latencyMs;  // per prompt (proposer runs only)
    int interactionsToTarget = 0;   // 0: not reached within the cap
    QString error;                  // the proposer refused a prompt
};

// IoU of two CV_8UC1 masks (non-zero = inside); 1 when both are empty.
double maskIou(const cv::Mat &a, const cv::Mat &b);

// The ground truth's bounding box grown by `grow` of its size (half on each side), clipped.
QRect promptBox(const cv::Mat &groundTruth, double grow);

// The corrective click for `proposal` against `groundTruth`: the centre of the largest
// error region; inside = true for a missed region. False when there is no error.
bool correctiveClick(const cv::Mat &proposal, const cv::Mat &groundTruth, QPoint *click, bool *inside);

AnnotatorRun runProposer(MaskProposer &proposer, const cv::Mat &frameBgr, const cv::Mat &groundTruth,
                         const QString &structureKey, const AnnotatorOptions &options = {});

// iou[k-1] = the best IoU a polygon of at most k vertices reaches (0 below 3 vertices).
AnnotatorRun runPolygon(const cv::Mat &groundTruth, const AnnotatorOptions &options = {});

} // namespace sd::bench
