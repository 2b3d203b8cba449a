// The project store: a project is a folder with project.sqlite (WAL, foreign
// keys on, versioned schema with forward migrations) and media/ for frames, or a
// team project: a PostgreSQL database (the same schema, migrations and API) whose
// frames live on the server as bytes and are cached on this computer read-only.
// This class is the only place with SQL; the UI and the CLI both use it. Its
// implementation is split by concern: projectstore.cpp (open, transactions,
// settings), store_*.cpp (one file per group of tables), storeprivate.h.
//
// One ProjectStore owns one SQLite connection and must be used from one thread;
// open a second ProjectStore on the same folder for another thread or process.
// Every public write is a single transaction; nested calls inside transaction()
// join the outer one. A store opened OpenMode::ReadOnly never changes a byte of
// the project; every write on it throws StoreError.
#pragma once

#include "entities.h"
#include "storeerror.h"
#include "teamconnection.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace sd {

// ReadOnly: for commands that only read. Opens project.sqlite read-only, runs no
// migration and changes nothing in the folder, so it works on read-only media.
enum class OpenMode { ReadWrite, ReadOnly };

// A change another client made to a team project (LISTEN/NOTIFY): which table
// ("frames", "masks", "reviews") and which frame.
struct StoreChange {
    QString table;
    qint64 frameId = 0;
};
using ChangeHandler = std::function<void(const StoreChange &)>;

// What `project push` copied to the server (all of it, verified, or nothing).
struct PushReport {
    QString url;
    std::map<QString, qint64> rows;   // per table
    qint64 frameBytes = 0;
    qint64 auditEntries = 0;
};

// What a team project's server enforces for the person logged in.
struct TeamSession {
    QString login;             // session_user
    QList<TeamRole> roles;
    bool has(TeamRole r) const { return roles.contains(r); }
};

struct FrameFilter {
    std::optional<qint64> structureId;      // frames having a mask of this structure
    std::optional<ReviewState> reviewState; // frames with a mask whose latest review is in this state
    std::optional<Side> side;
    QString author;                         // frames with a mask by this author
    QString idSearch;                       // frame id as text, prefix match
    QString split;
};

// Review issues by frame, structure and status; every field left empty matches all.
struct IssueFilter {
    std::optional<qint64> frameId;
    std::optional<qint64> structureId;
    std::optional<IssueStatus> status;
};

class ProjectStore {
public:
    static constexpr const char *kDatabaseFile = "project.sqlite";
    static constexpr const char *kMediaDir = "media";

    // Creates the folder layout and a fresh database with the five CME structures
    // and the default prompt templates. Throws StoreError if a project exists there.
    static std::unique_ptr<ProjectStore> create(const QString &folder, const QString &name);
    // Opens an existing project. ReadWrite applies pending migrations; ReadOnly refuses a
    // project with an older schema (it must not migrate) and makes every write throw.
    // Throws StoreError.
    // `folder` may also be a team project's postgresql:// URL (see TeamConnection).
    static std::unique_ptr<ProjectStore> open(const QString &folder, OpenMode mode = OpenMode::ReadWrite);
    static bool isProject(const QString &folder);

    // Team projects. createTeam sets up an empty database (the login needs CREATEROLE, or
    // is a superuser, to make the project's roles; it becomes the project's admin).
    // Throws LoginRequired when a password is needed, ServerUnreachable, StoreError.
    static std::unique_ptr<ProjectStore> createTeam(const TeamConnection &connection, const QString &name);
    static std::unique_ptr<ProjectStore> openTeam(const TeamConnection &connection,
                                                  OpenMode mode = OpenMode::ReadWrite);
    bool isTeam() const;
    std::optional<TeamConnection> teamConnection() const;
    QString location() const;                   // the folder, or the team project's URL
    TeamSession teamSession() const;            // empty for a SQLite project
    bool tlsInUse() const;                      // the team connection is encrypted
    // Admins: logins and their roles. Every name is quoted by the server (format %I/%L).
    void addTeamUser(const QString &login, const QString &password, const QList<TeamRole> &roles);
    void setTeamUserRoles(const QString &login, const QList<TeamRole> &roles);
    std::vector<TeamUser> teamUsers() const;
    // Calls `handler` on context's thread for every change other clients (and this one)
    // commit to frames, masks and reviews; needs an event loop. No-op for SQLite projects.
    void onChange(QObject *context, ChangeHandler handler);
    // Team projects: whether the server answers now (reconnecting if the connection dropped).
    bool serverReachable();
    // Copies this SQLite project into an empty database on a server as a team project, in
    // one transaction that verifies row counts, table hashes, frame bytes and the audit
    // chain before it commits. The login needs what createTeam needs. Throws StoreError.
    PushReport pushToServer(const TeamConnection &target,
                            const std::function<void(const QString &)> &progress = {}) const;

    ~ProjectStore();
    ProjectStore(const ProjectStore &) = delete;
    ProjectStore &operator=(const ProjectStore &) = delete;

