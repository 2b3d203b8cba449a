#include "report.h"

#include "metrics/bleu.h"
#include "store/projectstore.h"
#include "tabletext.h"

#include <QSet>
#include <algorithm>
#include <functional>

namespace sd::eval {

ReportInput reportInputFromStore(const ProjectStore &store, const std::vector<Evaluation> &evaluations)
{
    ReportInput in;
    for (const Evaluation &e : evaluations)
        in.models.push_back(ModelAnswers{e.modelLabel, store.evalAnswers(e.id)});
    in.expertScores = store.expertScores();
    for (const Structure &s : store.structures())
        in.structureNames.insert(s.id, s.name);
    return in;
}

namespace {

using Getter = std::function<std::optional<double>(const EvalAnswer &)>;

ReportCell summaryCell(const std::vector<const EvalAnswer *> &answers, const Getter &get, const QString &emptyNote)
{
    std::vector<double> values;
    for (const EvalAnswer *a : answers)
        if (const auto v = get(*a))
            values.push_back(*v);
    ReportCell c;
    if (values.empty())
        c.note = emptyNote;
    else
        c.summary = metrics::summarize(values);
    return c;
}

struct MetricDef {
    QString name;
    int decimals;
    Getter get;
};

} // namespace

EvalReport buildReport(const ReportInput &input, int worstPerModel)
{
    EvalReport r;
    r.judgeName = input.judgeName;
    bool anyBert = false;
    for (const auto &m : input.models) {
        r.models << m.label;
        for (const auto &a : m.answers)
            anyBert = anyBert || a.bertF1.has_value();
    }
    r.bertNote = input.bertNote;
    // Cells without a BERTScore say why; with an encoder configured, the note names it instead.
    const QString bertMissing = anyBert || input.bertNote.isEmpty() ? QStringLiteral("not available") : input.bertNote;

    const std::vector<MetricDef> metricsDefs = {
        {QStringLiteral("BLEU-4 (sentence)"), 2, [](const EvalAnswer &a) { return std::optional<double>(a.bleu); }},
        {QStringLiteral("ROUGE-L F1"), 3, [](const EvalAnswer &a) { return std::optional<double>(a.rougeL); }},
        {QStringLiteral("BERTScore F1"), 3, [](const EvalAnswer &a) { return a.bertF1; }},
        {QStringLiteral("Judge score (1-5)"), 2, [](const EvalAnswer &a) { return a.judgeScore; }},
    };
    auto noteFor = [&](const MetricDef &d) {
        if (d.name.startsWith(QLatin1String("BERTScore")))
            return bertMissing;
        if (d.name.startsWith(QLatin1String("Judge")))
            return input.judgeName.isEmpty() ? QStringLiteral("no judge") : QStringLiteral("unjudged");
        return QStringLiteral("no answers");
    };

    // Table 1: metrics over all answers of each model.
    std::vector<std::vector<const EvalAnswer *>> all(input.models.size());
    for (size_t m = 0; m < input.models.size(); ++m)
        for (const auto &a : input.models[m].answers)
            all[m].push_back(&a);
    for (const MetricDef &d : metricsDefs) {
        ReportRow row{d.name, {}, d.decimals, {}};
        for (size_t m = 0; m < all.size(); ++m)
            row.cells.push_back(summaryCell(all[m], d.get, noteFor(d)));
        r.table1.push_back(row);
        if (d.name.startsWith(QLatin1String("BLEU"))) {
            ReportRow corpus{QStringLiteral("BLEU-4 (corpus)"), {}, 2, {}};
            for (const auto &m : input.models) {
                ReportCell c;
                QStringList hyps, refs;
                for (const auto &a : m.answers) {
                    hyps << a.answer;
                    refs << a.reference;
                }
                if (hyps.isEmpty())
                    c.note = QStringLiteral("no answers");
                else
                    c.value = metrics::corpusBleu(hyps, {refs}).score;
                corpus.cells.push_back(c);
            }
            r.table1.push_back(corpus);
        }
    }
    ReportRow unjudged{QStringLiteral("Unjudged answers"), {}, 0, {}};
    for (const auto &m : input.models) {
        ReportCell c;
        c.value = double(std::count_if(m.answers.begin(), m.answers.end(),
                                       [](const EvalAnswer &a) { return !a.judgeScore; }));
        unjudged.cells.push_back(c);
    }
    r.table1.push_back(unjudged);

    // Expert rows: answer id -> model column.
    QMap<qint64, int> modelOfAnswer;
    for (size_t m = 0; m < input.models.size(); ++m)
        for (const auto &a : input.models[m].answers)
            modelOfAnswer.insert(a.id, int(m));
    std::vector<std::vector<double>> accuracy(input.models.size()), conciseness(input.models.size());
    std::vector<int> preferred(input.models.size(), 0);
    QSet<QString> experts;
    for (const ExpertScore &s : input.expertScores) {
        const auto it = modelOfAnswer.constFind(s.answerId);
        if (it == modelOfAnswer.constEnd())
            continue;
        experts.insert(s.expert);
        accuracy[*it].push_back(s.accuracy);
        conciseness[*it].push_back(s.conciseness);
        preferred[*it] += s.preferred ? 1 : 0;
    }
    r.expertCount = experts.size();
    ReportRow acc{QStringLiteral("Expert accuracy (1-5)"), {}, 2, {}};
    ReportRow con{QStringLiteral("Expert conciseness (1-5)"), {}, 2, {}};
    ReportRow pref{QStringLiteral("Preferred by expert (count)"), {}, 0, {}};
    for (size_t m = 0; m < input.models.size(); ++m) {
        ReportCell a, c, p;
        if (accuracy[m].empty()) {
            a.note = c.note = QStringLiteral("not scored");
        } else {
            a.summary = metrics::summarize(accuracy[m]);
            c.summary = metrics::summarize(conciseness[m]);
        }
        p.value = preferred[m];
        acc.cells.push_back(a);
        con.cells.push_back(c);
        pref.cells.push_back(p);
    }
    r.table1.push_back(acc);
    r.table1.push_back(con);
    r.table1.push_back(pref);

    // Per structure (display names sorted).
    QMap<QString, qint64> byName;
    for (auto it = input.structureNames.begin(); it != input.structureNames.end(); ++it)
        byName.insert(it.value(), it.key());
    for (auto it = byName.begin(); it != byName.end(); ++it) {
        std::vector<std::vector<const EvalAnswer *>> sub(input.models.size());
        bool any = false;
        for (size_t m = 0; m < input.models.size(); ++m)
            for (const auto &a : input.models[m].answers)
                if (a.structureId == it.value()) {
                    sub[m].push_back(&a);
                    any = true;
                }
        if (!any)
            continue;
        for (const MetricDef &d : metricsDefs) {
            ReportRow row{d.name, it.key(), d.decimals, {}};
            for (size_t m = 0; m < sub.size(); ++m)
                row.cells.push_back(summaryCell(sub[m], d.get, sub[m].empty() ? QStringLiteral("no answers") : noteFor(d)));
            r.perStructure.push_back(row);
        }
    }

    // Worst examples: lowest judge score first (unjudged last), then lowest ROUGE-L.
    for (const auto &m : input.models) {
        std::vector<const EvalAnswer *> sorted;
        for (const auto &a : m.answers)
            sorted.push_back(&a);
        std::stable_sort(sorted.begin(), sorted.end(), [](const EvalAnswer *x, const EvalAnswer *y) {
            const double jx = x->judgeScore.value_or(6.0), jy = y->judgeScore.value_or(6.0);
            if (jx != jy)
                return jx < jy;
            return x->rougeL < y->rougeL;
        });
        for (int i = 0; i < worstPerModel && i < int(sorted.size()); ++i) {
            const EvalAnswer &a = *sorted[i];
            r.worst.push_back(WorstExample{m.label, input.structureNames.value(a.structureId), a.frameId, a.judgeScore,
                                           a.rougeL, a.question, a.reference, a.answer,
                                           a.judgeScore ? a.judgeExplanation : a.judgeError});
        }
    }
    return r;
}

QString formatCell(const ReportCell &cell, int decimals)
{
    if (cell.summary)
        return cell.summary->toString(decimals);
    if (cell.value)
        return QString::number(*cell.value, 'f', decimals);
    return cell.note;
}

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

} // namespace

