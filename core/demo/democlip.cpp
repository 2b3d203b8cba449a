#include "democlip.h"

#include "demorandom.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace sd::demo {

namespace {

// The world is this much larger than the frame, so the camera can move over it
// without showing its border (pan + zoom out + roll stay inside).
constexpr double kWorldScale = 1.3;
constexpr double kPi = 3.14159265358979;

// Slow tissue shift: a smooth displacement field, a sum of a few long waves.
struct TissueShift {
    struct Wave {
        double kx, ky, phase, ax, ay;
    };
    std::vector<Wave> waves;

    TissueShift(DemoRandom &rng, cv::Size world, double amplitudePx)
    {
        const double span = std::max(world.width, world.height);
        for (int i = 0; i < 3; ++i) {
            const double angle = rng.uniform(0, 2 * kPi);
            const double wavelength = span * rng.uniform(0.6, 1.4);
            const double a = amplitudePx * rng.uniform(0.4, 1.0) / 1.7;
            waves.push_back({std::cos(angle) * 2 * kPi / wavelength, std::sin(angle) * 2 * kPi / wavelength,
                             rng.uniform(0, 2 * kPi), a * rng.uniform(-1, 1), a * rng.uniform(-1, 1)});
        }
    }

    cv::Point2d at(double x, double y) const
    {
        cv::Point2d d(0, 0);
        for (const Wave &w : waves) {
            const double s = std::sin(w.kx * x + w.ky * y + w.phase);
            d.x += w.ax * s;
            d.y += w.ay * s;
        }
        return d;
    }
};

// Where the camera looks at time s in [0, 1]: pan, zoom and roll grow linearly
// (a steady camera movement), the tissue shift too.
struct CameraPath {
    cv::Point2d pan; // in world pixels at s = 1
    double zoom = 0; // relative, at s = 1
    double roll = 0; // radians, at s = 1
};

// The maps from frame pixels to world pixels at time s.
void cameraMaps(const CameraPath &path, const TissueShift &shift, double s, cv::Size frame, cv::Size world,
                cv::Mat1f &mapX, cv::Mat1f &mapY)
{
    mapX.create(frame);
    mapY.create(frame);
    const double z = 1 + path.zoom * s, ca = std::cos(path.roll * s), sa = std::sin(path.roll * s);
    const double fcx = frame.width / 2.0, fcy = frame.height / 2.0;
    const double wcx = world.width / 2.0 + path.pan.x * s, wcy = world.height / 2.0 + path.pan.y * s;
    for (int y = 0; y < frame.height; ++y)
        for (int x = 0; x < frame.width; ++x) {
            const double u = (x - fcx) / z, v = (y - fcy) / z;
            const double wx = wcx + ca * u - sa * v, wy = wcy + sa * u + ca * v;
            const cv::Point2d d = shift.at(wx, wy) * s; // the tissue moved by d: look where it came from
            mapX(y, x) = float(wx - d.x);
            mapY(y, x) = float(wy - d.y);
        }
}

} // namespace

std::vector<RenderedFrame> renderDemoClip(const ClipSpec &spec)
{
    if (spec.frames < 2 || spec.frames > 200)
        throw std::invalid_argument("a demo clip has 2 to 200 frames, got " + std::to_string(spec.frames));
    const cv::Size frameSize = spec.scene.size;
    const cv::Size worldSize(int(std::lround(frameSize.width * kWorldScale)),
                             int(std::lround(frameSize.height * kWorldScale)));
    const float scale = float(std::min(frameSize.width, frameSize.height)) / 512.f;
    const int minArea = minimumMaskArea(frameSize);
    const cv::Mat1f vignette = vignetteField(frameSize);
    const cv::Mat1b visible = vignette > 0.12f;

    // A layout that loses every structure out of view is re-rolled (rare: the
    // structures lie near the world's centre).
    for (int attempt = 0; attempt < 8; ++attempt) {
        SceneSpec world = spec.scene;
        world.size = worldSize;
        world.vignette = false;
        world.instrument = false;
        world.seed = attempt == 0 ? spec.scene.seed : DemoRandom::derive(spec.scene.seed, {uint64_t(attempt)}).next();
        const RenderedFrame scene = renderDemoFrame(world);

        DemoRandom rng = DemoRandom::derive(world.seed, {0x636c6970}); // "clip"
        CameraPath path;
        const double panAngle = rng.uniform(0, 2 * kPi);
        const double panPx = rng.uniform(0.06, 0.11) * frameSize.width;
        path.pan = {std::cos(panAngle) * panPx, std::sin(panAngle) * panPx};
        path.zoom = rng.uniform(-0.08, 0.1);
        path.roll = rng.uniform(-0.06, 0.06);
        const TissueShift shift(rng, worldSize, rng.uniform(5, 9) * scale);
        cv::RNG noise(rng.next()); // sensor noise: no two frames are a pure warp of each other

        std::vector<RenderedFrame> frames;
        bool ok = true;
        for (int t = 0; t < spec.frames && ok; ++t) {
            cv::Mat1f mapX, mapY;
            cameraMaps(path, shift, double(t) / (spec.frames - 1), frameSize, worldSize, mapX, mapY);
            RenderedFrame f;
            cv::Mat warped;
            cv::remap(scene.bgr, warped, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_REFLECT);
            cv::Mat3f lit;
            warped.convertTo(lit, CV_32FC3);
            cv::Mat3f grain(frameSize);
            noise.fill(grain, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(1.5));
            for (int y = 0; y < frameSize.height; ++y)
                for (int x = 0; x < frameSize.width; ++x)
                    lit(y, x) = lit(y, x) * std::max(0.f, vignette(y, x)) + grain(y, x);
            lit.convertTo(f.bgr, CV_8UC3);
            for (const StructureMask &m : scene.masks) {
                cv::Mat moved;
                cv::remap(m.mask, moved, mapX, mapY, cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar(0));
                moved &= visible;
                if (cv::countNonZero(moved) >= minArea)
                    f.masks.push_back({m.structure, moved});
            }
            ok = !f.masks.empty();
            frames.push_back(std::move(f));
        }
        if (ok)
            return frames;
    }
    throw std::runtime_error("could not lay out a demo clip of size " + std::to_string(frameSize.width) + "x"
                             + std::to_string(frameSize.height));
}

} // namespace sd::demo
