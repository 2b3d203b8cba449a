#include "merge.h"

#include "maskcompare.h"

#include <opencv2/core.hpp>

#include <cmath>
#include <stdexcept>

namespace sd::consensus {

namespace {

void requireMergeable(const std::vector<RleMask> &masks)
{
    if (masks.empty())
        throw std::invalid_argument("no masks to merge");
    if (masks.size() > size_t(kMaxRaters))
        throw std::invalid_argument("too many masks to merge (at most 16)");
    for (const RleMask &m : masks)
        if (m.height != masks.front().height || m.width != masks.front().width || !m.isValid())
            throw std::invalid_argument("the masks to merge differ in size or are invalid");
}

// Every pixel's votes as a bit pattern (bit j: rater j marked it), and how often each
// pattern occurs: both methods decide per pattern, so the work is 2^n, not per pixel.
struct VotePatterns {
    std::vector<uint32_t> pixel;     // row-major pattern per pixel
    std::vector<quint64> count;      // occurrences per pattern
};

VotePatterns votePatterns(const std::vector<RleMask> &masks)
{
    const int h = masks.front().height, w = masks.front().width;
    VotePatterns v;
    v.pixel.assign(size_t(h) * size_t(w), 0);
    v.count.assign(size_t(1) << masks.size(), 0);
    for (size_t j = 0; j < masks.size(); ++j) {
        const cv::Mat m = masks[j].decode();
        for (int y = 0; y < h; ++y) {
            const uchar *row = m.ptr<uchar>(y);
            for (int x = 0; x < w; ++x)
                if (row[x])
                    v.pixel[size_t(y) * size_t(w) + size_t(x)] |= 1u << j;
        }
    }
    for (uint32_t p : v.pixel)
        ++v.count[p];
    return v;
}

RleMask maskFromDecision(const VotePatterns &v, const std::vector<bool> &inside, int h, int w)
{
    std::vector<uint8_t> pixels(v.pixel.size());
    for (size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = inside[v.pixel[i]] ? 255 : 0;
    return RleMask::encode(pixels.data(), h, w);
}

int votes(uint32_t pattern)
{
    int n = 0;
    for (; pattern; pattern &= pattern - 1)
        ++n;
    return n;
}

} // namespace

QString mergeMethodToString(MergeMethod m)
{
    return m == MergeMethod::Majority ? QStringLiteral("majority") : QStringLiteral("staple");
}

MergeMethod mergeMethodFromString(const QString &s)
{
    return s == QLatin1String("majority") ? MergeMethod::Majority : MergeMethod::Staple;
}

RleMask majorityVote(const std::vector<RleMask> &masks)
{
    requireMergeable(masks);
    const VotePatterns v = votePatterns(masks);
    std::vector<bool> inside(v.count.size());
    for (size_t p = 0; p < inside.size(); ++p)
        inside[p] = 2 * votes(uint32_t(p)) > int(masks.size());
    return maskFromDecision(v, inside, masks.front().height, masks.front().width);
}

StapleResult staple(const std::vector<RleMask> &masks, const StapleOptions &options)
{
    requireMergeable(masks);
    const size_t raters = masks.size();
    const VotePatterns v = votePatterns(masks);
    const double pixels = double(v.pixel.size());

    StapleResult r;
    double foreground = 0;
    for (const RleMask &m : masks)
        foreground += double(m.area());
    r.prior = pixels > 0 ? foreground / (pixels * double(raters)) : 0;
    r.sensitivity.assign(raters, options.initialSensitivity);
    r.specificity.assign(raters, options.initialSpecificity);

    std::vector<double> weight(v.count.size(), 0); // W: posterior of "truly inside" per pattern
    auto expectation = [&] {
        for (size_t p = 0; p < v.count.size(); ++p) {
            double a = r.prior, b = 1 - r.prior;
            for (size_t j = 0; j < raters; ++j) {
                const bool marked = (p >> j) & 1u;
                a *= marked ? r.sensitivity[j] : 1 - r.sensitivity[j];
                b *= marked ? 1 - r.specificity[j] : r.specificity[j];
            }
            weight[p] = a + b > 0 ? a / (a + b) : r.prior;
        }
    };
    for (r.iterations = 1; r.iterations <= options.maxIterations; ++r.iterations) {
        expectation();
        double change = 0;
        for (size_t j = 0; j < raters; ++j) {
            double inMarked = 0, in = 0, outUnmarked = 0, out = 0;
            for (size_t p = 0; p < v.count.size(); ++p) {
                const double n = double(v.count[p]);
                const bool marked = (p >> j) & 1u;
                in += n * weight[p];
                out += n * (1 - weight[p]);
                if (marked)
                    inMarked += n * weight[p];
                else
                    outUnmarked += n * (1 - weight[p]);
            }
            const double p = in > 0 ? inMarked / in : r.sensitivity[j];
            const double q = out > 0 ? outUnmarked / out : r.specificity[j];
            change = std::max({change, std::abs(p - r.sensitivity[j]), std::abs(q - r.specificity[j])});
            r.sensitivity[j] = p;
            r.specificity[j] = q;
        }
        if (change < options.tolerance) {
            r.converged = true;
            break;
        }
    }
    r.iterations = std::min(r.iterations, options.maxIterations);
    expectation(); // the posterior of the final parameters
    std::vector<bool> inside(weight.size());
    for (size_t p = 0; p < weight.size(); ++p)
        inside[p] = v.count[p] > 0 && weight[p] > 0.5;
    r.mask = maskFromDecision(v, inside, masks.front().height, masks.front().width);
    return r;
}

RleMask merge(const std::vector<RleMask> &masks, MergeMethod method)
{
    return method == MergeMethod::Majority ? majorityVote(masks) : staple(masks).mask;
}

std::vector<std::vector<double>> pairwiseDice(const std::vector<RleMask> &masks)
{
    std::vector<std::vector<double>> out(masks.size(), std::vector<double>(masks.size(), 1.0));
    for (size_t i = 0; i < masks.size(); ++i)
        for (size_t j = i + 1; j < masks.size(); ++j)
            out[i][j] = out[j][i] = agreementDice(masks[i], masks[j]);
    return out;
}

} // namespace sd::consensus
