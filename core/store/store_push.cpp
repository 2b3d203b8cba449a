// `surgdistill project push`: a SQLite project copied to a team project's server in one
// transaction, verified before it commits (row counts and a hash of every table, the
// frames' bytes, the audit chain), so the server holds all of it or nothing.
#include "storeprivate.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlRecord>
#include <map>
#include <set>

namespace sd {

using namespace store;

namespace {

// Tables the copy skips: SQLite's own, the schema version, and the anchor (the audit
// trigger rebuilds it row by row; the verification compares it).
bool copied(const QString &table)
{
    return !table.startsWith(QLatin1String("sqlite_")) && table != QLatin1String("audit_anchor")
        && table != QLatin1String("surgdistill_schema") && table != QLatin1String("frame_media");
}

// One hash per table over every row in id order, the same on both dialects: bytes as
// bytes, everything else as its text, NULL as a marker.
QByteArray tableHash(QSqlQuery &q)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (q.next()) {
        const QSqlRecord r = q.record();
        for (int i = 0; i < r.count(); ++i) {
            const QVariant v = q.value(i);
            QByteArray bytes = v.isNull() ? QByteArray("\x01null")
                : v.typeId() == QMetaType::QByteArray ? v.toByteArray()
                : v.typeId() == QMetaType::Double ? QByteArray::number(v.toDouble(), 'g', 17)
                : v.toString().toUtf8();
            hash.addData(QByteArray::number(bytes.size()) + ':' + bytes);
        }
    }
    return hash.result().toHex();
}

} // namespace

