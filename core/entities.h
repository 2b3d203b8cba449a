// Plain value types of the project store. Ids are SQLite rowids (0 = not stored yet).
#pragma once

#include "rle.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace sd {

enum class Side { Unknown, Left, Right };
QString sideToString(Side s);            // "unknown" / "left" / "right"
Side sideFromString(const QString &s);

enum class ReviewState { Draft, Submitted, Approved, ChangesRequested };
QString reviewStateToString(ReviewState s); // "draft" / "submitted" / "approved" / "changes_requested"
ReviewState reviewStateFromString(const QString &s);

// Workflow statuses, stored as the text their toString gives. A text the
// build does not know (a newer or hand-edited project) reads back as the value
// that lets nothing pass unreviewed or count as done; see each FromString.
enum class RequestStatus { Pending, Done, Failed };
QString requestStatusToString(RequestStatus s);          // "pending" / "done" / "failed"
RequestStatus requestStatusFromString(const QString &s); // unknown: Failed (not done, so asked again)

enum class AnswerDecision { Accepted, Edited, Rejected };
QString answerDecisionToString(AnswerDecision d);          // "accepted" / "edited" / "rejected"
AnswerDecision answerDecisionFromString(const QString &s); // unknown: Rejected (never enters a data set)

enum class PairStatus { Proposed, Approved, Discarded };
QString pairStatusToString(PairStatus s);          // "proposed" / "approved" / "discarded"
PairStatus pairStatusFromString(const QString &s); // unknown: Proposed (back to review, not exported)

// Who made a mask version. Manual: a person's brush/polygon/wand edits. Assisted: a
// person's box/clicks turned into a mask by GrabCut or the segmentation model.
// Propagated: warped from a neighbouring video frame. Model: the project's
// segmentation model on its own (seg predict, Ask/tutor proposals). Every origin
// is a draft until a person submits it and a reviewer approves it.
// Merged: a reference mask merged from independent annotations (majority vote or STAPLE).
enum class MaskOriginKind { Manual, Assisted, Propagated, Model, Merged };
QString maskOriginKindToString(MaskOriginKind k);         // "manual" / "assisted" / "propagated" / "model" / "merged"
MaskOriginKind maskOriginKindFromString(const QString &s); // unknown: Model (never passes as hand-drawn)

struct MaskOrigin {
    MaskOriginKind kind = MaskOriginKind::Manual;
    QString model;             // what made it: "grabcut", "flow", a segmentation model's id; "" for Manual
    bool isMachine() const { return kind != MaskOriginKind::Manual; }
};

// An independent annotation (schema 10) is private to its annotator while a draft;
// submitted, it is final and visible to reviewers (consensusworkflow.h).
enum class AnnotationState { Draft, Submitted };
QString annotationStateToString(AnnotationState s);          // "draft" / "submitted"
AnnotationState annotationStateFromString(const QString &s); // unknown: Draft (never counts as submitted)

// A reviewer's pinned issue on a frame (schema 12): open until the annotator or a
// reviewer resolves it; it may be reopened.
enum class IssueStatus { Open, Resolved };
QString issueStatusToString(IssueStatus s);          // "open" / "resolved"
IssueStatus issueStatusFromString(const QString &s); // unknown: Open (never lets a blocked submission pass)

// An entry of an issue's thread: a comment, or the record of a status change (with an
// optional comment).
enum class IssueEventKind { Comment, Resolved, Reopened };
QString issueEventKindToString(IssueEventKind k);          // "comment" / "resolved" / "reopened"
IssueEventKind issueEventKindFromString(const QString &s); // unknown: Comment

enum class RunStatus { Running, Finished, Failed, Interrupted };
QString runStatusToString(RunStatus s);         // "running" / "finished" / "failed" / "interrupted"
RunStatus runStatusFromString(const QString &s); // unknown: Failed (neither resumed nor offered as a model)

struct Video {
    qint64 id = 0;
    QString label;          // neutral, e.g. "video-0003"; never the source file name
    QByteArray sourceHash;  // SHA-256 hex of the source file, to detect double imports
    double fps = 0;
    double durationSec = 0;
    double phaseStartSec = 0;
    double phaseEndSec = 0;
    QDateTime importedAt;
};

struct Frame {
    qint64 id = 0;
    std::optional<qint64> videoId;
    double timestampSec = 0;   // position in the video; 0 for still images
    QByteArray contentHash;    // SHA-256 hex of the decoded pixels
    int width = 0;
    int height = 0;
    Side side = Side::Unknown;
    QString phase;             // e.g. "cme_mobilisation"
    QString mediaPath;         // relative to the project folder, e.g. "media/000042.png"
    QString split;             // "", "train", "test"
    bool synthetic = false;    // demo frames are marked so the UI can say so
    QDateTime createdAt;
};