    QString folder() const;
    QString mediaFolder() const;
    QString absolutePath(const QString &relativePath) const;
    int schemaVersion() const;
    static int latestSchemaVersion();
    bool isReadOnly() const;

    // Runs fn inside one transaction (BEGIN IMMEDIATE ... COMMIT); rolls back and
    // rethrows on any exception. Re-entrant: inner calls join the outer transaction.
    // Throws StoreError on a read-only store (every public write runs in here).
    void transaction(const std::function<void()> &fn);

    // Project settings (key/value), e.g. the project name, the overlay opacity, allowed hosts.
    QString setting(const QString &key, const QString &defaultValue = {}) const;
    void setSetting(const QString &key, const QString &value);

    // Videos
    qint64 addVideo(Video &video);                 // sets video.id
    std::optional<Video> video(qint64 id) const;
    std::optional<Video> videoBySourceHash(const QByteArray &hash) const;
    std::vector<Video> videos() const;

    // Frames
    qint64 addFrame(Frame &frame);                 // sets frame.id and createdAt
    void updateFrame(const Frame &frame);          // side, phase, split
    std::optional<Frame> frame(qint64 id) const;
    std::optional<Frame> frameByContentHash(const QByteArray &hash) const;
    std::vector<Frame> frames(const FrameFilter &filter = {}) const;
    int frameCount() const;

    // Structures (default: the five CME landmarks)
    std::vector<Structure> structures() const;     // ordered by sortOrder
    std::optional<Structure> structure(qint64 id) const;
    std::optional<Structure> structureByKey(const QString &key) const;
    qint64 addStructure(Structure &s);
    void updateStructure(const Structure &s);
    void removeStructure(qint64 id);               // refused (StoreError) while masks use it

    // Masks: every save appends a version; history is never rewritten. `origin` records
    // whether a person or a machine (assisted prompt, propagation, model) made the version.
    // `basedOn`: the version the edit started from. If someone else saved a newer version
    // meanwhile, nothing is overwritten: the edit becomes the next version all the same and
    // the returned mask reports the conflict (Mask::conflict()).
    Mask saveMask(qint64 frameId, qint64 structureId, const RleMask &rle, const QString &author,
                  const MaskOrigin &origin = {}, std::optional<int> basedOn = std::nullopt);
    std::optional<Mask> mask(qint64 frameId, qint64 structureId) const;
    std::optional<Mask> maskById(qint64 maskId) const;
    std::vector<Mask> masksForFrame(qint64 frameId) const;
    std::vector<MaskVersion> maskHistory(qint64 maskId) const;   // oldest first
    Mask restoreMaskVersion(qint64 maskId, int version, const QString &author); // appends a new version
    QStringList maskAuthors() const;                             // distinct current-version authors, sorted

    // Reviews
    qint64 addReview(Review &review);
    std::vector<Review> reviews(qint64 maskId) const;            // oldest first
    std::optional<Review> latestReview(qint64 maskId) const;

    // Independent annotations (several annotators per frame; consensusworkflow.h holds who
    // may see and change which). The raw record: saveAnnotation appends a version.
    Annotation saveAnnotation(qint64 frameId, qint64 structureId, const QString &annotator, const RleMask &rle);
    void setAnnotationState(qint64 annotationId, AnnotationState state); // Submitted stamps submittedAt
    std::optional<Annotation> annotation(qint64 frameId, qint64 structureId, const QString &annotator) const;
    std::optional<Annotation> annotationById(qint64 id) const;
    // Every annotator's annotation of the frame (structure order, then annotator); no filter on state.
    std::vector<Annotation> annotationsForFrame(qint64 frameId) const;
    std::vector<Annotation> submittedAnnotations() const; // whole project, by frame, structure, annotator
    std::vector<MaskVersion> annotationHistory(qint64 annotationId) const; // oldest first; author = annotator

    // Review issues pinned on frames (reviewissues.h holds who may do what). The raw records:
    // addReviewIssue writes the issue (open, inside its frame) with its first comment;
    // setReviewIssueStatus changes the status and appends that event, with an optional
    // comment, to the thread. Both refuse bad input with StoreError and write nothing.
    qint64 addReviewIssue(ReviewIssue &issue, const QString &firstComment); // sets issue.id and createdAt
    void setReviewIssueStatus(qint64 issueId, IssueStatus status, const QString &by, const QString &comment = {});
    qint64 addIssueComment(IssueComment &comment);                         // the thread is append-only
    std::optional<ReviewIssue> reviewIssue(qint64 id) const;
    std::vector<ReviewIssue> reviewIssues(const IssueFilter &filter = {}) const; // by frame, then id
    std::vector<IssueComment> issueComments(qint64 issueId) const;               // oldest first

    // Honeypots: approved frames offered again as ground-truth checks.
    int addHoneypots(const std::vector<qint64> &frameIds, const QString &markedBy, qint64 seed); // returns new marks
    std::vector<qint64> honeypotFrames() const; // ascending
    bool isHoneypot(qint64 frameId) const;
    void saveHoneypotResult(HoneypotResult &r); // replaces the annotator's earlier result for frame and structure
    std::vector<HoneypotResult> honeypotResults() const;

