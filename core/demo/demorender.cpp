#include "demorender.h"

#include "demorandom.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sd::demo {

const char *demoStructureKey(DemoStructure s)
{
    switch (s) {
    case DemoStructure::PreparationPlane: return "preparation_plane";
    case DemoStructure::AngelsHair: return "angels_hair";
    case DemoStructure::Imv: return "vena_mesenterica_inferior";
    case DemoStructure::Duodenum: return "duodenum";
    case DemoStructure::Pancreas: return "pancreas";
    }
    return "";
}

int minimumMaskArea(cv::Size size)
{
    return std::max(64, int(0.004 * double(size.area())));
}

cv::Mat1f vignetteField(cv::Size size)
{
    cv::Mat1f v(size);
    const float cx = size.width / 2.f, cy = size.height / 2.f;
    const float half = std::hypot(cx, cy);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const float r = std::hypot(x - cx, y - cy) / half;
            const float t = std::min(1.f, std::max(0.f, (r - 0.5f) / (1.02f - 0.5f)));
            v(y, x) = 1.08f - 0.08f * r - 0.95f * (t * t * (3.f - 2.f * t));
        }
    return v;
}

namespace {

using Vec3 = cv::Vec3f;
constexpr float kPi = 3.14159265358979f;

// Albedos (BGR, 0..1). Each structure keeps one colour family so a small model
// can learn it; per-frame variation comes from position, scale, shading.
const Vec3 kTissueDeep{0.12f, 0.12f, 0.46f};
const Vec3 kTissueLight{0.27f, 0.33f, 0.74f};
const Vec3 kFat{0.28f, 0.56f, 0.86f};
const Vec3 kCapillary{0.10f, 0.07f, 0.36f};
const Vec3 kPlane{0.86f, 0.87f, 0.93f};
const Vec3 kPlaneTint{0.74f, 0.76f, 0.92f};
const Vec3 kCavity{0.05f, 0.05f, 0.17f};
const Vec3 kFibre{0.95f, 0.96f, 0.98f};
const Vec3 kVein{0.56f, 0.33f, 0.42f};
const Vec3 kVeinDark{0.40f, 0.18f, 0.30f};
const Vec3 kVeinHalo{0.50f, 0.55f, 0.82f};
const Vec3 kDuodenum{0.56f, 0.64f, 0.93f};
const Vec3 kDuodenumFold{0.36f, 0.42f, 0.70f};
const Vec3 kPancreas{0.56f, 0.79f, 0.93f};
const Vec3 kPancreasSeptum{0.44f, 0.60f, 0.82f};
const Vec3 kSteel{0.62f, 0.63f, 0.66f};
const Vec3 kSteelDark{0.30f, 0.31f, 0.34f};

float clamp01(float v) { return std::min(1.f, std::max(0.f, v)); }

// Hermite step from e0 to e1 (e0 > e1 gives a falling step).
float smoothstep(float e0, float e1, float x)
{
    const float t = clamp01((x - e0) / (e1 - e0));
    return t * t * (3.f - 2.f * t);
}

Vec3 mix(const Vec3 &a, const Vec3 &b, float t) { return a * (1.f - t) + b * t; }

int zOrder(DemoStructure s)
{
    // Deep retroperitoneal organs first; the IMV runs behind the pancreas;
    // the plane and its angel's hair lie on top.
    switch (s) {
    case DemoStructure::Duodenum: return 0;
    case DemoStructure::Imv: return 1;
    case DemoStructure::Pancreas: return 2;
    case DemoStructure::PreparationPlane: return 3;
    case DemoStructure::AngelsHair: return 4;
    }
    return 5;
}

// Smooth value noise in about [-1, 1]: a coarse random grid, cubic-upsampled.
cv::Mat1f valueNoise(DemoRandom &rng, cv::Size size, float cellPx)
{
    const int gx = std::max(2, int(std::ceil(size.width / cellPx)) + 2);
    const int gy = std::max(2, int(std::ceil(size.height / cellPx)) + 2);
    cv::Mat1f grid(gy, gx);
    for (int y = 0; y < gy; ++y)
        for (int x = 0; x < gx; ++x)
            grid(y, x) = float(rng.uniform(-1.0, 1.0));
    cv::Mat1f out;
    cv::resize(grid, out, size, 0, 0, cv::INTER_CUBIC);
    return out;
}

struct Noise {
    cv::Mat1f low, mid, fine, grain;
};

struct Canvas {
    cv::Mat3f color;   // albedo before lighting
    cv::Mat1f height;  // in pixels, drives shading and highlights
    cv::Mat1f wetness; // specular strength
};

struct Px {
    float alpha = 0;
    Vec3 col;
    float height = 0;
    float wet = 0;
};

// Blends f(x, y) over the canvas inside roi.
template <class F>
void paint(Canvas &c, cv::Rect roi, F &&f)
{
    roi &= cv::Rect(0, 0, c.color.cols, c.color.rows);
    for (int y = roi.y; y < roi.y + roi.height; ++y) {
        Vec3 *col = c.color.ptr<Vec3>(y);
        float *h = c.height.ptr<float>(y);
        float *w = c.wetness.ptr<float>(y);
        for (int x = roi.x; x < roi.x + roi.width; ++x) {
            const Px p = f(x, y);
            if (p.alpha <= 0.f)
                continue;
            const float a = std::min(1.f, p.alpha);
            col[x] = mix(col[x], p.col, a);
            h[x] = h[x] * (1.f - a) + p.height * a;
            w[x] = w[x] * (1.f - a) + p.wet * a;
        }
    }
}

cv::Rect fullRect(cv::Size s) { return cv::Rect(0, 0, s.width, s.height); }

struct Curve {
    std::vector<cv::Point2f> pts;
};

Curve bezier(cv::Point2f p0, cv::Point2f p1, cv::Point2f p2, cv::Point2f p3, int n = 96)
{
    Curve c;
    c.pts.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        const float t = float(i) / float(n - 1), u = 1.f - t;
        c.pts.push_back(u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3);
    }
    return c;
}

