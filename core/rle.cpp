#include "rle.h"
#include "json_limits.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace sd {

namespace {

[[noreturn]] void invalid(const std::string &what)
{
    throw std::invalid_argument("RLE mask: " + what);
}

quint64 pixelCount(int height, int width)
{
    if (height < 0 || width < 0)
        invalid("negative size " + std::to_string(height) + "x" + std::to_string(width));
    const quint64 n = quint64(height) * quint64(width);
    // Runs are uint32 (as in pycocotools); a larger mask could not be represented.
    if (n > std::numeric_limits<uint32_t>::max())
        invalid("mask of " + std::to_string(height) + "x" + std::to_string(width) + " pixels is too large");
    return n;
}

quint64 countsSum(const std::vector<uint32_t> &counts)
{
    quint64 s = 0;
    for (uint32_t c : counts)
        s += c;
    return s;
}

void requireValid(const RleMask &m, const char *name)
{
    const quint64 n = pixelCount(m.height, m.width);
    const quint64 s = countsSum(m.counts);
    if (s != n)
        invalid(std::string(name) + ": counts sum to " + std::to_string(s) + " but the mask has "
                + std::to_string(m.height) + "x" + std::to_string(m.width) + " = " + std::to_string(n)
                + " pixels");
}

// Canonical runs: zero-length runs after the first are merged away, so two
// encodings of the same pixels compare equal. pycocotools' encoder never makes
// such runs, but hand-written or foreign files may.
std::vector<uint32_t> canonicalRuns(const std::vector<uint32_t> &counts)
{
    std::vector<uint32_t> out;
    out.reserve(counts.size());
    for (size_t i = 0; i < counts.size(); ++i) {
        const uint32_t c = counts[i];
        const bool isOne = (i % 2) == 1;
        if (out.empty()) {
            out.push_back(c); // the leading zero run may be 0
            continue;
        }
        if (c == 0)
            continue;
        const bool lastIsOne = (out.size() % 2) == 0;
        if (lastIsOne == isOne)
            out.back() += c;
        else
            out.push_back(c);
    }
    // A mask with pixels must not end with an empty run ([5,0] == [5]); [0] stays for 0 pixels.
    while (out.size() > 1 && out.back() == 0)
        out.pop_back();
    if (out.empty())
        out.push_back(0);
    return out;
}

// Walks two run lists of equal total length in lockstep, emitting segments with
// the pixel value of both masks.
template<typename Fn>
void walkPair(const RleMask &a, const RleMask &b, Fn &&fn)
{
    size_t ia = 0, ib = 0;
    quint64 leftA = a.counts.empty() ? 0 : a.counts[0];
    quint64 leftB = b.counts.empty() ? 0 : b.counts[0];
    const size_t na = a.counts.size(), nb = b.counts.size();
    for (;;) {
        while (leftA == 0 && ia < na) {
            if (++ia < na)
                leftA = a.counts[ia];
        }
        while (leftB == 0 && ib < nb) {
            if (++ib < nb)
                leftB = b.counts[ib];
        }
        if (ia >= na || ib >= nb)
            break;
        const quint64 step = std::min(leftA, leftB);
        fn(step, (ia % 2) == 1, (ib % 2) == 1);
        leftA -= step;
        leftB -= step;
    }
}

void requireSameSize(const RleMask &a, const RleMask &b, const char *op)
{
    requireValid(a, "first operand");
    requireValid(b, "second operand");
    if (a.height != b.height || a.width != b.width)
        invalid(std::string(op) + " of masks with different sizes " + std::to_string(a.height) + "x"
                + std::to_string(a.width) + " and " + std::to_string(b.height) + "x" + std::to_string(b.width));
}

quint64 intersectionArea(const RleMask &a, const RleMask &b)
{
    quint64 inter = 0;
    walkPair(a, b, [&](quint64 len, bool va, bool vb) {
        if (va && vb)
            inter += len;
    });
    return inter;
}

// Run lengths of a linear (column-major) 0/non-zero buffer.
std::vector<uint32_t> runsOf(const uint8_t *data, size_t n)
{
    std::vector<uint32_t> counts;
    bool current = false;
    uint32_t run = 0;
    for (size_t i = 0; i < n; ++i) {
        const bool v = data[i] != 0;
        if (v != current) {
            counts.push_back(run);
            run = 0;
            current = v;
        }
        ++run;
    }
    counts.push_back(run);
    return counts;
}

} // namespace

