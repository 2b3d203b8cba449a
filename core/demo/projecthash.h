// A fingerprint of a project's annotated content, independent of row ids,
// creation times and the folder: two projects with the same frames (pixels),
// frame attributes, videos, masks and review states hash equal.
#pragma once

#include <QByteArray>

namespace sd {

class ProjectStore;

// SHA-256 (lower-case hex), in frame id order, over each frame's content hash,
// size, side, phase, split, synthetic flag, timestamp, media path and video
// label, then its masks ordered by structure key (RLE JSON, author, version and
// the latest review state).
QByteArray projectContentHash(const ProjectStore &store);

} // namespace sd