Curve randomCurve(DemoRandom &rng, cv::Point2f centre, float angle, float length, float bendFraction)
{
    const cv::Point2f dir(std::cos(angle), std::sin(angle));
    const cv::Point2f nrm(-dir.y, dir.x);
    const cv::Point2f p0 = centre - dir * (length / 2), p3 = centre + dir * (length / 2);
    const float b1 = float(rng.uniform(-bendFraction, bendFraction)) * length;
    const float b2 = float(rng.uniform(-bendFraction, bendFraction)) * length;
    return bezier(p0, p0 + dir * (length / 3) + nrm * b1, p3 - dir * (length / 3) + nrm * b2, p3);
}

// Unit tangent at point i of a curve.
cv::Point2f tangentAt(const Curve &c, size_t i)
{
    const size_t a = i == 0 ? 0 : i - 1, b = std::min(c.pts.size() - 1, i + 1);
    cv::Point2f t = c.pts[b] - c.pts[a];
    const float n = std::max(1e-6f, float(std::hypot(t.x, t.y)));
    return t / n;
}

// Euclidean distance of every pixel to the polyline. The curve is drawn on a
// canvas padded by `pad`, so parts just outside the frame still count.
cv::Mat1f distanceToCurve(const Curve &c, cv::Size size, int pad = 0)
{
    cv::Mat1b img(size.height + 2 * pad, size.width + 2 * pad, uchar(255));
    std::vector<cv::Point> ipts;
    ipts.reserve(c.pts.size());
    for (const auto &p : c.pts)
        ipts.emplace_back(cvRound(p.x) + pad, cvRound(p.y) + pad);
    cv::polylines(img, ipts, false, cv::Scalar(0), 1, cv::LINE_8);
    cv::Mat1f dist;
    cv::distanceTransform(img, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    return dist(cv::Rect(pad, pad, size.width, size.height)).clone();
}

cv::Rect curveBounds(const Curve &c, float margin)
{
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (const auto &p : c.pts) {
        x0 = std::min(x0, p.x);
        y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x);
        y1 = std::max(y1, p.y);
    }
    return cv::Rect(cv::Point(int(std::floor(x0 - margin)), int(std::floor(y0 - margin))),
                    cv::Point(int(std::ceil(x1 + margin)) + 1, int(std::ceil(y1 + margin)) + 1));
}

// Planned geometry of one structure: its hard region plus what painting needs.
struct Geometry {
    DemoStructure kind = DemoStructure::PreparationPlane;
    Curve curve;
    cv::Mat1f dist;                       // distance to the curve (band-like structures)
    float radius = 0;                     // half width
    float angle = 0;
    std::vector<cv::Vec3f> lobules;       // pancreas lobules (x, y, r)
    cv::Mat1b region;                     // 0 / 255
    cv::Rect bounds;
};

class FrameRenderer {
public:
    FrameRenderer(const SceneSpec &spec, DemoRandom &rng)
        : m_spec(spec), m_size(spec.size), m_rng(rng),
          m_scale(float(std::min(spec.size.width, spec.size.height)) / 512.f)
    {
    }

    RenderedFrame render(const std::vector<DemoStructure> &structures, bool withInstrument);

private:
    cv::Point2f randomCentre(float marginFraction);
    Geometry planBand(DemoStructure kind, float lenLo, float lenHi, float rLo, float rHi, float bend);
    void finishBand(Geometry &g);
    double coarseOverlap(const Geometry &g, const cv::Mat1b &occupiedSmall) const;
    Geometry planAngelsHair(const Geometry *plane);
    Geometry planPancreas();
    Geometry planOne(DemoStructure kind, const Geometry *plane);
    Geometry planPlaced(DemoStructure kind, const Geometry *plane, const cv::Mat1b &occupied);

    void paintTissue();
    void paintPlane(const Geometry &g);
    void paintAngelsHair(const Geometry &g);
    void paintImv(const Geometry &g);
    void paintDuodenum(const Geometry &g);
    void paintPancreas(const Geometry &g);
    cv::Mat1b planInstrument();
    void light();
    void paintInstrument();
    cv::Mat1f vignette() const;

    const SceneSpec &m_spec;
    cv::Size m_size;
    DemoRandom &m_rng;
    float m_scale;
    Noise m_noise;
    Canvas m_canvas;
    cv::Mat3f m_lit;

    // instrument geometry
    cv::Point2f m_toolStart, m_toolDir;
    float m_toolLength = 0, m_toolRadius = 0, m_jawAngle = 0;
};

cv::Point2f FrameRenderer::randomCentre(float marginFraction)
{
    const float mx = marginFraction * m_size.width, my = marginFraction * m_size.height;
    return {float(m_rng.uniform(mx, m_size.width - mx)), float(m_rng.uniform(my, m_size.height - my))};
}

Geometry FrameRenderer::planBand(DemoStructure kind, float lenLo, float lenHi, float rLo, float rHi,
                                 float bend)
{
    Geometry g;
    g.kind = kind;
    g.angle = float(m_rng.uniform(0, kPi));
    // Lengths are in frame diagonals: from 2 on, both ends lie outside the
    // frame, so vessels and layers run through the picture instead of ending in it.
    const float diagonal = float(std::hypot(m_size.width, m_size.height));
    const float length = float(m_rng.uniform(lenLo, lenHi)) * diagonal;
    g.curve = randomCurve(m_rng, randomCentre(0.22f), g.angle, length, bend);
    g.radius = float(m_rng.uniform(rLo, rHi)) * m_scale;
    return g; // finishBand() computes the pixels once a placement is chosen
}

