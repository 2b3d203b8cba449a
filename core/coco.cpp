#include "coco.h"

#include "framestaging.h"
#include "imageio.h"
#include "json_limits.h"
#include "store/projectstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSaveFile>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <optional>
#include <map>

namespace sd {

using nlohmann::json;

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string s(const QString &v)
{
    return v.toStdString();
}

QByteArray readSmallFile(const QString &path, qint64 limit)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw ImportError(path, QStringLiteral("cannot open (%1)").arg(f.errorString()));
    if (f.size() > limit)
        throw ImportError(path, QStringLiteral("file too large (%1 bytes)").arg(f.size()));
    const QByteArray bytes = f.readAll();
    if (f.error() != QFileDevice::NoError)
        throw ImportError(path, QStringLiteral("read error (%1)").arg(f.errorString()));
    return bytes;
}

json parseJsonFile(const QString &path)
{
    const QByteArray bytes = readSmallFile(path, qint64(2) * 1024 * 1024 * 1024 - 1);
    try {
        return sd::parseJsonBounded(std::string_view(bytes.constData(), size_t(bytes.size())));
    } catch (const json::exception &e) {
        throw ImportError(path, QStringLiteral("not valid JSON (%1)").arg(q(e.what())));
    }
}

void writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw ImportError(path, QStringLiteral("cannot write (%1)").arg(f.errorString()));
}

// Removes the files an export wrote unless it completed.
struct WrittenFiles {
    QStringList files;
    bool keep = false;
    ~WrittenFiles()
    {
        if (!keep)
            for (const QString &f : files)
                QFile::remove(f);
    }
};

// Strict field access for COCO entries; `ctx` says which entry in errors.
class Fields {
public:
    Fields(const QString &file, const json &obj, QString ctx)
        : m_file(file), m_obj(obj), m_ctx(std::move(ctx))
    {
        if (!obj.is_object())
            fail(QStringLiteral("is not an object"));
    }
    [[noreturn]] void fail(const QString &why) const { throw ImportError(m_file, m_ctx + QLatin1Char(' ') + why); }
    bool has(const char *k) const { return m_obj.contains(k) && !m_obj.at(k).is_null(); }
    const json &at(const char *k) const
    {
        if (!has(k))
            fail(QStringLiteral("has no \"%1\"").arg(QLatin1String(k)));
        return m_obj.at(k);
    }
    qint64 integer(const char *k) const
    {
        const json &v = at(k);
        if (v.is_number_integer())
            return v.get<qint64>();
        if (v.is_number_float() && std::isfinite(v.get<double>()) && v.get<double>() == std::floor(v.get<double>()))
            return qint64(v.get<double>());
        fail(QStringLiteral("has a non-integer \"%1\"").arg(QLatin1String(k)));
    }
    QString string(const char *k) const
    {
        const json &v = at(k);
        if (!v.is_string())
            fail(QStringLiteral("has a non-string \"%1\"").arg(QLatin1String(k)));
        return q(v.get<std::string>());
    }
    QString optString(const char *k) const { return has(k) && m_obj.at(k).is_string() ? string(k) : QString(); }

private:
    QString m_file;
    const json &m_obj;
    QString m_ctx;
};

const json &requireArray(const QString &file, const json &root, const char *key)
{
    if (!root.is_object() || !root.contains(key) || !root.at(key).is_array())
        throw ImportError(file, QStringLiteral("COCO file has no \"%1\" array").arg(QLatin1String(key)));
    return root.at(key);
}

