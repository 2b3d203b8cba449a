// Training runs and their checkpoints; evaluations with their per-answer
// results and the blinded expert scores.
#include "storeprivate.h"

namespace sd {

using namespace store;

// ---------------------------------------------------------------- training runs

namespace {
namespace runSql {
const QString select = QStringLiteral(
    "SELECT id, kind, base_model, run_dir, config_json, status, started_at, finished_at FROM training_runs");
const QString byId = select + QStringLiteral(" WHERE id = ?");
const QString every = select + QStringLiteral(" ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO training_runs (kind, base_model, run_dir, config_json, status, started_at, finished_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)");
const QString update = QStringLiteral(
    "UPDATE training_runs SET kind = ?, base_model = ?, run_dir = ?, config_json = ?, status = ?, "
    "started_at = COALESCE(?, started_at), finished_at = ? WHERE id = ?");
} // namespace runSql

TrainingRun runFromRow(const Row &r)
{
    TrainingRun run;
    run.id = r.id("id");
    run.kind = r.text("kind");
    run.baseModel = r.text("base_model");
    run.runDir = r.text("run_dir");
    run.configJson = r.bytes("config_json");
    run.status = runStatusFromString(r.text("status"));
    run.startedAt = r.time("started_at");
    run.finishedAt = r.time("finished_at");
    return run;
}
} // namespace

qint64 ProjectStore::addTrainingRun(TrainingRun &r)
{
    requireNonEmpty(r.kind, "kind", "training run");
    const QDateTime startedAt = orNow(r.startedAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(runSql::insert, {r.kind, text(r.baseModel), text(r.runDir), blob(r.configJson),
                                        runStatusToString(r.status), isoTime(startedAt), timeValue(r.finishedAt)});
    });
    r.id = id;
    r.startedAt = startedAt;
    return id;
}

void ProjectStore::updateTrainingRun(const TrainingRun &r)
{
    requireNonEmpty(r.kind, "kind", "training run");
    transaction([&] {
        d->updateOne(runSql::update,
                     {r.kind, text(r.baseModel), text(r.runDir), blob(r.configJson), runStatusToString(r.status),
                      timeValue(r.startedAt), timeValue(r.finishedAt), r.id},
                     QStringLiteral("training run"), r.id);
    });
}

std::optional<TrainingRun> ProjectStore::trainingRun(qint64 id) const
{
    return d->one(runSql::byId, {id}, runFromRow);
}

std::vector<TrainingRun> ProjectStore::trainingRuns() const
{
    return d->all(runSql::every, {}, runFromRow);
}

// ---------------------------------------------------------------- checkpoints

namespace {
namespace checkpointSql {
const QString forRun = QStringLiteral(
    "SELECT id, run_id, step, path, metrics_json, created_at FROM checkpoints WHERE run_id = ? ORDER BY step, id");
const QString insert = QStringLiteral(
    "INSERT INTO checkpoints (run_id, step, path, metrics_json, created_at) VALUES (?, ?, ?, ?, ?)");
} // namespace checkpointSql

Checkpoint checkpointFromRow(const Row &r)
{
    Checkpoint c;
    c.id = r.id("id");
    c.runId = r.id("run_id");
    c.step = r.integer("step");
    c.path = r.text("path");
    c.metricsJson = r.bytes("metrics_json");
    c.createdAt = r.time("created_at");
    return c;
}
} // namespace

qint64 ProjectStore::addCheckpoint(Checkpoint &c)
{
    requireNonEmpty(c.path, "path", "checkpoint");
    const QDateTime createdAt = orNow(c.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(checkpointSql::insert, {c.runId, c.step, c.path, blob(c.metricsJson), isoTime(createdAt)});
    });
    c.id = id;
    c.createdAt = createdAt;
    return id;
}

std::vector<Checkpoint> ProjectStore::checkpoints(qint64 runId) const
{
    return d->all(checkpointSql::forRun, {runId}, checkpointFromRow);
}

// ---------------------------------------------------------------- evaluations

namespace {
namespace evaluationSql {
const QString every = QStringLiteral(
    "SELECT id, model_label, checkpoint_id, metrics_json, created_at FROM evaluations ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO evaluations (model_label, checkpoint_id, metrics_json, created_at) VALUES (?, ?, ?, ?)");
} // namespace evaluationSql

Evaluation evaluationFromRow(const Row &r)
{
    Evaluation e;
    e.id = r.id("id");
    e.modelLabel = r.text("model_label");
    e.checkpointId = r.optionalId("checkpoint_id");
    e.metricsJson = r.bytes("metrics_json");
    e.createdAt = r.time("created_at");
    return e;
}
} // namespace

qint64 ProjectStore::addEvaluation(Evaluation &e)
{
    requireNonEmpty(e.modelLabel, "modelLabel", "evaluation");
    const QDateTime createdAt = orNow(e.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(evaluationSql::insert,
                       {e.modelLabel, optionalId(e.checkpointId), blob(e.metricsJson), isoTime(createdAt)});
    });
    e.id = id;
    e.createdAt = createdAt;
    return id;
}

std::vector<Evaluation> ProjectStore::evaluations() const
{
    return d->all(evaluationSql::every, {}, evaluationFromRow);
}