bool RleMask::isValid() const
{
    if (height < 0 || width < 0)
        return false;
    const quint64 n = quint64(height) * quint64(width);
    return n <= std::numeric_limits<uint32_t>::max() && countsSum(counts) == n;
}

bool RleMask::isEmpty() const
{
    for (size_t i = 1; i < counts.size(); i += 2)
        if (counts[i] != 0)
            return false;
    return true;
}

bool RleMask::operator==(const RleMask &o) const
{
    if (height != o.height || width != o.width)
        return false;
    if (counts == o.counts)
        return true;
    return canonicalRuns(counts) == canonicalRuns(o.counts);
}

RleMask RleMask::encode(const cv::Mat &mask)
{
    if (mask.type() != CV_8UC1)
        invalid("encode expects a CV_8UC1 mask, got type " + std::to_string(mask.type()) + " with "
                + std::to_string(mask.channels()) + " channel(s)");
    if (mask.dims > 2)
        invalid("encode expects a 2-D mask");
    pixelCount(mask.rows, mask.cols);
    RleMask r;
    r.height = mask.rows;
    r.width = mask.cols;
    if (mask.empty()) {
        r.counts = {0};
        return r;
    }
    // Column-major order = the rows of the transposed mask.
    cv::Mat t;
    cv::transpose(mask, t);
    if (!t.isContinuous())
        t = t.clone();
    r.counts = runsOf(t.ptr<uint8_t>(0), t.total());
    return r;
}

RleMask RleMask::encode(const uint8_t *rowMajor, int height, int width)
{
    pixelCount(height, width);
    if (height == 0 || width == 0)
        return empty(height, width);
    if (!rowMajor)
        invalid("encode: null pixel buffer");
    const cv::Mat m(height, width, CV_8UC1, const_cast<uint8_t *>(rowMajor));
    return encode(m);
}

RleMask RleMask::empty(int height, int width)
{
    RleMask r;
    r.height = height;
    r.width = width;
    r.counts = {uint32_t(pixelCount(height, width))};
    return r;
}

cv::Mat RleMask::decode() const
{
    requireValid(*this, "decode");
    if (height == 0 || width == 0)
        return cv::Mat(height, width, CV_8UC1);
    cv::Mat t(width, height, CV_8UC1, cv::Scalar(0)); // column-major buffer
    uint8_t *p = t.ptr<uint8_t>(0);
    size_t pos = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        if (i % 2 == 1)
            std::fill(p + pos, p + pos + counts[i], uint8_t(255));
        pos += counts[i];
    }
    cv::Mat m;
    cv::transpose(t, m);
    return m;
}

quint64 RleMask::area() const
{
    quint64 a = 0;
    for (size_t i = 1; i < counts.size(); i += 2)
        a += counts[i];
    return a;
}

QRect RleMask::boundingBox() const
{
    requireValid(*this, "boundingBox");
    if (height == 0)
        return {};
    const quint64 h = quint64(height);
    quint64 pos = 0;
    quint64 xMin = std::numeric_limits<quint64>::max(), yMin = xMin, xMax = 0, yMax = 0;
    bool any = false;
    for (size_t i = 0; i < counts.size(); ++i) {
        const quint64 len = counts[i];
        if (i % 2 == 1 && len > 0) {
            const quint64 first = pos, last = pos + len - 1;
            const quint64 x0 = first / h, y0 = first % h, x1 = last / h, y1 = last % h;
            any = true;
            xMin = std::min(xMin, x0);
            xMax = std::max(xMax, x1);
            if (x0 == x1) {
                yMin = std::min(yMin, y0);
                yMax = std::max(yMax, y1);
            } else { // wraps over a column boundary: touches the top and the bottom row
                yMin = 0;
                yMax = h - 1;
            }
        }
        pos += len;
    }
    if (!any)
        return {};
    return QRect(int(xMin), int(yMin), int(xMax - xMin + 1), int(yMax - yMin + 1));
}

