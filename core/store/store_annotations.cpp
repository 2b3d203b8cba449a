// Independent annotations (one annotator's own mask of a frame and structure, with
// versions) and honeypot frames with their per-annotator results.
#include "storeprivate.h"

namespace sd {

using namespace store;

// ---------------------------------------------------------------- annotations

namespace {
namespace annotationSql {
const QString columns = QStringLiteral(
    "a.id, a.frame_id, a.structure_id, a.annotator, a.rle_json, a.version, a.state, a.updated_at, a.submitted_at");
const QString select = QStringLiteral("SELECT %1 FROM annotations a").arg(columns);
const QString byKey = select + QStringLiteral(" WHERE a.frame_id = ? AND a.structure_id = ? AND a.annotator = ?");
const QString byId = select + QStringLiteral(" WHERE a.id = ?");
const QString forFrame = select + QStringLiteral(" JOIN structures s ON s.id = a.structure_id "
                                                 "WHERE a.frame_id = ? ORDER BY s.sort_order, s.id, a.annotator");
const QString submitted = select + QStringLiteral(" JOIN structures s ON s.id = a.structure_id "
                                                  "WHERE a.state = 'submitted' "
                                                  "ORDER BY a.frame_id, s.sort_order, s.id, a.annotator");
const QString insert = QStringLiteral(
    "INSERT INTO annotations (frame_id, structure_id, annotator, rle_json, version, state, updated_at) "
    "VALUES (?, ?, ?, ?, 1, 'draft', ?)");
const QString update = QStringLiteral("UPDATE annotations SET rle_json = ?, version = ?, updated_at = ? WHERE id = ?");
const QString setState = QStringLiteral("UPDATE annotations SET state = ?, submitted_at = ? WHERE id = ?");
} // namespace annotationSql

namespace annotationVersionSql {
// Read as MaskVersion: the annotator is the author of every version.
const QString history = QStringLiteral(
    "SELECT v.id, v.annotation_id, v.version, v.rle_json, a.annotator, v.created_at FROM annotation_versions v "
    "JOIN annotations a ON a.id = v.annotation_id WHERE v.annotation_id = ? ORDER BY v.version");
const QString insert = QStringLiteral(
    "INSERT INTO annotation_versions (annotation_id, version, rle_json, created_at) VALUES (?, ?, ?, ?)");
} // namespace annotationVersionSql

Annotation annotationFromRow(const Row &r)
{
    Annotation a;
    a.id = r.id("id");
    a.frameId = r.id("frame_id");
    a.structureId = r.id("structure_id");
    a.annotator = r.text("annotator");
    a.rle = rleFromColumn(r.value("rle_json"), "annotation", a.id);
    a.version = r.integer("version");
    a.state = annotationStateFromString(r.text("state"));
    a.updatedAt = r.time("updated_at");
    a.submittedAt = r.time("submitted_at");
    return a;
}

MaskVersion annotationVersionFromRow(const Row &r)
{
    MaskVersion v;
    v.id = r.id("id");
    v.maskId = r.id("annotation_id");
    v.version = r.integer("version");
    v.rle = rleFromColumn(r.value("rle_json"), "annotation", v.maskId);
    v.author = r.text("annotator");
    v.createdAt = r.time("created_at");
    return v;
}
} // namespace

Annotation ProjectStore::saveAnnotation(qint64 frameId, qint64 structureId, const QString &annotator,
                                        const RleMask &rle)
{
    requireNonEmpty(annotator, "annotator", "annotation");
    std::optional<Annotation> saved;
    transaction([&] {
        requireMaskFits(*this, frameId, structureId, rle, "annotation");
        const QString json = QString::fromUtf8(rle.toJson());
        const QString now = isoTime(nowUtc());
        const auto existing = annotation(frameId, structureId, annotator);
        qint64 id = 0;
        int version = 1;
        if (existing) {
            id = existing->id;
            version = existing->version + 1;
            d->run(annotationSql::update, {json, version, now, id});
        } else {
            id = d->insert(annotationSql::insert, {frameId, structureId, annotator, json, now});
        }
        d->run(annotationVersionSql::insert, {id, version, json, now});
        saved = annotationById(id);
    });
    return *saved;
}

void ProjectStore::setAnnotationState(qint64 annotationId, AnnotationState state)
{
    transaction([&] {
        const QVariant submittedAt = state == AnnotationState::Submitted ? QVariant(isoTime(nowUtc())) : QVariant();
        d->updateOne(annotationSql::setState, {annotationStateToString(state), submittedAt, annotationId},
                     QStringLiteral("annotation"), annotationId);
    });
}

std::optional<Annotation> ProjectStore::annotation(qint64 frameId, qint64 structureId, const QString &annotator) const
{
    return d->one(annotationSql::byKey, {frameId, structureId, annotator}, annotationFromRow);
}

std::optional<Annotation> ProjectStore::annotationById(qint64 id) const
{
    return d->one(annotationSql::byId, {id}, annotationFromRow);
}

std::vector<Annotation> ProjectStore::annotationsForFrame(qint64 frameId) const
{
    return d->all(annotationSql::forFrame, {frameId}, annotationFromRow);
}

std::vector<Annotation> ProjectStore::submittedAnnotations() const
{
    return d->all(annotationSql::submitted, {}, annotationFromRow);
}

std::vector<MaskVersion> ProjectStore::annotationHistory(qint64 annotationId) const
{
    return d->all(annotationVersionSql::history, {annotationId}, annotationVersionFromRow);
}

// ---------------------------------------------------------------- honeypots

namespace {
namespace honeypotSql {
const QString insert = QStringLiteral("INSERT INTO honeypots (frame_id, marked_by, seed, created_at) "
                                      "VALUES (?, ?, ?, ?) ON CONFLICT (frame_id) DO NOTHING");
const QString all = QStringLiteral("SELECT frame_id FROM honeypots ORDER BY frame_id");
const QString one = QStringLiteral("SELECT frame_id FROM honeypots WHERE frame_id = ?");
const QString count = QStringLiteral("SELECT COUNT(*) AS n FROM honeypots");
} // namespace honeypotSql

namespace honeypotResultSql {
const QString select = QStringLiteral(
    "SELECT frame_id, structure_id, annotator, annotation_version, reference_version, dice, created_at "
    "FROM honeypot_results ORDER BY frame_id, structure_id, annotator");
const QString upsert = QStringLiteral(
    "INSERT INTO honeypot_results (frame_id, structure_id, annotator, annotation_version, reference_version, dice, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (frame_id, structure_id, annotator) DO UPDATE SET "
    "annotation_version = excluded.annotation_version, reference_version = excluded.reference_version, "
    "dice = excluded.dice, created_at = excluded.created_at");
} // namespace honeypotResultSql

HoneypotResult honeypotResultFromRow(const Row &r)
{
    HoneypotResult h;
    h.frameId = r.id("frame_id");
    h.structureId = r.id("structure_id");
    h.annotator = r.text("annotator");
    h.annotationVersion = r.integer("annotation_version");
    h.referenceVersion = r.integer("reference_version");
    h.dice = r.real("dice");
    h.createdAt = r.time("created_at");
    return h;
}
} // namespace

int ProjectStore::addHoneypots(const std::vector<qint64> &frameIds, const QString &markedBy, qint64 seed)
{
    requireNonEmpty(markedBy, "marked_by", "honeypot");
    int added = 0;
    transaction([&] {
        const QString now = isoTime(nowUtc());
        const qint64 before = d->scalar(honeypotSql::count, {}, "n").toLongLong();
        for (qint64 id : frameIds) {
            if (!frame(id))
                throw StoreError(QStringLiteral("cannot mark honeypot: frame %1 does not exist").arg(id).toStdString());
            d->run(honeypotSql::insert, {id, markedBy, seed, now});
        }
        added = int(d->scalar(honeypotSql::count, {}, "n").toLongLong() - before);
    });
    return added;
}

std::vector<qint64> ProjectStore::honeypotFrames() const
{
    return d->all(honeypotSql::all, {}, [](const Row &r) { return r.id("frame_id"); });
}

bool ProjectStore::isHoneypot(qint64 frameId) const
{
    return d->one(honeypotSql::one, {frameId}, [](const Row &r) { return r.id("frame_id"); }).has_value();
}

void ProjectStore::saveHoneypotResult(HoneypotResult &r)
{
    requireNonEmpty(r.annotator, "annotator", "honeypot result");
    const QDateTime createdAt = orNow(r.createdAt);
    transaction([&] {
        d->run(honeypotResultSql::upsert, {r.frameId, r.structureId, r.annotator, r.annotationVersion,
                                           r.referenceVersion, r.dice, isoTime(createdAt)});
    });
    r.createdAt = createdAt;
}

std::vector<HoneypotResult> ProjectStore::honeypotResults() const
{
    return d->all(honeypotResultSql::select, {}, honeypotResultFromRow);
}

} // namespace sd
