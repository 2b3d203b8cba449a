// The evaluation report, like the paper's Table 1: rows are metrics, columns
// are models, cells "mean ± sd"; plus preferred-model counts from the blinded
// expert scores, a per-structure table and the worst examples. Models are
// named here (unblinded) and nowhere in the expert screens.
// Markdown and CSV are written here; the PDF is rendered in ui/ (reportpdf.h).
#pragma once

#include "entities.h"
#include "metrics/stats.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace sd {

class ProjectStore;

namespace eval {

struct ModelAnswers {
    QString label;
    std::vector<EvalAnswer> answers;
};

struct ReportInput {
    std::vector<ModelAnswers> models;            // report column order
    std::vector<ExpertScore> expertScores;       // scores of answers not in `models` are ignored
    QMap<qint64, QString> structureNames;        // structure id -> display name (report row order: by name)
    QString bertNote;                            // the encoder used, or why there are no BERTScore numbers
    QString judgeName;                           // e.g. "rubric (offline)"; empty: no judge
};

// The evaluations' answers and all expert scores from the store. Throws StoreError.
ReportInput reportInputFromStore(const ProjectStore &store, const std::vector<Evaluation> &evaluations);

// One cell: a summary (mean ± sd over answers), a single value (corpus BLEU,
// counts) or neither (a note says why, e.g. "not available").
struct ReportCell {
    std::optional<metrics::Summary> summary;
    std::optional<double> value;
    QString note;
};

struct ReportRow {
    QString metric;
    QString structure;                           // empty in Table 1
    int decimals = 2;
    std::vector<ReportCell> cells;               // one per model
};

struct WorstExample {
    QString model;
    QString structure;
    qint64 frameId = 0;
    std::optional<double> judgeScore;
    double rougeL = 0;
    QString question;
    QString reference;
    QString answer;
    QString judgeExplanation;
};

struct EvalReport {
    QStringList models;
    std::vector<ReportRow> table1;
    std::vector<ReportRow> perStructure;
    std::vector<WorstExample> worst;             // per model, worst first
    QString bertNote;
    QString judgeName;
    int expertCount = 0;                         // distinct experts who scored
};

// worstPerModel: how many of each model's weakest answers (lowest judge score,
// then lowest ROUGE-L) to list. Throws std::invalid_argument on a NaN metric.
EvalReport buildReport(const ReportInput &input, int worstPerModel = 3);

QString formatCell(const ReportCell &cell, int decimals);
QString reportMarkdown(const EvalReport &report);
// Long format, one number per line: section,structure,metric,model,n,mean,sd,value,note
QString reportCsv(const EvalReport &report);

} // namespace eval
} // namespace sd
