// Masks with their version history, and the reviews of masks.
#include "storeprivate.h"

namespace sd {

using namespace store;

namespace {

RleMask rleFromColumn(const QVariant &v, qint64 maskId)
{
    try {
        return RleMask::fromJson(v.toByteArray());
    } catch (const std::exception &e) {
        throw StoreError(QStringLiteral("mask %1 has unreadable RLE data: %2").arg(maskId).arg(e.what()).toStdString());
    }
}

} // namespace

// ---------------------------------------------------------------- masks

namespace {
namespace maskSql {
const QString columns =
    QStringLiteral("m.id, m.frame_id, m.structure_id, m.rle_json, m.author, m.version, m.updated_at, "
                   "m.origin, m.origin_model, m.based_on");
const QString select = QStringLiteral("SELECT %1 FROM masks m").arg(columns);
const QString byFrameAndStructure = select + QStringLiteral(" WHERE m.frame_id = ? AND m.structure_id = ?");
const QString byId = select + QStringLiteral(" WHERE m.id = ?");
const QString forFrame = select + QStringLiteral(" JOIN structures s ON s.id = m.structure_id "
                                                 "WHERE m.frame_id = ? ORDER BY s.sort_order, s.id");
const QString current = QStringLiteral("SELECT id, version FROM masks WHERE frame_id = ? AND structure_id = ?");
const QString insert = QStringLiteral(
    "INSERT INTO masks (frame_id, structure_id, rle_json, author, version, updated_at, origin, origin_model, "
    "based_on) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)");
const QString update = QStringLiteral("UPDATE masks SET rle_json = ?, author = ?, version = ?, updated_at = ?, "
                                      "origin = ?, origin_model = ?, based_on = ? WHERE id = ?");
const QString authors = QStringLiteral("SELECT DISTINCT author FROM masks ORDER BY author");
} // namespace maskSql

namespace maskVersionSql {
const QString history = QStringLiteral(
    "SELECT id, mask_id, version, rle_json, author, created_at, origin, origin_model, based_on FROM mask_versions "
    "WHERE mask_id = ? ORDER BY version");
const QString rleOf = QStringLiteral(
    "SELECT rle_json, origin, origin_model FROM mask_versions WHERE mask_id = ? AND version = ?");
const QString insert = QStringLiteral("INSERT INTO mask_versions (mask_id, version, rle_json, author, created_at, "
                                      "origin, origin_model, based_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
} // namespace maskVersionSql

MaskOrigin originFromRow(const Row &r)
{
    return {maskOriginKindFromString(r.text("origin")), r.text("origin_model")};
}

Mask maskFromRow(const Row &r)
{
    Mask m;
    m.id = r.id("id");
    m.frameId = r.id("frame_id");
    m.structureId = r.id("structure_id");
    m.rle = rleFromColumn(r.value("rle_json"), m.id);
    m.author = r.text("author");
    m.version = r.integer("version");
    m.updatedAt = r.time("updated_at");
    m.origin = originFromRow(r);
    if (!r.isNull("based_on"))
        m.basedOn = r.integer("based_on");
    return m;
}

MaskVersion maskVersionFromRow(const Row &r)
{
    MaskVersion v;
    v.id = r.id("id");
    v.maskId = r.id("mask_id");
    v.version = r.integer("version");
    v.rle = rleFromColumn(r.value("rle_json"), v.maskId);
    v.author = r.text("author");
    v.createdAt = r.time("created_at");
    v.origin = originFromRow(r);
    if (!r.isNull("based_on"))
        v.basedOn = r.integer("based_on");
    return v;
}
} // namespace

Mask ProjectStore::saveMask(qint64 frameId, qint64 structureId, const RleMask &rle, const QString &author,
                            const MaskOrigin &origin, std::optional<int> basedOn)
{
    requireNonEmpty(author, "author", "mask");
    std::optional<Mask> saved;
    transaction([&] {
        const auto f = frame(frameId);
        if (!f)
            throw StoreError(QStringLiteral("cannot save mask: frame %1 does not exist").arg(frameId).toStdString());
        if (!structure(structureId))
            throw StoreError(QStringLiteral("cannot save mask: structure %1 does not exist").arg(structureId)
                                 .toStdString());
        if (!rle.isValid())
            throw StoreError(QStringLiteral("cannot save mask for frame %1: the RLE counts do not cover %2x%3 pixels")
                                 .arg(frameId).arg(rle.width).arg(rle.height).toStdString());
        if (rle.width != f->width || rle.height != f->height)
            throw StoreError(QStringLiteral("cannot save mask for frame %1: mask is %2x%3 but the frame is %4x%5")
                                 .arg(frameId).arg(rle.width).arg(rle.height).arg(f->width).arg(f->height)
                                 .toStdString());
        const QString json = QString::fromUtf8(rle.toJson());
        const QString now = isoTime(nowUtc());
        const QString originKind = maskOriginKindToString(origin.kind);
        const QVariant base = basedOn ? QVariant(*basedOn) : QVariant();
        const auto existing = d->one(maskSql::current, {frameId, structureId}, [](const Row &r) {
            return std::pair(r.id("id"), r.integer("version"));
        });
        qint64 maskId = 0;
        int version = 1;
        if (existing) {
            maskId = existing->first;
            version = existing->second + 1;
            d->run(maskSql::update, {json, author, version, now, originKind, text(origin.model), base, maskId});
        } else {
            maskId = d->insert(maskSql::insert, {frameId, structureId, json, author, now, originKind,
                                                 text(origin.model), base});
        }
        d->run(maskVersionSql::insert, {maskId, version, json, author, now, originKind, text(origin.model), base});
        saved = maskById(maskId);
    });
    return *saved;
}

std::optional<Mask> ProjectStore::mask(qint64 frameId, qint64 structureId) const
{
    return d->one(maskSql::byFrameAndStructure, {frameId, structureId}, maskFromRow);
}

std::optional<Mask> ProjectStore::maskById(qint64 maskId) const
{
    return d->one(maskSql::byId, {maskId}, maskFromRow);
}

std::vector<Mask> ProjectStore::masksForFrame(qint64 frameId) const
{
    return d->all(maskSql::forFrame, {frameId}, maskFromRow);
}

std::vector<MaskVersion> ProjectStore::maskHistory(qint64 maskId) const
{
    return d->all(maskVersionSql::history, {maskId}, maskVersionFromRow);
}

Mask ProjectStore::restoreMaskVersion(qint64 maskId, int version, const QString &author)
{
    std::optional<Mask> restored;
    transaction([&] {
        const auto current = maskById(maskId);
        if (!current)
            throw StoreError(QStringLiteral("cannot restore: mask %1 does not exist").arg(maskId).toStdString());
        const auto old = d->one(maskVersionSql::rleOf, {maskId, version}, [&](const Row &r) {
            return std::pair(rleFromColumn(r.value("rle_json"), maskId), originFromRow(r));
        });
        if (!old)
            throw StoreError(QStringLiteral("cannot restore: mask %1 has no version %2").arg(maskId).arg(version)
                                 .toStdString());
        // A restored machine-made version stays marked as machine-made.
        restored = saveMask(current->frameId, current->structureId, old->first, author, old->second, current->version);
    });
    return *restored;
}

QStringList ProjectStore::maskAuthors() const
{
    const std::vector<QString> authors = d->all(maskSql::authors, {}, [](const Row &r) { return r.text("author"); });
    return QStringList(authors.begin(), authors.end());
}

// ---------------------------------------------------------------- reviews

namespace {
namespace reviewSql {
const QString select = QStringLiteral(
    "SELECT id, mask_id, state, reviewer, comment, mask_version, created_at, partial_approval FROM reviews");
const QString forMask = select + QStringLiteral(" WHERE mask_id = ? ORDER BY id");
const QString latestForMask = select + QStringLiteral(" WHERE mask_id = ? ORDER BY id DESC LIMIT 1");
const QString insert = QStringLiteral(
    "INSERT INTO reviews (mask_id, state, reviewer, comment, mask_version, created_at, partial_approval) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)");
} // namespace reviewSql

Review reviewFromRow(const Row &r)
{
    Review v;
    v.id = r.id("id");
    v.maskId = r.id("mask_id");
    v.state = reviewStateFromString(r.text("state"));
    v.reviewer = r.text("reviewer");
    v.comment = r.text("comment");
    v.maskVersion = r.integer("mask_version");
    v.createdAt = r.time("created_at");
    v.partialApproval = r.flag("partial_approval");
    return v;
}
} // namespace

qint64 ProjectStore::addReview(Review &review)
{
    requireNonEmpty(review.reviewer, "reviewer", "review");
    const QDateTime createdAt = orNow(review.createdAt);
    qint64 id = 0;
    int maskVersion = review.maskVersion;
    transaction([&] {
        const auto m = maskById(review.maskId);
        if (!m)
            throw StoreError(QStringLiteral("cannot add review: mask %1 does not exist").arg(review.maskId)
                                 .toStdString());
        if (maskVersion == 0)
            maskVersion = m->version; // a review without explicit version refers to the current one
        if (maskVersion < 1 || maskVersion > m->version)
            throw StoreError(QStringLiteral("cannot add review: mask %1 has no version %2").arg(review.maskId)
                                 .arg(maskVersion).toStdString());
        if (review.partialApproval && review.state != ReviewState::Submitted)
            throw StoreError("cannot add review: a partial approval keeps the state 'submitted'");
        id = d->insert(reviewSql::insert, {review.maskId, reviewStateToString(review.state), review.reviewer,
                                           text(review.comment), maskVersion, isoTime(createdAt),
                                           review.partialApproval ? 1 : 0});
    });
    review.id = id;
    review.maskVersion = maskVersion;
    review.createdAt = createdAt;
    return id;
}

std::vector<Review> ProjectStore::reviews(qint64 maskId) const
{
    return d->all(reviewSql::forMask, {maskId}, reviewFromRow);
}

std::optional<Review> ProjectStore::latestReview(qint64 maskId) const
{
    return d->one(reviewSql::latestForMask, {maskId}, reviewFromRow);
}

} // namespace sd
