#include "simulatedannotator.h"

#include "rle.h"

#include <QElapsedTimer>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace sd::bench {

double maskIou(const cv::Mat &a, const cv::Mat &b)
{
    const RleMask ra = RleMask::encode(a), rb = RleMask::encode(b);
    if (ra.isEmpty() && rb.isEmpty())
        return 1.0;
    return iou(ra, rb);
}

QRect promptBox(const cv::Mat &groundTruth, double grow)
{
    const cv::Rect r = cv::boundingRect(groundTruth);
    const int gx = int(std::lround(r.width * grow / 2)), gy = int(std::lround(r.height * grow / 2));
    const QRect box(r.x - gx, r.y - gy, r.width + 2 * gx, r.height + 2 * gy);
    return box & QRect(0, 0, groundTruth.cols, groundTruth.rows);
}

bool correctiveClick(const cv::Mat &proposal, const cv::Mat &groundTruth, QPoint *click, bool *inside)
{
    cv::Mat gt = groundTruth != 0, pr = proposal != 0;
    const cv::Mat missed = gt & ~pr, wrong = pr & ~gt;
    int bestArea = 0;
    for (int pass = 0; pass < 2; ++pass) {
        const cv::Mat &error = pass == 0 ? missed : wrong;
        cv::Mat labels, stats, centroids;
        const int n = cv::connectedComponentsWithStats(error, labels, stats, centroids, 4, CV_32S);
        for (int c = 1; c < n; ++c) {
            // A person clicks the biggest error blob, at its centre: the point farthest
            // from the blob's border.
            const int area = stats.at<int>(c, cv::CC_STAT_AREA);
            if (area <= bestArea)
                continue;
            cv::Mat region = labels == c;
            cv::Mat padded;
            cv::copyMakeBorder(region, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
            cv::Mat dist;
            cv::distanceTransform(padded, dist, cv::DIST_L2, 3);
            cv::Point at;
            cv::minMaxLoc(dist, nullptr, nullptr, nullptr, &at);
            bestArea = area;
            *click = QPoint(at.x - 1, at.y - 1);
            *inside = pass == 0;
        }
    }
    return bestArea > 0;
}

AnnotatorRun runProposer(MaskProposer &proposer, const cv::Mat &frameBgr, const cv::Mat &groundTruth,
                         const QString &structureKey, const AnnotatorOptions &options)
{
    AnnotatorRun run;
    MaskPrompt prompt;
    prompt.box = promptBox(groundTruth, options.boxGrow);
    for (int i = 0; i < options.maxInteractions; ++i) {
        cv::Mat proposal;
        QElapsedTimer t;
        t.start();
        try {
            proposal = proposer.propose(frameBgr, prompt, structureKey);
        } catch (const std::exception &e) {
            run.error = QString::fromUtf8(e.what());
            break;
        }
        run.latencyMs.push_back(t.nsecsElapsed() / 1e6);
        run.iou.push_back(maskIou(proposal, groundTruth));
        if (run.interactionsToTarget == 0 && run.iou.back() >= options.targetIou)
            run.interactionsToTarget = i + 1;
        QPoint click;
        bool inside = false;
        if (run.interactionsToTarget != 0 || !correctiveClick(proposal, groundTruth, &click, &inside))
            break;
        (inside ? prompt.inside : prompt.outside).push_back(click);
    }
    // The person stops once the target is met; later interactions keep that IoU.
    while (!run.iou.empty() && int(run.iou.size()) < options.maxInteractions)
        run.iou.push_back(run.iou.back());
    return run;
}

AnnotatorRun runPolygon(const cv::Mat &groundTruth, const AnnotatorOptions &options)
{
    AnnotatorRun run;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(groundTruth != 0, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    const int cap = options.maxPolygonVertices;
    std::vector<double> best(size_t(cap), 0.0);
    // Coarse to fine outlines: every tolerance gives a vertex count and an IoU; the
    // annotator with k clicks gets the best outline of at most k vertices.
    for (double epsilon = 64; epsilon >= 0.25; epsilon /= 1.15) {
        cv::Mat drawn(groundTruth.size(), CV_8UC1, cv::Scalar(0));
        int vertices = 0;
        std::vector<std::vector<cv::Point>> polygons;
        for (const auto &c : contours) {
            std::vector<cv::Point> poly;
            cv::approxPolyDP(c, poly, epsilon, true);
            if (poly.size() < 3)
                continue;
            vertices += int(poly.size());
            polygons.push_back(std::move(poly));
        }
        if (vertices < 3 || vertices > cap)
            continue;
        cv::fillPoly(drawn, polygons, cv::Scalar(255));
        const double v = maskIou(drawn, groundTruth);
        for (int k = vertices; k <= cap; ++k)
            best[size_t(k - 1)] = std::max(best[size_t(k - 1)], v);
    }
    run.iou = best;
    for (int k = 0; k < cap; ++k)
        if (best[size_t(k)] >= options.targetIou) {
            run.interactionsToTarget = k + 1;
            break;
        }
    return run;
}

} // namespace sd::bench