// Distance field and region of a band-like structure (curve + half width).
void FrameRenderer::finishBand(Geometry &g)
{
    g.dist = distanceToCurve(g.curve, m_size, int(std::ceil(g.radius * 3)) + 2);
    g.bounds = curveBounds(g.curve, g.radius * 2.8f) & fullRect(m_size);
    g.region = cv::Mat1b(m_size, uchar(0));
    const float wobble = g.kind == DemoStructure::Imv             ? 0.12f
                         : g.kind == DemoStructure::Duodenum      ? 0.08f
                         : g.kind == DemoStructure::AngelsHair    ? 0.f
                                                                  : 0.3f;
    for (int y = g.bounds.y; y < g.bounds.br().y; ++y)
        for (int x = g.bounds.x; x < g.bounds.br().x; ++x)
            if (g.dist(y, x) < g.radius * (1.f + wobble * m_noise.mid(y, x)))
                g.region(y, x) = 255;
}

// Share of a band's footprint, drawn at quarter resolution, that covers `occupiedSmall`.
double FrameRenderer::coarseOverlap(const Geometry &g, const cv::Mat1b &occupiedSmall) const
{
    cv::Mat1b foot(occupiedSmall.size(), uchar(0));
    std::vector<cv::Point> pts;
    for (const auto &p : g.curve.pts)
        pts.emplace_back(cvRound(p.x / 4), cvRound(p.y / 4));
    cv::polylines(foot, pts, false, cv::Scalar(255), std::max(1, cvRound(g.radius / 2)), cv::LINE_8);
    const int area = cv::countNonZero(foot);
    return area == 0 ? 1.0 : double(cv::countNonZero(foot & occupiedSmall)) / area;
}

Geometry FrameRenderer::planAngelsHair(const Geometry *plane)
{
    Geometry g;
    g.kind = DemoStructure::AngelsHair;
    g.radius = float(m_rng.uniform(22, 36)) * m_scale;
    if (plane) {
        // The filaments fill the plane being opened: follow a section of it,
        // shifted to one side so the white layer stays visible.
        const size_t n = plane->curve.pts.size();
        const size_t span = size_t(double(n) * m_rng.uniform(0.45, 0.7));
        const size_t first = size_t(m_rng.uniform(0.1, 0.9) * double(n - span));
        const float side = m_rng.chance(0.5) ? 1.f : -1.f;
        const float offset = side * (plane->radius + g.radius * float(m_rng.uniform(0.35, 0.7)));
        for (size_t i = first; i < first + span; ++i) {
            const cv::Point2f t = tangentAt(plane->curve, i);
            g.curve.pts.push_back(plane->curve.pts[i] + cv::Point2f(-t.y, t.x) * offset);
        }
        g.angle = plane->angle;
    } else {
        g.angle = float(m_rng.uniform(0, kPi));
        const float length = float(m_rng.uniform(0.3, 0.5)) * m_size.width;
        g.curve = randomCurve(m_rng, randomCentre(0.25f), g.angle, length, 0.15f);
    }
    return g; // finished by finishBand()
}

Geometry FrameRenderer::planPancreas()
{
    Geometry g;
    g.kind = DemoStructure::Pancreas;
    g.angle = float(m_rng.uniform(0, kPi));
    const float length = float(m_rng.uniform(0.35, 0.55)) * m_size.width;
    g.curve = randomCurve(m_rng, randomCentre(0.25f), g.angle, length, 0.12f);
    g.radius = float(m_rng.uniform(30, 46)) * m_scale;
    const float meanR = 8.f * m_scale;
    const int count = int(length * g.radius * 2.f / (kPi * meanR * meanR) * 1.9f);
    const size_t n = g.curve.pts.size();
    for (int i = 0; i < count; ++i) {
        const float s = float(m_rng.uniform());
        const size_t idx = std::min(n - 1, size_t(s * float(n)));
        const cv::Point2f t = tangentAt(g.curve, idx);
        const float taper = 1.f - 0.4f * s; // head wide, tail narrow
        const float across = float(m_rng.uniform(-1, 1)) * g.radius * taper * 0.85f;
        const cv::Point2f p = g.curve.pts[idx] + cv::Point2f(-t.y, t.x) * across;
        const float r = float(m_rng.uniform(6, 10.5)) * m_scale * (0.8f + 0.2f * taper);
        g.lobules.emplace_back(p.x, p.y, r);
    }
    g.region = cv::Mat1b(m_size, uchar(0));
    for (const auto &l : g.lobules)
        cv::circle(g.region, cv::Point(cvRound(l[0]), cvRound(l[1])), cvRound(l[2]), cv::Scalar(255),
                   cv::FILLED, cv::LINE_8);
    // A gland, not a bunch of grapes: close the small gaps between lobules.
    const int k = std::max(3, int(7 * m_scale) | 1);
    cv::morphologyEx(g.region, g.region, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(k, k)));
    // ... and fill the holes the closing left: flood the background from a
    // border pixel outside the gland, everything not reached is gland.
    cv::Mat1b padded(m_size.height + 2, m_size.width + 2, uchar(0));
    g.region.copyTo(padded(cv::Rect(1, 1, m_size.width, m_size.height)));
    cv::floodFill(padded, cv::Point(0, 0), cv::Scalar(128));
    g.region = padded(cv::Rect(1, 1, m_size.width, m_size.height)) != 128;
    g.bounds = curveBounds(g.curve, g.radius + 20 * m_scale) & fullRect(m_size);
    return g;
}

