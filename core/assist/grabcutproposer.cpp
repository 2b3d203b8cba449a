#include "grabcutproposer.h"

#include "masktools.h"

#include <QCoreApplication>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sd {

namespace {

// A box narrower than this (frame pixels) is taken for a slip of the mouse, not a prompt.
constexpr int kMinBoxSide = 4;

[[noreturn]] void refuse(const QString &message) { throw std::invalid_argument(message.toStdString()); }

cv::Point toCv(const QPoint &p) { return {p.x(), p.y()}; }

// GrabCut starts each colour model (5 components) with k-means, which needs at least as
// many pixels as components on both sides.
bool grabCutCanRun(const cv::Mat &labels)
{
    constexpr int kComponents = 5;
    const int fg = cv::countNonZero((labels == cv::GC_FGD) | (labels == cv::GC_PR_FGD));
    return fg >= kComponents && int(labels.total()) - fg >= kComponents;
}

// OpenCV's thread RNG seeds GrabCut's k-means: a fixed state gives the same proposal for
// the same prompt (no flicker while clicking); the caller's state is put back after.
class FixedRng {
public:
    FixedRng() : m_saved(cv::theRNG().state) { cv::theRNG().state = 0x5eed5eedULL; }
    ~FixedRng() { cv::theRNG().state = m_saved; }
    FixedRng(const FixedRng &) = delete;
    FixedRng &operator=(const FixedRng &) = delete;

private:
    uint64 m_saved;
};

// The coarse mask was found on a downscaled crop; its outline is off by up to a few frame
// pixels, which costs a thin band (the plane, the angel's hair) much of its IoU. One GrabCut
// pass at (nearly) full resolution, limited to a band around that outline, puts it back on
// the edges: the interior is certain, the exterior too, only the band is decided again, with
// colour models learned from the pixels right next to it.
void refineBoundary(const cv::Mat &frameBgr, cv::Mat &mask, const cv::Rect &box, const MaskPrompt &prompt,
                    int band, int seedRadius, int maxPixels)
{
    const cv::Rect frame(0, 0, mask.cols, mask.rows);
    const cv::Rect bounds = cv::boundingRect(mask);
    if (bounds.empty())
        return;
    const int pad = band + 4;
    const cv::Rect region = cv::Rect(bounds.x - pad, bounds.y - pad, bounds.width + 2 * pad, bounds.height + 2 * pad)
                            & box & frame;
    if (region.width < 3 || region.height < 3)
        return;
    const double scale = std::min(1.0, std::sqrt(double(maxPixels) / double(region.area())));
    const cv::Size work(std::max(1, int(std::lround(region.width * scale))),
                        std::max(1, int(std::lround(region.height * scale))));
    cv::Mat image, coarse;
    cv::resize(frameBgr(region), image, work, 0, 0, cv::INTER_AREA);
    cv::resize(mask(region), coarse, work, 0, 0, cv::INTER_NEAREST);
    const int r = std::max(1, int(std::lround(band * scale)));
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
    cv::Mat inner, outer;
    cv::erode(coarse, inner, kernel);
    cv::dilate(coarse, outer, kernel);
    cv::Mat labels(work, CV_8UC1, cv::Scalar(cv::GC_BGD));
    labels.setTo(cv::GC_PR_BGD, outer);
    labels.setTo(cv::GC_PR_FGD, coarse);
    labels.setTo(cv::GC_FGD, inner);
    auto toWork = [&](const QPoint &p) {
        return cv::Point(int((p.x() - region.x + 0.5) * scale), int((p.y() - region.y + 0.5) * scale));
    };
    const int seed = std::max(1, int(std::lround(seedRadius * scale)));
    for (const QPoint &p : prompt.inside)
        cv::circle(labels, toWork(p), seed, cv::Scalar(cv::GC_FGD), cv::FILLED);
    for (const QPoint &p : prompt.outside)
        cv::circle(labels, toWork(p), seed, cv::Scalar(cv::GC_BGD), cv::FILLED);
    if (!grabCutCanRun(labels))
        return;
    cv::Mat bgModel, fgModel;
    cv::grabCut(image, labels, cv::Rect(), bgModel, fgModel, 1, cv::GC_INIT_WITH_MASK);
    cv::Mat fg = (labels == cv::GC_FGD) | (labels == cv::GC_PR_FGD);
    cv::Mat up;
    cv::resize(fg, up, region.size(), 0, 0, cv::INTER_LINEAR);
    cv::threshold(up, mask(region), 127, 255, cv::THRESH_BINARY);
}

// GrabCut's colour models as OpenCV stores them: per component a weight, then all
// means (3 each), then all covariances (9 each).
class ColourModel {
public:
    explicit ColourModel(const cv::Mat &model)
    {
        const double *coefs = model.ptr<double>(0);
        const int k = model.cols / 13;
        for (int c = 0; c < k; ++c) {
            if (coefs[c] <= 0)
                continue;
            const double *m = coefs + k + 3 * c;
            const cv::Matx33d cov(coefs + 4 * k + 9 * c);
            const double det = cv::determinant(cov);
            if (det <= 0)
                continue;
            m_parts.push_back({coefs[c] / std::sqrt(det), cv::Vec3d(m[0], m[1], m[2]), cov.inv()});
        }
    }
    double likelihood(const cv::Vec3b &colour) const
    {
        double sum = 0;
        for (const Part &p : m_parts) {
            const cv::Vec3d d = cv::Vec3d(colour[0], colour[1], colour[2]) - p.mean;
            sum += p.scale * std::exp(-0.5 * d.dot(p.inverse * d));
        }
        return sum;
    }

private:
    struct Part {
        double scale;
        cv::Vec3d mean;
        cv::Matx33d inverse;
    };
    std::vector<Part> m_parts;
};

// A thin structure (the plane, the angel's hair, a vessel) runs diagonally through its
// box and covers a small share of it: GrabCut started from "the whole box is probably
// the structure" learns the tissue as foreground and keeps it. The box's rim and the
// margin around it are mostly surroundings (a structure touches its box's sides only
// where it crosses them), so their colours say which pixels inside look like
// surroundings: those start as "probably background", the rest as "probably the
// structure". The labels stay as they were when the split would leave too little.
void splitBoxByRim(const cv::Mat &image, cv::Mat &labels, const cv::Rect &box, double rimFraction,
                   double quantile, double minShare)
{
    const int rim = std::max(2, int(std::lround(rimFraction * std::min(box.width, box.height))));
    const cv::Rect inner(box.x + rim, box.y + rim, box.width - 2 * rim, box.height - 2 * rim);
    if (inner.width < 2 || inner.height < 2)
        return;
    cv::Mat sample(labels.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
    sample(inner).setTo(cv::GC_PR_FGD);
    // The clicks say for sure: an inside click is no surrounding, an outside click is.
    sample.setTo(cv::GC_PR_FGD, labels == cv::GC_FGD);
    sample.setTo(cv::GC_BGD, labels == cv::GC_BGD);
    if (!grabCutCanRun(sample))
        return;
    cv::Mat bgModel, fgModel;
    cv::grabCut(image, sample, cv::Rect(), bgModel, fgModel, 0, cv::GC_INIT_WITH_MASK);
    const ColourModel surroundings(bgModel);

    std::vector<double> rimLikelihood;
    cv::Mat1d inBox(box.size());
    for (int y = 0; y < box.height; ++y)
        for (int x = 0; x < box.width; ++x) {
            const double l = surroundings.likelihood(image.at<cv::Vec3b>(box.y + y, box.x + x));
            inBox(y, x) = l;
            if (!inner.contains(cv::Point(box.x + x, box.y + y)))
                rimLikelihood.push_back(l);
        }
    if (rimLikelihood.empty())
        return;
    const size_t at = std::min(rimLikelihood.size() - 1, size_t(quantile * double(rimLikelihood.size())));
    std::nth_element(rimLikelihood.begin(), rimLikelihood.begin() + long(at), rimLikelihood.end());
    const double threshold = rimLikelihood[at];
    cv::Mat boxLabels = labels(box);
    int structure = 0;
    for (int y = 0; y < box.height; ++y)
        for (int x = 0; x < box.width; ++x) {
            uchar &l = boxLabels.at<uchar>(y, x);
            if (l != cv::GC_PR_FGD)
                continue; // a click's seed stays
            if (inBox(y, x) >= threshold)
                l = cv::GC_PR_BGD;
            else
                ++structure;
        }
    if (structure < minShare * box.area())
        boxLabels.setTo(cv::GC_PR_FGD, boxLabels == cv::GC_PR_BGD);
}

} // namespace

cv::Rect checkedPromptBox(const MaskPrompt &prompt, cv::Size frameSize)
{
    if (prompt.isEmpty())
        refuse(QCoreApplication::translate("sd::MaskProposer", "Draw a box around the structure or click inside it first."));
    const cv::Rect frame(0, 0, frameSize.width, frameSize.height);
    for (const QPoint &p : prompt.inside)
        if (!frame.contains(toCv(p)))
            refuse(QCoreApplication::translate("sd::MaskProposer", "A click lies outside the frame."));
    for (const QPoint &p : prompt.outside)
        if (!frame.contains(toCv(p)))
            refuse(QCoreApplication::translate("sd::MaskProposer", "A click lies outside the frame."));

    cv::Rect box;
    if (!prompt.box.isNull()) {
        const QRect b = prompt.box.normalized();
        const cv::Rect asked(b.x(), b.y(), b.width(), b.height());
        box = asked & frame;
        if (box.empty())
            refuse(QCoreApplication::translate("sd::MaskProposer", "The box lies outside the frame; draw it over the structure."));
        if (box.width < kMinBoxSide || box.height < kMinBoxSide)
            refuse(QCoreApplication::translate("sd::MaskProposer", "The box is too small; drag a box around the whole structure."));
    } else if (prompt.inside.empty()) {
        refuse(QCoreApplication::translate("sd::MaskProposer", "Outside clicks alone say nothing about the structure; click inside it or draw a box."));
    }
    // An inside click beyond the box says the structure reaches there: grow the box.
    // Without a box, the clicks get a box of about a fifth of the frame around them.
    const int pad = prompt.box.isNull() ? std::max(16, std::min(frameSize.width, frameSize.height) / 10) : 8;
    for (const QPoint &p : prompt.inside) {
        const cv::Rect around(p.x() - pad, p.y() - pad, 2 * pad + 1, 2 * pad + 1);
        box = box.empty() ? around : (box | around);
    }
    return box & frame;
}

GrabCutProposer::GrabCutProposer(GrabCutOptions options)
    : m_options(options)
{
}

cv::Mat GrabCutProposer::propose(const cv::Mat &frameBgr, const MaskPrompt &prompt, const QString &)
{
    if (frameBgr.empty() || frameBgr.type() != CV_8UC3)
        refuse(QCoreApplication::translate("sd::MaskProposer", "The frame image could not be read."));
    const cv::Size size = frameBgr.size();
    const cv::Rect box = checkedPromptBox(prompt, size);

    // Work on the box plus a margin: GrabCut needs background around the box to learn
    // the surroundings' colours, but not the whole frame.
    const int mx = std::max(8, int(std::lround(box.width * m_options.marginFraction)));
    const int my = std::max(8, int(std::lround(box.height * m_options.marginFraction)));
    const cv::Rect crop = cv::Rect(box.x - mx, box.y - my, box.width + 2 * mx, box.height + 2 * my)
                          & cv::Rect(0, 0, size.width, size.height);
    const double scale = std::min(1.0, std::sqrt(double(m_options.maxWorkPixels) / double(crop.area())));
    const cv::Size work(std::max(1, int(std::lround(crop.width * scale))),
                        std::max(1, int(std::lround(crop.height * scale))));
    const double sx = double(work.width) / crop.width, sy = double(work.height) / crop.height;
    auto toWork = [&](const cv::Point &p) {
        return cv::Point(int((p.x - crop.x + 0.5) * sx), int((p.y - crop.y + 0.5) * sy));
    };

    cv::Mat image;
    cv::resize(frameBgr(crop), image, work, 0, 0, cv::INTER_AREA);
    const FixedRng sameEveryTime;

    cv::Mat labels(work, CV_8UC1, cv::Scalar(cv::GC_BGD));
    const cv::Point b0 = toWork(box.tl()), b1 = toWork(box.br() - cv::Point(1, 1));
    cv::rectangle(labels, b0, b1, cv::Scalar(cv::GC_PR_FGD), cv::FILLED);
    // Seeds: discs of 2 % of the crop's diagonal, at least a few work pixels: larger discs
    // cover the surroundings of a thin band and teach GrabCut the wrong colours.
    const int radius = std::max(2, int(m_options.seedFraction * std::hypot(work.width, work.height)));
    for (const QPoint &p : prompt.inside)
        cv::circle(labels, toWork(toCv(p)), radius, cv::Scalar(cv::GC_FGD), cv::FILLED);
    for (const QPoint &p : prompt.outside)
        if (crop.contains(toCv(p)))
            cv::circle(labels, toWork(toCv(p)), radius, cv::Scalar(cv::GC_BGD), cv::FILLED);

    if (m_options.rimQuantile > 0)
        splitBoxByRim(image, labels, cv::Rect(b0, b1 + cv::Point(1, 1)), m_options.rimFraction,
                      m_options.rimQuantile, m_options.rimMinShare);

    // GrabCut needs both labels present; a box covering the whole crop leaves no background.
    cv::Mat fg;
    if (grabCutCanRun(labels)) {
        cv::Mat bgModel, fgModel;
        cv::grabCut(image, labels, cv::Rect(), bgModel, fgModel, m_options.iterations, cv::GC_INIT_WITH_MASK);
        fg = (labels == cv::GC_FGD) | (labels == cv::GC_PR_FGD);
    } else {
        fg = (labels == cv::GC_FGD) | (labels == cv::GC_PR_FGD);
    }

    // GrabCut leaves specks of look-alike colour: keep the largest part and every part the
    // person pointed at with an inside click.
    cv::Mat components, stats, centroids;
    const int n = cv::connectedComponentsWithStats(fg, components, stats, centroids, 8, CV_32S);
    if (n > 2) {
        std::vector<uchar> keep(size_t(n), 0);
        int largest = 1;
        for (int c = 2; c < n; ++c)
            if (stats.at<int>(c, cv::CC_STAT_AREA) > stats.at<int>(largest, cv::CC_STAT_AREA))
                largest = c;
        keep[size_t(largest)] = 255;
        for (const QPoint &p : prompt.inside) {
            const cv::Point w = toWork(toCv(p));
            if (w.x >= 0 && w.y >= 0 && w.x < work.width && w.y < work.height)
                keep[size_t(components.at<int>(w))] = 255;
        }
        keep[0] = 0;
        for (int y = 0; y < fg.rows; ++y) {
            const int *label = components.ptr<int>(y);
            uchar *out = fg.ptr<uchar>(y);
            for (int x = 0; x < fg.cols; ++x)
                out[x] = keep[size_t(label[x])];
        }
    }

    if (m_options.fillHoles) {
        masktools::fillHoles(fg);
        // The outside clicks stay outside, even inside a filled hole.
        for (const QPoint &p : prompt.outside)
            if (crop.contains(toCv(p)))
                cv::circle(fg, toWork(toCv(p)), radius, cv::Scalar(0), cv::FILLED);
    }

    cv::Mat up;
    cv::resize(fg, up, crop.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat out(size, CV_8UC1, cv::Scalar(0));
    cv::threshold(up, out(crop), 127, 255, cv::THRESH_BINARY);
    if (m_options.refinePixels > 0 && scale < 0.9)
        refineBoundary(frameBgr, out, box, prompt, int(std::ceil(2.0 / scale)), int(std::lround(radius / scale)),
                       m_options.refinePixels);
    return out;
}

} // namespace sd
