// `surgdistill eval`: evaluates local models on the held-out split like the
// paper (Section 3.2, Table 1). Every model answers every held-out (frame,
// structure) with the default question on the overlay composite; answers get
// BLEU-4, ROUGE-L, BERTScore (when an encoder is given) and a judge score; the
// results are stored in the project and written as report.md/.csv/.pdf.
// Engine headers first: libtorch must be parsed before any Qt header.
#include "bertscore.h"
#include "vlm_session.h"

#include "cliutil.h"
#include "command.h"
#include "eval/blinding.h"
#include "eval/heldoutitems.h"
#include "eval/judgerubric.h"
#include "eval/teacherjudgebackend.h"
#include "teacher/privacyfirewall.h"
#include "eval/report.h"
#include "trainingoverlay.h"
#include "metrics/bleu.h"
#include "metrics/rouge.h"
#include "store/projectstore.h"
#include "eval/reportpdf.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

#include <opencv2/core.hpp>

#include <memory>
#include <optional>

namespace {

const QString kDefaultQuestion = QStringLiteral(
    "Identify the highlighted anatomical structure and explain its significance for Complete Mesocolic Excision.");
const QString kNoEncoder = QStringLiteral("not available (no encoder configured)");

struct ModelSpec {
    QString label;
    QString dir;
};

// "A,B" or "base=DIR,sft=DIR"; a bare folder is labelled with its name.
std::vector<ModelSpec> parseModels(const QString &value, QString &error)
{
    std::vector<ModelSpec> out;
    QStringList labels;
    for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        ModelSpec m;
        const int eq = part.indexOf(QLatin1Char('='));
        m.dir = (eq >= 0 ? part.mid(eq + 1) : part).trimmed();
        m.label = eq >= 0 ? part.left(eq).trimmed() : QFileInfo(QDir::cleanPath(m.dir)).fileName();
        if (m.label.isEmpty() || m.dir.isEmpty()) {
            error = QStringLiteral("'%1' is not a model (use DIR or LABEL=DIR)").arg(part);
            return {};
        }
        if (labels.contains(m.label)) {
            error = QStringLiteral("the model label '%1' is used twice (name them: LABEL=DIR)").arg(m.label);
            return {};
        }
        labels << m.label;
        out.push_back(m);
    }
    if (out.empty())
        error = QStringLiteral("--models lists no model");
    return out;
}

// The project's checkpoint stored at this folder, so an evaluation links to its training run.
std::optional<qint64> checkpointOf(const sd::ProjectStore &store, const QString &modelDir)
{
    const QString wanted = QFileInfo(modelDir).canonicalFilePath();
    if (wanted.isEmpty())
        return std::nullopt;
    for (const sd::TrainingRun &run : store.trainingRuns())
        for (const sd::Checkpoint &c : store.checkpoints(run.id)) {
            const QFileInfo info(QDir(store.folder()).filePath(c.path)); // absolute paths stay absolute
            if (info.canonicalFilePath() == wanted)
                return c.id;
        }
    return std::nullopt;
}

void writeText(const QString &path, const QString &text)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit())
        throw std::runtime_error(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()).toStdString());
}

