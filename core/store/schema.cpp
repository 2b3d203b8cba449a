#include "schema.h"

#include "storeerror.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace sd::schema {
namespace {

// Version 1: the annotation core (media, structures, masks with history, reviews).
Migration version1()
{
    return {1, QStringLiteral("annotation core"), {
        QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
        QStringLiteral(
            "CREATE TABLE settings ("
            " key TEXT PRIMARY KEY NOT NULL,"
            " value TEXT NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE videos ("
            " id INTEGER PRIMARY KEY,"
            " label TEXT NOT NULL,"
            " source_hash TEXT NOT NULL,"
            " fps REAL NOT NULL DEFAULT 0,"
            " duration_sec REAL NOT NULL DEFAULT 0,"
            " phase_start_sec REAL NOT NULL DEFAULT 0,"
            " phase_end_sec REAL NOT NULL DEFAULT 0,"
            " imported_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX videos_source_hash ON videos(source_hash)"),
        QStringLiteral(
            "CREATE TABLE frames ("
            " id INTEGER PRIMARY KEY,"
            " video_id INTEGER REFERENCES videos(id) ON DELETE SET NULL,"
            " timestamp_sec REAL NOT NULL DEFAULT 0,"
            " content_hash TEXT NOT NULL,"
            " width INTEGER NOT NULL CHECK (width >= 0),"
            " height INTEGER NOT NULL CHECK (height >= 0),"
            " side TEXT NOT NULL DEFAULT 'unknown' CHECK (side IN ('unknown','left','right')),"
            " phase TEXT NOT NULL DEFAULT '',"
            " media_path TEXT NOT NULL,"
            " split TEXT NOT NULL DEFAULT '',"
            " synthetic INTEGER NOT NULL DEFAULT 0,"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX frames_video ON frames(video_id, timestamp_sec)"),
        QStringLiteral("CREATE INDEX frames_content_hash ON frames(content_hash)"),
        QStringLiteral("CREATE INDEX frames_side ON frames(side)"),
        QStringLiteral("CREATE INDEX frames_split ON frames(split)"),
        QStringLiteral(
            "CREATE TABLE structures ("
            " id INTEGER PRIMARY KEY,"
            " key TEXT NOT NULL UNIQUE,"
            " name TEXT NOT NULL,"
            " color TEXT NOT NULL,"
            " sort_order INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral(
            "CREATE TABLE masks ("
            " id INTEGER PRIMARY KEY,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE RESTRICT,"
            " rle_json TEXT NOT NULL,"
            " author TEXT NOT NULL,"
            " version INTEGER NOT NULL CHECK (version >= 1),"
            " updated_at TEXT NOT NULL,"
            " UNIQUE (frame_id, structure_id))"),
        QStringLiteral("CREATE INDEX masks_structure ON masks(structure_id)"),
        QStringLiteral("CREATE INDEX masks_author ON masks(author)"),
        QStringLiteral(
            "CREATE TABLE mask_versions ("
            " id INTEGER PRIMARY KEY,"
            " mask_id INTEGER NOT NULL REFERENCES masks(id) ON DELETE CASCADE,"
            " version INTEGER NOT NULL,"
            " rle_json TEXT NOT NULL,"
            " author TEXT NOT NULL,"
            " created_at TEXT NOT NULL,"
            " UNIQUE (mask_id, version))"),
        QStringLiteral(
            "CREATE TABLE reviews ("
            " id INTEGER PRIMARY KEY,"
            " mask_id INTEGER NOT NULL REFERENCES masks(id) ON DELETE CASCADE,"
            " state TEXT NOT NULL CHECK (state IN ('draft','submitted','approved','changes_requested')),"
            " reviewer TEXT NOT NULL,"
            " comment TEXT NOT NULL DEFAULT '',"
            " mask_version INTEGER NOT NULL,"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX reviews_mask ON reviews(mask_id, id)"),
        // The five CME landmarks of the paper, in anatomical order.
        QStringLiteral(
            "INSERT INTO structures (key, name, color, sort_order) VALUES"
            " ('preparation_plane', 'Preparation plane', '#f5c211', 1),"
            " ('angels_hair', 'Angel''s hair', '#62a0ea', 2),"
            " ('vena_mesenterica_inferior', 'Vena mesenterica inferior', '#1c71d8', 3),"
            " ('duodenum', 'Duodenum', '#e66100', 4),"
            " ('pancreas', 'Pancreas', '#2ec27e', 5)"),
    }};
}

// Version 2: teacher distillation (prompts, requests/answers, their review, DPO pairs).
Migration version2()
{
    return {2, QStringLiteral("teacher distillation"), {
        QStringLiteral(
            "CREATE TABLE prompt_templates ("
            " id INTEGER PRIMARY KEY,"
            " structure_id INTEGER REFERENCES structures(id) ON DELETE CASCADE,"
            " language TEXT NOT NULL DEFAULT 'en',"
            " text TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX prompt_templates_structure ON prompt_templates(structure_id)"),
        QStringLiteral(
            "CREATE TABLE teacher_requests ("
            " id INTEGER PRIMARY KEY,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE RESTRICT,"
            " template_id INTEGER REFERENCES prompt_templates(id) ON DELETE SET NULL,"
            " provider TEXT NOT NULL,"
            " model TEXT NOT NULL DEFAULT '',"
            " payload BLOB NOT NULL,"
            " status TEXT NOT NULL DEFAULT 'pending',"
            " error TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX teacher_requests_status ON teacher_requests(status)"),
        QStringLiteral("CREATE INDEX teacher_requests_frame ON teacher_requests(frame_id, structure_id)"),
        QStringLiteral(
            "CREATE TABLE teacher_answers ("
            " id INTEGER PRIMARY KEY,"
            " request_id INTEGER NOT NULL REFERENCES teacher_requests(id) ON DELETE CASCADE,"
            " text TEXT NOT NULL,"
            " prompt_tokens INTEGER NOT NULL DEFAULT 0,"
            " completion_tokens INTEGER NOT NULL DEFAULT 0,"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX teacher_answers_request ON teacher_answers(request_id)"),
        QStringLiteral(
            "CREATE TABLE answer_reviews ("
            " id INTEGER PRIMARY KEY,"
            " answer_id INTEGER NOT NULL REFERENCES teacher_answers(id) ON DELETE CASCADE,"
            " decision TEXT NOT NULL CHECK (decision IN ('accepted','edited','rejected')),"
            " edited_text TEXT NOT NULL DEFAULT '',"
            " reason TEXT NOT NULL DEFAULT '',"
            " reviewer TEXT NOT NULL,"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX answer_reviews_answer ON answer_reviews(answer_id)"),
        QStringLiteral(
            "CREATE TABLE preference_pairs ("
            " id INTEGER PRIMARY KEY,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE RESTRICT,"
            " prompt TEXT NOT NULL,"
            " chosen TEXT NOT NULL,"
            " rejected TEXT NOT NULL,"
            " reason TEXT NOT NULL DEFAULT '',"
            " status TEXT NOT NULL DEFAULT 'proposed',"
            " reviewer TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX preference_pairs_status ON preference_pairs(status)"),
        // Default prompts: the paper's wording first, then variants (en and de).
        QStringLiteral(
            "INSERT INTO prompt_templates (structure_id, language, text) VALUES"
            " (NULL, 'en', 'Identify the highlighted anatomical structure and explain its significance"
            " for Complete Mesocolic Excision.'),"
            " (NULL, 'en', 'Name the structure marked in this laparoscopic frame and describe its role"
            " in Complete Mesocolic Excision.'),"
            " (NULL, 'en', 'What is the highlighted structure, and why does it matter for the dissection"
            " plane in Complete Mesocolic Excision?'),"
            " (NULL, 'de', 'Identifizieren Sie die markierte anatomische Struktur und erklaeren Sie ihre"
            " Bedeutung fuer die komplette mesokolische Exzision.'),"
            " (NULL, 'de', 'Benennen Sie die hervorgehobene Struktur in diesem laparoskopischen Bild und"
            " beschreiben Sie ihre Rolle bei der kompletten mesokolischen Exzision.')"),
    }};
}

// Version 3: training bookkeeping and the hash-chained audit log.
Migration version3()
{
    return {3, QStringLiteral("training and audit"), {
        QStringLiteral(
            "CREATE TABLE training_runs ("
            " id INTEGER PRIMARY KEY,"
            " kind TEXT NOT NULL,"
            " base_model TEXT NOT NULL DEFAULT '',"
            " run_dir TEXT NOT NULL DEFAULT '',"
            " config_json BLOB NOT NULL DEFAULT '',"
            " status TEXT NOT NULL DEFAULT 'running',"
            " started_at TEXT,"
            " finished_at TEXT)"),
        QStringLiteral(
            "CREATE TABLE checkpoints ("
            " id INTEGER PRIMARY KEY,"
            " run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,"
            " step INTEGER NOT NULL,"
            " path TEXT NOT NULL,"
            " metrics_json BLOB NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX checkpoints_run ON checkpoints(run_id, step)"),
        QStringLiteral(
            "CREATE TABLE evaluations ("
            " id INTEGER PRIMARY KEY,"
            " model_label TEXT NOT NULL,"
            " checkpoint_id INTEGER REFERENCES checkpoints(id) ON DELETE SET NULL,"
            " metrics_json BLOB NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX evaluations_checkpoint ON evaluations(checkpoint_id)"),
        QStringLiteral(
            "CREATE TABLE audit_log ("
            " id INTEGER PRIMARY KEY,"
            " time TEXT NOT NULL,"
            " user TEXT NOT NULL,"
            " action TEXT NOT NULL,"
            " destination TEXT NOT NULL,"
            " payload BLOB NOT NULL,"
            " payload_sha256 TEXT NOT NULL,"
            " prev_hash TEXT NOT NULL,"
            " entry_hash TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX audit_log_action ON audit_log(action)"),
    }};
}

// Version 4: teacher requests remember their question and language (the dataset
// export needs the exact question even if a template is edited later), answers
// exist at most once per request (batch resumption can never duplicate), review
// flags, and more general prompt variants in both languages.
Migration version4()
{
    return {4, QStringLiteral("teacher questions, answer flags"), {
        QStringLiteral("ALTER TABLE teacher_requests ADD COLUMN question TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE teacher_requests ADD COLUMN language TEXT NOT NULL DEFAULT 'en'"),
        QStringLiteral("CREATE UNIQUE INDEX teacher_answers_one_per_request ON teacher_answers(request_id)"),
        QStringLiteral(
            "CREATE TABLE answer_flags ("
            " answer_id INTEGER PRIMARY KEY REFERENCES teacher_answers(id) ON DELETE CASCADE,"
            " reason TEXT NOT NULL DEFAULT '',"
            " flagged_by TEXT NOT NULL,"
            " created_at TEXT NOT NULL)"),
        // General variants: they must not name the structure (the student has to identify it).
        QStringLiteral(
            "INSERT INTO prompt_templates (structure_id, language, text) VALUES"
            " (NULL, 'en', 'Which anatomical structure is highlighted in green, and what is its relevance during"
            " Complete Mesocolic Excision?'),"
            " (NULL, 'en', 'Describe the highlighted structure: what is it, where does it lie, and what must the"
            " surgeon keep in mind about it during Complete Mesocolic Excision?'),"
            " (NULL, 'de', 'Welche anatomische Struktur ist grün markiert, und welche Bedeutung hat sie bei der"
            " kompletten mesokolischen Exzision?'),"
            " (NULL, 'de', 'Beschreiben Sie die markierte Struktur: Was ist sie, wo liegt sie, und worauf muss der"
            " Chirurg bei der kompletten mesokolischen Exzision achten?')"),
    }};
}

// Version 6: evaluation answers with their automated metrics and judge verdict,
// and blinded expert scores (the model behind an answer is known only through
// eval_answers -> evaluations, never shown to the expert).
Migration version6()
{
    return {6, QStringLiteral("evaluation answers and expert scores"), {
        QStringLiteral(
            "CREATE TABLE eval_answers ("
            " id INTEGER PRIMARY KEY,"
            " evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id),"
            " question TEXT NOT NULL,"
            " reference TEXT NOT NULL,"
            " answer TEXT NOT NULL,"
            " bleu REAL NOT NULL,"
            " rouge_l REAL NOT NULL,"
            " bert_f1 REAL,"
            " judge_score REAL,"
            " judge_explanation TEXT NOT NULL DEFAULT '',"
            " judge_error TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX eval_answers_evaluation ON eval_answers(evaluation_id)"),
        QStringLiteral("CREATE INDEX eval_answers_item ON eval_answers(frame_id, structure_id)"),
        QStringLiteral(
            "CREATE TABLE expert_scores ("
            " id INTEGER PRIMARY KEY,"
            " answer_id INTEGER NOT NULL REFERENCES eval_answers(id) ON DELETE CASCADE,"
            " expert TEXT NOT NULL,"
            " accuracy INTEGER NOT NULL CHECK (accuracy BETWEEN 1 AND 5),"
            " conciseness INTEGER NOT NULL CHECK (conciseness BETWEEN 1 AND 5),"
            " preferred INTEGER NOT NULL DEFAULT 0,"
            " created_at TEXT NOT NULL,"
            " UNIQUE (answer_id, expert))"),
    }};
}

// Version 7: answers of the local model saved from the Ask view, and the
// resident tutor's graded attempts (progress per resident and structure).
Migration version7()
{
    return {7, QStringLiteral("saved answers and tutor attempts"), {
        QStringLiteral(
            "CREATE TABLE saved_answers ("
            " id INTEGER PRIMARY KEY,"
            " frame_id INTEGER REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER REFERENCES structures(id) ON DELETE SET NULL,"
            " region_json TEXT NOT NULL DEFAULT '',"
            " question TEXT NOT NULL,"
            " answer TEXT NOT NULL,"
            " model TEXT NOT NULL,"
            " settings_json BLOB NOT NULL DEFAULT '',"
            " author TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX saved_answers_frame ON saved_answers(frame_id, structure_id)"),
        QStringLiteral(
            "CREATE TABLE tutor_attempts ("
            " id INTEGER PRIMARY KEY,"
            " resident TEXT NOT NULL,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,"
            " answer TEXT NOT NULL,"
            " structure_correct INTEGER NOT NULL,"
            " side_correct INTEGER NOT NULL,"
            " points_found INTEGER NOT NULL DEFAULT 0,"
            " points_total INTEGER NOT NULL DEFAULT 0,"
            " expert_answer TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX tutor_attempts_resident ON tutor_attempts(resident, structure_id, id)"),
    }};
}

// Version 5: review workflow. With "two independent reviews" the first
// reviewer's approval is recorded as a partial approval (state stays
// 'submitted', so nothing counts as approved before the second reviewer agrees).
Migration version5()
{
    return {5, QStringLiteral("partial approvals"), {
        QStringLiteral("ALTER TABLE reviews ADD COLUMN partial_approval INTEGER NOT NULL DEFAULT 0"),
    }};
}

// Version 8: an audit log that cannot be trimmed or re-linked unnoticed, and teacher
// requests that one run at a time can claim.
// - New entries hash length-prefixed fields (hash_version 2), so no text can move between
//   fields; older entries keep their version-1 hash, which still verifies.
// - audit_anchor (entry count and chain head) is kept by a trigger on every insert, so
//   deleting the newest rows leaves the anchor ahead of the table. Rows and the anchor are
//   append-only: UPDATE/DELETE abort (an attacker must drop the triggers first).
// - project_id names the project for this computer's record of what it last verified.
// - claimed_by / claimed_until: the run that is sending a request, and until when.
Migration version8()
{
    const QString appendOnly = QStringLiteral("BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
    return {8, QStringLiteral("audit anchor and teacher request claims"), {
        QStringLiteral("ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1"),
        QStringLiteral(
            "CREATE TABLE audit_anchor ("
            " id INTEGER PRIMARY KEY CHECK (id = 1),"
            " entries INTEGER NOT NULL,"
            " head TEXT NOT NULL)"),
        QStringLiteral(
            "INSERT INTO audit_anchor (id, entries, head) SELECT 1, COUNT(*),"
            " COALESCE((SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1), '') FROM audit_log"),
        QStringLiteral(
            "CREATE TRIGGER audit_log_anchor AFTER INSERT ON audit_log BEGIN"
            " UPDATE audit_anchor SET entries = entries + 1, head = NEW.entry_hash WHERE id = 1; END"),
        QStringLiteral("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log ") + appendOnly,
        QStringLiteral("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log ") + appendOnly,
        QStringLiteral("CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor ") + appendOnly,
        QStringLiteral("INSERT OR IGNORE INTO settings (key, value) VALUES ('project_id', lower(hex(randomblob(16))))"),
        QStringLiteral("ALTER TABLE teacher_requests ADD COLUMN claimed_by TEXT"),
        QStringLiteral("ALTER TABLE teacher_requests ADD COLUMN claimed_until TEXT"),
    }, QStringList{
        QStringLiteral("ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1"),
        QStringLiteral(
            "CREATE TABLE audit_anchor ("
            " id BIGINT PRIMARY KEY CHECK (id = 1),"
            " entries BIGINT NOT NULL,"
            " head TEXT NOT NULL)"),
        QStringLiteral(
            "INSERT INTO audit_anchor (id, entries, head) SELECT 1, COUNT(*),"
            " COALESCE((SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1), '') FROM audit_log"),
        // SECURITY DEFINER: team members may only read the anchor; the trigger keeps it.
        QStringLiteral(
            "CREATE FUNCTION sd_audit_anchor() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
            " SET search_path = public AS $$ BEGIN"
            " UPDATE audit_anchor SET entries = entries + 1, head = NEW.entry_hash WHERE id = 1;"
            " RETURN NULL; END $$"),
        QStringLiteral("CREATE TRIGGER audit_log_anchor AFTER INSERT ON audit_log FOR EACH ROW"
                       " EXECUTE FUNCTION sd_audit_anchor()"),
        QStringLiteral(
            "CREATE FUNCTION sd_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " RAISE EXCEPTION 'the % is append-only', replace(TG_TABLE_NAME, '_', ' ')"
            " USING ERRCODE = 'insufficient_privilege'; END $$"),
        QStringLiteral("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW"
                       " EXECUTE FUNCTION sd_append_only()"),
        QStringLiteral("CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor FOR EACH ROW"
                       " EXECUTE FUNCTION sd_append_only()"),
        QStringLiteral("INSERT INTO settings (key, value) VALUES ('project_id', replace(gen_random_uuid()::text, '-', ''))"
                       " ON CONFLICT (key) DO NOTHING"),
        QStringLiteral("ALTER TABLE teacher_requests ADD COLUMN claimed_by TEXT"),
        QStringLiteral("ALTER TABLE teacher_requests ADD COLUMN claimed_until TEXT"),
    }};
}

// Version 9: where each mask version came from (hand, assisted prompt, propagation or the
// segmentation model), so machine-made drafts stay recognisable through review.
Migration version9()
{
    return {9, QStringLiteral("mask origin"), {
        QStringLiteral("ALTER TABLE masks ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'"),
        QStringLiteral("ALTER TABLE masks ADD COLUMN origin_model TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE mask_versions ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'"),
        QStringLiteral("ALTER TABLE mask_versions ADD COLUMN origin_model TEXT NOT NULL DEFAULT ''"),
    }};
}

// Version 10: several people at once. based_on is the version an edit started from, so a
// save on top of a version someone else saved meanwhile is kept as a visible conflict.
// On a PostgreSQL server (team projects) also: frame images as bytes, the review rules
// enforced on session_user by triggers, and change notifications (LISTEN/NOTIFY). The
// rules: see teamRules() in schema_team.cpp.
Migration version10()
{
    const QStringList common = {
        QStringLiteral("ALTER TABLE masks ADD COLUMN based_on INTEGER"),
        QStringLiteral("ALTER TABLE mask_versions ADD COLUMN based_on INTEGER"),
    };
    return {10, QStringLiteral("concurrent edits and team rules"), common, common + teamRules()};
}

// Version 11: independent annotations per frame (consensus) and honeypot checks.
// - annotations: one annotator's own mask of a (frame, structure), draft until submitted,
//   with its versions like mask_versions; the masks row stays the reference mask, the
//   only one the teacher, data sets and evaluation read.
// - honeypots: approved frames offered to annotators again as ground-truth checks;
//   honeypot_results: each annotator's Dice against the reference, per structure.
// - "independent_annotations" = 1 keeps today's one-mask workflow for existing projects.
Migration version11()
{
    return {11, QStringLiteral("independent annotations and honeypots"), {
        QStringLiteral(
            "CREATE TABLE annotations ("
            " id INTEGER PRIMARY KEY,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE RESTRICT,"
            " annotator TEXT NOT NULL,"
            " rle_json TEXT NOT NULL,"
            " version INTEGER NOT NULL CHECK (version >= 1),"
            " state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','submitted')),"
            " updated_at TEXT NOT NULL,"
            " submitted_at TEXT,"
            " UNIQUE (frame_id, structure_id, annotator))"),
        QStringLiteral("CREATE INDEX annotations_annotator ON annotations(annotator)"),
        QStringLiteral("CREATE INDEX annotations_structure ON annotations(structure_id)"),
        QStringLiteral(
            "CREATE TABLE annotation_versions ("
            " id INTEGER PRIMARY KEY,"
            " annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,"
            " version INTEGER NOT NULL,"
            " rle_json TEXT NOT NULL,"
            " created_at TEXT NOT NULL,"
            " UNIQUE (annotation_id, version))"),
        QStringLiteral(
            "CREATE TABLE honeypots ("
            " frame_id INTEGER PRIMARY KEY REFERENCES frames(id) ON DELETE CASCADE,"
            " marked_by TEXT NOT NULL,"
            " seed BIGINT NOT NULL,"
            " created_at TEXT NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE honeypot_results ("
            " id INTEGER PRIMARY KEY,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE RESTRICT,"
            " annotator TEXT NOT NULL,"
            " annotation_version INTEGER NOT NULL,"
            " reference_version INTEGER NOT NULL,"
            " dice REAL NOT NULL,"
            " created_at TEXT NOT NULL,"
            " UNIQUE (frame_id, structure_id, annotator))"),
        QStringLiteral("INSERT INTO settings (key, value) VALUES ('independent_annotations', '1') "
                       "ON CONFLICT(key) DO NOTHING"),
    }};
}

// Version 12: pinned review issues. A reviewer pins an issue (a point, or a rectangle when
// width and height are above 0) on a frame about one structure, with the mask version it
// saw; its thread (review_issue_comments) holds the comments and the status changes and is
// append-only. Whether open issues block a submission is the project setting
// "block_submission_on_open_issues" (absent = no). On a PostgreSQL server, issueTeamRules()
// (schema_team.cpp) adds the server-side rules.
Migration version12()
{
    const QStringList tables = {
        QStringLiteral(
            "CREATE TABLE review_issues ("
            " id INTEGER PRIMARY KEY,"
            " frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,"
            " structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE RESTRICT,"
            " mask_version INTEGER NOT NULL DEFAULT 0 CHECK (mask_version >= 0),"
            " x REAL NOT NULL,"
            " y REAL NOT NULL,"
            " width REAL NOT NULL DEFAULT 0 CHECK (width >= 0),"
            " height REAL NOT NULL DEFAULT 0 CHECK (height >= 0),"
            " author TEXT NOT NULL,"
            " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),"
            " created_at TEXT NOT NULL,"
            " resolved_by TEXT NOT NULL DEFAULT '',"
            " resolved_at TEXT)"),
        QStringLiteral("CREATE INDEX review_issues_frame ON review_issues(frame_id, structure_id)"),
        QStringLiteral("CREATE INDEX review_issues_status ON review_issues(status, frame_id)"),
        QStringLiteral(
            "CREATE TABLE review_issue_comments ("
            " id INTEGER PRIMARY KEY,"
            " issue_id INTEGER NOT NULL REFERENCES review_issues(id) ON DELETE CASCADE,"
            " author TEXT NOT NULL,"
            " kind TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment','resolved','reopened')),"
            " body TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX review_issue_comments_issue ON review_issue_comments(issue_id, id)"),
    };
    QStringList postgres;
    for (const QString &sql : tables)
        postgres << toPostgres(sql);
    return {12, QStringLiteral("pinned review issues"),
            tables + QStringList{QStringLiteral(
                         "CREATE TRIGGER review_issue_comments_no_update BEFORE UPDATE ON review_issue_comments "
                         "BEGIN SELECT RAISE(ABORT, 'the review issue comments are append-only'); END")},
            postgres + issueTeamRules()};
}

// Version 13: the server keeps the rules of independent annotations (team projects only;
// a SQLite project has one person at a time and nothing to add): see
// teamAnnotationRules() in schema_team.cpp.
Migration version13()
{
    return {13, QStringLiteral("server rules for independent annotations"), {}, teamAnnotationRules()};
}

// Version 14: the server keeps the project's "block submission while issues are open"
// (team projects only; on SQLite the app checks it): submissionIssueRules() in
// schema_team.cpp.
Migration version14()
{
    return {14, QStringLiteral("server blocks submission while review issues are open"), {}, submissionIssueRules()};
}

void execOrThrow(QSqlDatabase &db, const QString &sql, const QString &context)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        throw StoreError(QStringLiteral("%1: %2 (in: %3)")
                             .arg(context, q.lastError().text(), sql.left(120))
                             .toStdString());
}

} // namespace

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> steps = {version1(), version2(), version3(), version4(),
                                                 version5(), version6(), version7(), version8(),
                                                 version9(), version10(), version11(), version12(),
                                                 version13(), version14()};
    return steps;
}

Dialect dialectOf(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL") ? Dialect::Postgres : Dialect::Sqlite;
}

QString toPostgres(const QString &sqliteStatement)
{
    if (sqliteStatement.startsWith(QLatin1String("PRAGMA")))
        return {};
    static const QList<std::pair<QRegularExpression, QString>> rules = {
        {QRegularExpression(QStringLiteral("\\bid INTEGER PRIMARY KEY\\b")),
         QStringLiteral("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")},
        {QRegularExpression(QStringLiteral("\\bINTEGER( NOT NULL)?( PRIMARY KEY)? REFERENCES\\b")),
         QStringLiteral("BIGINT\\1\\2 REFERENCES")},
        {QRegularExpression(QStringLiteral("\\bREAL\\b")), QStringLiteral("DOUBLE PRECISION")},
        {QRegularExpression(QStringLiteral("\\bBLOB\\b")), QStringLiteral("BYTEA")},
        {QRegularExpression(QStringLiteral("(^|[ (,])user TEXT\\b")), QStringLiteral("\\1\"user\" TEXT")},
    };
    QString sql = sqliteStatement;
    for (const auto &[pattern, replacement] : rules)
        sql.replace(pattern, replacement);
    return sql;
}

QStringList statementsFor(const Migration &step, Dialect dialect)
{
    if (dialect == Dialect::Sqlite)
        return step.statements;
    if (step.postgres)
        return *step.postgres;
    QStringList out;
    for (const QString &sql : step.statements) {
        const QString translated = toPostgres(sql);
        if (!translated.isEmpty())
            out << translated;
    }
    return out;
}

int latestVersion()
{
    return migrations().back().version;
}

int currentVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (dialectOf(db) == Dialect::Postgres) {
        if (!q.exec(QStringLiteral("SELECT to_regclass('surgdistill_schema') IS NOT NULL AS present")) || !q.next())
            throw StoreError(QStringLiteral("cannot read the schema version: %1")
                                 .arg(q.lastError().text()).toStdString());
        if (!q.value(0).toBool())
            return 0;
        if (!q.exec(QStringLiteral("SELECT version FROM surgdistill_schema")) || !q.next())
            throw StoreError(QStringLiteral("cannot read the schema version: %1")
                                 .arg(q.lastError().text()).toStdString());
        return q.value(0).toInt();
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        throw StoreError(QStringLiteral("cannot read the schema version: %1")
                             .arg(q.lastError().text()).toStdString());
    return q.value(QStringLiteral("user_version")).toInt();
}

void migrate(QSqlDatabase &db, int targetVersion)
{
    if (targetVersion > latestVersion())
        throw StoreError(QStringLiteral("unknown schema version %1 (latest is %2)")
                             .arg(targetVersion).arg(latestVersion()).toStdString());
    for (const Migration &step : migrations()) {
        if (step.version > targetVersion)
            break;
        if (step.version <= currentVersion(db))
            continue;
        const QString context = QStringLiteral("schema migration to version %1 (%2) failed")
                                    .arg(step.version).arg(step.description);
        const Dialect dialect = dialectOf(db);
        execOrThrow(db, dialect == Dialect::Postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"),
                    context);
        try {
            if (dialect == Dialect::Postgres) // what BEGIN IMMEDIATE is to SQLite: one migrating client at a time
                execOrThrow(db, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kApplicationId), context);
            // Re-check under the write lock: another process may have migrated meanwhile.
            if (currentVersion(db) >= step.version) {
                execOrThrow(db, QStringLiteral("ROLLBACK"), context);
                continue;
            }
            for (const QString &sql : statementsFor(step, dialect))
                execOrThrow(db, sql, context);
            if (dialect == Dialect::Postgres) {
                if (step.version == 1)
                    execOrThrow(db, QStringLiteral("CREATE TABLE surgdistill_schema (version INTEGER NOT NULL)"),
                                context);
                execOrThrow(db, QStringLiteral("DELETE FROM surgdistill_schema"), context);
                execOrThrow(db, QStringLiteral("INSERT INTO surgdistill_schema (version) VALUES (%1)")
                                    .arg(step.version), context);
                // New tables reach the team roles in the same transaction.
                if (step.version >= 10)
                    for (const QString &sql : teamGrants())
                        execOrThrow(db, sql, context);
            } else {
                execOrThrow(db, QStringLiteral("PRAGMA user_version = %1").arg(step.version), context);
            }
            execOrThrow(db, QStringLiteral("COMMIT"), context);
        } catch (...) {
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            throw;
        }
    }
}

} // namespace sd::schema
