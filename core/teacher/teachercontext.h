// What the teacher LLM may know about one (frame, structure) example: text and
// the mask only, never a pixel of the frame, its file name, hash or video. The
// privacy promise rests on this struct: everything sent out is built from it.
#pragma once

#include "entities.h"
#include "rle.h"

#include <QByteArray>
#include <QPointF>
#include <QRect>
#include <QString>

namespace sd {

class ProjectStore;

// The mask's shape as numbers; describeMaskGeometry() turns it into prose.
struct MaskGeometry {
    int imageWidth = 0;
    int imageHeight = 0;
    QRect boundingBox;           // pixels; empty for an empty mask
    QPointF centroid{-1, -1};    // pixels
    double areaShare = 0;        // foreground pixels / image pixels, 0..1
    int column = 1;              // centroid in thirds: 0 left, 1 centre, 2 right
    int row = 1;                 // 0 upper, 1 middle, 2 lower
    double orientationDeg = 0;   // principal axis, 0 = horizontal, +90 = vertical; image y points down
    double elongation = 1;       // sqrt of the ratio of the principal moments (1 = round)
    int components = 0;          // 8-connected foreground regions
};

MaskGeometry measureMask(const RleMask &mask);

// "lower left" / "central" / ... (en) or "unten links" / "mittig" (de).
QString regionText(const MaskGeometry &g, const QString &language);
// One sentence per property: box, centroid, area share, region, orientation, components.
QString describeMaskGeometry(const MaskGeometry &g, const QString &language);

struct TeacherContext {
    QString structureKey;        // e.g. "vena_mesenterica_inferior"
    QString structureName;       // e.g. "Vena mesenterica inferior"
    QString procedure = QStringLiteral("Complete Mesocolic Excision (CME)");
    Side side = Side::Unknown;
    QString phase;               // e.g. "cme_mobilisation"
    QString question;            // the question template's text
    QString language = QStringLiteral("en");
    RleMask mask;
};

// Reads only the frame's side/phase fields, the structure and the mask, never the image.
// Throws StoreError when the frame, structure or mask does not exist.
TeacherContext buildTeacherContext(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                   const QString &question, const QString &language);

// The mask alone as a 1-bit greyscale PNG (black background, white structure), no metadata chunks.
QByteArray maskPng(const RleMask &mask);

// Project policy: may the mask PNG travel with a teacher request? Setting "teacher_send_mask_png"
// ("true"/"false", default false: geometry text only).
inline constexpr const char *kSendMaskPngSetting = "teacher_send_mask_png";
bool projectSendsMaskPng(const ProjectStore &store);

// The language for new teacher requests: setting "teacher_language" ("en" default, or "de").
inline constexpr const char *kTeacherLanguageSetting = "teacher_language";
QString projectTeacherLanguage(const ProjectStore &store);

} // namespace sd