QString slug(const QString &name)
{
    QString out;
    for (const QChar c : name.trimmed().toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            out += c;
        else if (!out.endsWith(QLatin1Char('_')))
            out += QLatin1Char('_');
    }
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    while (out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    return out;
}

cv::Mat rasterisePolygons(const Fields &ctx, const json &polys, int height, int width)
{
    cv::Mat m(height, width, CV_8UC1, cv::Scalar(0));
    if (polys.empty())
        ctx.fail(QStringLiteral("has an empty polygon list"));
    for (const json &poly : polys) {
        if (!poly.is_array() || poly.size() < 6 || poly.size() % 2 != 0)
            ctx.fail(QStringLiteral("has a polygon that is not a list of at least 3 x,y pairs"));
        std::vector<cv::Point> pts;
        pts.reserve(poly.size() / 2);
        for (size_t i = 0; i < poly.size(); i += 2) {
            if (!poly[i].is_number() || !poly[i + 1].is_number())
                ctx.fail(QStringLiteral("has a non-numeric polygon coordinate"));
            const double x = poly[i].get<double>(), y = poly[i + 1].get<double>();
            if (!std::isfinite(x) || !std::isfinite(y) || std::abs(x) > 1e6 || std::abs(y) > 1e6)
                ctx.fail(QStringLiteral("has an invalid polygon coordinate"));
            pts.emplace_back(cvRound(x), cvRound(y));
        }
        // Parts are united, as pycocotools merges the parts of one object.
        cv::fillPoly(m, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(255));
    }
    return m;
}

RleMask segmentationToRle(const Fields &ctx, const json &seg, int height, int width)
{
    if (seg.is_array())
        return RleMask::encode(rasterisePolygons(ctx, seg, height, width));
    if (!seg.is_object())
        ctx.fail(QStringLiteral("has a segmentation that is neither polygons nor RLE"));
    const json size = seg.value("size", json());
    if (!size.is_array() || size.size() != 2 || !size[0].is_number_integer() || !size[1].is_number_integer())
        ctx.fail(QStringLiteral("has an RLE segmentation without a valid \"size\": [h, w]"));
    const qint64 h = size[0].get<qint64>(), w = size[1].get<qint64>();
    if (h != height || w != width)
        ctx.fail(QStringLiteral("has a mask of %1x%2 (w x h) but the image is %3x%4").arg(w).arg(h).arg(width).arg(height));
    if (!seg.contains("counts"))
        ctx.fail(QStringLiteral("has an RLE segmentation without \"counts\""));
    const json &counts = seg.at("counts");
    try {
        if (counts.is_string()) {
            const std::string c = counts.get<std::string>();
            return RleMask::fromCocoString(QByteArray(c.data(), qsizetype(c.size())), height, width);
        }
        if (counts.is_array()) {
            RleMask r;
            r.height = height;
            r.width = width;
            for (const json &c : counts) {
                if (!c.is_number_integer() || c.get<qint64>() < 0 || c.get<qint64>() > qint64(UINT32_MAX))
                    ctx.fail(QStringLiteral("has RLE counts that are not non-negative integers"));
                r.counts.push_back(uint32_t(c.get<qint64>()));
            }
            if (!r.isValid())
                ctx.fail(QStringLiteral("has RLE counts that do not cover the %1x%2 image").arg(width).arg(height));
            return r;
        }
    } catch (const std::invalid_argument &e) {
        ctx.fail(QStringLiteral("has an invalid RLE (%1)").arg(q(e.what())));
    }
    ctx.fail(QStringLiteral("has RLE \"counts\" that are neither a string nor a list"));
}

std::vector<Frame> selectFrames(const ProjectStore &store, const std::vector<qint64> &ids, const QString &target)
{
    if (ids.empty())
        return store.frames();
    std::vector<Frame> out;
    for (qint64 id : ids) {
        auto f = store.frame(id);
        if (!f)
            throw ImportError(target, QStringLiteral("frame %1 does not exist in the project").arg(id));
        out.push_back(*f);
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------- COCO export

CocoExportResult exportCoco(const ProjectStore &store, const QString &jsonPath, const CocoExportOptions &options)
{
    const QFileInfo jsonInfo(jsonPath);
    const QDir jsonDir = jsonInfo.absoluteDir();
    if (!jsonDir.exists() && !QDir().mkpath(jsonDir.absolutePath()))
        throw ImportError(jsonPath, QStringLiteral("cannot create the output folder"));

    CocoExportResult result;
    const std::vector<Structure> structures = store.structures();
    QHash<qint64, int> categoryOf;
    json categories = json::array();
    for (size_t i = 0; i < structures.size(); ++i) {
        const Structure &st = structures[i];
        categoryOf.insert(st.id, int(i) + 1);
        categories.push_back({{"id", int(i) + 1},
                              {"name", s(st.key)},
                              {"display_name", s(st.name)},
                              {"color", s(st.color)},
                              {"supercategory", "anatomy"}});
    }
    result.categories = int(structures.size());

    WrittenFiles written;
    json images = json::array();
    json annotations = json::array();
    qint64 annotationId = 1;
    for (const Frame &frame : selectFrames(store, options.frameIds, jsonPath)) {
        const QString source = store.absolutePath(frame.mediaPath);
        if (!QFileInfo::exists(source))
            throw ImportError(jsonPath, QStringLiteral("media file of frame %1 is missing (%2)").arg(frame.id).arg(frame.mediaPath));
        QString fileName;
        if (options.copyImages) {
            const QString rel = QStringLiteral("images/") + QFileInfo(frame.mediaPath).fileName();
            const QString dest = jsonDir.filePath(rel);
            if (!QDir().mkpath(QFileInfo(dest).absolutePath()))
                throw ImportError(dest, QStringLiteral("cannot create folder"));
            if (QFileInfo(dest).canonicalFilePath() != QFileInfo(source).canonicalFilePath()) {
                QFile::remove(dest);
                if (!QFile::copy(source, dest))
                    throw ImportError(dest, QStringLiteral("cannot copy the frame image"));
                written.files << dest;
            }
            fileName = rel;
        } else {
            fileName = jsonDir.relativeFilePath(source);
        }
        images.push_back({{"id", frame.id},
                          {"file_name", s(fileName)},
                          {"width", frame.width},
                          {"height", frame.height},
                          {"sd_side", s(sideToString(frame.side))},
                          {"sd_phase", s(frame.phase)},
                          {"sd_content_hash", s(QString::fromLatin1(frame.contentHash))}});
        ++result.images;
        for (const Mask &mask : store.masksForFrame(frame.id)) {
            if (mask.rle.isEmpty())
                continue; // an empty annotation carries nothing COCO tools can use
            if (mask.rle.height != frame.height || mask.rle.width != frame.width)
                throw ImportError(jsonPath, QStringLiteral("mask %1 does not match the size of frame %2").arg(mask.id).arg(frame.id));
            const auto cat = categoryOf.find(mask.structureId);
            if (cat == categoryOf.end())
                throw ImportError(jsonPath, QStringLiteral("mask %1 refers to an unknown structure").arg(mask.id));
            const QRect bb = mask.rle.boundingBox();
            annotations.push_back({{"id", annotationId++},
                                   {"image_id", frame.id},
                                   {"category_id", cat.value()},
                                   {"segmentation",
                                    {{"size", {mask.rle.height, mask.rle.width}},
                                     {"counts", mask.rle.toCocoString().toStdString()}}},
                                   {"area", mask.rle.area()},
                                   {"bbox", {bb.x(), bb.y(), bb.width(), bb.height()}},
                                   {"iscrowd", 0}});
            ++result.annotations;
        }
    }
    const json root = {{"info", {{"description", "SurgDistill mask export"}, {"version", "1.0"}}},
                       {"licenses", json::array()},
                       {"images", images},
                       {"annotations", annotations},
                       {"categories", categories}};
    const std::string text = root.dump();
    writeFileAtomically(jsonPath, QByteArray(text.data(), qsizetype(text.size())));
    written.keep = true;
    return result;
}

// ---------------------------------------------------------------- COCO import

CocoImportResult importCoco(ProjectStore &store, const QString &jsonPath, const CocoImportOptions &options)
{
    const json root = parseJsonFile(jsonPath);
    const json &images = requireArray(jsonPath, root, "images");
    const json &annotations = requireArray(jsonPath, root, "annotations");
    const json &categories = requireArray(jsonPath, root, "categories");
    const QDir imageRoot(options.imageRoot.isEmpty() ? QFileInfo(jsonPath).absolutePath() : options.imageRoot);

    // Categories -> structures (existing, or planned new ones).
    struct CategoryPlan {
        QString name;
        QString displayName;
        QString color;
        qint64 structureId = 0;   // existing structure, or 0 = create
        int newIndex = -1;        // index into newStructures
    };
    std::map<qint64, CategoryPlan> cats;
    const std::vector<Structure> existing = store.structures();
    int i = 0;
    for (const json &c : categories) {
        const Fields f(jsonPath, c, QStringLiteral("category #%1").arg(i++));
        CategoryPlan plan;
        plan.name = f.string("name");
        plan.displayName = f.optString("display_name");
        plan.color = f.optString("color");
        const qint64 id = f.integer("id");
        if (cats.count(id))
            f.fail(QStringLiteral("repeats id %1").arg(id));
        for (const Structure &st : existing) {
            if (st.key == plan.name || st.key == slug(plan.name)
                || st.name.compare(plan.name, Qt::CaseInsensitive) == 0) {
                plan.structureId = st.id;
                break;
            }
        }
        cats.emplace(id, plan);
    }

    // Images: decode each, check its declared size, stage new frames.
    struct ImagePlan {
        QString fileName;
        QByteArray hash;
        int width = 0;
        int height = 0;
        qint64 frameId = 0;       // existing frame with these pixels
        int stagedIndex = -1;     // or a new frame
    };
    std::map<qint64, ImagePlan> imgs;
    QHash<QByteArray, int> stagedByHash;
    FrameStaging staging(store);
    CocoImportResult result;
    i = 0;
    for (const json &im : images) {
        const Fields f(jsonPath, im, QStringLiteral("image #%1").arg(i++));
        const qint64 id = f.integer("id");
        ImagePlan plan;
        plan.fileName = f.string("file_name");
        const Fields named(jsonPath, im, QStringLiteral("image %1 (\"%2\")").arg(id).arg(plan.fileName));
        if (imgs.count(id))
            named.fail(QStringLiteral("repeats id %1").arg(id));
        const QString path = imageRoot.filePath(plan.fileName);
        if (!QFileInfo::exists(path))
            named.fail(QStringLiteral("points at a missing file %1").arg(path));
        cv::Mat image;
        try {
            image = loadImage(path);
        } catch (const ImageError &e) {
            named.fail(QStringLiteral("cannot be read: %1").arg(q(e.what())));
        }
        const qint64 declaredW = named.has("width") ? named.integer("width") : image.cols;
        const qint64 declaredH = named.has("height") ? named.integer("height") : image.rows;
        if (declaredW != image.cols || declaredH != image.rows)
            named.fail(QStringLiteral("declares %1x%2 but the file is %3x%4")
                           .arg(declaredW)
                           .arg(declaredH)
                           .arg(image.cols)
                           .arg(image.rows));
        plan.width = image.cols;
        plan.height = image.rows;
        plan.hash = contentHash(image);
        if (const auto known = store.frameByContentHash(plan.hash)) {
            plan.frameId = known->id;
        } else if (stagedByHash.contains(plan.hash)) {
            plan.stagedIndex = stagedByHash.value(plan.hash);
        } else {
            Frame frame;
            frame.contentHash = plan.hash;
            frame.width = image.cols;
            frame.height = image.rows;
            const QString side = named.optString("sd_side");
            frame.side = side.isEmpty() ? options.side : sideFromString(side);
            frame.phase = named.has("sd_phase") ? named.optString("sd_phase") : options.phase;
            plan.stagedIndex = int(staging.frames().size());
            stagedByHash.insert(plan.hash, plan.stagedIndex);
            staging.stage(image, frame);
        }
        imgs.emplace(id, plan);
    }

    // Annotations: decode, check the size against the image, unite per (frame, category).
    std::vector<Structure> newStructures;
    int nextSortOrder = 0;
    for (const Structure &st : existing)
        nextSortOrder = std::max(nextSortOrder, st.sortOrder + 1);
    // key: (image identity, category id); image identity = content hash so duplicates merge
    std::map<std::pair<QByteArray, qint64>, std::pair<const ImagePlan *, RleMask>> masks;
    i = 0;
    for (const json &a : annotations) {
        const Fields f(jsonPath, a, QStringLiteral("annotation #%1").arg(i++));
        const qint64 imageId = f.integer("image_id");
        const qint64 catId = f.integer("category_id");
        const auto img = imgs.find(imageId);
        if (img == imgs.end())
            f.fail(QStringLiteral("refers to image %1, which is not in \"images\"").arg(imageId));
        const auto cat = cats.find(catId);
        if (cat == cats.end())
            f.fail(QStringLiteral("refers to category %1, which is not in \"categories\"").arg(catId));
        const Fields ctx(jsonPath, a,
                         QStringLiteral("annotation #%1 of image %2 (\"%3\")").arg(i - 1).arg(imageId).arg(img->second.fileName));
        const RleMask rle = segmentationToRle(ctx, ctx.at("segmentation"), img->second.height, img->second.width);
        CategoryPlan &cp = cat->second;
        if (cp.structureId == 0 && cp.newIndex < 0) {
            if (!options.createMissingStructures)
                ctx.fail(QStringLiteral("uses category \"%1\", which is not a structure of this project").arg(cp.name));
            Structure st;
            st.key = slug(cp.name);
            if (st.key.isEmpty())
                st.key = QStringLiteral("structure_%1").arg(catId);
            st.name = cp.displayName.isEmpty() ? cp.name : cp.displayName;
            st.color = cp.color.isEmpty() ? QStringLiteral("#00ff00") : cp.color;
            st.sortOrder = nextSortOrder++;
            cp.newIndex = int(newStructures.size());
            newStructures.push_back(st);
        }
        const auto key = std::make_pair(img->second.hash, catId);
        auto it = masks.find(key);
        if (it == masks.end())
            masks.emplace(key, std::make_pair(&img->second, rle));
        else
            it->second.second = unite(it->second.second, rle);
    }

    // Everything is valid: one transaction for structures, frames and masks.
    try {
        store.transaction([&] {
            for (Structure &st : newStructures)
                result.newStructureIds.push_back(store.addStructure(st));
            result.newFrameIds = staging.insertFrames();
            // Categories mapping to the same structure and image are united first.
            std::map<std::pair<qint64, qint64>, RleMask> toSave;
            for (const auto &[key, value] : masks) {
                const ImagePlan *img = value.first;
                const CategoryPlan &cp = cats.at(key.second);
                const qint64 structureId = cp.structureId ? cp.structureId : newStructures[size_t(cp.newIndex)].id;
                const qint64 frameId = img->frameId ? img->frameId : result.newFrameIds[size_t(img->stagedIndex)];
                const auto k = std::make_pair(frameId, structureId);
                auto t = toSave.find(k);
                if (t == toSave.end())
                    toSave.emplace(k, value.second);
                else
                    t->second = unite(t->second, value.second);
            }
            for (const auto &[k, rle] : toSave) {
                store.saveMask(k.first, k.second, rle, options.author);
                ++result.masksSaved;
            }
        });
    } catch (const ImportError &) {
        throw;
    } catch (const std::exception &e) {
        throw ImportError(jsonPath, QStringLiteral("cannot store the import (%1)").arg(q(e.what())));
    }
    staging.markCommitted();
    for (const auto &[id, plan] : imgs)
        if (plan.frameId)
            ++result.reusedFrames;
    return result;
}

// ---------------------------------------------------------------- index masks

IndexMaskExportResult exportIndexMasks(const ProjectStore &store, const QString &folder,
                                       const IndexMaskExportOptions &options)
{
    if (!QDir().mkpath(folder))
        throw ImportError(folder, QStringLiteral("cannot create the output folder"));
    const QDir dir(folder);
    const std::vector<Structure> structures = store.structures();
    if (structures.size() > 255)
        throw ImportError(folder, QStringLiteral("index masks hold at most 255 structures, the project has %1")
                                      .arg(structures.size()));
    QHash<qint64, int> valueOf;
    json labels = json::array();
    for (size_t i = 0; i < structures.size(); ++i) {
        valueOf.insert(structures[i].id, int(i) + 1);
        labels.push_back({{"value", int(i) + 1}, {"key", s(structures[i].key)}, {"name", s(structures[i].name)}});
    }

    IndexMaskExportResult result;
    WrittenFiles written;
    json frames = json::array();
    for (const Frame &frame : selectFrames(store, options.frameIds, folder)) {
        std::vector<Mask> masks = store.masksForFrame(frame.id);
        if (masks.empty() && options.frameIds.empty())
            continue;
        // Paint in value order, so the higher value wins where masks overlap.
        std::sort(masks.begin(), masks.end(),
                  [&](const Mask &a, const Mask &b) { return valueOf.value(a.structureId) < valueOf.value(b.structureId); });
        cv::Mat index(frame.height, frame.width, CV_8UC1, cv::Scalar(0));
        for (const Mask &m : masks) {
            if (m.rle.height != frame.height || m.rle.width != frame.width)
                throw ImportError(folder, QStringLiteral("mask %1 does not match the size of frame %2").arg(m.id).arg(frame.id));
            const cv::Mat bin = m.rle.decode();
            result.overlappingPixels += quint64(cv::countNonZero(bin & (index != 0)));
            index.setTo(valueOf.value(m.structureId), bin);
        }
        const QString name = QFileInfo(frame.mediaPath).fileName();
        const QString path = dir.filePath(name);
        try {
            saveImagePng(path, index);
        } catch (const ImageError &e) {
            throw ImportError(path, q(e.what()));
        }
        written.files << path;
        frames.push_back({{"file", s(name)},
                          {"frame_id", frame.id},
                          {"content_hash", s(QString::fromLatin1(frame.contentHash))},
                          {"width", frame.width},
                          {"height", frame.height}});
        ++result.files;
    }
    const json root = {{"format", "surgdistill-index-masks"},
                       {"version", 1},
                       {"background", 0},
                       {"overlap", "the higher value wins"},
                       {"labels", labels},
                       {"frames", frames}};
    const std::string text = root.dump(2);
    writeFileAtomically(dir.filePath(QLatin1String(kIndexMaskLabelsFile)), QByteArray(text.data(), qsizetype(text.size())));
    written.keep = true;
    return result;
}

IndexMaskImportResult importIndexMasks(ProjectStore &store, const QString &folder, const QString &author)
{
    const QDir dir(folder);
    if (!dir.exists())
        throw ImportError(folder, QStringLiteral("folder does not exist"));
    const QString labelsPath = dir.filePath(QLatin1String(kIndexMaskLabelsFile));

    QHash<int, QString> keyOfValue;
    QHash<QString, QByteArray> hashOfFile;
    if (QFileInfo::exists(labelsPath)) {
        const json root = parseJsonFile(labelsPath);
        const json &labels = requireArray(labelsPath, root, "labels");
        int i = 0;
        for (const json &l : labels) {
            const Fields f(labelsPath, l, QStringLiteral("label #%1").arg(i++));
            const qint64 v = f.integer("value");
            if (v < 1 || v > 255)
                f.fail(QStringLiteral("has value %1 outside 1..255").arg(v));
            keyOfValue.insert(int(v), f.string("key"));
        }
        if (root.contains("frames")) {
            const json &frames = requireArray(labelsPath, root, "frames");
            i = 0;
            for (const json &fr : frames) {
                const Fields f(labelsPath, fr, QStringLiteral("frame #%1").arg(i++));
                hashOfFile.insert(f.string("file"), f.optString("content_hash").toLatin1());
            }
        }
    } else {
        const auto structures = store.structures();
        for (size_t i = 0; i < structures.size() && i < 255; ++i)
            keyOfValue.insert(int(i) + 1, structures[i].key);
    }

    QHash<QString, qint64> frameOfMediaName;
    for (const Frame &f : store.frames())
        frameOfMediaName.insert(QFileInfo(f.mediaPath).fileName(), f.id);

    const QStringList pngs = dir.entryList({QStringLiteral("*.png"), QStringLiteral("*.PNG")}, QDir::Files, QDir::Name);
    if (pngs.isEmpty())
        throw ImportError(folder, QStringLiteral("contains no PNG index masks"));

    struct Planned {
        qint64 frameId;
        qint64 structureId;
        RleMask rle;
    };
    std::vector<Planned> planned;
    QHash<QString, qint64> structureOfKey;
    IndexMaskImportResult result;
    for (const QString &name : pngs) {
        const QString path = dir.filePath(name);
        std::optional<Frame> frame;
        const QByteArray hash = hashOfFile.value(name);
        if (!hash.isEmpty())
            frame = store.frameByContentHash(hash);
        if (!frame && frameOfMediaName.contains(name))
            frame = store.frame(frameOfMediaName.value(name));
        if (!frame)
            throw ImportError(path, QStringLiteral("no frame of the project matches this mask"));
        cv::Mat index;
        try {
            index = loadIndexMask(path);
        } catch (const ImageError &e) {
            throw ImportError(path, q(e.what()));
        }
        if (index.rows != frame->height || index.cols != frame->width)
            throw ImportError(path, QStringLiteral("mask is %1x%2 but frame %3 is %4x%5")
                                        .arg(index.cols)
                                        .arg(index.rows)
                                        .arg(frame->id)
                                        .arg(frame->width)
                                        .arg(frame->height));
        std::array<quint64, 256> histogram{};
        for (int y = 0; y < index.rows; ++y) {
            const uint8_t *p = index.ptr<uint8_t>(y);
            for (int x = 0; x < index.cols; ++x)
                ++histogram[p[x]];
        }
        for (int v = 1; v < 256; ++v) {
            if (!histogram[size_t(v)])
                continue;
            if (!keyOfValue.contains(v))
                throw ImportError(path, QStringLiteral("pixel value %1 has no label").arg(v));
            const QString key = keyOfValue.value(v);
            if (!structureOfKey.contains(key)) {
                const auto st = store.structureByKey(key);
                if (!st)
                    throw ImportError(path, QStringLiteral("label %1 (\"%2\") is not a structure of this project").arg(v).arg(key));
                structureOfKey.insert(key, st->id);
            }
            planned.push_back({frame->id, structureOfKey.value(key), RleMask::encode(index == v)});
        }
        ++result.files;
    }
    try {
        store.transaction([&] {
            for (const Planned &p : planned) {
                store.saveMask(p.frameId, p.structureId, p.rle, author);
                ++result.masksSaved;
            }
        });
    } catch (const std::exception &e) {
        throw ImportError(folder, QStringLiteral("cannot store the masks (%1)").arg(q(e.what())));
    }
    return result;
}

} // namespace sd
