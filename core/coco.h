// Mask exchange with other tools.
//
// COCO JSON (export and import): images, categories (= structures, name = the
// structure key, plus display_name/color), annotations with
// segmentation {"size":[h,w],"counts":"<pycocotools compressed string>"},
// area, bbox [x,y,w,h] and iscrowd 0. Import also accepts uncompressed counts
// (arrays) and polygons (rasterised with OpenCV, parts united). Several
// annotations of one image and category are united into one mask, since the
// project keeps one mask per frame and structure. Exported images carry
// sd_side / sd_phase / sd_content_hash, which import uses when present.
//
// Index-mask PNGs (export and import): one 8-bit single-channel PNG per frame,
// named like the frame's media file (frame-000042.png). Pixel value 0 is
// background; value k (1..N) is the k-th structure in sortOrder, i.e. the k-th
// entry of ProjectStore::structures(). A labels.json beside the PNGs records
// the value -> structure key table and, per PNG, the frame's content hash, so
// the masks can be imported into another project holding the same frames.
// Index masks cannot express overlap: where masks overlap the structure with
// the higher value wins (the export reports how many pixels were affected).
//
// Imports validate everything first and write in one store transaction; on any
// problem ImportError names the file or image entry and nothing is written.
#pragma once

#include "entities.h"
#include "importerror.h"

#include <QString>
#include <vector>

namespace sd {

class ProjectStore;

struct CocoExportOptions {
    std::vector<qint64> frameIds;  // empty: every frame of the project
    // true: the frame PNGs are copied to <json folder>/images/ and file_name is
    // "images/frame-000042.png"; false: file_name is the path of the project's
    // media file relative to the JSON's folder.
    bool copyImages = true;
};

struct CocoExportResult {
    int images = 0;
    int annotations = 0;
    int categories = 0;
};

// Throws ImportError (file = jsonPath) on failure; then nothing is left behind.
CocoExportResult exportCoco(const ProjectStore &store, const QString &jsonPath,
                            const CocoExportOptions &options = {});

struct CocoImportOptions {
    QString imageRoot;                       // file_name is relative to it; default: the JSON's folder
    QString author = QStringLiteral("coco-import");
    Side side = Side::Unknown;               // for images without sd_side
    QString phase;                           // for images without sd_phase
    bool createMissingStructures = true;     // unknown categories become structures
};

struct CocoImportResult {
    std::vector<qint64> newFrameIds;         // frames added (re-encoded PNGs in media/)
    int reusedFrames = 0;                    // images whose pixels were already a frame
    int masksSaved = 0;
    std::vector<qint64> newStructureIds;
};

CocoImportResult importCoco(ProjectStore &store, const QString &jsonPath,
                            const CocoImportOptions &options = {});

inline constexpr const char *kIndexMaskLabelsFile = "labels.json";

struct IndexMaskExportOptions {
    std::vector<qint64> frameIds;            // empty: every frame that has a mask
};

struct IndexMaskExportResult {
    int files = 0;
    quint64 overlappingPixels = 0;           // pixels claimed by more than one structure
};

IndexMaskExportResult exportIndexMasks(const ProjectStore &store, const QString &folder,
                                       const IndexMaskExportOptions &options = {});

struct IndexMaskImportResult {
    int files = 0;
    int masksSaved = 0;
};

// Without labels.json the values follow this project's structure order and the
// PNGs are matched to frames by media file name.
IndexMaskImportResult importIndexMasks(ProjectStore &store, const QString &folder,
                                       const QString &author = QStringLiteral("mask-import"));

} // namespace sd
