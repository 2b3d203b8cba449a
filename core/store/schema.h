// Database schema of a project as data: an ordered list of forward migrations.
// Version N of a project is the state after applying steps 1..N in order; later
// issues append steps to migrations() and never edit released ones.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace sd::schema {

// Stored in PRAGMA application_id so open() can tell our databases apart.
constexpr int kApplicationId = 0x53445354; // "SDST"

// One schema, two SQL dialects: a project is a SQLite file, or a team project on a
// PostgreSQL server. Both run the same numbered migrations.
enum class Dialect { Sqlite, Postgres };
Dialect dialectOf(const QSqlDatabase &db);

struct Migration {
    int version;             // schema version after this step
    QString description;
    QStringList statements;  // SQLite; run in order inside one transaction
    // PostgreSQL: by default the SQLite statements through toPostgres(); a step whose
    // statements cannot be translated (triggers, SQLite functions) spells them out here.
    std::optional<QStringList> postgres = std::nullopt;
};

const std::vector<Migration> &migrations();
// The PostgreSQL form of a SQLite DDL statement: identity ids, BIGINT references,
// DOUBLE PRECISION, BYTEA, the reserved column name "user" quoted; PRAGMAs vanish ("").
QString toPostgres(const QString &sqliteStatement);
QStringList statementsFor(const Migration &step, Dialect dialect);
int latestVersion();

// Team projects (schema_team.cpp): the server-side rules of version 10 (triggers on
// session_user, frame bytes, notifications), and the grants of the project's team roles,
// renewed after every migration so new tables reach them.
QStringList teamRules();
QStringList teamGrants();
// The server-side rules of version 12's review issues, of version 13's independent
// annotations and of version 14's submission block (schema_team.cpp).
QStringList issueTeamRules();
QStringList teamAnnotationRules();
QStringList submissionIssueRules();
// The notification channel of a team project's changes; payload "table:frame_id".
inline constexpr const char *kChangeChannel = "surgdistill_changes";

// The schema version of an open connection (SQLite: PRAGMA user_version; PostgreSQL:
// the surgdistill_schema table, 0 in an empty database); throws StoreError on SQL errors.
int currentVersion(QSqlDatabase &db);

// Applies every step with currentVersion < version <= targetVersion, each in its
// own transaction (BEGIN IMMEDIATE), updating user_version in the same
// transaction (PostgreSQL: under an advisory lock, so two clients never migrate at
// once, and with the team rules re-granted). Throws StoreError naming the failing step and statement; the
// failing step leaves nothing behind. Also used by tests to build old projects.
void migrate(QSqlDatabase &db, int targetVersion);

} // namespace sd::schema