Geometry FrameRenderer::planOne(DemoStructure kind, const Geometry *plane)
{
    switch (kind) {
    case DemoStructure::PreparationPlane: return planBand(kind, 2.0f, 2.6f, 9, 16, 0.24f);
    case DemoStructure::AngelsHair: return planAngelsHair(plane);
    case DemoStructure::Imv: return planBand(kind, 2.0f, 2.6f, 10, 17, 0.24f);
    case DemoStructure::Duodenum: return planBand(kind, 2.0f, 2.4f, 44, 64, 0.2f); // a bowel loop
    case DemoStructure::Pancreas: return planPancreas();
    }
    throw std::invalid_argument("unknown demo structure");
}

// Tries a few placements and keeps the one overlapping the structures already
// planned the least, so masks stay mostly visible.
Geometry FrameRenderer::planPlaced(DemoStructure kind, const Geometry *plane, const cv::Mat1b &occupied)
{
    // Bands are scored on a cheap quarter-resolution footprint; only the chosen
    // one gets its full-resolution distance field.
    cv::Mat1b occupiedSmall;
    cv::resize(occupied, occupiedSmall, cv::Size((m_size.width + 3) / 4, (m_size.height + 3) / 4), 0, 0,
               cv::INTER_AREA);
    occupiedSmall = occupiedSmall > 0;
    const bool attached = kind == DemoStructure::AngelsHair && plane;
    Geometry best;
    double bestOverlap = 2;
    for (int attempt = 0; attempt < (attached ? 1 : 8); ++attempt) {
        Geometry g = planOne(kind, plane);
        double overlap = 0;
        if (g.region.empty()) {
            overlap = coarseOverlap(g, occupiedSmall);
        } else {
            const double area = std::max(1, cv::countNonZero(g.region));
            overlap = cv::countNonZero(g.region & occupied) / area;
        }
        if (overlap < bestOverlap) {
            bestOverlap = overlap;
            best = std::move(g);
        }
        if (overlap < 0.05)
            break;
    }
    if (best.region.empty())
        finishBand(best);
    return best;
}

void FrameRenderer::paintTissue()
{
    const float tint = float(m_spec.tissueTint);
    const Vec3 deep = kTissueDeep + Vec3(0.02f, 0.03f, 0.04f) * tint;
    const Vec3 light = kTissueLight + Vec3(0.03f, 0.05f, 0.03f) * tint;
    const cv::Mat1f fat = valueNoise(m_rng, m_size, 120 * m_scale);
    const float fatLevel = float(m_rng.uniform(0.4, 0.7));
    const float s = m_scale;
    paint(m_canvas, fullRect(m_size), [&](int x, int y) {
        const float lo = m_noise.low(y, x), mi = m_noise.mid(y, x), fi = m_noise.fine(y, x);
        Px p;
        p.alpha = 1;
        p.col = mix(deep, light, clamp01(0.55f + 0.45f * lo + 0.2f * mi));
        p.col *= 0.9f + 0.1f * fi;
        const float f = smoothstep(fatLevel, fatLevel + 0.35f, fat(y, x));
        p.col = mix(p.col, kFat, 0.35f * f);
        p.height = s * (34.f * lo + 5.f * mi + 0.4f * fi);
        p.wet = 0.2f + 0.4f * std::max(0.f, mi);
        return p;
    });
    // Small unlabelled vessels on the surface.
    cv::Mat1b vessels(m_size, uchar(0));
    const int count = m_rng.uniformInt(3, 7);
    for (int i = 0; i < count; ++i) {
        const Curve c = randomCurve(m_rng, randomCentre(0.05f), float(m_rng.uniform(0, kPi)),
                                    float(m_rng.uniform(0.15, 0.45)) * m_size.width, 0.3f);
        std::vector<cv::Point> ipts;
        for (const auto &p : c.pts)
            ipts.emplace_back(cvRound(p.x), cvRound(p.y));
        cv::polylines(vessels, ipts, false, cv::Scalar(m_rng.uniformInt(120, 220)),
                      std::max(1, int(std::round(m_rng.uniform(1, 2.6) * s))), cv::LINE_AA);
    }
    cv::GaussianBlur(vessels, vessels, cv::Size(3, 3), 0.8);
    paint(m_canvas, fullRect(m_size), [&](int x, int y) {
        Px p;
        p.alpha = vessels(y, x) / 255.f * 0.7f;
        if (p.alpha > 0) {
            p.col = kCapillary;
            p.height = m_canvas.height(y, x) + 1.5f * s;
            p.wet = 0.7f;
        }
        return p;
    });
}

void FrameRenderer::paintPlane(const Geometry &g)
{
    const float r = g.radius, s = m_scale;
    const float f1 = float(m_rng.uniform(0.7, 1.1)) / s, f2 = float(m_rng.uniform(1.9, 2.6)) / s;
    const float ph1 = float(m_rng.uniform(0, 6.28)), ph2 = float(m_rng.uniform(0, 6.28));
    // The cleft on both sides of the layer: two fascial surfaces pulled apart.
    paint(m_canvas, g.bounds, [&](int x, int y) {
        Px p;
        const float d = g.dist(y, x);
        const float edge = r * (1.f + 0.3f * m_noise.mid(y, x));
        if (d < edge || d > edge * 2.6f)
            return p;
        p.alpha = 0.6f * smoothstep(edge * 2.6f, edge * 1.1f, d);
        p.col = m_canvas.color(y, x) * 0.4f;
        p.height = m_canvas.height(y, x) - 4.f * s;
        p.wet = 0.3f;
        return p;
    });
    paint(m_canvas, g.bounds, [&](int x, int y) {
        Px p;
        const float d = g.dist(y, x);
        const float edge = r * (1.f + 0.3f * m_noise.mid(y, x));
        if (d > edge + 1.5f)
            return p;
        const float streak = 0.5f * std::sin(d * f1 + ph1) + 0.3f * std::sin(d * f2 + ph2);
        const float u = clamp01(d / edge);
        p.alpha = 0.88f * smoothstep(edge + 1.5f, edge - 1.5f, d);
        p.col = mix(kPlane, kPlaneTint, clamp01(0.35f + 0.35f * streak + 0.3f * m_noise.fine(y, x) + 0.3f * u));
        p.height = m_canvas.height(y, x) * 0.5f + 2.f * s * (1.f - u * u) + 0.8f * s * streak;
        p.wet = 1.f;
        return p;
    });
}

