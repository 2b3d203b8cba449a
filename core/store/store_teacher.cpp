// The teacher: prompt templates, requests, answers, their reviews and flags,
// and the preference pairs for DPO.
#include "storeprivate.h"

#include "localprocess.h"

#include <QSysInfo>

#include <algorithm>

namespace sd {

using namespace store;

// ---------------------------------------------------------------- prompt templates

namespace {
namespace templateSql {
const QString select = QStringLiteral("SELECT id, structure_id, language, text FROM prompt_templates");
const QString every = select + QStringLiteral(" ORDER BY id");
// A structure's own templates plus the general ones (structure_id NULL).
const QString forStructure = select + QStringLiteral(" WHERE structure_id = ? OR structure_id IS NULL ORDER BY id");
const QString insert = QStringLiteral("INSERT INTO prompt_templates (structure_id, language, text) VALUES (?, ?, ?)");
const QString update =
    QStringLiteral("UPDATE prompt_templates SET structure_id = ?, language = ?, text = ? WHERE id = ?");
const QString remove = QStringLiteral("DELETE FROM prompt_templates WHERE id = ?");
} // namespace templateSql

PromptTemplate templateFromRow(const Row &r)
{
    PromptTemplate t;
    t.id = r.id("id");
    t.structureId = r.optionalId("structure_id");
    t.language = r.text("language");
    t.text = r.text("text");
    return t;
}
} // namespace

qint64 ProjectStore::addPromptTemplate(PromptTemplate &t)
{
    requireNonEmpty(t.text, "text", "prompt template");
    requireNonEmpty(t.language, "language", "prompt template");
    qint64 id = 0;
    transaction([&] { id = d->insert(templateSql::insert, {optionalId(t.structureId), t.language, t.text}); });
    t.id = id;
    return id;
}

void ProjectStore::updatePromptTemplate(const PromptTemplate &t)
{
    requireNonEmpty(t.text, "text", "prompt template");
    requireNonEmpty(t.language, "language", "prompt template");
    transaction([&] {
        d->updateOne(templateSql::update, {optionalId(t.structureId), t.language, t.text, t.id},
                     QStringLiteral("prompt template"), t.id);
    });
}

void ProjectStore::removePromptTemplate(qint64 id)
{
    transaction([&] { d->updateOne(templateSql::remove, {id}, QStringLiteral("prompt template"), id); });
}

std::vector<PromptTemplate> ProjectStore::promptTemplates(std::optional<qint64> structureId) const
{
    return structureId ? d->all(templateSql::forStructure, {*structureId}, templateFromRow)
                       : d->all(templateSql::every, {}, templateFromRow);
}

// ---------------------------------------------------------------- requests

namespace {
namespace requestSql {
const QString select = QStringLiteral(
    "SELECT id, frame_id, structure_id, template_id, provider, model, payload, status, error, created_at, question, "
    "language FROM teacher_requests");
const QString byId = select + QStringLiteral(" WHERE id = ?");
const QString every = select + QStringLiteral(" ORDER BY id");
const QString withStatus = select + QStringLiteral(" WHERE status = ? ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO teacher_requests (frame_id, structure_id, template_id, provider, model, payload, status, error, "
    "created_at, question, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
// A status other than pending ends the claim of the run that sent it.
const QString update = QStringLiteral(
    "UPDATE teacher_requests SET template_id = ?, provider = ?, model = ?, payload = ?, status = ?, error = ?, "
    "question = ?, language = ?, claimed_by = CASE WHEN ? = 'pending' THEN claimed_by END, "
    "claimed_until = CASE WHEN ? = 'pending' THEN claimed_until END WHERE id = ?");
const QString claimOf = QStringLiteral(
    "SELECT id, status, claimed_by, claimed_until FROM teacher_requests WHERE frame_id = ? AND structure_id = ? "
    "ORDER BY id LIMIT 1");
const QString claim = QStringLiteral("UPDATE teacher_requests SET claimed_by = ?, claimed_until = ? WHERE id = ?");
} // namespace requestSql

struct Claim {
    qint64 id = 0;
    RequestStatus status = RequestStatus::Pending;
    QString claimant;
    QDateTime until;
};

// "host:pid:…" of a claimant on this host whose process is gone: its claim is void.
bool claimantGone(const QString &claimant)
{
    const QStringList parts = claimant.split(QLatin1Char(':'));
    if (parts.size() < 2 || parts[0] != QSysInfo::machineHostName())
        return false;
    bool ok = false;
    const qint64 pid = parts[1].toLongLong(&ok);
    return ok && pid > 0 && !processAlive(pid);
}

TeacherRequest requestFromRow(const Row &r)
{
    TeacherRequest q;
    q.id = r.id("id");
    q.frameId = r.id("frame_id");
    q.structureId = r.id("structure_id");
    q.templateId = r.optionalId("template_id");
    q.provider = r.text("provider");
    q.model = r.text("model");
    q.payload = r.bytes("payload");
    q.status = requestStatusFromString(r.text("status"));
    q.error = r.text("error");
    q.createdAt = r.time("created_at");
    q.question = r.text("question");
    q.language = r.text("language");
    return q;
}

QString languageOrEnglish(const QString &language)
{
    return language.isEmpty() ? QStringLiteral("en") : language;
}
} // namespace

qint64 ProjectStore::addTeacherRequest(TeacherRequest &r)
{
    requireNonEmpty(r.provider, "provider", "teacher request");
    const QDateTime createdAt = orNow(r.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(requestSql::insert,
                       {r.frameId, r.structureId, optionalId(r.templateId), r.provider, text(r.model), blob(r.payload),
                        requestStatusToString(r.status), text(r.error), isoTime(createdAt), text(r.question),
                        languageOrEnglish(r.language)});
    });
    r.id = id;
    r.createdAt = createdAt;
    return id;
}

void ProjectStore::updateTeacherRequest(const TeacherRequest &r)
{
    transaction([&] {
        d->updateOne(requestSql::update,
                     {optionalId(r.templateId), r.provider, text(r.model), blob(r.payload),
                      requestStatusToString(r.status), text(r.error), text(r.question), languageOrEnglish(r.language),
                      requestStatusToString(r.status), requestStatusToString(r.status), r.id},
                     QStringLiteral("teacher request"), r.id);
    });
}

std::optional<TeacherRequest> ProjectStore::claimTeacherRequest(TeacherRequest r, const QString &claimant,
                                                               int leaseSeconds)
{
    requireNonEmpty(claimant, "claimant", "teacher request claim");
    std::optional<TeacherRequest> claimed;
    // BEGIN IMMEDIATE: the check and the claim happen under the write lock, so of two
    // runs on one project exactly one gets each request.
    transaction([&] {
        const auto existing = d->one(requestSql::claimOf, {r.frameId, r.structureId}, [](const Row &row) {
            return Claim{row.id("id"), requestStatusFromString(row.text("status")), row.text("claimed_by"),
                         row.time("claimed_until")};
        });
        const QDateTime now = nowUtc();
        r.status = RequestStatus::Pending;
        if (existing) {
            if (existing->status == RequestStatus::Done)
                return;
            const bool heldElsewhere = !existing->claimant.isEmpty() && existing->claimant != claimant
                && existing->until.isValid() && existing->until > now && !claimantGone(existing->claimant);
            if (heldElsewhere)
                return;
            r.id = existing->id;
            updateTeacherRequest(r);
        } else {
            addTeacherRequest(r);
        }
        d->updateOne(requestSql::claim, {claimant, isoTime(now.addSecs(std::max(1, leaseSeconds))), r.id},
                     QStringLiteral("teacher request"), r.id);
        claimed = teacherRequest(r.id);
    });
    return claimed;
}

std::optional<TeacherRequest> ProjectStore::teacherRequest(qint64 id) const
{
    return d->one(requestSql::byId, {id}, requestFromRow);
}

std::vector<TeacherRequest> ProjectStore::teacherRequests(std::optional<RequestStatus> status) const
{
    return status ? d->all(requestSql::withStatus, {requestStatusToString(*status)}, requestFromRow)
                  : d->all(requestSql::every, {}, requestFromRow);
}

// ---------------------------------------------------------------- answers

namespace {
namespace answerSql {
const QString select = QStringLiteral(
    "SELECT id, request_id, text, prompt_tokens, completion_tokens, created_at FROM teacher_answers");
const QString byId = select + QStringLiteral(" WHERE id = ?");
const QString forRequest = select + QStringLiteral(" WHERE request_id = ? ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO teacher_answers (request_id, text, prompt_tokens, completion_tokens, created_at) "
    "VALUES (?, ?, ?, ?, ?)");
} // namespace answerSql

TeacherAnswer answerFromRow(const Row &r)
{
    TeacherAnswer a;
    a.id = r.id("id");
    a.requestId = r.id("request_id");
    a.text = r.text("text");
    a.promptTokens = r.integer("prompt_tokens");
    a.completionTokens = r.integer("completion_tokens");
    a.createdAt = r.time("created_at");
    return a;
}
} // namespace

qint64 ProjectStore::addTeacherAnswer(TeacherAnswer &a)
{
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(answerSql::insert,
                       {a.requestId, text(a.text), a.promptTokens, a.completionTokens, isoTime(createdAt)});
    });
    a.id = id;
    a.createdAt = createdAt;
    return id;
}

