#include "teachercontext.h"

#include "imageio.h"
#include "store/projectstore.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace sd {

MaskGeometry measureMask(const RleMask &mask)
{
    MaskGeometry g;
    g.imageWidth = mask.width;
    g.imageHeight = mask.height;
    if (mask.isEmpty() || mask.width <= 0 || mask.height <= 0)
        return g;
    const cv::Mat m = mask.decode();
    g.boundingBox = mask.boundingBox();
    g.centroid = mask.centroid();
    g.areaShare = double(mask.area()) / (double(mask.width) * double(mask.height));
    g.column = std::clamp(int(3.0 * g.centroid.x() / mask.width), 0, 2);
    g.row = std::clamp(int(3.0 * g.centroid.y() / mask.height), 0, 2);

    const cv::Moments mo = cv::moments(m, true);
    if (mo.m00 > 0) {
        const double a = mo.mu20 / mo.m00, b = mo.mu11 / mo.m00, c = mo.mu02 / mo.m00;
        // Principal axis; image y points down, so negate to report the angle as seen on screen.
        g.orientationDeg = -0.5 * std::atan2(2 * b, a - c) * 180.0 / M_PI;
        const double common = std::sqrt(4 * b * b + (a - c) * (a - c));
        const double l1 = (a + c + common) / 2, l2 = (a + c - common) / 2;
        g.elongation = l2 > 1e-9 ? std::sqrt(l1 / l2) : 99.0;
    }
    cv::Mat labels;
    g.components = cv::connectedComponents(m, labels, 8, CV_32S) - 1;
    return g;
}

QString regionText(const MaskGeometry &g, const QString &language)
{
    const bool de = language == QLatin1String("de");
    if (g.row == 1 && g.column == 1)
        return de ? QStringLiteral("mittig") : QStringLiteral("central");
    static const char *rowsEn[] = {"upper", "middle", "lower"};
    static const char *colsEn[] = {"left", "central", "right"};
    static const char *rowsDe[] = {"oben", "mittig", "unten"};
    static const char *colsDe[] = {"links", "zentral", "rechts"};
    if (de)
        return QStringLiteral("%1 %2").arg(QLatin1String(rowsDe[g.row]), QLatin1String(colsDe[g.column]));
    return QStringLiteral("%1 %2").arg(QLatin1String(rowsEn[g.row]), QLatin1String(colsEn[g.column]));
}

namespace {

QString orientationText(const MaskGeometry &g, bool de)
{
    if (g.elongation < 1.6)
        return de ? QStringLiteral("eher rundlich, ohne klare Hauptrichtung")
                  : QStringLiteral("compact, without a clear main direction");
    const double a = g.orientationDeg; // -90..90, counter-clockwise on screen
    QString dir;
    if (std::abs(a) < 22.5)
        dir = de ? QStringLiteral("horizontal") : QStringLiteral("horizontally");
    else if (std::abs(a) > 67.5)
        dir = de ? QStringLiteral("vertikal") : QStringLiteral("vertically");
    else if (a > 0)
        dir = de ? QStringLiteral("diagonal von unten links nach oben rechts")
                 : QStringLiteral("diagonally from lower left to upper right");
    else
        dir = de ? QStringLiteral("diagonal von oben links nach unten rechts")
                 : QStringLiteral("diagonally from upper left to lower right");
    return de ? QStringLiteral("laenglich, %1 verlaufend (etwa %2 Grad)").arg(dir).arg(qRound(a))
              : QStringLiteral("elongated, running %1 (about %2 degrees)").arg(dir).arg(qRound(a));
}

} // namespace

QString describeMaskGeometry(const MaskGeometry &g, const QString &language)
{
    const bool de = language == QLatin1String("de");
    if (g.boundingBox.isEmpty())
        return de ? QStringLiteral("Die Maske ist leer.") : QStringLiteral("The mask is empty.");
    const QRect b = g.boundingBox;
    const QString pct = QString::number(100.0 * g.areaShare, 'f', 1);
    if (de)
        return QStringLiteral(
                   "Bildgroesse %1 x %2 Pixel. Begrenzungsrahmen x %3-%4, y %5-%6. Schwerpunkt bei (%7, %8). "
                   "Die Maske bedeckt %9 % des Bildes. Lage: %10. Form: %11. Zusammenhaengende Bereiche: %12.")
            .arg(g.imageWidth).arg(g.imageHeight).arg(b.left()).arg(b.right()).arg(b.top()).arg(b.bottom())
            .arg(qRound(g.centroid.x())).arg(qRound(g.centroid.y())).arg(pct, regionText(g, language),
                                                                         orientationText(g, true))
            .arg(g.components);
    return QStringLiteral("Image size %1 x %2 pixels. Bounding box x %3-%4, y %5-%6. Centroid at (%7, %8). "
                          "The mask covers %9% of the image. Location: %10 part of the image. Shape: %11. "
                          "Connected regions: %12.")
        .arg(g.imageWidth).arg(g.imageHeight).arg(b.left()).arg(b.right()).arg(b.top()).arg(b.bottom())
        .arg(qRound(g.centroid.x())).arg(qRound(g.centroid.y())).arg(pct, regionText(g, language),
                                                                     orientationText(g, false))
        .arg(g.components);
}

TeacherContext buildTeacherContext(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                   const QString &question, const QString &language)
{
    const auto frame = store.frame(frameId);
    if (!frame)
        throw StoreError(QStringLiteral("frame %1 does not exist").arg(frameId).toStdString());
    const auto structure = store.structure(structureId);
    if (!structure)
        throw StoreError(QStringLiteral("structure %1 does not exist").arg(structureId).toStdString());
    const auto mask = store.mask(frameId, structureId);
    if (!mask)
        throw StoreError(QStringLiteral("frame %1 has no mask of %2").arg(frameId).arg(structure->key).toStdString());
    TeacherContext c;
    c.structureKey = structure->key;
    c.structureName = structure->name;
    c.side = frame->side;
    c.phase = frame->phase;
    c.question = question;
    c.language = language.isEmpty() ? QStringLiteral("en") : language;
    c.mask = mask->rle;
    return c;
}

QByteArray maskPng(const RleMask &mask)
{
    const cv::Mat m = mask.decode(); // 0 / 255
    std::vector<uchar> buf;
    if (!cv::imencode(".png", m, buf, {cv::IMWRITE_PNG_BILEVEL, 1, cv::IMWRITE_PNG_COMPRESSION, 9}))
        throw ImageError("cannot encode the mask as PNG");
    return QByteArray(reinterpret_cast<const char *>(buf.data()), int(buf.size()));
}

bool projectSendsMaskPng(const ProjectStore &store)
{
    return store.setting(QString::fromLatin1(kSendMaskPngSetting)).trimmed().toLower() == QLatin1String("true");
}

QString projectTeacherLanguage(const ProjectStore &store)
{
    const QString l = store.setting(QString::fromLatin1(kTeacherLanguageSetting), QStringLiteral("en")).trimmed();
    return l == QLatin1String("de") ? l : QStringLiteral("en");
}

} // namespace sd