void FrameRenderer::paintAngelsHair(const Geometry &g)
{
    const float R = g.radius, s = m_scale;
    // Dark areolar cavity behind the filaments.
    paint(m_canvas, g.bounds, [&](int x, int y) {
        Px p;
        const float d = g.dist(y, x);
        if (d > R + 6)
            return p;
        p.alpha = 0.78f * smoothstep(R + 6, R - 8, d);
        p.col = kCavity * (0.75f + 0.25f * m_noise.mid(y, x) + 0.2f * m_noise.fine(y, x));
        p.height = m_canvas.height(y, x) - 8.f * s;
        p.wet = 0.2f;
        return p;
    });
    // Fine filaments stretched across the cavity (traction / counter-traction).
    cv::Mat1b fibres(m_size, uchar(0));
    const size_t n = g.curve.pts.size();
    float length = 0;
    for (size_t i = 1; i < n; ++i)
        length += float(cv::norm(g.curve.pts[i] - g.curve.pts[i - 1]));
    const int count = std::max(24, int(length / (2.4f * s)));
    for (int i = 0; i < count; ++i) {
        const size_t idx = std::min(n - 1, size_t(m_rng.uniform() * double(n)));
        const cv::Point2f t = tangentAt(g.curve, idx), nrm(-t.y, t.x);
        const cv::Point2f c = g.curve.pts[idx];
        const bool diagonal = m_rng.chance(0.2);
        const float slant = diagonal ? float(m_rng.uniform(0.4, 0.9)) * R : float(m_rng.uniform(0, 0.45)) * R;
        const float sign = m_rng.chance(0.5) ? 1.f : -1.f;
        const cv::Point2f a = c - nrm * (R * float(m_rng.uniform(0.7, 0.98))) - t * (slant * sign / 2);
        const cv::Point2f b = c + nrm * (R * float(m_rng.uniform(0.7, 0.98))) + t * (slant * sign / 2);
        const cv::Point2f sag = t * (float(m_rng.uniform(-0.1, 0.1)) * R);
        std::vector<cv::Point> pts;
        for (int k = 0; k <= 12; ++k) {
            const float u = float(k) / 12.f;
            const cv::Point2f q = a * (1 - u) + b * u + sag * (4 * u * (1 - u));
            pts.emplace_back(cvRound(q.x * 4), cvRound(q.y * 4)); // 2 fractional bits
        }
        const int thickness = m_rng.chance(0.08) ? 2 : 1;
        cv::polylines(fibres, pts, false, cv::Scalar(m_rng.uniformInt(90, 235)), thickness, cv::LINE_AA, 2);
    }
    cv::GaussianBlur(fibres, fibres, cv::Size(3, 3), 0.5);
    paint(m_canvas, g.bounds, [&](int x, int y) {
        Px p;
        if (!g.region(y, x))
            return p;
        p.alpha = fibres(y, x) / 255.f * 0.95f;
        p.col = kFibre;
        p.height = m_canvas.height(y, x) + 4.f * s;
        p.wet = 0.5f;
        return p;
    });
}

void FrameRenderer::paintImv(const Geometry &g)
{
    paint(m_canvas, g.bounds, [&](int x, int y) {
        Px p;
        const float r = g.radius * (1.f + 0.12f * m_noise.mid(y, x));
        const float d = g.dist(y, x);
        if (d > r * 1.9f)
            return p;
        if (d > r - 1.2f) { // loose connective tissue sheath around the vein
            p.alpha = 0.35f * smoothstep(r * 1.9f, r, d);
            p.col = kVeinHalo;
            p.height = m_canvas.height(y, x);
            p.wet = 0.6f;
        }
        if (d < r + 1.2f) {
            const float u = clamp01(d / r);
            const float prof = std::sqrt(std::max(0.f, 1.f - u * u));
            const float a = smoothstep(r + 1.2f, r - 1.2f, d);
            Vec3 col = mix(kVein, kVeinDark, clamp01(0.35f + 0.5f * m_noise.fine(y, x) + 0.4f * u));
            col *= 0.55f + 0.45f * prof;
            if (p.alpha > 0) {
                p.col = mix(p.col, col, a);
                p.alpha = std::max(p.alpha, a);
            } else {
                p.col = col;
                p.alpha = a;
            }
            p.height = m_canvas.height(y, x) * (1 - a) + a * (m_canvas.height(y, x) * 0.2f + 0.9f * r * prof);
            p.wet = 1.f;
        }
        return p;
    });
}