    // Prompt templates
    qint64 addPromptTemplate(PromptTemplate &t);
    void updatePromptTemplate(const PromptTemplate &t);
    void removePromptTemplate(qint64 id);
    std::vector<PromptTemplate> promptTemplates(std::optional<qint64> structureId = {}) const;

    // Teacher requests and answers
    qint64 addTeacherRequest(TeacherRequest &r);
    void updateTeacherRequest(const TeacherRequest &r);
    std::optional<TeacherRequest> teacherRequest(qint64 id) const;
    // Atomically takes the (frame, structure) request for `claimant` (one claim per
    // process, e.g. "host:pid:random") for leaseSeconds: inserts `r` as a new pending
    // request, or turns the existing pending/failed row into it, unless the request is
    // done or another live claimant holds it (a lapsed lease, or a claimant process on
    // this host that is gone, can be taken over). Returns the claimed row, or nothing.
    // updateTeacherRequest() with another status than Pending releases the claim.
    std::optional<TeacherRequest> claimTeacherRequest(TeacherRequest r, const QString &claimant, int leaseSeconds);
    std::vector<TeacherRequest> teacherRequests(std::optional<RequestStatus> status = {}) const; // empty: all
    qint64 addTeacherAnswer(TeacherAnswer &a);
    std::vector<TeacherAnswer> teacherAnswers(qint64 requestId) const;
    qint64 addAnswerReview(AnswerReview &r);
    std::vector<AnswerReview> answerReviews(qint64 answerId) const;
    std::optional<TeacherAnswer> teacherAnswer(qint64 id) const;
    void setAnswerFlag(AnswerFlag &f);                          // replaces an existing flag
    void clearAnswerFlag(qint64 answerId);
    std::vector<AnswerFlag> answerFlags() const;

    // Preference pairs
    qint64 addPreferencePair(PreferencePair &p);
    void updatePreferencePair(const PreferencePair &p);
    std::vector<PreferencePair> preferencePairs(std::optional<PairStatus> status = {}) const;   // empty: all

    // Training runs, checkpoints, evaluations
    qint64 addTrainingRun(TrainingRun &r);
    void updateTrainingRun(const TrainingRun &r);
    std::optional<TrainingRun> trainingRun(qint64 id) const;
    std::vector<TrainingRun> trainingRuns() const;
    qint64 addCheckpoint(Checkpoint &c);
    std::vector<Checkpoint> checkpoints(qint64 runId) const;
    qint64 addEvaluation(Evaluation &e);
    std::vector<Evaluation> evaluations() const;
    // Evaluation answers (metrics and judge verdict per answer) and blinded expert scores.
    qint64 addEvalAnswer(EvalAnswer &a);
    std::vector<EvalAnswer> evalAnswers(qint64 evaluationId) const;
    std::optional<EvalAnswer> evalAnswer(qint64 id) const;
    // Saves all scores of one item at once; a score of the same expert for the
    // same answer replaces the earlier one. Throws StoreError on out-of-range scores.
    void saveExpertScores(std::vector<ExpertScore> &scores);
    std::vector<ExpertScore> expertScores() const;

    // Audit log (hash-chained and anchored; see AuditEntry)
    AuditEntry appendAudit(const QString &user, const QString &action, const QString &destination,
                           const QByteArray &payload);
    std::vector<AuditEntry> auditLog() const;
    // Recomputes the chain and every payload's SHA-256, compares the log with its anchor
    // (entry count and newest hash) and with what this computer verified before (a record
    // kept outside the project, in the user's settings). An intact result becomes the new
    // record, so a later shortened or re-hashed log is caught on this computer.
    AuditCheck checkAuditLog() const;
    // The cheap part of checkAuditLog() for every send: entry count and newest hash
    // against the anchor.
    bool auditAnchorHolds() const;
    // A policy setting changed together with its audit entry ("key=value" payload), in
    // one transaction; the value in force must always be the last audited one.
    void setAuditedSetting(const QString &user, const QString &action, const QString &key, const QString &value,
                           const QString &destination = {});
    // Whether the setting's current value is the one its last audit entry records (a
    // never-set setting without audit entries holds as well).
    bool auditedSettingHolds(const QString &key) const;

    // SQLite: PRAGMA integrity_check == "ok". Team: the server answers and every frame has its bytes.
    bool integrityOk() const;

    // Saved answers of the local model (Ask view)
    qint64 addSavedAnswer(SavedAnswer &a);
    std::vector<SavedAnswer> savedAnswers(std::optional<qint64> frameId = {}) const; // oldest first

    // Resident tutor attempts
    qint64 addTutorAttempt(TutorAttempt &a);
    std::vector<TutorAttempt> tutorAttempts(const QString &resident) const; // oldest first
    QStringList tutorResidents() const;

private:
    ProjectStore(const QString &folder, OpenMode mode);
    ProjectStore(const TeamConnection &connection, OpenMode mode);
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sd
