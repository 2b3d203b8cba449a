// The hash-chained audit log of everything that left the machine or changed
// what may leave it.
#include "storeprivate.h"

#include <QSettings>

namespace sd {

using namespace store;

namespace {
namespace auditSql {
const QString every = QStringLiteral(
    "SELECT id, time, \"user\", action, destination, payload, payload_sha256, prev_hash, entry_hash, hash_version "
    "FROM audit_log ORDER BY id");
const QString head = QStringLiteral("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1");
const QString insert = QStringLiteral(
    "INSERT INTO audit_log (time, \"user\", action, destination, payload, payload_sha256, prev_hash, entry_hash, "
    "hash_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2)");
const QString anchor = QStringLiteral("SELECT entries, head FROM audit_anchor WHERE id = 1");
// One statement, so one snapshot: another process may append meanwhile.
const QString anchorHolds = QStringLiteral(
    "SELECT a.entries = (SELECT COUNT(*) FROM audit_log)"
    " AND a.head = COALESCE((SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1), '') AS holds"
    " FROM audit_anchor a WHERE a.id = 1");
// The newest entry that set `key` (payload "key=value").
const QString lastSetting = QStringLiteral(
    "SELECT payload FROM audit_log WHERE substr(payload, 1, ?) = ? ORDER BY id DESC LIMIT 1");
} // namespace auditSql

const QString kProjectIdSetting = QStringLiteral("project_id");
const QString kNeverSet = QStringLiteral("\x01");

// Version 1 joined the fields with '|', so text could move between two fields with the
// same hash; version 2 prefixes each field with its length.
QByteArray auditEntryHash(int version, const QByteArray &prevHash, const QString &time, const QString &user,
                          const QString &action, const QString &destination, const QByteArray &payloadSha256)
{
    const QByteArray fields[] = {prevHash, time.toUtf8(), user.toUtf8(), action.toUtf8(), destination.toUtf8(),
                                 payloadSha256};
    QByteArray material;
    for (const QByteArray &f : fields) {
        if (version >= 2)
            material += QByteArray::number(f.size()) + ':' + f;
        else
            material += f + '|';
    }
    if (version < 2)
        material.chop(1);
    return sha256Hex(material);
}

AuditEntry auditEntryFromRow(const Row &r)
{
    AuditEntry e;
    e.id = r.id("id");
    e.time = r.time("time");
    e.user = r.text("user");
    e.action = r.text("action");
    e.destination = r.text("destination");
    e.payload = r.bytes("payload");
    e.payloadSha256 = r.hex("payload_sha256");
    e.prevHash = r.hex("prev_hash");
    e.entryHash = r.hex("entry_hash");
    return e;
}

// Whether a row is intact and follows previousHash. Works on the stored text
// (not re-formatted times) so verification is exact.
bool auditRowIntact(const Row &r, const QByteArray &previousHash)
{
    const QByteArray payloadSha = r.hex("payload_sha256");
    const QByteArray prevHash = r.hex("prev_hash");
    return sha256Hex(r.bytes("payload")) == payloadSha && prevHash == previousHash
        && auditEntryHash(r.integer("hash_version"), prevHash, r.text("time"), r.text("user"), r.text("action"),
                          r.text("destination"), payloadSha) == r.hex("entry_hash");
}
} // namespace

AuditEntry ProjectStore::appendAudit(const QString &user, const QString &action, const QString &destination,
                                     const QByteArray &payload)
{
    requireNonEmpty(user, "user", "audit entry");
    requireNonEmpty(action, "action", "audit entry");
    AuditEntry e;
    transaction([&] {
        // Read the chain head inside the write transaction so concurrent writers cannot fork the chain.
        const QVariant head = d->scalar(auditSql::head, {}, "entry_hash");
        e.prevHash = head.isNull() ? QByteArray("") : head.toString().toLatin1();
        const QString time = isoTime(nowUtc());
        e.time = timeFrom(time);
        e.user = user;
        e.action = action;
        e.destination = destination.isNull() ? QStringLiteral("") : destination;
        e.payload = payload.isNull() ? QByteArray("") : payload;
        e.payloadSha256 = sha256Hex(e.payload);
        e.entryHash = auditEntryHash(2, e.prevHash, time, e.user, e.action, e.destination, e.payloadSha256);
        e.id = d->insert(auditSql::insert, {time, e.user, e.action, e.destination, e.payload, hexText(e.payloadSha256),
                                            hexText(e.prevHash), hexText(e.entryHash)});
    });
    return e;
}

std::vector<AuditEntry> ProjectStore::auditLog() const
{
    return d->all(auditSql::every, {}, auditEntryFromRow);
}

namespace {
// This computer's record of a project's log as last verified intact: "entries:newest hash",
// kept in the user's settings, outside the project, so that rewriting the whole log (and
// its anchor) inside the project still shows here.
QString recordKey(const QString &projectId)
{
    return QStringLiteral("auditRecord/") + projectId;
}
} // namespace

AuditCheck ProjectStore::checkAuditLog() const
{
    AuditCheck check;
    const QString projectId = setting(kProjectIdSetting);
    const QStringList record = projectId.isEmpty()
        ? QStringList()
        : QSettings().value(recordKey(projectId)).toString().split(QLatin1Char(':'));
    const qint64 recordedEntries = record.size() == 2 ? record[0].toLongLong() : 0;
    QByteArray hashAtRecord;

    // The anchor first, then the rows: another process may append in between, so the
    // anchor must name the row at its count, which later appends do not change.
    const auto anchor = d->one(auditSql::anchor, {}, [](const Row &r) {
        return std::pair<qint64, QByteArray>(r.id("entries"), r.hex("head"));
    });
    const qint64 anchorEntries = anchor ? anchor->first : -1;
    bool anchorRowSeen = anchorEntries == 0; // an empty log anchors at its (empty) head
    QByteArray hashAtAnchor("");
    QSqlQuery q = d->run(auditSql::every);
    const Row row(q);
    QByteArray previous("");
    while (d->next(q)) {
        if (!auditRowIntact(row, previous)) {
            check.problem = AuditProblem::EntryAltered;
            check.brokenAt = row.id("id");
            return check;
        }
        previous = row.hex("entry_hash");
        ++check.entries;
        if (check.entries == recordedEntries)
            hashAtRecord = previous;
        if (check.entries == anchorEntries) {
            hashAtAnchor = previous;
            anchorRowSeen = true;
        }
    }
    if (!anchorRowSeen || hashAtAnchor != anchor->second) {
        check.problem = AuditProblem::AnchorMismatch;
        check.expected = anchor ? anchor->first : 0;
        return check;
    }
    if (recordedEntries > 0 && hashAtRecord != record[1].toLatin1()) {
        check.problem = AuditProblem::ChangedSinceVerified;
        check.expected = recordedEntries;
        return check;
    }
    if (!projectId.isEmpty() && check.entries > 0)
        QSettings().setValue(recordKey(projectId), QStringLiteral("%1:%2").arg(check.entries).arg(QString::fromLatin1(previous)));
    return check;
}

bool ProjectStore::auditAnchorHolds() const
{
    return d->scalar(auditSql::anchorHolds, {}, "holds").toInt() == 1;
}

void ProjectStore::setAuditedSetting(const QString &user, const QString &action, const QString &key,
                                     const QString &value, const QString &destination)
{
    transaction([&] {
        setSetting(key, value);
        appendAudit(user, action, destination, (key + QLatin1Char('=') + value).toUtf8());
    });
}

bool ProjectStore::auditedSettingHolds(const QString &key) const
{
    const QByteArray prefix = (key + QLatin1Char('=')).toUtf8();
    const QVariant payload = d->scalar(auditSql::lastSetting, {prefix.size(), prefix}, "payload");
    const QString current = setting(key, kNeverSet);
    if (payload.isNull())
        return current == kNeverSet;
    return current == QString::fromUtf8(payload.toByteArray().mid(prefix.size()));
}

} // namespace sd