void FrameRenderer::paintDuodenum(const Geometry &g)
{
    const float s = m_scale;
    cv::Mat1b inv;
    cv::bitwise_not(g.region, inv);
    cv::Mat1f inside, outside;
    cv::distanceTransform(g.region, inside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    cv::distanceTransform(inv, outside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    const float period = float(m_rng.uniform(24, 34)) * s;
    const float ca = std::cos(g.angle), sa = std::sin(g.angle);
    const cv::Point2f c = g.curve.pts.front();
    const float ph = float(m_rng.uniform(0, 6.28));
    const float b = g.radius;
    paint(m_canvas, g.bounds, [&](int x, int y) {
        Px p;
        const float out = outside(y, x);
        if (out > 0.f) { // contact shadow around the bowel
            if (out > 10 * s)
                return p;
            p.alpha = 0.4f * smoothstep(10 * s, 0, out);
            p.col = m_canvas.color(y, x) * 0.45f;
            p.height = m_canvas.height(y, x);
            p.wet = m_canvas.wetness(y, x);
            return p;
        }
        const float in = inside(y, x);
        const float lx = (x - c.x) * ca + (y - c.y) * sa;
        // Circular folds across the bowel, bent a little by the noise.
        const float phase = lx / period * 2 * kPi + ph + 2.5f * m_noise.mid(y, x) + 0.8f * m_noise.fine(y, x);
        const float fold = std::pow(0.5f + 0.5f * std::cos(phase), 4.f) * (0.6f + 0.4f * m_noise.low(y, x));
        const float dome = std::sqrt(std::min(1.f, in / (0.8f * b)));
        p.alpha = smoothstep(0, 2.f, in);
        p.col = mix(kDuodenum, kDuodenumFold, clamp01(0.3f * fold * dome + 0.12f * m_noise.fine(y, x)));
        p.col *= 0.95f + 0.05f * m_noise.grain(y, x);
        p.height = b * 0.55f * dome - 1.2f * s * fold * dome + m_canvas.height(y, x) * 0.15f;
        p.wet = 0.5f;
        return p;
    });
}

void FrameRenderer::paintPancreas(const Geometry &g)
{
    const float s = m_scale;
    cv::Mat1f lobH(m_size, 0.f);
    cv::Mat1f lobTint(m_size, 1.f);
    for (const auto &l : g.lobules) {
        const float tint = float(m_rng.uniform(0.9, 1.06));
        const cv::Rect box = cv::Rect(int(l[0] - l[2]) - 1, int(l[1] - l[2]) - 1, int(2 * l[2]) + 3,
                                      int(2 * l[2]) + 3)
                             & fullRect(m_size);
        for (int y = box.y; y < box.br().y; ++y)
            for (int x = box.x; x < box.br().x; ++x) {
                const float d = std::hypot(x - l[0], y - l[1]) / l[2];
                if (d >= 1)
                    continue;
                const float h = std::sqrt(1 - d * d) * l[2];
                if (h > lobH(y, x)) {
                    lobH(y, x) = h;
                    lobTint(y, x) = tint;
                }
            }
    }
    cv::Mat1f inside;
    cv::distanceTransform(g.region, inside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    cv::Mat1f soft;
    g.region.convertTo(soft, CV_32F, 1.0 / 255.0);
    cv::GaussianBlur(soft, soft, cv::Size(5, 5), 1.2);
    const float rMax = 10.5f * s;
    paint(m_canvas, g.bounds, [&](int x, int y) {
        Px p;
        p.alpha = g.region(y, x) ? soft(y, x) : 0.f;
        if (p.alpha <= 0)
            return p;
        const float h = lobH(y, x) / rMax;
        const float septum = smoothstep(0.35f, 0.05f, h);
        p.col = mix(kPancreas * lobTint(y, x), kPancreasSeptum, 0.6f * septum);
        p.col *= 0.94f + 0.06f * m_noise.grain(y, x);
        p.height = 0.5f * g.radius * std::sqrt(std::min(1.f, inside(y, x) / g.radius)) + lobH(y, x) * 0.22f;
        p.wet = 0.45f;
        return p;
    });
}

cv::Mat1b FrameRenderer::planInstrument()
{
    const float s = m_scale;
    const int edge = m_rng.weighted({0.35, 0.25, 0.3, 0.1}); // bottom, left, right, top
    const float w = float(m_size.width), h = float(m_size.height);
    cv::Point2f start;
    switch (edge) {
    case 0: start = {float(m_rng.uniform(0.2, 0.8)) * w, h + 30 * s}; break;
    case 1: start = {-30 * s, float(m_rng.uniform(0.3, 0.9)) * h}; break;
    case 2: start = {w + 30 * s, float(m_rng.uniform(0.3, 0.9)) * h}; break;
    default: start = {float(m_rng.uniform(0.2, 0.8)) * w, -30 * s}; break;
    }
    const cv::Point2f target = {float(m_rng.uniform(0.3, 0.7)) * w, float(m_rng.uniform(0.3, 0.7)) * h};
    cv::Point2f dir = target - start;
    const float dist = float(std::hypot(dir.x, dir.y));
    m_toolDir = dir / dist;
    m_toolStart = start;
    m_toolLength = dist * float(m_rng.uniform(0.55, 0.95));
    m_toolRadius = float(m_rng.uniform(17, 26)) * s;
    m_jawAngle = float(m_rng.uniform(0.12, 0.4));
    cv::Mat1b region(m_size, uchar(0));
    for (int y = 0; y < m_size.height; ++y)
        for (int x = 0; x < m_size.width; ++x) {
            const cv::Point2f q = cv::Point2f(float(x), float(y)) - m_toolStart;
            const float t = q.dot(m_toolDir);
            const float across = q.x * -m_toolDir.y + q.y * m_toolDir.x;
            if (t >= 0 && t <= m_toolLength && std::fabs(across) < m_toolRadius) {
                region(y, x) = 255;
                continue;
            }
            const float jawLen = m_toolRadius * 2.4f;
            const float tj = t - m_toolLength;
            if (tj < 0 || tj > jawLen)
                continue;
            for (float sign : {-1.f, 1.f}) {
                const float ang = sign * m_jawAngle;
                const float ca = std::cos(ang), sa = std::sin(ang);
                const float jt = tj * ca + across * sa, ja = -tj * sa + across * ca;
                const float halfW = m_toolRadius * (0.5f - 0.38f * clamp01(jt / jawLen));
                if (jt >= 0 && jt <= jawLen && std::fabs(ja - sign * m_toolRadius * 0.25f) < halfW)
                    region(y, x) = 255;
            }
        }
    return region;
}

void FrameRenderer::light()
{
    cv::Mat1f gx, gy;
    cv::Sobel(m_canvas.height, gx, CV_32F, 1, 0, 3, 1.0 / 8.0);
    cv::Sobel(m_canvas.height, gy, CV_32F, 0, 1, 3, 1.0 / 8.0);
    // Light at the scope tip, slightly off the optical axis.
    cv::Vec3f L(float(m_rng.uniform(-0.35, 0.35)), float(m_rng.uniform(-0.45, -0.1)), 1.f);
    L /= float(cv::norm(L));
    cv::Vec3f H = L + cv::Vec3f(0, 0, 1);
    H /= float(cv::norm(H));
    m_lit.create(m_size);
    const float exposure = float(m_spec.brightness);
    for (int y = 0; y < m_size.height; ++y) {
        const Vec3 *alb = m_canvas.color.ptr<Vec3>(y);
        const float *wet = m_canvas.wetness.ptr<float>(y);
        Vec3 *out = m_lit.ptr<Vec3>(y);
        for (int x = 0; x < m_size.width; ++x) {
            cv::Vec3f nrm(-gx(y, x), -gy(y, x), 1.f);
            nrm /= float(cv::norm(nrm));
            const float diffuse = std::max(0.f, nrm.dot(L));
            const float nh = std::max(0.f, nrm.dot(H));
            const float spec = wet[x] * std::pow(nh, 90.f) * 0.95f;
            out[x] = alb[x] * (exposure * (0.22f + 0.9f * diffuse)) + Vec3(spec, spec, spec);
        }
    }
}

void FrameRenderer::paintInstrument()
{
    // Shadow first (on the lit tissue), then the metal with baked-in reflections.
    cv::Mat1f shade(m_size, 0.f);
    const float s = m_scale;
    const cv::Point2f off(9 * s, 13 * s);
    const float jawLen = m_toolRadius * 2.4f;
    auto shaftCoord = [&](cv::Point2f q, float &t, float &across) {
        q -= m_toolStart;
        t = q.dot(m_toolDir);
        across = q.x * -m_toolDir.y + q.y * m_toolDir.x;
    };
    for (int y = 0; y < m_size.height; ++y)
        for (int x = 0; x < m_size.width; ++x) {
            float t, a;
            shaftCoord(cv::Point2f(float(x), float(y)) - off, t, a);
            if (t >= 0 && t <= m_toolLength + jawLen * 0.6f && std::fabs(a) < m_toolRadius)
                shade(y, x) = 1.f;
        }
    cv::GaussianBlur(shade, shade, cv::Size(0, 0), 10 * s);
    for (int y = 0; y < m_size.height; ++y)
        for (int x = 0; x < m_size.width; ++x)
            m_lit(y, x) *= 1.f - 0.6f * shade(y, x);

    const float exposure = float(m_spec.brightness);
    for (int y = 0; y < m_size.height; ++y)
        for (int x = 0; x < m_size.width; ++x) {
            float t, across;
            shaftCoord(cv::Point2f(float(x), float(y)), t, across);
            float alpha = 0;
            Vec3 col;
            if (t >= -40 * s && t <= m_toolLength && std::fabs(across) < m_toolRadius + 1.f) {
                const float u = clamp01(std::fabs(across) / m_toolRadius) * (across < 0 ? -1.f : 1.f);
                const float prof = std::sqrt(std::max(0.f, 1 - u * u));
                float metal = 0.3f + 0.45f * prof + 0.6f * std::exp(-std::pow((u + 0.35f) / 0.13f, 2.f))
                              + 0.25f * std::exp(-std::pow((u - 0.55f) / 0.07f, 2.f));
                const bool wrist = t > m_toolLength - m_toolRadius * 0.7f;
                col = (wrist ? kSteelDark : kSteel) * metal * exposure;
                alpha = smoothstep(m_toolRadius + 1.f, m_toolRadius - 1.f, std::fabs(across));
            } else {
                const float tj = t - m_toolLength;
                if (tj >= 0 && tj <= jawLen) {
                    for (float sign : {-1.f, 1.f}) {
                        const float ang = sign * m_jawAngle;
                        const float ca = std::cos(ang), sa = std::sin(ang);
                        const float jt = tj * ca + across * sa, ja = -tj * sa + across * ca;
                        const float halfW = m_toolRadius * (0.5f - 0.38f * clamp01(jt / jawLen));
                        const float dj = std::fabs(ja - sign * m_toolRadius * 0.25f);
                        if (jt >= 0 && jt <= jawLen && dj < halfW + 1.f) {
                            const float u = dj / halfW;
                            const float metal = 0.45f + 0.4f * std::sqrt(std::max(0.f, 1 - u * u))
                                                + 0.5f * std::exp(-std::pow((u - 0.2f) / 0.2f, 2.f));
                            col = kSteelDark * metal * 1.3f * exposure;
                            alpha = std::max(alpha, smoothstep(halfW + 1.f, halfW - 1.f, dj));
                        }
                    }
                }
            }
            if (alpha > 0) {
                const float grain = 1.f + 0.03f * m_noise.grain(y, x);
                m_lit(y, x) = mix(m_lit(y, x), col * grain, alpha);
            }
        }
}

cv::Mat1f FrameRenderer::vignette() const
{
    if (!m_spec.vignette)
        return cv::Mat1f(m_size, 1.f);
    return vignetteField(m_size);
}

RenderedFrame FrameRenderer::render(const std::vector<DemoStructure> &structures, bool withInstrument)
{
    m_noise.low = valueNoise(m_rng, m_size, 170 * m_scale);
    m_noise.mid = valueNoise(m_rng, m_size, 45 * m_scale);
    m_noise.fine = valueNoise(m_rng, m_size, 9 * m_scale);
    m_noise.grain = valueNoise(m_rng, m_size, 2.5f * m_scale);
    m_canvas.color = cv::Mat3f(m_size, Vec3(0, 0, 0));
    m_canvas.height = cv::Mat1f(m_size, 0.f);
    m_canvas.wetness = cv::Mat1f(m_size, 0.f);

    // Plan: the preparation plane first, since the angel's hair follows it.
    std::vector<DemoStructure> planOrder = structures;
    std::stable_sort(planOrder.begin(), planOrder.end(), [](DemoStructure a, DemoStructure b) {
        return (a == DemoStructure::PreparationPlane) > (b == DemoStructure::PreparationPlane);
    });
    std::vector<Geometry> geos;
    geos.reserve(planOrder.size()); // keeps `plane` valid while planning
    cv::Mat1b occupied(m_size, uchar(0));
    const Geometry *plane = nullptr;
    for (DemoStructure k : planOrder) {
        geos.push_back(planPlaced(k, plane, occupied));
        occupied |= geos.back().region;
        if (k == DemoStructure::PreparationPlane)
            plane = &geos.back();
    }
    std::stable_sort(geos.begin(), geos.end(),
                     [](const Geometry &a, const Geometry &b) { return zOrder(a.kind) < zOrder(b.kind); });

    paintTissue();
    for (const auto &g : geos) {
        switch (g.kind) {
        case DemoStructure::PreparationPlane: paintPlane(g); break;
        case DemoStructure::AngelsHair: paintAngelsHair(g); break;
        case DemoStructure::Imv: paintImv(g); break;
        case DemoStructure::Duodenum: paintDuodenum(g); break;
        case DemoStructure::Pancreas: paintPancreas(g); break;
        }
    }
    cv::Mat1b tool;
    if (withInstrument)
        tool = planInstrument();
    light();
    if (withInstrument)
        paintInstrument();

    const cv::Mat1f vig = vignette();
    cv::Mat3f out(m_size);
    for (int y = 0; y < m_size.height; ++y)
        for (int x = 0; x < m_size.width; ++x)
            out(y, x) = m_lit(y, x) * std::max(0.f, vig(y, x));
    cv::GaussianBlur(out, out, cv::Size(3, 3), 0.6);
    RenderedFrame result;
    out.convertTo(result.bgr, CV_8UC3, 255.0);
    result.instrumentShown = withInstrument;

    // Ground truth: what is visible. Opaque structures painted later hide the
    // earlier ones; the thin angel's hair lets what lies beneath show through.
    cv::Mat1b visible = vig > 0.12f;
    for (size_t i = 0; i < geos.size(); ++i) {
        cv::Mat1b m = geos[i].region & visible;
        for (size_t j = i + 1; j < geos.size(); ++j)
            if (geos[j].kind != DemoStructure::AngelsHair)
                m &= ~geos[j].region;
        if (withInstrument)
            m &= ~tool;
        result.masks.push_back({geos[i].kind, m});
    }
    // Report in the caller's order.
    std::vector<StructureMask> ordered;
    for (DemoStructure k : structures)
        for (auto &m : result.masks)
            if (m.structure == k)
                ordered.push_back(std::move(m));
    result.masks = std::move(ordered);
    return result;
}

bool acceptable(const RenderedFrame &f, cv::Size size)
{
    const int minArea = minimumMaskArea(size);
    for (const auto &m : f.masks)
        if (cv::countNonZero(m.mask) < minArea)
            return false;
    return true;
}

} // namespace

RenderedFrame renderDemoFrame(const SceneSpec &spec)
{
    if (spec.size.width < 64 || spec.size.height < 64 || spec.size.width > 8192 || spec.size.height > 8192)
        throw std::invalid_argument("demo frame size must be between 64x64 and 8192x8192, got "
                                    + std::to_string(spec.size.width) + "x"
                                    + std::to_string(spec.size.height));
    if (spec.structures.empty() || spec.structures.size() > size_t(kDemoStructureCount))
        throw std::invalid_argument("a demo frame shows 1 to 5 structures, got "
                                    + std::to_string(spec.structures.size()));
    for (size_t i = 0; i < spec.structures.size(); ++i)
        for (size_t j = i + 1; j < spec.structures.size(); ++j)
            if (spec.structures[i] == spec.structures[j])
                throw std::invalid_argument(std::string("demo structure listed twice: ")
                                            + demoStructureKey(spec.structures[i]));

    DemoRandom rng(spec.seed);
    // Re-roll the layout when occlusion leaves a mask too small; later tries
    // drop the instrument, the last one keeps only the first structure.
    for (int attempt = 0; attempt < 10; ++attempt) {
        FrameRenderer r(spec, rng);
        const bool tool = spec.instrument && attempt < 5;
        RenderedFrame f = r.render(spec.structures, tool);
        if (acceptable(f, spec.size))
            return f;
    }
    for (int attempt = 0; attempt < 10; ++attempt) {
        FrameRenderer r(spec, rng);
        RenderedFrame f = r.render({spec.structures.front()}, false);
        if (acceptable(f, spec.size))
            return f;
    }
    throw std::runtime_error("could not lay out a demo frame of size " + std::to_string(spec.size.width)
                             + "x" + std::to_string(spec.size.height));
}

} // namespace sd::demo
