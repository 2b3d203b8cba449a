// What the workspace shows of a frame's masks: one layer per mask, in the
// structures' display order, and each mask's latest review state for the
// Structures panel. A mask whose size is not the frame's is left out with a
// note rather than drawn over the wrong pixels. For a user who annotates the frame
// independently (consensus/independentannotation.h) the layers are that user's own
// annotations instead, never the reference masks.
#pragma once

#include "frameview.h"
#include "reviewworkflow.h"

#include <QCoreApplication>
#include <QSize>
#include <QStringList>
#include <map>
#include <vector>

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class FrameLayers {
    Q_DECLARE_TR_FUNCTIONS(sd::ui::FrameLayers)
public:
    // The masks of frameId that fit a frame of frameSize.
    static FrameLayers load(const ProjectStore &store, qint64 frameId, QSize frameSize);
    // What `user` edits on the frame: the reference masks, or their own independent annotations.
    static FrameLayers load(const ProjectStore &store, qint64 frameId, QSize frameSize, const UserIdentity &user);
    // Review states by structure id of all the frame's masks (after an edit or a review).
    static std::map<qint64, QString> reviewStatus(const ProjectStore &store, qint64 frameId);
    static std::map<qint64, QString> reviewStatus(const ProjectStore &store, qint64 frameId, const UserIdentity &user);

    std::vector<LayerSpec> layers;
    std::map<qint64, QString> status; // structure id -> review state, of the layers shown
    QStringList notShown;             // one line per mask left out, for the status bar
    // Structure id -> version of the reference mask shown (0: none yet) for every structure,
    // the versions edits start from (MaskAutosaver::setBaseVersion). Empty when the user
    // annotates the frame independently (own annotations have no shared versions).
    std::map<qint64, int> baseVersions;
};

} // namespace sd::ui
