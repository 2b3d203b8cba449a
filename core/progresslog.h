// Reader for a training job's RUN_DIR/progress.jsonl (one JSON object a line,
// written by `surgdistill train`). The file grows while the job runs, so the
// reader keeps its byte offset and parses only what was appended since the last
// poll(); an incomplete last line (the writer is mid-line) waits for the next poll.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace sd {

// One {"event":"step",...} line.
struct ProgressPoint {
    QString stage;             // "sft" or "dpo"
    int step = 0;
    int totalSteps = 0;
    double epoch = 0;
    double loss = 0;
    double lr = 0;
    double tokensPerSecond = 0;
    double elapsedSeconds = 0;
    double etaSeconds = -1;    // -1 when the job did not say
    // DPO only.
    std::optional<double> rewardChosen, rewardRejected, rewardMargin, rewardAccuracy;
};

struct ProgressCheckpoint {
    int step = 0;
    QString path;
};

class ProgressLog {
public:
    enum class State { NotStarted, Running, Finished, Failed, Interrupted };

    explicit ProgressLog(QString path = {});

    QString path() const { return m_path; }
    // Forgets everything and reads `path` from the start at the next poll().
    void reset(const QString &path);

    // Reads the bytes appended since the last call. Returns the number of new
    // complete lines. A missing file is not an error (the job has not written yet);
    // a file that became shorter (replaced) is read again from the start.
    int poll();

    // Step points in step order. A resumed job repeats steps after its last
    // checkpoint: a step at or below the last one replaces the points from there on.
    const std::vector<ProgressPoint> &points() const { return m_points; }
    const std::vector<ProgressCheckpoint> &checkpoints() const { return m_checkpoints; }
    QJsonObject startEvent() const { return m_start; }    // the last {"event":"start",...}
    State state() const { return m_state; }
    QString finalPath() const { return m_finalPath; }     // from {"event":"finished"}
    QString errorMessage() const { return m_error; }      // from {"event":"error"}
    int resumeCount() const { return m_starts > 0 ? m_starts - 1 : 0; }
    // Events this reader does not interpret (e.g. the demo pipeline's {"event":"stage",...}), in order.
    const std::vector<QJsonObject> &otherEvents() const { return m_otherEvents; }
    // Lines that were not a JSON object, with their line numbers (kept, not fatal).
    const QStringList &problems() const { return m_problems; }

private:
    void parseLine(const QByteArray &line);

    QString m_path;
    qint64 m_offset = 0;
    QByteArray m_pending; // an incomplete last line
    int m_lineNumber = 0;
    int m_starts = 0;
    std::vector<ProgressPoint> m_points;
    std::vector<ProgressCheckpoint> m_checkpoints;
    QJsonObject m_start;
    State m_state = State::NotStarted;
    QString m_finalPath;
    QString m_error;
    QStringList m_problems;
    std::vector<QJsonObject> m_otherEvents;
};

} // namespace sd
