// A coherent synthetic clip: consecutive frames of one demo scene seen by a moving
// camera (smooth pan, zoom and roll) while the tissue shifts slowly beneath it, with
// the ground truth of every frame. It is what mask propagation is shown and measured
// on (core/assist/propagation.h, bench/propagation_bench). Pure OpenCV like
// demorender.h: the scene is rendered once, larger than the frame and without the
// scope's rim, and every frame is a warp of it, so image and masks move together.
#pragma once

#include "demorender.h"

#include <vector>

namespace sd::demo {

struct ClipSpec {
    SceneSpec scene; // what the clip shows; scene.size is the frame size. No instrument in clips.
    int frames = 10; // 2 .. 200
};

// The clip's frames in order. Each frame keeps the structures still at least
// minimumMaskArea() in view and always at least one. Deterministic in the spec.
// Throws std::invalid_argument as renderDemoFrame() does and for a frame count
// outside 2..200.
std::vector<RenderedFrame> renderDemoClip(const ClipSpec &spec);

} // namespace sd::demo
