// Batch generation of teacher answers over a project. One request row per
// (frame, structure) mask: a restart skips the done ones and re-sends pending
// or failed ones in their existing row, so answers are never duplicated (the
// schema also allows only one answer per request). Each request is claimed
// atomically before it is sent, so two runs at once never send one twice. Runs at most `concurrency`
// calls at once; each call retries on its own (TeacherCall).
#pragma once

#include "teachercall.h"

#include <QObject>
#include <QSet>
#include <deque>
#include <functional>
#include <map>
#include <vector>

namespace sd {

class ProjectStore;

struct BatchOptions {
    int limit = 0;                   // at most this many requests in this run (0 = all)
    int concurrency = 4;
    CallOptions call;
    QString language;                // "" = the project's teacher language
    bool approvedMasksOnly = true;   // teach only from masks whose latest review is approved
    QString split;                   // "" = all frames, else "train" / "test"
    double costPerMillionPromptTokens = 0;      // for the cost counter (currency of the user's choice)
    double costPerMillionCompletionTokens = 0;
};

struct BatchItem {
    qint64 frameId = 0;
    qint64 structureId = 0;
    qint64 requestId = 0;            // existing pending/failed row to reuse, 0 = new
};

struct BatchCounters {
    int planned = 0;                 // items in this run
    int alreadyDone = 0;             // skipped: answered in an earlier run
    int heldElsewhere = 0;           // skipped: another run on this project is sending it
    int done = 0;
    int failed = 0;
    int retries = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double cost = 0;
};

// The question for a (frame, structure): a deterministic choice among the project's templates for
// that structure and language (varied across frames). Returns {template id or 0, text}.
std::pair<qint64, QString> chooseQuestion(const ProjectStore &store, qint64 frameId, qint64 structureId,
                                          const QString &language);

// The answer request for a (frame, structure) and question: the context (never the frame) and the
// project's mask-PNG policy. The one place that decides what a teacher request holds.
TeacherTask answerTask(const ProjectStore &store, qint64 frameId, qint64 structureId, const QString &question,
                       const QString &language);

class TeacherBatch : public QObject {
    Q_OBJECT
public:
    TeacherBatch(PrivacyFirewall &firewall, const TeacherProvider &provider, BatchOptions options = {},
                 QObject *parent = nullptr);

    // What start() would do now (work items in frame/structure order), and how many are already done.
    std::vector<BatchItem> plan(int *alreadyDone = nullptr) const;

    void start();
    void cancel();                   // running calls are aborted; their rows stay pending for the next run
    bool isRunning() const { return m_running; }
    const BatchCounters &counters() const { return m_counters; }
    QStringList errors() const { return m_errors; }
    // Set when the firewall refused the destination (the batch stopped there).
    QString policyError() const { return m_policyError; }

Q_SIGNALS:
    void progress(int done, int failed, int total);
    void itemFinished(qint64 requestId, bool ok, const QString &error);
    void countersChanged();
    // A policy refusal stops the batch: every further request would be refused too.
    void finished(bool cancelled);

private:
    void fill();
    void launch(const BatchItem &item);
    void finishIfIdle();

    PrivacyFirewall &m_firewall;
    ProjectStore &m_store;
    const TeacherProvider &m_provider;
    BatchOptions m_options;
    std::deque<BatchItem> m_queue;
    QSet<TeacherCall *> m_active;
    BatchCounters m_counters;
    QStringList m_errors;
    QString m_policyError;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_stopped = false;
};

// Runs a whole batch in a local event loop (for the command line, the demo pipeline and worker
// threads). progress(done + failed, planned) may return false to cancel. The firewall must belong
// to the calling thread.
BatchCounters runTeacherBatch(PrivacyFirewall &firewall, const TeacherProvider &provider,
                              const BatchOptions &options = {},
                              const std::function<bool(int finished, int total)> &progress = {});

} // namespace sd
