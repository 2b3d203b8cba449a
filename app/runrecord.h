// What every training sub-command (train sft|dpo, seg train) writes besides its
// weights: progress events as JSON lines on stdout and in RUN_DIR/progress.jsonl
// (read by core/progresslog for the dashboard), and, with --project, the run and
// its checkpoints in the project store (found again when the run resumes).
#pragma once

#include "json_limits.h"
#include "store/projectstore.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <string>

namespace sd::app {

// Writes every progress event to stdout and RUN_DIR/progress.jsonl, one JSON object a line.
class ProgressWriter {
public:
    explicit ProgressWriter(const std::string &runDir)
        : file_(runDir + "/progress.jsonl", std::ios::app)
    {
    }
    void write(const nlohmann::json &event)
    {
        const std::string line = sd::dumpJsonLossy(event); // messages may quote file names or raw input
        std::cout << line << std::endl;
        if (file_)
            file_ << line << std::endl;
    }

private:
    std::ofstream file_;
};

// The project-store side of a run: one TrainingRun per RUN_DIR (found again on resume).
class RunRecord {
public:
    RunRecord(sd::ProjectStore &store, const QString &kind, const QString &base, const QString &runDir,
              const nlohmann::json &config)
        : store_(store)
    {
        for (const auto &r : store.trainingRuns())
            if (r.runDir == runDir && r.kind == kind)
                run_ = r;
        run_.kind = kind;
        run_.baseModel = base;
        run_.runDir = runDir;
        run_.configJson = QByteArray::fromStdString(config.dump());
        run_.status = sd::RunStatus::Running;
        run_.startedAt = QDateTime::currentDateTimeUtc();
        run_.finishedAt = {};
        if (run_.id == 0)
            store.addTrainingRun(run_);
        else
            store.updateTrainingRun(run_);
    }
    void checkpoint(int step, const QString &path, const nlohmann::json &lastStep)
    {
        sd::Checkpoint c;
        c.runId = run_.id;
        c.step = step;
        c.path = path;
        c.metricsJson = QByteArray::fromStdString(lastStep.dump());
        store_.addCheckpoint(c);
    }
    void finish(sd::RunStatus status)
    {
        run_.status = status;
        run_.finishedAt = QDateTime::currentDateTimeUtc();
        store_.updateTrainingRun(run_);
    }

private:
    sd::ProjectStore &store_;
    sd::TrainingRun run_;
};

} // namespace sd::app
