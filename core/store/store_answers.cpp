// What the local model is used for: answers saved from the Ask view and the
// graded attempts of residents in tutor mode.
#include "storeprivate.h"

namespace sd {

using namespace store;

// ---------------------------------------------------------------- saved answers

namespace {
namespace savedAnswerSql {
const QString select = QStringLiteral(
    "SELECT id, frame_id, structure_id, region_json, question, answer, model, settings_json, author, created_at "
    "FROM saved_answers");
const QString every = select + QStringLiteral(" ORDER BY id");
const QString forFrame = select + QStringLiteral(" WHERE frame_id = ? ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO saved_answers (frame_id, structure_id, region_json, question, answer, model, settings_json, author, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
} // namespace savedAnswerSql

SavedAnswer savedAnswerFromRow(const Row &r)
{
    SavedAnswer a;
    a.id = r.id("id");
    a.frameId = r.optionalId("frame_id");
    a.structureId = r.optionalId("structure_id");
    a.regionJson = r.text("region_json");
    a.question = r.text("question");
    a.answer = r.text("answer");
    a.model = r.text("model");
    a.settingsJson = r.bytes("settings_json");
    a.author = r.text("author");
    a.createdAt = r.time("created_at");
    return a;
}
} // namespace

qint64 ProjectStore::addSavedAnswer(SavedAnswer &a)
{
    requireNonEmpty(a.question, "question", "saved answer");
    requireNonEmpty(a.model, "model", "saved answer");
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(savedAnswerSql::insert,
                       {optionalId(a.frameId), optionalId(a.structureId), text(a.regionJson), a.question,
                        text(a.answer), a.model, blob(a.settingsJson), text(a.author), isoTime(createdAt)});
    });
    a.id = id;
    a.createdAt = createdAt;
    return id;
}

std::vector<SavedAnswer> ProjectStore::savedAnswers(std::optional<qint64> frameId) const
{
    return frameId ? d->all(savedAnswerSql::forFrame, {*frameId}, savedAnswerFromRow)
                   : d->all(savedAnswerSql::every, {}, savedAnswerFromRow);
}

// ---------------------------------------------------------------- tutor attempts

namespace {
namespace tutorSql {
const QString forResident = QStringLiteral(
    "SELECT id, resident, frame_id, structure_id, answer, structure_correct, side_correct, points_found, "
    "points_total, expert_answer, created_at FROM tutor_attempts WHERE resident = ? ORDER BY id");
const QString residents = QStringLiteral("SELECT DISTINCT resident FROM tutor_attempts ORDER BY resident");
const QString insert = QStringLiteral(
    "INSERT INTO tutor_attempts (resident, frame_id, structure_id, answer, structure_correct, side_correct, "
    "points_found, points_total, expert_answer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
} // namespace tutorSql

TutorAttempt tutorAttemptFromRow(const Row &r)
{
    TutorAttempt a;
    a.id = r.id("id");
    a.resident = r.text("resident");
    a.frameId = r.id("frame_id");
    a.structureId = r.id("structure_id");
    a.answer = r.text("answer");
    a.structureCorrect = r.flag("structure_correct");
    a.sideCorrect = r.flag("side_correct");
    a.pointsFound = r.integer("points_found");
    a.pointsTotal = r.integer("points_total");
    a.expertAnswer = r.text("expert_answer");
    a.createdAt = r.time("created_at");
    return a;
}
} // namespace

qint64 ProjectStore::addTutorAttempt(TutorAttempt &a)
{
    requireNonEmpty(a.resident, "resident", "tutor attempt");
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(tutorSql::insert,
                       {a.resident.trimmed(), a.frameId, a.structureId, text(a.answer), int(a.structureCorrect),
                        int(a.sideCorrect), a.pointsFound, a.pointsTotal, text(a.expertAnswer), isoTime(createdAt)});
    });
    a.id = id;
    a.resident = a.resident.trimmed();
    a.createdAt = createdAt;
    return id;
}

std::vector<TutorAttempt> ProjectStore::tutorAttempts(const QString &resident) const
{
    return d->all(tutorSql::forResident, {resident.trimmed()}, tutorAttemptFromRow);
}

QStringList ProjectStore::tutorResidents() const
{
    const std::vector<QString> residents =
        d->all(tutorSql::residents, {}, [](const Row &r) { return r.text("resident"); });
    return QStringList(residents.begin(), residents.end());
}

} // namespace sd
