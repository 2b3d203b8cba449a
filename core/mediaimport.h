// Importing still images and videos into a project. Imported frames are
// re-encoded as PNG under neutral names (media/frame-000042.png), so no source
// metadata (EXIF, file names, paths) ever enters the project; only the content
// hash and the neutral id are recorded.
//
// Every import is all-or-nothing: all sources are decoded and validated first,
// files are written under temporary names, the rows go in with one store
// transaction and only then are the files renamed into place. On any failure
// the written files are removed and ImportError is thrown.
#pragma once

#include "entities.h"
#include "importerror.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <vector>

namespace sd {

class ProjectStore;

struct ImageImportOptions {
    Side side = Side::Unknown;
    QString phase;                 // e.g. "cme_mobilisation"
    bool recurseFolders = false;   // when a folder is given
};

struct VideoImportOptions {
    double intervalSec = 1.0;      // one frame every intervalSec seconds (> 0)
    double phaseStartSec = 0;      // CME-phase window inside the video
    double phaseEndSec = -1;       // < 0: until the end of the video
    Side side = Side::Unknown;
    QString phase = QStringLiteral("cme_mobilisation");
};

struct ImportResult {
    std::vector<qint64> frameIds;  // new frames, in import order
    int skippedDuplicates = 0;     // already in the project (or twice in the input)
    std::optional<qint64> videoId; // video imports only
};

// Progress: done/total steps; return false to cancel (throws ImportError "cancelled",
// nothing written).
using ImportProgress = std::function<bool(int done, int total)>;

// Image files: *.png, *.jpg, *.jpeg (case-insensitive). A folder entry in
// `paths` adds its image files (sorted by name). Formats are checked by content.
ImportResult importImages(ProjectStore &store, const QStringList &paths,
                          const ImageImportOptions &options = {},
                          const ImportProgress &progress = {});

// Extracts one frame every intervalSec inside [phaseStartSec, phaseEndSec] and
// records a Video row with a neutral label ("video-0003"). A video whose source
// file hash is already in the project is rejected. Throws ImportError.
ImportResult importVideo(ProjectStore &store, const QString &path,
                         const VideoImportOptions &options = {},
                         const ImportProgress &progress = {});

// Lists the importable image files of a folder, sorted by name.
QStringList imageFilesInFolder(const QString &folder, bool recursive = false);

} // namespace sd