std::vector<TeacherAnswer> ProjectStore::teacherAnswers(qint64 requestId) const
{
    return d->all(answerSql::forRequest, {requestId}, answerFromRow);
}

std::optional<TeacherAnswer> ProjectStore::teacherAnswer(qint64 id) const
{
    return d->one(answerSql::byId, {id}, answerFromRow);
}

// ---------------------------------------------------------------- answer reviews

namespace {
namespace answerReviewSql {
const QString forAnswer = QStringLiteral(
    "SELECT id, answer_id, decision, edited_text, reason, reviewer, created_at FROM answer_reviews "
    "WHERE answer_id = ? ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO answer_reviews (answer_id, decision, edited_text, reason, reviewer, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)");
} // namespace answerReviewSql

AnswerReview answerReviewFromRow(const Row &r)
{
    AnswerReview v;
    v.id = r.id("id");
    v.answerId = r.id("answer_id");
    v.decision = answerDecisionFromString(r.text("decision"));
    v.editedText = r.text("edited_text");
    v.reason = r.text("reason");
    v.reviewer = r.text("reviewer");
    v.createdAt = r.time("created_at");
    return v;
}
} // namespace

qint64 ProjectStore::addAnswerReview(AnswerReview &r)
{
    requireNonEmpty(r.reviewer, "reviewer", "answer review");
    const QDateTime createdAt = orNow(r.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(answerReviewSql::insert, {r.answerId, answerDecisionToString(r.decision), text(r.editedText),
                                                 text(r.reason), r.reviewer, isoTime(createdAt)});
    });
    r.id = id;
    r.createdAt = createdAt;
    return id;
}