QString reportMarkdown(const EvalReport &report)
{
    QString md;
    md += QStringLiteral("# Evaluation report\n\n");
    int n = 0;
    for (const auto &c : report.table1.front().cells)
        n = std::max(n, c.summary ? c.summary->count : 0);
    md += QStringLiteral("Models: %1. Held-out answers per model: up to %2. Judge: %3. Experts: %4.\n\n")
              .arg(report.models.join(QStringLiteral(", ")))
              .arg(n)
              .arg(report.judgeName.isEmpty() ? QStringLiteral("none") : report.judgeName)
              .arg(report.expertCount);
    if (!report.bertNote.isEmpty())
        md += QStringLiteral("BERTScore: %1\n\n").arg(report.bertNote);

    auto header = [&](const QString &first) {
        QString h = QStringLiteral("| %1 |").arg(first);
        QString sep = QStringLiteral("|---|");
        for (const QString &m : report.models) {
            h += QStringLiteral(" %1 |").arg(markdownEscape(m));
            sep += QStringLiteral("---:|");
        }
        return h + QLatin1Char('\n') + sep + QLatin1Char('\n');
    };
    auto rowLine = [&](const QString &first, const ReportRow &row) {
        QString line = QStringLiteral("| %1 |").arg(markdownEscape(first));
        for (const auto &c : row.cells)
            line += QStringLiteral(" %1 |").arg(markdownEscape(formatCell(c, row.decimals)));
        return line + QLatin1Char('\n');
    };

    md += QStringLiteral("## Table 1: metrics per model (mean ± sd)\n\n") + header(QStringLiteral("Metric"));
    for (const auto &row : report.table1)
        md += rowLine(row.metric, row);

    md += QStringLiteral("\n## Per structure (mean ± sd)\n\n") + header(QStringLiteral("Structure / metric"));
    for (const auto &row : report.perStructure)
        md += rowLine(row.structure + QStringLiteral(" / ") + row.metric, row);

    md += QStringLiteral("\n## Worst examples\n\n");
    for (const auto &w : report.worst) {
        md += QStringLiteral("### %1, frame %2, %3\n\n")
                  .arg(markdownEscape(w.model)).arg(w.frameId).arg(markdownEscape(w.structure));
        md += QStringLiteral("- Judge: %1; ROUGE-L F1 %2\n")
                  .arg(w.judgeScore ? QString::number(*w.judgeScore, 'f', 2) : QStringLiteral("unjudged"))
                  .arg(w.rougeL, 0, 'f', 3);
        if (!w.judgeExplanation.isEmpty())
            md += QStringLiteral("- Judge says: %1\n").arg(markdownEscape(w.judgeExplanation));
        md += QStringLiteral("- Reference: %1\n- Answer: %2\n\n")
                  .arg(markdownEscape(w.reference), markdownEscape(w.answer.isEmpty() ? QStringLiteral("(empty)") : w.answer));
    }
    return md;
}

QString reportCsv(const EvalReport &report)
{
    QString csv = QStringLiteral("section,structure,metric,model,n,mean,sd,value,note\n");
    auto addRows = [&](const QString &section, const ReportRow &row) {
        for (int m = 0; m < report.models.size() && m < int(row.cells.size()); ++m) {
            const ReportCell &c = row.cells[m];
            QStringList f{section, csvField(row.structure), csvField(row.metric), csvField(report.models[m])};
            if (c.summary)
                f << QString::number(c.summary->count) << number(c.summary->mean) << number(c.summary->sd)
                  << QString() << QString();
            else if (c.value)
                f << QString() << QString() << QString() << number(*c.value) << QString();
            else
                f << QString() << QString() << QString() << QString() << csvField(c.note);
            csv += f.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    };
    for (const auto &row : report.table1)
        addRows(QStringLiteral("overall"), row);
    for (const auto &row : report.perStructure)
        addRows(QStringLiteral("structure"), row);
    return csv;
}

} // namespace sd::eval