PushReport ProjectStore::pushToServer(const TeamConnection &target, const std::function<void(const QString &)> &progress) const
{
    if (d->isTeam())
        throw StoreError("project push copies a project folder; this project is already on a server");
    auto say = [&](const QString &s) { if (progress) progress(s); };

    // The tables in an order where every row's references are already there.
    const std::vector<QString> all = d->all(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"), {},
        [](const Row &r) { return r.text("name"); });
    std::map<QString, std::set<QString>> needs;
    for (const QString &t : all) {
        if (!copied(t))
            continue;
        needs[t];
        for (const QString &parent : d->all(QStringLiteral("SELECT \"table\" AS parent FROM pragma_foreign_key_list(?)"),
                                            {t}, [](const Row &r) { return r.text("parent"); }))
            if (parent != t)
                needs[t].insert(parent);
    }
    std::vector<QString> order;
    while (order.size() < needs.size()) {
        const size_t before = order.size();
        for (const auto &[t, parents] : needs) {
            if (std::find(order.begin(), order.end(), t) != order.end())
                continue;
            if (std::all_of(parents.begin(), parents.end(), [&](const QString &p) {
                    return std::find(order.begin(), order.end(), p) != order.end() || !needs.count(p);
                }))
                order.push_back(t);
        }
        if (order.size() == before)
            throw StoreError("project push: the tables reference each other in a cycle");
    }

    say(QStringLiteral("connecting to %1").arg(target.toUrl()));
    std::unique_ptr<ProjectStore> server;
    try {
        server = createTeam(target, setting(QStringLiteral("name")));
    } catch (const LoginRequired &) {
        throw;
    } catch (const ServerUnreachable &) {
        throw;
    } catch (const StoreError &) {
        // A project made by an earlier push that failed halfway holds no rows: reuse it.
        server = openTeam(target);
        if (server->frameCount() > 0 || !server->auditLog().empty())
            throw StoreError(QStringLiteral("project push: %1 already holds a project with frames; push into an "
                                            "empty database").arg(target.toUrl()).toStdString());
    }
    if (server->schemaVersion() != schemaVersion())
        throw StoreError(QStringLiteral("project push: the project has schema version %1, the server %2; open the "
                                        "project once with this SurgDistill first")
                             .arg(schemaVersion()).arg(server->schemaVersion()).toStdString());

    PushReport report;
    Private &s = *server->d;
    server->transaction([&] {
        // Rows keep their authors and times (an admin-only switch the server checks).
        s.execRaw(QStringLiteral("SET LOCAL surgdistill.importing = 'on'"));
        for (auto it = order.rbegin(); it != order.rend(); ++it) // the defaults the new project was made with
            if (*it != QLatin1String("audit_log"))
                s.execRaw(QStringLiteral("DELETE FROM %1").arg(*it));
        for (const QString &table : order) {
            // Column names come from our own schema, never from user input.
            const auto columns = d->all(QStringLiteral("SELECT name FROM pragma_table_info(?) ORDER BY cid"), {table},
                                        [](const Row &r) { return r.text("name"); });
            std::set<QString> binary;
            for (const QString &c : s.all(QStringLiteral("SELECT column_name::text AS c FROM information_schema.columns "
                                                         "WHERE table_name = ? AND data_type = 'bytea'"),
                                          {table}, [](const Row &r) { return r.text("c"); }))
                binary.insert(c);
            QStringList quoted, marks;
            for (const QString &c : columns) {
                quoted << QLatin1Char('"') + c + QLatin1Char('"');
                marks << QStringLiteral("?");
            }
            const bool hasId = std::find(columns.begin(), columns.end(), QStringLiteral("id")) != columns.end();
            const QString orderBy = hasId ? QStringLiteral(" ORDER BY id") : QString();
            const QString select = QStringLiteral("SELECT %1 FROM %2%3").arg(quoted.join(QStringLiteral(", ")), table,
                                                                             orderBy);
            const QString insert = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                       .arg(table, quoted.join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")));
            QSqlQuery rows = d->run(select);
            qint64 n = 0;
            while (d->next(rows)) {
                QVariantList values;
                for (int i = 0; i < int(columns.size()); ++i) {
                    QVariant v = rows.value(i);
                    if (!v.isNull() && binary.count(columns[size_t(i)]) && v.typeId() != QMetaType::QByteArray)
                        v = v.toString().toUtf8(); // SQLite may hold text in a BLOB column
                    values << v;
                }
                s.run(insert, values);
                ++n;
            }
            if (hasId)
                s.execRaw(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                         "COALESCE((SELECT max(id) FROM %1), 0) + 1, false)").arg(table));
            // Verify before commit: the same rows, byte for byte.
            QSqlQuery here = d->run(select);
            QSqlQuery there = s.run(select);
            const QByteArray a = tableHash(here);
            const QByteArray b = tableHash(there);
            if (a != b)
                throw StoreError(QStringLiteral("project push: table %1 differs on the server after the copy; nothing "
                                                "was pushed").arg(table).toStdString());
            report.rows[table] = n;
            say(QStringLiteral("%1: %2 rows").arg(table).arg(n));
        }
        for (const Frame &f : frames()) {
            QFile file(absolutePath(f.mediaPath));
            if (!file.open(QIODevice::ReadOnly))
                throw StoreError(QStringLiteral("project push: cannot read frame %1's image %2 (%3); nothing was "
                                                "pushed").arg(f.id).arg(file.fileName(), file.errorString())
                                     .toStdString());
            const QByteArray bytes = file.readAll();
            s.run(QStringLiteral("INSERT INTO frame_media (frame_id, bytes) VALUES (?, ?)"), {f.id, bytes});
            const QByteArray back = s.scalar(QStringLiteral("SELECT bytes FROM frame_media WHERE frame_id = ?"), {f.id},
                                             "bytes").toByteArray();
            if (sha256Hex(back) != sha256Hex(bytes))
                throw StoreError(QStringLiteral("project push: frame %1's image differs on the server; nothing was "
                                                "pushed").arg(f.id).toStdString());
            report.frameBytes += bytes.size();
        }
        say(QStringLiteral("frames: %1 images, %2 bytes").arg(frameCount()).arg(report.frameBytes));
        const AuditCheck chain = server->checkAuditLog();
        if (!chain.intact())
            throw StoreError(QStringLiteral("project push: the audit chain does not verify on the server (%1); nothing "
                                            "was pushed").arg(chain.entries).toStdString());
        report.auditEntries = chain.entries;
    });
    report.url = target.toUrl();
    return report;
}

} // namespace sd
