// What the store's files (projectstore.cpp, store_*.cpp) share and nobody else
// sees: the connection state, statement helpers, value conversions and a row
// reader by column name. Each entity keeps its SQL text and its one
// xFromRow mapper together in its store_*.cpp, so a second SQL dialect can
// follow entity by entity.
#pragma once

#include "projectstore.h"
#include "schema.h"

#include <QDateTime>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <optional>
#include <type_traits>
#include <vector>

namespace sd {

// The current row of a query, read by column name. The names come from the
// query's record once per Row, at the first read (QSqlQuery::value(QString)
// would rebuild the record on every call), so a statement may list its
// columns in any order. One Row serves every row of its query.
class Row {
public:
    explicit Row(const QSqlQuery &query);

    // Throws StoreError for a column the statement does not select: a typo
    // fails loudly instead of reading NULL.
    QVariant value(const char *column) const;
    bool isNull(const char *column) const { return value(column).isNull(); }
    QString text(const char *column) const { return value(column).toString(); }
    QByteArray bytes(const char *column) const { return value(column).toByteArray(); }
    QByteArray hex(const char *column) const { return text(column).toLatin1(); } // hex digests are TEXT
    qint64 id(const char *column) const { return value(column).toLongLong(); }
    int integer(const char *column) const { return value(column).toInt(); }
    double real(const char *column) const { return value(column).toDouble(); }
    bool flag(const char *column) const { return value(column).toInt() != 0; }
    std::optional<qint64> optionalId(const char *column) const;
    std::optional<double> optionalReal(const char *column) const;
    QDateTime time(const char *column) const;

private:
    const QSqlQuery &m_query;
    mutable QStringList m_columns;
};

struct ProjectStore::Private {
    QString folder;            // SQLite: the project folder; team: this computer's cache of the project
    schema::Dialect dialect = schema::Dialect::Sqlite;
    std::optional<TeamConnection> team;
    bool lost = false;         // the server went away; the next call reconnects first
    struct Listener {
        QPointer<QObject> context;
        ChangeHandler handler;
    };
    std::vector<Listener> listeners;
    QString connectionName;
    QSqlDatabase db;
    bool readOnly = false;     // OpenMode::ReadOnly
    bool immutable = false;    // read-only and read without locks or -wal/-shm files (see the constructor)
    int depth = 0;             // transaction() nesting
    bool rollbackOnly = false; // a nested call failed; the outer one must not commit

    bool isTeam() const { return dialect == schema::Dialect::Postgres; }
    QString where() const;     // the folder, or the team project's URL, for messages
    // Throws ServerUnreachable when a team project's connection is gone (checked after a
    // failed statement), otherwise StoreError with the database's message.
    [[noreturn]] void fail(const QString &what, const QSqlQuery &q) const;
    // Team projects: reopens a dropped connection (and its change subscription).
    void ensureConnected();
    void connectTeam(bool creating, const QString &name);
    // Team projects: the frame's image, written to the cache folder from the server.
    void fetchMedia(const QString &relativePath, const QString &cachePath) const;
    // Team projects: stores the staged image of a new frame on the server, renames it
    // to its server name (by id) and moves the staged file into the cache.
    void uploadMedia(Frame &frame, qint64 id) const;
    bool reopen();
    void subscribe();
    // Throws StoreError on a read-only store: a write there is a bug or a misuse, never a no-op.
    void requireWritable() const;
    QSqlQuery run(const QString &sql, const QVariantList &binds = {}) const;
    // q.next(), except that a read error (a damaged page) throws instead of looking
    // like the end of the rows: a damaged table must never read as an empty one.
    bool next(QSqlQuery &q) const;
    void execRaw(const QString &sql) const;
    // The named column of the first row, or a null QVariant without rows.
    QVariant scalar(const QString &sql, const QVariantList &binds, const char *column) const;
    qint64 insert(const QString &sql, const QVariantList &binds) const;
    // UPDATE/DELETE of one row by id; a missing row is an error, not a silent no-op.
    void updateOne(const QString &sql, const QVariantList &binds, const QString &entity, qint64 id) const;
    void configureConnection(bool checkIdentity);

    // The first row mapped by fromRow (a function of const Row &), if any.
    template <typename FromRow>
    auto one(const QString &sql, const QVariantList &binds, FromRow fromRow) const
        -> std::optional<std::invoke_result_t<FromRow, const Row &>>
    {
        QSqlQuery q = run(sql, binds);
        const Row row(q);
        if (!next(q))
            return std::nullopt;
        return fromRow(row);
    }

    // Every row mapped by fromRow, in the statement's order.
    template <typename FromRow>
    auto all(const QString &sql, const QVariantList &binds, FromRow fromRow) const
        -> std::vector<std::invoke_result_t<FromRow, const Row &>>
    {
        std::vector<std::invoke_result_t<FromRow, const Row &>> out;
        QSqlQuery q = run(sql, binds);
        const Row row(q);
        while (next(q))
            out.push_back(fromRow(row));
        return out;
    }
};

// Value conversions between entities and bound parameters.
namespace store {

// The QSQLITE driver binds a null QString/QByteArray as SQL NULL; NOT NULL
// text columns want '' instead.
QVariant text(const QString &s);
QVariant blob(const QByteArray &b);
// Hex digests are stored as TEXT so that equality lookups compare like with like.
QVariant hexText(const QByteArray &hex);
QVariant optionalId(const std::optional<qint64> &id);
QVariant optionalReal(const std::optional<double> &v);
QString isoTime(const QDateTime &t);
QVariant timeValue(const QDateTime &t); // NULL for an invalid time
QDateTime timeFrom(const QVariant &v);
// Store-assigned timestamps keep millisecond precision so they round-trip exactly.
QDateTime nowUtc();
QDateTime orNow(const QDateTime &t);
QByteArray sha256Hex(const QByteArray &data);
void requireNonEmpty(const QString &value, const char *field, const char *entity);

} // namespace store
} // namespace sd
