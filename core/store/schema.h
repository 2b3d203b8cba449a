// Database schema of a project as data: an ordered list of forward migrations.
// Version N of a project is the state after applying steps 1..N in order; later
// issues append steps to migrations() and never edit released ones.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <vector>

namespace sd::schema {

// Stored in PRAGMA application_id so open() can tell our databases apart.
constexpr int kApplicationId = 0x53445354; // "SDST"

struct Migration {
    int version;             // schema version after this step
    QString description;
    QStringList statements;  // run in order inside one transaction
};

const std::vector<Migration> &migrations();
int latestVersion();

// PRAGMA user_version of an open connection; throws StoreError on SQL errors.
int currentVersion(QSqlDatabase &db);

// Applies every step with currentVersion < version <= targetVersion, each in its
// own transaction (BEGIN IMMEDIATE), updating user_version in the same
// transaction. Throws StoreError naming the failing step and statement; the
// failing step leaves nothing behind. Also used by tests to build old projects.
void migrate(QSqlDatabase &db, int targetVersion);

} // namespace sd::schema
