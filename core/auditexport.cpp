#include "auditexport.h"

#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace sd {

namespace {

QString writeAll(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
    return {};
}

// RFC 4180: quote every field, double inner quotes.
QByteArray csvField(const QString &s)
{
    QByteArray b = s.toUtf8();
    b.replace('"', "\"\"");
    return '"' + b + '"';
}

} // namespace

QString writeAuditJsonl(const std::vector<AuditEntry> &entries, const QString &path)
{
    QByteArray out;
    for (const AuditEntry &e : entries) {
        const nlohmann::json j = {{"id", e.id}, {"time", e.time.toString(Qt::ISODateWithMs).toStdString()},
                                  {"user", e.user.toStdString()}, {"action", e.action.toStdString()},
                                  {"destination", e.destination.toStdString()},
                                  {"payload", QString::fromUtf8(e.payload).toStdString()},
                                  {"payload_sha256", e.payloadSha256.toStdString()},
                                  {"prev_hash", e.prevHash.toStdString()}, {"entry_hash", e.entryHash.toStdString()}};
        out += QByteArray::fromStdString(j.dump()) + '\n';
    }
    return writeAll(path, out);
}

QString writeAuditCsv(const std::vector<AuditEntry> &entries, const QString &path)
{
    QByteArray out = "id,time,user,action,destination,payload_bytes,payload_sha256,prev_hash,entry_hash\r\n";
    for (const AuditEntry &e : entries) {
        const QList<QByteArray> fields{QByteArray::number(e.id),
                                       csvField(e.time.toString(Qt::ISODateWithMs)),
                                       csvField(e.user),
                                       csvField(e.action),
                                       csvField(e.destination),
                                       QByteArray::number(e.payload.size()),
                                       csvField(QString::fromLatin1(e.payloadSha256)),
                                       csvField(QString::fromLatin1(e.prevHash)),
                                       csvField(QString::fromLatin1(e.entryHash))};
        out += fields.join(',') + "\r\n";
    }
    return writeAll(path, out);
}

} // namespace sd