QPointF RleMask::centroid() const
{
    requireValid(*this, "centroid");
    const quint64 h = quint64(height);
    // Sums of pixel coordinates, computed per run from arithmetic series.
    long double sumX = 0, sumY = 0;
    quint64 n = 0, pos = 0;
    auto addColumnSegment = [&](quint64 x, quint64 y0, quint64 y1) { // rows y0..y1 of column x
        const quint64 len = y1 - y0 + 1;
        sumX += (long double)x * len;
        sumY += (long double)(y0 + y1) * len / 2.0L;
        n += len;
    };
    for (size_t i = 0; i < counts.size(); ++i) {
        const quint64 len = counts[i];
        if (i % 2 == 1 && len > 0) {
            const quint64 first = pos, last = pos + len - 1;
            const quint64 x0 = first / h, y0 = first % h, x1 = last / h, y1 = last % h;
            if (x0 == x1) {
                addColumnSegment(x0, y0, y1);
            } else {
                addColumnSegment(x0, y0, h - 1);
                addColumnSegment(x1, 0, y1);
                if (x1 > x0 + 1) { // full columns x0+1 .. x1-1
                    const quint64 k = x1 - x0 - 1;
                    sumX += (long double)h * (long double)(x0 + 1 + x1 - 1) * k / 2.0L;
                    sumY += (long double)k * h * (h - 1) / 2.0L;
                    n += k * h;
                }
            }
        }
        pos += len;
    }
    if (n == 0)
        return QPointF(-1, -1);
    return QPointF(double(sumX / n), double(sumY / n));
}

QByteArray RleMask::toCocoString() const
{
    requireValid(*this, "toCocoString");
    QByteArray s;
    s.reserve(int(counts.size() * 2));
    for (size_t i = 0; i < counts.size(); ++i) {
        int64_t x = int64_t(counts[i]);
        if (i > 2)
            x -= int64_t(counts[i - 2]);
        bool more = true;
        while (more) {
            char c = char(x & 0x1f);
            x >>= 5; // arithmetic shift, as in pycocotools
            more = (c & 0x10) ? x != -1 : x != 0;
            if (more)
                c |= 0x20;
            s.append(char(c + 48));
        }
    }
    return s;
}

RleMask RleMask::fromCocoString(const QByteArray &s, int height, int width)
{
    pixelCount(height, width);
    RleMask r;
    r.height = height;
    r.width = width;
    int p = 0;
    const int n = s.size();
    while (p < n) {
        int64_t x = 0;
        int k = 0;
        bool more = true;
        while (more) {
            if (p >= n)
                invalid("COCO counts string ends inside a number");
            const int c = int(uint8_t(s[p])) - 48;
            if (c < 0 || c > 63)
                invalid("COCO counts string has an invalid character at offset " + std::to_string(p));
            if (k >= 12) // 60 bits: far beyond any uint32 run or delta
                invalid("COCO counts string has an over-long number at offset " + std::to_string(p));
            x |= int64_t(c & 0x1f) << (5 * k);
            more = (c & 0x20) != 0;
            ++p;
            ++k;
            if (!more && (c & 0x10))
                x |= int64_t(-1) * (int64_t(1) << (5 * k)); // sign-extend
        }
        const size_t m = r.counts.size();
        if (m > 2)
            x += int64_t(r.counts[m - 2]);
        if (x < 0 || x > int64_t(std::numeric_limits<uint32_t>::max()))
            invalid("COCO counts string decodes to an out-of-range run " + std::to_string(x) + " (run "
                    + std::to_string(m) + ")");
        r.counts.push_back(uint32_t(x));
    }
    if (r.counts.empty())
        r.counts.push_back(0);
    requireValid(r, "fromCocoString");
    return r;
}

