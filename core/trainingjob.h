// What the GUI needs to run `surgdistill train sft|dpo ... --out RUN_DIR` as a
// background job: the run settings with the paper's defaults, their config
// JSON (the job's contract), the command line, and the job's pid file, so that
// a job keeps running when the window closes and can be found again later.
#pragma once

#include "localprocess.h" // processAlive() for a job's pid

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace sd {

struct TrainingSettings {
    QString kind = QStringLiteral("sft"); // "sft" or "dpo"
    QString baseModel;                    // Hugging Face Qwen2.5-VL folder
    QString dataset;                      // JSONL in the shared "messages" (SFT) or prompt/chosen/rejected (DPO) form;
                                          // empty: the project's reviewed training split, exported at the start
    QString runDir;
    double lr = 1e-5;
    int epochs = 1;
    int batchSize = 1;
    int gradAccum = 8;
    double warmupRatio = 0.03;
    double weightDecay = 0.0;
    double maxGradNorm = 1.0;
    int seed = 42;
    bool useLora = false;
    int loraRank = 16;
    int loraAlpha = 32;
    double loraDropout = 0.05;
    QStringList loraTargets = {QStringLiteral("q_proj"), QStringLiteral("k_proj"), QStringLiteral("v_proj"),
                               QStringLiteral("o_proj"), QStringLiteral("gate_proj"), QStringLiteral("up_proj"),
                               QStringLiteral("down_proj")};
    bool freezeVision = true;
    bool freezeMerger = false;
    bool freezeLanguage = false;
    double beta = 0.1;                    // DPO only
    int saveEvery = 100;
    QString dtype = QStringLiteral("bf16");

    // The paper's set-up: SFT one epoch with the vision encoder frozen (merger and
    // language model trained); DPO with all components trained.
    static TrainingSettings paperDefaults(const QString &kind);

    // The job's config JSON (keys: lr, epochs, batch_size, grad_accum, warmup_ratio,
    // weight_decay, max_grad_norm, seed, lora{rank,alpha,dropout,targets} or null for
    // full fine-tuning, freeze{vision,merger,language}, beta, save_every, dtype).
    QJsonObject toConfigJson() const;
    // Reads back what toConfigJson wrote (missing keys keep the paper defaults).
    static TrainingSettings fromConfigJson(const QString &kind, const QJsonObject &config);

    // Empty when the settings can be started, otherwise what is wrong.
    QString problem() const;
};

// Files of a run folder.
QString progressFilePath(const QString &runDir);  // RUN_DIR/progress.jsonl
QString configFilePath(const QString &runDir);    // RUN_DIR/config.json
QString pidFilePath(const QString &runDir);       // RUN_DIR/job.pid
QString jobLogFilePath(const QString &runDir);    // RUN_DIR/job.log (the job's stdout and stderr)

// Arguments after the executable: train KIND --model M --data D --config RUN_DIR/config.json --out RUN_DIR.
// Starting the same arguments again on the same RUN_DIR resumes the run.
QStringList trainArguments(const TrainingSettings &settings);

// Writes RUN_DIR/config.json atomically (creating RUN_DIR). Throws std::runtime_error.
void writeRunConfig(const TrainingSettings &settings);

// Pid file of a detached job. readJobPid returns nothing when there is no file or it is unreadable.
void writeJobPid(const QString &runDir, qint64 pid);
std::optional<qint64> readJobPid(const QString &runDir);
// Asks the job to stop (SIGTERM: it checkpoints and logs "interrupted"). False if no such process.
bool terminateJob(qint64 pid);

class ProjectStore;

// Model folders the store knows: every checkpoint of every run (relative paths
// resolved against the run folder), newest run first. Only existing folders.
QStringList checkpointModelFolders(const ProjectStore &store);

} // namespace sd