// ---------------------------------------------------------------- evaluation answers

namespace {
namespace evalAnswerSql {
const QString select = QStringLiteral(
    "SELECT id, evaluation_id, frame_id, structure_id, question, reference, answer, bleu, rouge_l, bert_f1, "
    "judge_score, judge_explanation, judge_error, created_at FROM eval_answers");
const QString byId = select + QStringLiteral(" WHERE id = ?");
const QString forEvaluation = select + QStringLiteral(" WHERE evaluation_id = ? ORDER BY id");
const QString insert = QStringLiteral(
    "INSERT INTO eval_answers (evaluation_id, frame_id, structure_id, question, reference, answer, bleu, rouge_l, "
    "bert_f1, judge_score, judge_explanation, judge_error, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
} // namespace evalAnswerSql

EvalAnswer evalAnswerFromRow(const Row &r)
{
    EvalAnswer a;
    a.id = r.id("id");
    a.evaluationId = r.id("evaluation_id");
    a.frameId = r.id("frame_id");
    a.structureId = r.id("structure_id");
    a.question = r.text("question");
    a.reference = r.text("reference");
    a.answer = r.text("answer");
    a.bleu = r.real("bleu");
    a.rougeL = r.real("rouge_l");
    a.bertF1 = r.optionalReal("bert_f1");
    a.judgeScore = r.optionalReal("judge_score");
    a.judgeExplanation = r.text("judge_explanation");
    a.judgeError = r.text("judge_error");
    a.createdAt = r.time("created_at");
    return a;
}
} // namespace

qint64 ProjectStore::addEvalAnswer(EvalAnswer &a)
{
    if (a.judgeScore && (*a.judgeScore < 1.0 || *a.judgeScore > 5.0))
        throw StoreError(QStringLiteral("evaluation answer: judge score %1 is outside 1-5").arg(*a.judgeScore)
                             .toStdString());
    const QDateTime createdAt = orNow(a.createdAt);
    qint64 id = 0;
    transaction([&] {
        id = d->insert(evalAnswerSql::insert,
                       {a.evaluationId, a.frameId, a.structureId, text(a.question), text(a.reference), text(a.answer),
                        a.bleu, a.rougeL, optionalReal(a.bertF1), optionalReal(a.judgeScore),
                        text(a.judgeExplanation), text(a.judgeError), isoTime(createdAt)});
    });
    a.id = id;
    a.createdAt = createdAt;
    return id;
}

std::vector<EvalAnswer> ProjectStore::evalAnswers(qint64 evaluationId) const
{
    return d->all(evalAnswerSql::forEvaluation, {evaluationId}, evalAnswerFromRow);
}

std::optional<EvalAnswer> ProjectStore::evalAnswer(qint64 id) const
{
    return d->one(evalAnswerSql::byId, {id}, evalAnswerFromRow);
}

// ---------------------------------------------------------------- expert scores

namespace {
namespace expertScoreSql {
const QString every = QStringLiteral(
    "SELECT id, answer_id, expert, accuracy, conciseness, preferred, created_at FROM expert_scores ORDER BY id");
const QString idOf = QStringLiteral("SELECT id FROM expert_scores WHERE answer_id = ? AND expert = ?");
const QString upsert = QStringLiteral(
    "INSERT INTO expert_scores (answer_id, expert, accuracy, conciseness, preferred, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (answer_id, expert) DO UPDATE SET accuracy = excluded.accuracy, "
    "conciseness = excluded.conciseness, preferred = excluded.preferred, created_at = excluded.created_at");
} // namespace expertScoreSql

ExpertScore expertScoreFromRow(const Row &r)
{
    ExpertScore s;
    s.id = r.id("id");
    s.answerId = r.id("answer_id");
    s.expert = r.text("expert");
    s.accuracy = r.integer("accuracy");
    s.conciseness = r.integer("conciseness");
    s.preferred = r.flag("preferred");
    s.createdAt = r.time("created_at");
    return s;
}
} // namespace

void ProjectStore::saveExpertScores(std::vector<ExpertScore> &scores)
{
    for (const ExpertScore &s : scores) {
        requireNonEmpty(s.expert, "expert", "expert score");
        if (s.accuracy < 1 || s.accuracy > 5 || s.conciseness < 1 || s.conciseness > 5)
            throw StoreError(QStringLiteral("expert score for answer %1: accuracy and conciseness must be 1-5 "
                                            "(got %2, %3)")
                                 .arg(s.answerId).arg(s.accuracy).arg(s.conciseness).toStdString());
    }
    transaction([&] {
        for (ExpertScore &s : scores) {
            s.createdAt = orNow(s.createdAt);
            d->run(expertScoreSql::upsert,
                   {s.answerId, s.expert, s.accuracy, s.conciseness, s.preferred ? 1 : 0, isoTime(s.createdAt)});
            // lastInsertId is stale after the DO UPDATE branch: look the row up.
            s.id = d->scalar(expertScoreSql::idOf, {s.answerId, s.expert}, "id").toLongLong();
        }
    });
}

std::vector<ExpertScore> ProjectStore::expertScores() const
{
    return d->all(expertScoreSql::every, {}, expertScoreFromRow);
}

} // namespace sd