QByteArray RleMask::toJson() const
{
    requireValid(*this, "toJson");
    nlohmann::json j;
    j["size"] = {height, width};
    j["counts"] = counts;
    const std::string s = j.dump();
    return QByteArray(s.data(), int(s.size()));
}

RleMask RleMask::fromJson(const QByteArray &json)
{
    // Stored masks are read through here, so every malformed case is a runtime_error
    // (the declared contract) with a message saying what is wrong.
    auto fail = [](const std::string &why) -> RleMask {
        throw std::runtime_error("RLE mask JSON: " + why);
    };
    nlohmann::json j;
    try {
        j = parseJsonBounded(std::string_view(json.constData(), size_t(json.size())));
    } catch (const nlohmann::json::exception &e) {
        return fail(std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object())
        return fail("expected an object with \"size\" and \"counts\"");
    const auto size = j.find("size");
    if (size == j.end() || !size->is_array() || size->size() != 2 || !(*size)[0].is_number_integer()
        || !(*size)[1].is_number_integer())
        return fail("\"size\" must be [height, width] integers");
    const int64_t h = (*size)[0].get<int64_t>(), w = (*size)[1].get<int64_t>();
    if (h < 0 || w < 0 || h > std::numeric_limits<int>::max() || w > std::numeric_limits<int>::max())
        return fail("invalid \"size\" [" + std::to_string(h) + ", " + std::to_string(w) + "]");
    const auto counts = j.find("counts");
    if (counts == j.end())
        return fail("missing \"counts\"");
    try {
        if (counts->is_string()) { // also accept the compressed COCO form
            const std::string s = counts->get<std::string>();
            return fromCocoString(QByteArray(s.data(), int(s.size())), int(h), int(w));
        }
        if (!counts->is_array())
            return fail("\"counts\" must be an array of run lengths or a COCO string");
        RleMask r;
        r.height = int(h);
        r.width = int(w);
        r.counts.reserve(counts->size());
        for (const auto &c : *counts) {
            if (!c.is_number_integer() || c.get<int64_t>() < 0
                || c.get<int64_t>() > int64_t(std::numeric_limits<uint32_t>::max()))
                return fail("\"counts\" must hold non-negative 32-bit integers");
            r.counts.push_back(uint32_t(c.get<int64_t>()));
        }
        if (r.counts.empty())
            r.counts.push_back(0);
        requireValid(r, "fromJson");
        return r;
    } catch (const std::invalid_argument &e) {
        return fail(e.what());
    }
}

double iou(const RleMask &a, const RleMask &b)
{
    requireSameSize(a, b, "iou");
    const quint64 inter = intersectionArea(a, b);
    const quint64 uni = a.area() + b.area() - inter;
    return uni == 0 ? 0.0 : double(inter) / double(uni);
}

double dice(const RleMask &a, const RleMask &b)
{
    requireSameSize(a, b, "dice");
    const quint64 inter = intersectionArea(a, b);
    const quint64 total = a.area() + b.area();
    return total == 0 ? 0.0 : 2.0 * double(inter) / double(total);
}

RleMask unite(const RleMask &a, const RleMask &b)
{
    requireSameSize(a, b, "unite");
    RleMask r;
    r.height = a.height;
    r.width = a.width;
    r.counts.push_back(0);
    walkPair(a, b, [&](quint64 len, bool va, bool vb) {
        const bool v = va || vb;
        const bool lastIsOne = (r.counts.size() % 2) == 0;
        if (v != lastIsOne)
            r.counts.push_back(0);
        r.counts.back() += uint32_t(len);
    });
    while (r.counts.size() > 1 && r.counts.back() == 0)
        r.counts.pop_back();
    return r;
}

} // namespace sd
