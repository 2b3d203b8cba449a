// Internal helper of the importers: writes new frames' PNGs under temporary
// names in media/, then (inside the caller's store transaction) gives them
// neutral names (media/frame-000042.png), renames them into place and adds the
// frame rows. Unless markCommitted() is called after the transaction has
// committed, the destructor removes every file it wrote, so a failed or
// cancelled import leaves media/ exactly as it was.
#pragma once

#include "entities.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace cv { class Mat; }

namespace sd {

class ProjectStore;

class FrameStaging {
public:
    explicit FrameStaging(ProjectStore &store);
    ~FrameStaging();
    FrameStaging(const FrameStaging &) = delete;
    FrameStaging &operator=(const FrameStaging &) = delete;

    // Encodes `bgr` as PNG into a temporary file. `frame` must carry contentHash,
    // width/height, side, phase, timestamp; id and mediaPath are set on insert.
    // Throws ImageError / ImportError on a write failure.
    void stage(const cv::Mat &bgr, const Frame &frame);

    std::vector<Frame> &frames() { return m_frames; }
    bool isEmpty() const { return m_frames.empty(); }

    // Call inside store.transaction(): renames the files to free neutral names and
    // adds the frame rows (frames() then carry ids and media paths). Returns the ids.
    std::vector<qint64> insertFrames();

    // The transaction committed: keep the files.
    void markCommitted() { m_committed = true; }

private:
    ProjectStore &m_store;
    std::vector<Frame> m_frames;
    QStringList m_tempFiles;   // parallel to m_frames
    QStringList m_finalFiles;  // files already renamed into place
    bool m_committed = false;
};

// Highest number used by a media/frame-NNNNNN.png file or frame row, so new
// names never collide with existing (or orphaned) files.
int highestFrameMediaNumber(const ProjectStore &store);

} // namespace sd
