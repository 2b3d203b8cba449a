#include "storeprivate.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlRecord>

namespace sd {

// ---------------------------------------------------------------- Row

Row::Row(const QSqlQuery &query) : m_query(query) {}

QVariant Row::value(const char *column) const
{
    if (m_columns.isEmpty()) {
        const QSqlRecord record = m_query.record();
        for (int i = 0; i < record.count(); ++i)
            m_columns << record.fieldName(i);
    }
    const qsizetype index = m_columns.indexOf(QLatin1String(column));
    if (index < 0)
        throw StoreError(QStringLiteral("the statement \"%1\" has no column '%2'")
                             .arg(m_query.lastQuery().left(80), QLatin1String(column)).toStdString());
    return m_query.value(int(index));
}

std::optional<qint64> Row::optionalId(const char *column) const
{
    const QVariant v = value(column);
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

std::optional<double> Row::optionalReal(const char *column) const
{
    const QVariant v = value(column);
    if (v.isNull())
        return std::nullopt;
    return v.toDouble();
}

QDateTime Row::time(const char *column) const
{
    return store::timeFrom(value(column));
}

// ---------------------------------------------------------------- statements

QString ProjectStore::Private::where() const
{
    return team ? team->toUrl() : folder;
}

void ProjectStore::Private::fail(const QString &what, const QSqlQuery &q) const
{
    // A server's refusal reads as its first line ("only reviewers may approve ..."),
    // without the PL/pgSQL context and driver wording around it.
    const QString error = isTeam() && !q.lastError().databaseText().isEmpty()
        ? q.lastError().databaseText().section(QLatin1Char('\n'), 0, 0).remove(QStringLiteral("ERROR:")).trimmed()
        : q.lastError().text();
    // A server's answer carries a SQLSTATE; a lost connection has none, or class 08 / 57P.
    const QString state = q.lastError().nativeErrorCode();
    const bool connectionGone = state.isEmpty() || state.startsWith(QLatin1String("08"))
        || state.startsWith(QLatin1String("57P"));
    if (isTeam() && connectionGone && (!db.isOpen() || !QSqlQuery(db).exec(QStringLiteral("SELECT 1")))) {
        const_cast<Private *>(this)->lost = true;
        throw ServerUnreachable(QStringLiteral("the server of team project %1 cannot be reached (%2); nothing was "
                                               "lost: SurgDistill keeps trying").arg(where(), error).toStdString());
    }
    // SQLITE_CORRUPT / SQLITE_NOTADB: say what it means and what to do.
    const QString advice = error.contains(QLatin1String("malformed")) || error.contains(QLatin1String("not a database"))
        ? QStringLiteral(" (the project file is damaged: restore project.sqlite from a backup)")
        : QString();
    throw StoreError(QStringLiteral("%1 in project %2: %3%4").arg(what, where(), error, advice).toStdString());
}

void ProjectStore::Private::requireWritable() const
{
    if (readOnly)
        throw StoreError(QStringLiteral("cannot change project %1: it is open read-only (read-only commands never "
                                        "write)").arg(where()).toStdString());
}

bool ProjectStore::Private::next(QSqlQuery &q) const
{
    if (q.next())
        return true;
    if (q.lastError().isValid())
        fail(QStringLiteral("reading rows failed"), q);
    return false;
}

QSqlQuery ProjectStore::Private::run(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        fail(QStringLiteral("cannot prepare \"%1\"").arg(sql.left(80)), q);
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec())
        fail(QStringLiteral("query failed \"%1\"").arg(sql.left(80)), q);
    return q;
}

void ProjectStore::Private::execRaw(const QString &sql) const
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        fail(QStringLiteral("\"%1\" failed").arg(sql), q);
}

QVariant ProjectStore::Private::scalar(const QString &sql, const QVariantList &binds, const char *column) const
{
    return one(sql, binds, [column](const Row &row) { return row.value(column); }).value_or(QVariant());
}

qint64 ProjectStore::Private::insert(const QString &sql, const QVariantList &binds) const
{
    requireWritable();
    if (isTeam()) { // QPSQL has no lastInsertId for identity columns
        QSqlQuery q = run(sql + QStringLiteral(" RETURNING id"), binds);
        if (!next(q))
            fail(QStringLiteral("the insert \"%1\" returned no id").arg(sql.left(80)), q);
        return q.value(0).toLongLong();
    }
    QSqlQuery q = run(sql, binds);
    return q.lastInsertId().toLongLong();
}

void ProjectStore::Private::updateOne(const QString &sql, const QVariantList &binds, const QString &entity,
                                      qint64 id) const
{
    requireWritable();
    QSqlQuery q = run(sql, binds);
    if (q.numRowsAffected() < 1)
        throw StoreError(QStringLiteral("%1 %2 does not exist in project %3").arg(entity).arg(id).arg(where())
                             .toStdString());
}

// ---------------------------------------------------------------- values

namespace store {

QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

QVariant blob(const QByteArray &b)
{
    return b.isNull() ? QVariant(QByteArray("")) : QVariant(b);
}

QVariant hexText(const QByteArray &hex)
{
    return QVariant(QString::fromLatin1(hex));
}

QVariant optionalId(const std::optional<qint64> &id)
{
    return id ? QVariant(*id) : QVariant();
}

QVariant optionalReal(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant();
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QVariant timeValue(const QDateTime &t)
{
    return t.isValid() ? QVariant(isoTime(t)) : QVariant();
}

QDateTime timeFrom(const QVariant &v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

QDateTime nowUtc()
{
    return QDateTime::currentDateTimeUtc();
}

QDateTime orNow(const QDateTime &t)
{
    return t.isValid() ? t : nowUtc();
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

void requireNonEmpty(const QString &value, const char *field, const char *entity)
{
    if (value.trimmed().isEmpty())
        throw StoreError(QStringLiteral("%1: field '%2' must not be empty")
                             .arg(QLatin1String(entity), QLatin1String(field)).toStdString());
}

} // namespace store
} // namespace sd