QByteArray summaryJson(const ModelSpec &m, const std::vector<sd::EvalAnswer> &answers, const QString &judge,
                       const QString &bert)
{
    double bleu = 0, rouge = 0, bertSum = 0, judgeSum = 0;
    int bertN = 0, judged = 0;
    for (const auto &a : answers) {
        bleu += a.bleu;
        rouge += a.rougeL;
        if (a.bertF1) {
            bertSum += *a.bertF1;
            ++bertN;
        }
        if (a.judgeScore) {
            judgeSum += *a.judgeScore;
            ++judged;
        }
    }
    const double n = answers.empty() ? 1.0 : double(answers.size());
    QJsonObject o{{QStringLiteral("model_dir"), m.dir},
                  {QStringLiteral("answers"), int(answers.size())},
                  {QStringLiteral("question"), kDefaultQuestion},
                  {QStringLiteral("bleu_mean"), bleu / n},
                  {QStringLiteral("rouge_l_mean"), rouge / n},
                  {QStringLiteral("judge"), judge},
                  {QStringLiteral("judged"), judged},
                  {QStringLiteral("bertscore"), bert}};
    if (bertN > 0)
        o.insert(QStringLiteral("bert_f1_mean"), bertSum / bertN);
    if (judged > 0)
        o.insert(QStringLiteral("judge_mean"), judgeSum / judged);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void writeReports(const sd::eval::EvalReport &report, const QString &outDir, QTextStream &out)
{
    if (!QDir().mkpath(outDir))
        throw std::runtime_error(QStringLiteral("cannot create %1").arg(outDir).toStdString());
    const QDir dir(outDir);
    writeText(dir.filePath(QStringLiteral("report.md")), sd::eval::reportMarkdown(report));
    writeText(dir.filePath(QStringLiteral("report.csv")), sd::eval::reportCsv(report));
    sd::ui::writeReportPdf(report, dir.filePath(QStringLiteral("report.pdf")));
    out << "Wrote " << dir.filePath(QStringLiteral("report.md")) << ", report.csv and report.pdf\n";
}

int runEval(const QStringList &args)
{
    QTextStream out(stdout), err(stderr);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Evaluates models on the project's held-out split (see 'surgdistill split'): each model answers every\n"
        "test (frame, structure) that has a reviewed reference answer, with the default question on the frame\n"
        "with the structure overlaid in green. Computes BLEU-4, ROUGE-L, BERTScore F1 (with --bert-encoder) and\n"
        "the judge score, stores everything in the project and writes report.md, report.csv and report.pdf.\n"
        "With --report-only, rewrites the report from the stored newest evaluations (including blinded\n"
        "expert scores) without asking the models again."));
    p.addHelpOption();
    const QCommandLineOption projectOpt(QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("dir"));
    const QCommandLineOption modelsOpt(QStringLiteral("models"),
                                       QStringLiteral("Comma-separated model folders, each DIR or LABEL=DIR."),
                                       QStringLiteral("list"));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Folder for the report files."),
                                    QStringLiteral("dir"));
    const QCommandLineOption bertOpt(QStringLiteral("bert-encoder"),
                                     QStringLiteral("BERT encoder folder for BERTScore (config.json, "
                                                    "model.safetensors, vocab.txt)."),
                                     QStringLiteral("dir"));
    const QCommandLineOption bertLayerOpt(QStringLiteral("bert-layer"),
                                          QStringLiteral("Hidden layer for BERTScore (default: last)."),
                                          QStringLiteral("n"), QStringLiteral("-1"));
    const QCommandLineOption idfOpt(QStringLiteral("bert-idf"),
                                    QStringLiteral("Weight BERTScore tokens by idf over the references."));
    const QCommandLineOption judgeOpt(QStringLiteral("judge"),
                                      QStringLiteral("offline (rubric, default), none, or an LLM judge through the "
                                                     "teacher providers: openai or gemini (text only, through the "
                                                     "project's privacy firewall and audit log)."),
                                      QStringLiteral("kind"), QStringLiteral("offline"));
    const QCommandLineOption judgeUrlOpt(QStringLiteral("judge-base-url"),
                                         QStringLiteral("LLM judge endpoint, e.g. http://127.0.0.1:8000/v1 "
                                                        "(default: the provider's public endpoint)."),
                                         QStringLiteral("url"));
    const QCommandLineOption judgeModelOpt(QStringLiteral("judge-model"), QStringLiteral("LLM judge model name."),
                                           QStringLiteral("name"));
    const QCommandLineOption weightsOpt(QStringLiteral("judge-weights"),
                                        QStringLiteral("Weights of accuracy and conciseness in the judge score "
                                                       "(default 0.7,0.3)."),
                                        QStringLiteral("acc,conc"), QStringLiteral("0.7,0.3"));
    const QCommandLineOption limitOpt(QStringLiteral("limit"), QStringLiteral("Evaluate at most N items."),
                                      QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption tokensOpt(QStringLiteral("max-tokens"), QStringLiteral("Maximum answer tokens."),
                                       QStringLiteral("n"), QStringLiteral("256"));
    const QCommandLineOption deviceOpt(QStringLiteral("device"), QStringLiteral("cpu or cuda."), QStringLiteral("device"),
                                       QStringLiteral("cpu"));
    const QCommandLineOption dtypeOpt(QStringLiteral("dtype"), QStringLiteral("f32 or bf16."), QStringLiteral("dtype"),
                                      QStringLiteral("f32"));
    const QCommandLineOption reportOnlyOpt(QStringLiteral("report-only"),
                                           QStringLiteral("Only rewrite the report from stored evaluations."));
    p.addOptions({projectOpt, modelsOpt, outOpt, bertOpt, bertLayerOpt, idfOpt, judgeOpt, judgeUrlOpt, judgeModelOpt,
                  weightsOpt, limitOpt, tokensOpt, deviceOpt, dtypeOpt, reportOnlyOpt});
    p.process(QStringList{QStringLiteral("surgdistill eval")} + args);

    if (!p.isSet(projectOpt) || !p.isSet(outOpt) || (!p.isSet(modelsOpt) && !p.isSet(reportOnlyOpt))) {
        err << "surgdistill eval: --project, --models and --out are required (try --help)\n";
        return 2;
    }
    const QString judgeKind = p.value(judgeOpt);
    const QStringList judgeKinds{QStringLiteral("offline"), QStringLiteral("none"), QStringLiteral("openai"),
                                 QStringLiteral("gemini")};
    if (!judgeKinds.contains(judgeKind)) {
        err << "surgdistill eval: --judge must be one of " << judgeKinds.join(QStringLiteral(", ")) << "\n";
        return 2;
    }
    bool okLimit = false, okTokens = false, okLayer = false;
    const int limit = p.value(limitOpt).toInt(&okLimit);
    const int maxTokens = p.value(tokensOpt).toInt(&okTokens);
    const int bertLayer = p.value(bertLayerOpt).toInt(&okLayer);
    if (!okLimit || limit < 0 || !okTokens || maxTokens < 1 || !okLayer) {
        err << "surgdistill eval: --limit, --max-tokens and --bert-layer must be whole numbers\n";
        return 2;
    }
    sd::eval::JudgeWeights weights;
    {
        const QStringList w = p.value(weightsOpt).split(QLatin1Char(','));
        bool okA = false, okC = false;
        if (w.size() == 2) {
            weights.accuracy = w[0].toDouble(&okA);
            weights.conciseness = w[1].toDouble(&okC);
        }
        try {
            if (!okA || !okC)
                throw sd::eval::JudgeError("expected two numbers");
            weights.validate();
        } catch (const sd::eval::JudgeError &e) {
            err << "surgdistill eval: --judge-weights '" << p.value(weightsOpt) << "': " << e.what() << "\n";
            return 2;
        }
    }
    std::vector<ModelSpec> models;
    if (p.isSet(modelsOpt)) {
        QString problem;
        models = parseModels(p.value(modelsOpt), problem);
        if (models.empty()) {
            err << "surgdistill eval: " << problem << "\n";
            return 2;
        }
    }

    try {
        // --report-only reads the stored evaluations and writes only under --out.
        auto store = sd::app::openStore(p.value(projectOpt), p.isSet(reportOnlyOpt) ? sd::OpenMode::ReadOnly
                                                                                        : sd::OpenMode::ReadWrite);
        if (p.isSet(reportOnlyOpt)) {
            std::vector<sd::Evaluation> chosen;
            for (const auto &e : sd::eval::latestEvaluations(*store))
                if (models.empty() || std::any_of(models.begin(), models.end(),
                                                  [&](const ModelSpec &m) { return m.label == e.modelLabel; }))
                    chosen.push_back(e);
            if (chosen.empty())
                throw std::runtime_error("the project has no stored evaluation to report");
            auto input = sd::eval::reportInputFromStore(*store, chosen);
            const auto meta = QJsonDocument::fromJson(chosen.front().metricsJson).object();
            input.bertNote = meta.value(QStringLiteral("bertscore")).toString();
            input.judgeName = meta.value(QStringLiteral("judge")).toString();
            writeReports(sd::eval::buildReport(input), p.value(outOpt), out);
            return 0;
        }

        auto held = sd::eval::heldOutItems(*store);
        if (held.items.empty())
            throw std::runtime_error(
                QStringLiteral("no held-out item to evaluate: the test split has no (frame, structure) with a mask "
                               "and a reviewed reference answer (%1 without one). Run 'surgdistill split' and review "
                               "teacher answers first.")
                    .arg(held.withoutReference).toStdString());
        if (limit > 0 && int(held.items.size()) > limit)
            held.items.resize(size_t(limit));
        out << held.items.size() << " held-out items";
        if (held.withoutReference > 0)
            out << " (" << held.withoutReference << " test masks skipped: no reviewed reference)";
        out << "\n";

        // Load the encoder before the first answer: a broken encoder must not cost a model run.
        std::unique_ptr<sd::vlm::BertScorer> bert;
        QString bertNote = kNoEncoder;
        if (p.isSet(bertOpt)) {
            sd::vlm::BertScoreOptions bo;
            bo.layer = bertLayer;
            bo.device = p.value(deviceOpt).toStdString();
            bert = sd::vlm::BertScorer::load(p.value(bertOpt).toStdString(), bo);
            if (p.isSet(idfOpt)) {
                std::vector<std::string> refs;
                for (const auto &item : held.items)
                    refs.push_back(item.reference.toStdString());
                bert->setIdfCorpus(refs);
            }
            bertNote = QString::fromStdString(bert->description())
                + (p.isSet(idfOpt) ? QStringLiteral(", idf weighting") : QString());
            out << "BERTScore: " << bertNote << "\n";
        } else {
            out << "BERTScore: " << kNoEncoder << "\n";
        }
        std::unique_ptr<sd::eval::Judge> judge;
        std::unique_ptr<sd::TeacherProvider> judgeProvider;
        std::unique_ptr<sd::PrivacyFirewall> judgeFirewall;
        std::unique_ptr<sd::eval::TeacherJudgeBackend> judgeBackend;
        if (judgeKind == QLatin1String("offline")) {
            judge = std::make_unique<sd::eval::RubricJudge>(weights);
        } else if (judgeKind != QLatin1String("none")) {
            sd::ProviderConfig cfg;
            cfg.id = judgeKind;
            cfg.baseUrl = p.value(judgeUrlOpt);
            cfg.model = p.value(judgeModelOpt);
            cfg.apiKey = sd::apiKeyFor(cfg.id);
            judgeProvider = sd::makeProvider(cfg);
            judgeFirewall = std::make_unique<sd::PrivacyFirewall>(*store);
            judgeBackend = std::make_unique<sd::eval::TeacherJudgeBackend>(*judgeFirewall, *judgeProvider);
            judge = std::make_unique<sd::eval::LlmJudge>(
                *judgeBackend, QStringLiteral("%1 (%2)").arg(judgeProvider->id(), judgeProvider->model()), weights);
        }
        const QString judgeName = judge ? QStringLiteral("%1, weights accuracy %2 / conciseness %3")
                                              .arg(judge->name()).arg(weights.accuracy).arg(weights.conciseness)
                                        : QString();

        // The overlay composite the model is asked about (the training composite, at the project's opacity).
        const sd::TrainingOverlay overlay(*store);
        const auto overlayImage = [&](const sd::eval::EvalItem &item) {
            const cv::Mat composite = sd::eval::itemImage(*store, overlay, item);
            return sd::vlm::rgbImageFromBgr(composite.data, composite.cols, composite.rows, composite.step);
        };

        sd::vlm::SessionOptions so;
        so.device = p.value(deviceOpt).toStdString();
        so.dtype = p.value(dtypeOpt).toStdString();
        sd::vlm::AskOptions ask;
        ask.maxNewTokens = maxTokens;
        std::vector<sd::Evaluation> evaluations;
        for (const ModelSpec &m : models) {
            out << "Model " << m.label << " (" << m.dir << ")\n";
            out.flush();
            auto session = sd::vlm::VlmSession::load(m.dir.toStdString(), so);
            std::vector<sd::EvalAnswer> answers;
            for (size_t i = 0; i < held.items.size(); ++i) {
                const auto &item = held.items[i];
                sd::EvalAnswer a;
                a.frameId = item.frame.id;
                a.structureId = item.structure.id;
                a.question = kDefaultQuestion;
                a.reference = item.reference;
                const sd::vlm::RgbImage image = overlayImage(item);
                a.answer = QString::fromStdString(session->ask(&image, kDefaultQuestion.toStdString(), ask).text)
                               .trimmed();
                a.bleu = sd::metrics::sentenceBleu(a.answer, {a.reference}).score;
                a.rougeL = sd::metrics::rougeL(a.answer, a.reference).fmeasure;
                if (bert)
                    a.bertF1 = bert->score(a.answer.toStdString(), a.reference.toStdString()).f1;
                if (judge) {
                    sd::eval::JudgeInput in{a.question, a.reference, a.answer, item.structure.key, item.structure.name,
                                            sd::sideToString(item.frame.side), item.frame.phase};
                    const auto outcome = judge->judge(in);
                    if (outcome.verdict) {
                        a.judgeScore = outcome.verdict->score;
                        a.judgeExplanation = outcome.verdict->explanation;
                    } else {
                        a.judgeError = outcome.error;
                    }
                } else {
                    a.judgeError = QStringLiteral("no judge configured");
                }
                answers.push_back(a);
                out << "  [" << (i + 1) << "/" << held.items.size() << "] frame " << item.frame.id << ", "
                    << item.structure.key << ": BLEU " << QString::number(a.bleu, 'f', 2) << ", ROUGE-L "
                    << QString::number(a.rougeL, 'f', 3) << "\n";
                out.flush();
            }
            sd::Evaluation e;
            e.modelLabel = m.label;
            e.checkpointId = checkpointOf(*store, m.dir);
            e.metricsJson = summaryJson(m, answers, judgeName, bertNote);
            store->transaction([&] {
                store->addEvaluation(e);
                for (auto &a : answers) {
                    a.evaluationId = e.id;
                    store->addEvalAnswer(a);
                }
            });
            evaluations.push_back(e);
        }

        auto input = sd::eval::reportInputFromStore(*store, evaluations);
        input.bertNote = bertNote;
        input.judgeName = judgeName;
        writeReports(sd::eval::buildReport(input), p.value(outOpt), out);
        return 0;
    } catch (const std::exception &e) {
        err << "surgdistill eval: " << e.what() << "\n";
        return 1;
    }
}

} // namespace

// needsGui: the PDF report is painted with QtGui (offscreen without a display).
SD_REGISTER_COMMAND(evalCommand, QStringLiteral("eval"),
                    QStringLiteral("evaluate models on the held-out split and write the Table-1 report"), runEval,
                    true);
