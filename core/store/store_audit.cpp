// The hash-chained audit log of everything that left the machine or changed
// what may leave it.
#include "storeprivate.h"

namespace sd {

using namespace store;

namespace {
namespace auditSql {
const QString every = QStringLiteral(
    "SELECT id, time, user, action, destination, payload, payload_sha256, prev_hash, entry_hash FROM audit_log "
    "ORDER BY id");
const QString head = QStringLiteral("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1");
const QString insert = QStringLiteral(
    "INSERT INTO audit_log (time, user, action, destination, payload, payload_sha256, prev_hash, entry_hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
} // namespace auditSql

QByteArray auditEntryHash(const QByteArray &prevHash, const QString &time, const QString &user,
                          const QString &action, const QString &destination, const QByteArray &payloadSha256)
{
    const QByteArray material = prevHash + '|' + time.toUtf8() + '|' + user.toUtf8() + '|' + action.toUtf8()
        + '|' + destination.toUtf8() + '|' + payloadSha256;
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
        && auditEntryHash(prevHash, r.text("time"), r.text("user"), r.text("action"), r.text("destination"),
                          payloadSha) == r.hex("entry_hash");
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
        e.entryHash = auditEntryHash(e.prevHash, time, e.user, e.action, e.destination, e.payloadSha256);
        e.id = d->insert(auditSql::insert, {time, e.user, e.action, e.destination, e.payload, hexText(e.payloadSha256),
                                            hexText(e.prevHash), hexText(e.entryHash)});
    });
    return e;
}

std::vector<AuditEntry> ProjectStore::auditLog() const
{
    return d->all(auditSql::every, {}, auditEntryFromRow);
}

qint64 ProjectStore::verifyAuditChain() const
{
    QSqlQuery q = d->run(auditSql::every);
    const Row row(q);
    QByteArray previous("");
    while (d->next(q)) {
        if (!auditRowIntact(row, previous))
            return row.id("id");
        previous = row.hex("entry_hash");
    }
    return 0;
}

} // namespace sd