std::vector<AnswerReview> ProjectStore::answerReviews(qint64 answerId) const
{
    return d->all(answerReviewSql::forAnswer, {answerId}, answerReviewFromRow);
}

// ---------------------------------------------------------------- answer flags

namespace {
namespace flagSql {
const QString every = QStringLiteral(
    "SELECT answer_id, reason, flagged_by, created_at FROM answer_flags ORDER BY answer_id");
const QString replace = QStringLiteral(
    "INSERT INTO answer_flags (answer_id, reason, flagged_by, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (answer_id) DO UPDATE SET reason = excluded.reason, flagged_by = excluded.flagged_by, "
    "created_at = excluded.created_at");
const QString remove = QStringLiteral("DELETE FROM answer_flags WHERE answer_id = ?");
} // namespace flagSql

AnswerFlag flagFromRow(const Row &r)
{
    AnswerFlag f;
    f.answerId = r.id("answer_id");
    f.reason = r.text("reason");
    f.flaggedBy = r.text("flagged_by");
    f.createdAt = r.time("created_at");
    return f;
}
} // namespace

void ProjectStore::setAnswerFlag(AnswerFlag &f)
{
    requireNonEmpty(f.flaggedBy, "flaggedBy", "answer flag");
    const QDateTime createdAt = orNow(f.createdAt);
    transaction([&] { d->insert(flagSql::replace, {f.answerId, text(f.reason), f.flaggedBy, isoTime(createdAt)}); });
    f.createdAt = createdAt;
}

void ProjectStore::clearAnswerFlag(qint64 answerId)
{
    transaction([&] { d->run(flagSql::remove, {answerId}); });
}

std::vector<AnswerFlag> ProjectStore::answerFlags() const
{
    return d->all(flagSql::every, {}, flagFromRow);
}

// ---------------------------------------------------------------- preference pairs

namespace {
namespace pairSql {
const QString select = QStringLiteral(
    "SELECT id, frame_id, structure_id, prompt, chosen, rejected, reason, status, reviewer, created_at "
    "FROM preference_pairs");
const QString every = select + QStringLiteral(" ORDER BY id");
const QString withStatus = select + QStringLiteral(" WHERE status = ? ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO preference_pairs (frame_id, structure_id, prompt, chosen, rejected, reason, status, reviewer, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
const QString update = QStringLiteral(
    "UPDATE preference_pairs SET prompt = ?, chosen = ?, rejected = ?, reason = ?, status = ?, reviewer = ? "
    "WHERE id = ?");
} // namespace pairSql

PreferencePair pairFromRow(const Row &r)
{
    PreferencePair p;
    p.id = r.id("id");
    p.frameId = r.id("frame_id");
    p.structureId = r.id("structure_id");
    p.prompt = r.text("prompt");
    p.chosen = r.text("chosen");
    p.rejected = r.text("rejected");
    p.reason = r.text("reason");
    p.status = pairStatusFromString(r.text("status"));
    p.reviewer = r.text("reviewer");
    p.createdAt = r.time("created_at");
    return p;
}
} // namespace

qint64 ProjectStore::addPreferencePair(PreferencePair &p)
{
    const QDateTime createdAt = orNow(p.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(pairSql::insert, {p.frameId, p.structureId, text(p.prompt), text(p.chosen), text(p.rejected),
                                         text(p.reason), pairStatusToString(p.status), text(p.reviewer),
                                         isoTime(createdAt)});
    });
    p.id = id;
    p.createdAt = createdAt;
    return id;
}

void ProjectStore::updatePreferencePair(const PreferencePair &p)
{
    transaction([&] {
        d->updateOne(pairSql::update, {text(p.prompt), text(p.chosen), text(p.rejected), text(p.reason),
                                       pairStatusToString(p.status), text(p.reviewer), p.id},
                     QStringLiteral("preference pair"), p.id);
    });
}

std::vector<PreferencePair> ProjectStore::preferencePairs(std::optional<PairStatus> status) const
{
    return status ? d->all(pairSql::withStatus, {pairStatusToString(*status)}, pairFromRow)
                  : d->all(pairSql::every, {}, pairFromRow);
}

} // namespace sd
