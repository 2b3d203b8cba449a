// Helpers of the propagation tests on a demo project with clips (DemoOptions::clips):
// the clip's frames in time order, the last frame of a video, and every mask's
// current version (what a refused or cancelled propagation must leave unchanged).
#pragma once

#include "store/projectstore.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace sd::testsupport {

// The frames after the first `stills` (the clips come after the independent frames), by time.
inline std::vector<Frame> clipFrames(const ProjectStore &store, int stills)
{
    std::vector<Frame> clip;
    for (const Frame &f : store.frames())
        if (f.id > stills)
            clip.push_back(f);
    std::sort(clip.begin(), clip.end(), [](const Frame &a, const Frame &b) { return a.timestampSec < b.timestampSec; });
    return clip;
}

inline std::optional<Frame> lastFrameOfVideo(const ProjectStore &store, std::optional<qint64> videoId)
{
    std::optional<Frame> last;
    for (const Frame &f : store.frames())
        if (f.videoId == videoId && (!last || f.timestampSec > last->timestampSec))
            last = f;
    return last;
}

// (frame id, structure id) -> current version.
inline std::map<std::pair<qint64, qint64>, int> maskVersions(const ProjectStore &store)
{
    std::map<std::pair<qint64, qint64>, int> out;
    for (const Frame &f : store.frames())
        for (const Mask &m : store.masksForFrame(f.id))
            out[{f.id, m.structureId}] = m.version;
    return out;
}

} // namespace sd::testsupport
