// Renders one synthetic, endoscopy-like CME frame with its ground-truth masks.
// Pure OpenCV (no Qt, no store): the project writer decides what a frame
// shows, this file only paints it. Everything random comes from DemoRandom,
// so a scene spec always renders to the same pixels.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sd::demo {

// The five CME landmarks, in the store's sort order.
enum class DemoStructure { PreparationPlane, AngelsHair, Imv, Duodenum, Pancreas };
inline constexpr int kDemoStructureCount = 5;

// The store key ("preparation_plane", "angels_hair", "vena_mesenterica_inferior",
// "duodenum", "pancreas").
const char *demoStructureKey(DemoStructure s);

struct SceneSpec {
    cv::Size size{640, 512};
    uint64_t seed = 1;                       // per-frame random stream
    std::vector<DemoStructure> structures;   // 1..3 distinct structures
    bool instrument = false;
    double tissueTint = 0;                   // per-operation colour variation, about -1..1
    double brightness = 1;                   // per-operation exposure, about 0.9..1.1
    // The scope's dark rim. Off for the larger "world" a clip's camera moves over
    // (democlip.h): the rim belongs to the camera, not to the tissue.
    bool vignette = true;
};

struct StructureMask {
    DemoStructure structure;
    cv::Mat mask;                            // CV_8UC1, 0 / 255, same size as the frame
};

struct RenderedFrame {
    cv::Mat bgr;                             // CV_8UC3
    // One per structure drawn, in the requested order, none below minimumMaskArea().
    // Normally every requested structure; if no layout keeps all of them visible
    // after a few tries, only the first one is drawn.
    std::vector<StructureMask> masks;
    bool instrumentShown = false;
};

// Smallest mask a structure may keep after occlusion and vignetting, in pixels.
int minimumMaskArea(cv::Size size);

// The scope's vignette for a frame of `size`: a gain per pixel (about 1.08 at the
// centre, below 0.12 where the picture is dark enough to hide the anatomy).
cv::Mat1f vignetteField(cv::Size size);

// Throws std::invalid_argument for sizes below 64x64 or above 8192x8192, an empty,
// duplicated or over-long structure list. Never returns a frame with an empty mask.
RenderedFrame renderDemoFrame(const SceneSpec &spec);

} // namespace sd::demo
