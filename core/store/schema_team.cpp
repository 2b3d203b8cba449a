// The rules of a team project, kept by the PostgreSQL server itself so that a modified
// client cannot bypass them. Every check reads session_user, the login the server
// authenticated, never a name the client sends:
// - mask versions and reviews carry their author's login (set by triggers), are
//   append-only, and audit entries must name the login that writes them;
// - only members of the project's reviewer role approve or request changes, never on a
//   mask they annotated (version 1), only after a submission, and with
//   reviews_required = 2 only after another reviewer's partial approval;
// - only admins change the teacher's allowed hosts, the mask-PNG policy and the review rule;
// - frames, masks and reviews announce themselves on the change channel (LISTEN/NOTIFY).
// Roles are group roles named "<database>_annotator|reviewer|admin"; a person's login is a
// member of one or more. An admin with CREATEROLE manages logins (team user add/role/list).
// `surgdistill project push` sets surgdistill.importing = on, which only admins may use,
// to copy rows with their original authors.
#include "schema.h"

namespace sd::schema {

namespace {

// The trigger function that keeps the policy settings (adminKeys) to admins; `verb` is
// CREATE (version 10) or CREATE OR REPLACE (a later version adding a key).
QString settingsRules(const QString &verb, const QStringList &adminKeys)
{
    QStringList quoted;
    for (const QString &key : adminKeys)
        quoted << QStringLiteral("'%1'").arg(key); // fixed names from this file, never user input
    return QStringLiteral(
               "%1 FUNCTION sd_settings_rules() RETURNS trigger LANGUAGE plpgsql AS $$"
               " DECLARE k text;"
               " BEGIN"
               " IF TG_OP = 'DELETE' THEN k := OLD.key; ELSE k := NEW.key; END IF;"
               " IF k IN (%2) AND NOT sd_has_role('admin')"
               " THEN RAISE EXCEPTION 'only a project admin may change the setting %', k"
               "   USING ERRCODE = 'insufficient_privilege';"
               " END IF;"
               " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;"
               " RETURN NEW; END $$")
        .arg(verb, quoted.join(QStringLiteral(", ")));
}

} // namespace

QStringList teamRules()
{
    return {
        QStringLiteral(
            "CREATE TABLE frame_media ("
            " frame_id BIGINT PRIMARY KEY REFERENCES frames(id) ON DELETE CASCADE,"
            " bytes BYTEA NOT NULL)"),
        QStringLiteral(
            "CREATE FUNCTION sd_role_name(kind text) RETURNS name LANGUAGE sql STABLE"
            " AS $$ SELECT (current_database() || '_' || kind)::name $$"),
        QStringLiteral(
            "CREATE FUNCTION sd_has_role(kind text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN"
            " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = sd_role_name(kind)) THEN RETURN false; END IF;"
            " RETURN pg_has_role(session_user, sd_role_name(kind), 'MEMBER'); END $$"),
        QStringLiteral(
            "CREATE FUNCTION sd_importing() RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN"
            " RETURN COALESCE(current_setting('surgdistill.importing', true), '') = 'on' AND sd_has_role('admin');"
            " END $$"),
        QStringLiteral(
            "CREATE FUNCTION sd_mask_rules() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF NOT sd_importing() THEN NEW.author := session_user; END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER masks_rules BEFORE INSERT OR UPDATE ON masks FOR EACH ROW"
                       " EXECUTE FUNCTION sd_mask_rules()"),
        QStringLiteral("CREATE TRIGGER mask_versions_rules BEFORE INSERT ON mask_versions FOR EACH ROW"
                       " EXECUTE FUNCTION sd_mask_rules()"),
        QStringLiteral("CREATE TRIGGER mask_versions_no_update BEFORE UPDATE ON mask_versions FOR EACH ROW"
                       " EXECUTE FUNCTION sd_append_only()"),
        QStringLiteral("CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews FOR EACH ROW"
                       " EXECUTE FUNCTION sd_append_only()"),
        QStringLiteral(
            "CREATE FUNCTION sd_review_rules() RETURNS trigger LANGUAGE plpgsql AS $$"
            " DECLARE annotator text; submitted bigint;"
            " BEGIN"
            " IF sd_importing() THEN RETURN NEW; END IF;"
            " NEW.reviewer := session_user;"
            " IF NEW.state IN ('approved', 'changes_requested') OR NEW.partial_approval <> 0 THEN"
            "   IF NOT sd_has_role('reviewer') THEN"
            "     RAISE EXCEPTION 'only reviewers may approve masks or request changes; % is not a reviewer of this"
            " project', session_user USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            "   SELECT author INTO annotator FROM mask_versions WHERE mask_id = NEW.mask_id AND version = 1;"
            "   IF annotator = session_user THEN"
            "     RAISE EXCEPTION 'nobody may review a mask they annotated: % drew mask %', session_user, NEW.mask_id"
            "       USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            " END IF;"
            " IF NEW.state = 'approved' OR NEW.partial_approval <> 0 THEN"
            "   SELECT max(id) INTO submitted FROM reviews"
            "     WHERE mask_id = NEW.mask_id AND state = 'submitted' AND partial_approval = 0;"
            "   IF submitted IS NULL OR EXISTS (SELECT 1 FROM reviews WHERE mask_id = NEW.mask_id AND id > submitted"
            "       AND state IN ('approved', 'changes_requested')) THEN"
            "     RAISE EXCEPTION 'mask % is not submitted for review: a person must submit it first', NEW.mask_id"
            "       USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            "   IF NEW.state = 'approved'"
            "       AND COALESCE((SELECT value FROM settings WHERE key = 'reviews_required'), '1') = '2'"
            "       AND NOT EXISTS (SELECT 1 FROM reviews WHERE mask_id = NEW.mask_id AND id > submitted"
            "         AND partial_approval <> 0 AND reviewer <> session_user) THEN"
            "     RAISE EXCEPTION 'this project needs two different reviewers: mask % needs the first approval of"
            " another reviewer', NEW.mask_id USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            " END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER reviews_rules BEFORE INSERT ON reviews FOR EACH ROW"
                       " EXECUTE FUNCTION sd_review_rules()"),
        settingsRules(QStringLiteral("CREATE"), {QStringLiteral("allowed_hosts"), QStringLiteral("teacher_send_mask_png"),
                                                 QStringLiteral("reviews_required")}),
        QStringLiteral("CREATE TRIGGER settings_rules BEFORE INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW"
                       " EXECUTE FUNCTION sd_settings_rules()"),
        QStringLiteral(
            "CREATE FUNCTION sd_audit_rules() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF NOT sd_importing() AND NEW.\"user\" <> session_user THEN"
            "   RAISE EXCEPTION 'an audit entry must name the login that writes it (%), not %', session_user,"
            "     NEW.\"user\" USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER audit_log_rules BEFORE INSERT ON audit_log FOR EACH ROW"
                       " EXECUTE FUNCTION sd_audit_rules()"),
        QStringLiteral(
            "CREATE FUNCTION sd_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$"
            " DECLARE fid bigint;"
            " BEGIN"
            " IF TG_TABLE_NAME = 'frames' THEN fid := NEW.id;"
            " ELSIF TG_TABLE_NAME = 'masks' THEN fid := NEW.frame_id;"
            " ELSE SELECT frame_id INTO fid FROM masks WHERE id = NEW.mask_id; END IF;"
            " PERFORM pg_notify('%1', TG_TABLE_NAME || ':' || COALESCE(fid, 0));"
            " RETURN NULL; END $$").arg(QLatin1String(kChangeChannel)),
        QStringLiteral("CREATE TRIGGER frames_notify AFTER INSERT OR UPDATE ON frames FOR EACH ROW"
                       " EXECUTE FUNCTION sd_notify_change()"),
        QStringLiteral("CREATE TRIGGER masks_notify AFTER INSERT OR UPDATE ON masks FOR EACH ROW"
                       " EXECUTE FUNCTION sd_notify_change()"),
        QStringLiteral("CREATE TRIGGER reviews_notify AFTER INSERT ON reviews FOR EACH ROW"
                       " EXECUTE FUNCTION sd_notify_change()"),
        // Logins and their roles; format(%I, %L) quotes every name, nothing is concatenated.
        QStringLiteral(
            "CREATE FUNCTION sd_set_user_roles(login text, kinds text[]) RETURNS void LANGUAGE plpgsql AS $$"
            " DECLARE k text;"
            " BEGIN"
            " IF NOT sd_has_role('admin') THEN"
            "   RAISE EXCEPTION 'only a project admin may manage team members' USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " FOREACH k IN ARRAY ARRAY['annotator', 'reviewer', 'admin'] LOOP"
            "   IF k = ANY(kinds) THEN EXECUTE format('GRANT %I TO %I', sd_role_name(k), login);"
            "   ELSIF pg_has_role(login, sd_role_name(k), 'MEMBER') THEN"
            "     EXECUTE format('REVOKE %I FROM %I', sd_role_name(k), login);"
            "   END IF;"
            " END LOOP; END $$"),
        QStringLiteral(
            "CREATE FUNCTION sd_add_user(login text, secret text, kinds text[]) RETURNS void LANGUAGE plpgsql AS $$"
            " BEGIN"
            " IF NOT sd_has_role('admin') THEN"
            "   RAISE EXCEPTION 'only a project admin may manage team members' USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN"
            "   IF COALESCE(secret, '') = '' THEN EXECUTE format('CREATE ROLE %I LOGIN', login);"
            "   ELSE EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, secret); END IF;"
            " END IF;"
            " PERFORM sd_set_user_roles(login, kinds); END $$"),
    };
}

// Version 12, review issues:
// - an issue and each comment name the login that writes them; only reviewers (and admins)
//   open issues;
// - an issue's place, structure, mask version and author never change; its status changes
//   only by a reviewer, an admin or the mask's annotator (the author of its version 1; anyone
//   while the structure has no mask on the frame), and the server records who resolved it;
// - the thread is append-only, and a "resolved"/"reopened" entry must match the issue's status;
// - the block-submission setting is an admin's, like the review rule;
// - issues and comments announce themselves on the change channel.
QStringList issueTeamRules()
{
    return {
        QStringLiteral(
            "CREATE FUNCTION sd_issue_rules() RETURNS trigger LANGUAGE plpgsql AS $$"
            " DECLARE annotator text;"
            " BEGIN"
            " IF sd_importing() THEN RETURN NEW; END IF;"
            " IF TG_OP = 'INSERT' THEN"
            "   IF NEW.author <> session_user THEN"
            "     RAISE EXCEPTION 'a review issue must name the login that opens it (%), not %', session_user,"
            "       NEW.author USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            "   IF NOT (sd_has_role('reviewer') OR sd_has_role('admin')) THEN"
            "     RAISE EXCEPTION 'only reviewers may open review issues; % is not a reviewer of this project',"
            "       session_user USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            "   IF NEW.status <> 'open' THEN"
            "     RAISE EXCEPTION 'a review issue starts open' USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            "   NEW.resolved_by := ''; NEW.resolved_at := NULL;"
            "   RETURN NEW;"
            " END IF;"
            " IF (NEW.id, NEW.frame_id, NEW.structure_id, NEW.mask_version, NEW.x, NEW.y, NEW.width, NEW.height,"
            "     NEW.author, NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.frame_id, OLD.structure_id,"
            "     OLD.mask_version, OLD.x, OLD.y, OLD.width, OLD.height, OLD.author, OLD.created_at) THEN"
            "   RAISE EXCEPTION 'only the status of review issue % may change', OLD.id"
            "     USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " IF NEW.status IS DISTINCT FROM OLD.status THEN"
            "   SELECT v.author INTO annotator FROM masks m JOIN mask_versions v ON v.mask_id = m.id AND v.version = 1"
            "     WHERE m.frame_id = NEW.frame_id AND m.structure_id = NEW.structure_id;"
            "   IF NOT (sd_has_role('reviewer') OR sd_has_role('admin') OR annotator IS NULL"
            "       OR annotator = session_user) THEN"
            "     RAISE EXCEPTION 'only the mask''s annotator (%) or a reviewer may resolve or reopen review issue %',"
            "       annotator, OLD.id USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            " END IF;"
            " IF NEW.status = 'resolved' THEN"
            "   IF OLD.status <> 'resolved' THEN NEW.resolved_by := session_user; ELSE"
            "     NEW.resolved_by := OLD.resolved_by; NEW.resolved_at := OLD.resolved_at; END IF;"
            " ELSE NEW.resolved_by := ''; NEW.resolved_at := NULL; END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER review_issues_rules BEFORE INSERT OR UPDATE ON review_issues FOR EACH ROW"
                       " EXECUTE FUNCTION sd_issue_rules()"),
        QStringLiteral(
            "CREATE FUNCTION sd_issue_comment_rules() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF sd_importing() THEN RETURN NEW; END IF;"
            " IF NEW.author <> session_user THEN"
            "   RAISE EXCEPTION 'a comment must name the login that writes it (%), not %', session_user, NEW.author"
            "     USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " IF NEW.kind <> 'comment' AND (SELECT status FROM review_issues WHERE id = NEW.issue_id)"
            "     IS DISTINCT FROM (CASE NEW.kind WHEN 'resolved' THEN 'resolved' ELSE 'open' END) THEN"
            "   RAISE EXCEPTION 'a % entry must record a change of review issue %''s status', NEW.kind, NEW.issue_id"
            "     USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER review_issue_comments_rules BEFORE INSERT ON review_issue_comments FOR EACH ROW"
                       " EXECUTE FUNCTION sd_issue_comment_rules()"),
        QStringLiteral("CREATE TRIGGER review_issue_comments_no_update BEFORE UPDATE ON review_issue_comments"
                       " FOR EACH ROW EXECUTE FUNCTION sd_append_only()"),
        settingsRules(QStringLiteral("CREATE OR REPLACE"),
                      {QStringLiteral("allowed_hosts"), QStringLiteral("teacher_send_mask_png"),
                       QStringLiteral("reviews_required"), QStringLiteral("block_submission_on_open_issues")}),
        QStringLiteral(
            "CREATE FUNCTION sd_notify_issue_change() RETURNS trigger LANGUAGE plpgsql AS $$"
            " DECLARE fid bigint;"
            " BEGIN"
            " IF TG_TABLE_NAME = 'review_issues' THEN fid := NEW.frame_id;"
            " ELSE SELECT frame_id INTO fid FROM review_issues WHERE id = NEW.issue_id; END IF;"
            " PERFORM pg_notify('%1', TG_TABLE_NAME || ':' || COALESCE(fid, 0));"
            " RETURN NULL; END $$").arg(QLatin1String(kChangeChannel)),
        QStringLiteral("CREATE TRIGGER review_issues_notify AFTER INSERT OR UPDATE ON review_issues FOR EACH ROW"
                       " EXECUTE FUNCTION sd_notify_issue_change()"),
        QStringLiteral("CREATE TRIGGER review_issue_comments_notify AFTER INSERT ON review_issue_comments FOR EACH ROW"
                       " EXECUTE FUNCTION sd_notify_issue_change()"),
    };
}

// Independent annotations (consensus) on a team server: an annotation belongs to the
// login that draws it; a submitted one is final (only a reviewer reopens it); versions
// are append-only; only reviewers and admins mark honeypots. What an annotator may read
// is kept by row-level security: their own annotations, and the others' of a (frame,
// structure) only once they submitted their own there; reviewers and admins read all.
QStringList teamAnnotationRules()
{
    return {
        QStringLiteral(
            "CREATE FUNCTION sd_annotation_rules() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF sd_importing() THEN RETURN NEW; END IF;"
            " IF TG_OP = 'INSERT' THEN"
            "   IF NEW.annotator <> session_user THEN"
            "     RAISE EXCEPTION 'an independent annotation belongs to the login that draws it (%), not %',"
            "       session_user, NEW.annotator USING ERRCODE = 'insufficient_privilege';"
            "   END IF;"
            "   RETURN NEW;"
            " END IF;"
            " IF NEW.annotator <> OLD.annotator OR NEW.frame_id <> OLD.frame_id OR NEW.structure_id <> OLD.structure_id"
            " THEN RAISE EXCEPTION 'an annotation cannot change hands' USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " IF OLD.annotator <> session_user AND NOT sd_has_role('reviewer') THEN"
            "   RAISE EXCEPTION 'only % may change their annotation %', OLD.annotator, OLD.id"
            "     USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " IF OLD.state = 'submitted' AND (NEW.rle_json <> OLD.rle_json OR NEW.version <> OLD.version) THEN"
            "   RAISE EXCEPTION 'annotation % is submitted and final', OLD.id USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " IF OLD.state = 'submitted' AND NEW.state = 'draft' AND NOT sd_has_role('reviewer') THEN"
            "   RAISE EXCEPTION 'only a reviewer may reopen a submitted annotation'"
            "     USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER annotations_rules BEFORE INSERT OR UPDATE ON annotations FOR EACH ROW"
                       " EXECUTE FUNCTION sd_annotation_rules()"),
        QStringLiteral("CREATE TRIGGER annotation_versions_no_update BEFORE UPDATE ON annotation_versions FOR EACH ROW"
                       " EXECUTE FUNCTION sd_append_only()"),
        QStringLiteral(
            "CREATE FUNCTION sd_honeypot_rules() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF NOT sd_importing() AND NOT sd_has_role('reviewer') AND NOT sd_has_role('admin') THEN"
            "   RAISE EXCEPTION 'only reviewers mark honeypot frames' USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER honeypots_rules BEFORE INSERT OR UPDATE OR DELETE ON honeypots FOR EACH ROW"
                       " EXECUTE FUNCTION sd_honeypot_rules()"),
        // SECURITY DEFINER: the policy asks about the login's own rows without recursing into itself.
        QStringLiteral(
            "CREATE FUNCTION sd_may_see_annotations(frame bigint, structure bigint) RETURNS boolean"
            " LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$"
            " SELECT sd_has_role('reviewer') OR sd_has_role('admin') OR EXISTS (SELECT 1 FROM annotations"
            "   WHERE frame_id = frame AND structure_id = structure AND annotator = session_user"
            "   AND state = 'submitted') $$"),
        QStringLiteral("ALTER TABLE annotations ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY annotations_read ON annotations FOR SELECT"
                       " USING (annotator = session_user OR sd_may_see_annotations(frame_id, structure_id))"),
        QStringLiteral("CREATE POLICY annotations_insert ON annotations FOR INSERT WITH CHECK (true)"),
        QStringLiteral("CREATE POLICY annotations_update ON annotations FOR UPDATE USING (true)"),
        QStringLiteral("ALTER TABLE annotation_versions ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY annotation_versions_read ON annotation_versions FOR SELECT USING (EXISTS"
                       " (SELECT 1 FROM annotations a WHERE a.id = annotation_id))"), // what annotations_read lets through
        QStringLiteral("CREATE POLICY annotation_versions_insert ON annotation_versions FOR INSERT WITH CHECK (true)"),
    };
}

QStringList teamGrants()
{
    return {QStringLiteral(
        "DO $$ DECLARE k text; r name;"
        " BEGIN"
        " FOREACH k IN ARRAY ARRAY['annotator', 'reviewer', 'admin'] LOOP"
        "   r := sd_role_name(k);"
        "   IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN"
        "     EXECUTE format('CREATE ROLE %I NOLOGIN', r);"
        "   END IF;"
        "   EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), r);"
        "   EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', r);"
        "   EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', r);"
        "   EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', r);"
        "   EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON audit_anchor, surgdistill_schema FROM %I', r);"
        "   EXECUTE format('REVOKE UPDATE, DELETE ON audit_log, mask_versions, reviews FROM %I', r);"
        // Version 12 on: issues are resolved, never deleted; their threads are append-only.
        "   IF to_regclass('review_issue_comments') IS NOT NULL THEN"
        "     EXECUTE format('REVOKE DELETE ON review_issues FROM %I', r);"
        "     EXECUTE format('REVOKE UPDATE, DELETE ON review_issue_comments FROM %I', r);"
        "   END IF;"
        " END LOOP;"
        " EXECUTE format('GRANT %I TO %I', sd_role_name('admin'), session_user);"
        " END $$")};
}

// With the project setting "block_submission_on_open_issues" on, the server refuses a
// submission (a 'submitted' review) of a mask that has open review issues, as the app does
// (requireNoBlockingIssues): a modified client cannot submit past them either.
QStringList submissionIssueRules()
{
    return {
        QStringLiteral(
            "CREATE FUNCTION sd_submission_issue_rules() RETURNS trigger LANGUAGE plpgsql AS $$"
            " DECLARE open_issues bigint;"
            " BEGIN"
            " IF sd_importing() OR NEW.state <> 'submitted' THEN RETURN NEW; END IF;"
            " IF COALESCE((SELECT value FROM settings WHERE key = 'block_submission_on_open_issues'), '0') <> '1' THEN"
            "   RETURN NEW;"
            " END IF;"
            " SELECT count(*) INTO open_issues FROM review_issues i JOIN masks m"
            "   ON m.frame_id = i.frame_id AND m.structure_id = i.structure_id"
            "   WHERE m.id = NEW.mask_id AND i.status = 'open';"
            " IF open_issues > 0 THEN"
            "   RAISE EXCEPTION 'mask % has % open review issue(s); this project blocks submission while issues are"
            " open', NEW.mask_id, open_issues USING ERRCODE = 'insufficient_privilege';"
            " END IF;"
            " RETURN NEW; END $$"),
        QStringLiteral("CREATE TRIGGER reviews_submission_issue_rules BEFORE INSERT ON reviews FOR EACH ROW"
                       " EXECUTE FUNCTION sd_submission_issue_rules()"),
    };
}

} // namespace sd::schema
