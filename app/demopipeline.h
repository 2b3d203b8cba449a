// `surgdistill demo run`: the paper's whole pipeline on the synthetic demo
// project. Each stage is one of the ordinary sub-commands, run as a child
// process of this executable (exactly what a user would type), so the demo
// proves the real tools and a stage's crash cannot take the log with it.
#pragma once

#include "demo/demoproject.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace sd::app {

struct DemoPipelineOptions {
    QString outDir;            // holds project/, models/, runs/, dataset/, report/, pipeline.jsonl, pipeline.log
    int frames = sd::kDemoPipelineFrames; // demo frames (the held-out share is 20 %, by operation)
    int threads = 0;           // libtorch CPU threads for training and generation (0: default)
    int sftEpochs = 0;         // 0: the tuned default for cme-tiny
    int maxTokens = 0;         // longest sampled / evaluated answer; 0: the commands' defaults
    bool quiet = false;        // no per-line output of the stages, progress bars only
};

struct DemoStage {
    QString key;               // "project", "split", "teacher", ... (pipeline.jsonl)
    QString title;             // for people
    QStringList args;          // the sub-command's arguments
};

// The stages in order, with the folders of `options` filled in. Some arguments (the SFT model folder)
// are only known once an earlier stage has run; the runner substitutes "{sft_model}".
std::vector<DemoStage> demoStages(const DemoPipelineOptions &options);

// Runs every stage; returns 0 or the failing stage's exit status. Writes pipeline.jsonl
// ({"event":"stage","index","total","key","title","status":"started|finished|failed","elapsed_s"} and the
// training stages' step events with "stage_key") and prints the report's Table 1 at the end.
int runDemoPipeline(const DemoPipelineOptions &options);

} // namespace sd::app