struct Structure {
    qint64 id = 0;
    QString key;               // stable identifier, e.g. "vena_mesenterica_inferior"
    QString name;              // display name, e.g. "Vena mesenterica inferior"
    QString color;             // "#rrggbb" (core has no Qt Gui)
    int sortOrder = 0;
};

struct Mask {
    qint64 id = 0;             // the (frame, structure) mask row
    qint64 frameId = 0;
    qint64 structureId = 0;
    RleMask rle;
    QString author;
    int version = 0;           // 1, 2, ... ; every save adds a version, old ones are kept
    QDateTime updatedAt;
    MaskOrigin origin;         // of the current version
    std::optional<int> basedOn; // the version the current one was edited from, when known
    // Someone else saved a version between the one this edit started from and this one.
    bool conflict() const { return basedOn && *basedOn < version - 1; }
};

struct MaskVersion {
    qint64 id = 0;
    qint64 maskId = 0;
    int version = 0;
    RleMask rle;
    QString author;
    QDateTime createdAt;
    MaskOrigin origin;
    std::optional<int> basedOn;
    bool conflict() const { return basedOn && *basedOn < version - 1; }
};

// One annotator's own mask of a (frame, structure) when the project asks for several
// independent annotations per frame; the reference mask stays the Mask row.
struct Annotation {
    qint64 id = 0;
    qint64 frameId = 0;
    qint64 structureId = 0;
    QString annotator;
    RleMask rle;
    int version = 0;           // every save adds a version, like mask versions
    AnnotationState state = AnnotationState::Draft;
    QDateTime updatedAt;
    QDateTime submittedAt;     // invalid while a draft
};

// Dice of an annotator's submitted annotation on a honeypot frame against the
// frame's approved reference mask (one row per frame, structure and annotator).
struct HoneypotResult {
    qint64 frameId = 0;
    qint64 structureId = 0;
    QString annotator;
    int annotationVersion = 0;
    int referenceVersion = 0;
    double dice = 0;
    QDateTime createdAt;
};

struct Review {
    qint64 id = 0;
    qint64 maskId = 0;
    ReviewState state = ReviewState::Draft;
    QString reviewer;
    QString comment;
    int maskVersion = 0;       // the version this review refers to
    QDateTime createdAt;
    bool partialApproval = false; // first of two required approvals (state is Submitted)
};

// A review issue pinned on a frame: a point (empty size) or a rectangle in frame pixels,
// about one structure, with the mask version it was opened on (0: no mask yet).
struct ReviewIssue {
    qint64 id = 0;
    qint64 frameId = 0;
    qint64 structureId = 0;
    int maskVersion = 0;
    double x = 0, y = 0;           // the point, or the rectangle's top-left corner
    double width = 0, height = 0;  // 0 x 0 for a point
    QString author;                // the reviewer who opened it
    IssueStatus status = IssueStatus::Open;
    QDateTime createdAt;
    QString resolvedBy;            // who resolved it last; "" while open
    QDateTime resolvedAt;          // invalid while open
    // Read with the issue (not stored in its row): its thread's size and newest comment.
    int commentCount = 0;
    QString lastComment;
    bool isPoint() const { return width <= 0 || height <= 0; }
};

struct IssueComment {
    qint64 id = 0;
    qint64 issueId = 0;
    QString author;
    IssueEventKind kind = IssueEventKind::Comment;
    QString body;                  // may be empty for a status change
    QDateTime createdAt;
};

struct PromptTemplate {
    qint64 id = 0;
    std::optional<qint64> structureId; // empty = any structure
    QString language = QStringLiteral("en");
    QString text;
};

struct TeacherRequest {
    qint64 id = 0;
    qint64 frameId = 0;
    qint64 structureId = 0;
    std::optional<qint64> templateId;
    QString provider;          // "offline", "openai", "gemini"
    QString model;
    QByteArray payload;        // exact bytes sent (also in the audit log)
    RequestStatus status = RequestStatus::Pending;
    QString error;
    QDateTime createdAt;
    QString question;          // the exact question text asked (schema 4)
    QString language = QStringLiteral("en");
};

struct TeacherAnswer {
    qint64 id = 0;
    qint64 requestId = 0;
    QString text;
    int promptTokens = 0;
    int completionTokens = 0;
    QDateTime createdAt;
};

