// The PostgreSQL server that scripts/run-tests.sh starts for the suite
// (scripts/pg-test-server.sh): its socket folder and port come in SURGDISTILL_TEST_PG_*.
// Each test makes its own database, owned by its own admin login with CREATEROLE (not a
// superuser, so the server's rules apply to it as to any admin), so tests run in parallel.
#pragma once

#include "store/teamconnection.h"

#include <QScopeGuard>

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <stdexcept>

namespace pgtest {

inline QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

inline bool available()
{
    return !env("SURGDISTILL_TEST_PG_HOST").isEmpty();
}

inline const char *skipMessage()
{
    return "no PostgreSQL test server (SURGDISTILL_TEST_PG_HOST unset): run the suite with scripts/run-tests.sh";
}

inline sd::TeamConnection socketConnection(const QString &database, const QString &user)
{
    sd::TeamConnection c;
    c.host = env("SURGDISTILL_TEST_PG_HOST");
    c.port = env("SURGDISTILL_TEST_PG_PORT").toInt();
    c.database = database;
    c.user = user;
    return c;
}

// Runs one statement as the server's superuser; throws with the server's message.
inline void superuserExec(const QString &sql, const QString &database = QStringLiteral("postgres"))
{
    const QString name = QStringLiteral("pgtest-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(env("SURGDISTILL_TEST_PG_HOST"));
        db.setPort(env("SURGDISTILL_TEST_PG_PORT").toInt());
        db.setDatabaseName(database);
        db.setUserName(env("SURGDISTILL_TEST_PG_SUPERUSER"));
        if (!db.open())
            throw std::runtime_error(db.lastError().text().toStdString());
        QSqlQuery q(db);
        if (!q.exec(sql))
            throw std::runtime_error((q.lastError().text() + QStringLiteral(" in ") + sql).toStdString());
    }
    QSqlDatabase::removeDatabase(name);
}

// A fresh database "<tag>_<random>" and its admin login "<database>_owner"; returns the
// admin's socket connection.
inline sd::TeamConnection newProjectDatabase(const QString &tag)
{
    const QString database = QStringLiteral("%1_%2").arg(tag, QUuid::createUuid().toString(QUuid::Id128).left(8));
    const QString owner = database + QStringLiteral("_owner");
    superuserExec(QStringLiteral("CREATE ROLE \"%1\" LOGIN CREATEROLE").arg(owner));
    superuserExec(QStringLiteral("CREATE DATABASE \"%1\" OWNER \"%2\"").arg(database, owner));
    return socketConnection(database, owner);
}

// A raw connection of one login, for what a modified client could send straight over SQL.
class RawClient {
public:
    explicit RawClient(const sd::TeamConnection &c) : m_name(QStringLiteral("raw-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        db.setHostName(c.host);
        db.setPort(c.port);
        db.setDatabaseName(c.database);
        db.setUserName(c.user);
        if (!db.open())
            qFatal("raw client: %s", qPrintable(db.lastError().text()));
    }
    ~RawClient() { QSqlDatabase::removeDatabase(m_name); }
    RawClient(const RawClient &) = delete;
    RawClient &operator=(const RawClient &) = delete;
    // The server's error, or "" when the statement went through.
    QString exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql) ? QString() : q.lastError().text();
    }

private:
    QString m_name;
    static inline int s_counter = 0;
};

} // namespace pgtest