struct AnswerReview {
    qint64 id = 0;
    qint64 answerId = 0;
    AnswerDecision decision = AnswerDecision::Rejected; // set it; the default lets nothing into a data set
    QString editedText;
    QString reason;
    QString reviewer;
    QDateTime createdAt;
};

struct PreferencePair {
    qint64 id = 0;
    qint64 frameId = 0;
    qint64 structureId = 0;
    QString prompt;
    QString chosen;
    QString rejected;
    QString reason;
    PairStatus status = PairStatus::Proposed;
    QString reviewer;
    QDateTime createdAt;
};

struct TrainingRun {
    qint64 id = 0;
    QString kind;              // "sft", "dpo"
    QString baseModel;
    QString runDir;
    QByteArray configJson;
    RunStatus status = RunStatus::Running;
    QDateTime startedAt;
    QDateTime finishedAt;
};

struct Checkpoint {
    qint64 id = 0;
    qint64 runId = 0;
    int step = 0;
    QString path;
    QByteArray metricsJson;
    QDateTime createdAt;
};

struct Evaluation {
    qint64 id = 0;
    QString modelLabel;
    std::optional<qint64> checkpointId;
    QByteArray metricsJson;
    QDateTime createdAt;
};

// One model answer to one held-out (frame, structure) item of an evaluation.
struct EvalAnswer {
    qint64 id = 0;
    qint64 evaluationId = 0;
    qint64 frameId = 0;
    qint64 structureId = 0;
    QString question;
    QString reference;                  // the reviewed teacher answer
    QString answer;                     // the model's answer
    double bleu = 0;                    // sentence BLEU-4, 0-100
    double rougeL = 0;                  // ROUGE-L F1, 0-1
    std::optional<double> bertF1;       // empty: no encoder configured
    std::optional<double> judgeScore;   // 1-5; empty: unjudged (see judgeError)
    QString judgeExplanation;
    QString judgeError;
    QDateTime createdAt;
};

// A blinded expert's verdict on one evaluation answer (one row per answer and expert).
struct ExpertScore {
    qint64 id = 0;
    qint64 answerId = 0;
    QString expert;
    int accuracy = 0;                   // 1-5
    int conciseness = 0;                // 1-5
    bool preferred = false;             // several answers of one item may be preferred
    QDateTime createdAt;
};

struct AuditEntry {
    qint64 id = 0;
    QDateTime time;
    QString user;
    QString action;            // e.g. "teacher_request", "allow_host"
    QString destination;
    QByteArray payload;
    QByteArray payloadSha256;  // hex
    QByteArray prevHash;       // hex of the previous entry's entryHash ("" for the first)
    QByteArray entryHash;      // hex SHA-256 over (prevHash, time, user, action, destination, payloadSha256)
};

// What ProjectStore::checkAuditLog() found.
enum class AuditProblem {
    None,
    EntryAltered,           // brokenAt does not verify: altered, or an entry before it removed
    AnchorMismatch,         // the log's entry count or newest hash differ from its anchor: rows removed
    ChangedSinceVerified,   // shorter than, or different from, what this computer verified before
};

struct AuditCheck {
    AuditProblem problem = AuditProblem::None;
    qint64 entries = 0;     // rows in the log
    qint64 brokenAt = 0;    // EntryAltered: the id of the first entry that does not verify
    qint64 expected = 0;    // AnchorMismatch / ChangedSinceVerified: the entries the anchor or record names
    bool intact() const { return problem == AuditProblem::None; }
};

// One English sentence for the command line (the UI words it in the user's language).
QString auditProblemText(const AuditCheck &check);

// A reviewer's "look at this one" mark on a teacher answer (always enters the review sample).
struct AnswerFlag {
    qint64 answerId = 0;
    QString reason;
    QString flaggedBy;
    QDateTime createdAt;
};

// An answer of the local model saved from the Ask view, with what produced it.
struct SavedAnswer {
    qint64 id = 0;
    std::optional<qint64> frameId;
    std::optional<qint64> structureId; // empty when a drawn region was asked about
    QString regionJson;        // the drawn region (RLE JSON) when no structure was used
    QString question;
    QString answer;
    QString model;             // model folder
    QByteArray settingsJson;   // generation settings
    QString author;
    QDateTime createdAt;
};

// One graded answer of a resident in tutor mode.
struct TutorAttempt {
    qint64 id = 0;
    QString resident;
    qint64 frameId = 0;
    qint64 structureId = 0;
    QString answer;
    bool structureCorrect = false;
    bool sideCorrect = false;
    int pointsFound = 0;
    int pointsTotal = 0;
    QString expertAnswer;      // what it was graded against ("" if none existed)
    QDateTime createdAt;
};

} // namespace sd
