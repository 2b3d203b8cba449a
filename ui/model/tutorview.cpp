#include "tutorview.h"

#include "customplot.h"
#include "widgets/displaynames.h"
#include "trainingoverlay.h"
#include "widgets/imageconvert.h"
#include "widgets/segmodel.h"
#include "modelpicker.h"
#include "store/projectstore.h"
#include "teacher/answerreview.h"
#include "widgets/regionimagewidget.h"
#include "tutor/tutorprogress.h"
#include "vlmworker.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
// The paper's question: the model is asked exactly what it was trained on.
const char *const kModelQuestion =
    "Identify the highlighted anatomical structure and explain its significance for Complete Mesocolic Excision.";

QString mark(bool ok)
{
    return ok ? QStringLiteral("<span style='color:#57e389'>✔</span>")
              : QStringLiteral("<span style='color:#f66151'>✘</span>");
}
} // namespace

TutorView::TutorView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("tutorView"));
    setWindowTitle(tr("Resident tutor"));
    m_tabs = new QTabWidget(this);

    // Practice tab.
    auto *practice = new QSplitter(Qt::Horizontal, m_tabs);
    m_image = new RegionImageWidget(practice);
    m_image->setPlaceholderText(tr("Press “Next structure” to start"));
    auto *panel = new QWidget(practice);
    auto *top = new QHBoxLayout;
    m_resident = new QComboBox(panel);
    m_resident->setObjectName(QStringLiteral("residentCombo"));
    m_resident->setEditable(true);
    m_resident->setMinimumContentsLength(14);
    auto *next = new QPushButton(tr("Next structure"), panel);
    next->setObjectName(QStringLiteral("nextCaseButton"));
    top->addWidget(new QLabel(tr("Resident"), panel));
    top->addWidget(m_resident, 1);
    top->addWidget(next);
    m_prompt = new QLabel(panel);
    m_prompt->setWordWrap(true);
    m_prompt->setText(tr("Name the highlighted structure, state the side (left- or right-sided CME) and explain "
                         "its significance for Complete Mesocolic Excision."));
    m_answer = new QPlainTextEdit(panel);
    m_answer->setObjectName(QStringLiteral("residentAnswer"));
    m_answer->setPlaceholderText(tr("Your answer"));
    m_answer->setMaximumHeight(110);
    m_submit = new QPushButton(tr("Check my answer"), panel);
    m_submit->setObjectName(QStringLiteral("submitAnswerButton"));
    m_result = new QTextBrowser(panel);
    m_result->setObjectName(QStringLiteral("gradeView"));
    m_model = new ModelPicker(panel);
    m_chat = new QTextBrowser(panel);
    m_chat->setObjectName(QStringLiteral("tutorChat"));
    m_chat->setPlaceholderText(tr("The local model's explanation appears here after you check your answer."));
    auto *followRow = new QHBoxLayout;
    m_followUp = new QLineEdit(panel);
    m_followUp->setObjectName(QStringLiteral("followUpEdit"));
    m_followUp->setPlaceholderText(tr("Ask the model a follow-up question"));
    m_askButton = new QPushButton(tr("Ask"), panel);
    m_stopButton = new QPushButton(tr("Stop"), panel);
    followRow->addWidget(m_followUp, 1);
    followRow->addWidget(m_askButton);
    followRow->addWidget(m_stopButton);
    auto *note = new QLabel(tr("Expert and model texts need review by a surgeon before clinical use."), panel);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #f2c14e;"));
    m_status = new QLabel(panel);
    m_status->setObjectName(QStringLiteral("tutorStatus"));
    m_status->setWordWrap(true);
    auto *modelRow = new QFormLayout;
    modelRow->addRow(tr("Model"), m_model);

    auto *pl = new QVBoxLayout(panel);
    pl->addLayout(top);
    pl->addWidget(m_prompt);
    pl->addWidget(m_answer);
    pl->addWidget(m_submit, 0, Qt::AlignRight);
    pl->addWidget(m_result, 2);
    pl->addLayout(modelRow);
    pl->addWidget(m_chat, 2);
    pl->addLayout(followRow);
    pl->addWidget(note);
    pl->addWidget(m_status);
    practice->addWidget(m_image);
    practice->addWidget(panel);
    practice->setStretchFactor(0, 3);
    practice->setStretchFactor(1, 2);
    m_tabs->addTab(practice, tr("Practice"));

    // Progress tab.
    auto *progress = new QWidget(m_tabs);
    m_progressTable = new QTableWidget(progress);
    m_progressTable->setObjectName(QStringLiteral("progressTable"));
    m_progressTable->setColumnCount(6);
    m_progressTable->setHorizontalHeaderLabels({tr("Structure"), tr("Attempts"), tr("Accuracy"),
                                                tr("Last %1").arg(tutor::kRecentAttempts), tr("Key points"),
                                                tr("Revisit")});
    m_progressTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_progressTable->verticalHeader()->hide();
    m_progressTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_progressPlot = new QCustomPlot(progress);
    m_progressPlot->setMinimumHeight(240);
    const QColor text = palette().color(QPalette::WindowText);
    m_progressPlot->setBackground(palette().color(QPalette::Base));
    for (QCPAxis *axis : {m_progressPlot->xAxis, m_progressPlot->yAxis}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
    }
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("dd.MM.\nHH:mm"));
    m_progressPlot->xAxis->setTicker(ticker);
    m_progressPlot->yAxis->setLabel(tr("accuracy (structure and side right)"));
    m_progressPlot->yAxis->setRange(0, 1.05);
    m_progressPlot->legend->setVisible(true);
    m_progressPlot->legend->setBrush(palette().color(QPalette::Window));
    m_progressPlot->legend->setTextColor(text);
    auto *pr = new QVBoxLayout(progress);
    pr->addWidget(m_progressTable, 1);
    pr->addWidget(m_progressPlot, 1);
    m_tabs->addTab(progress, tr("Progress"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);

    m_worker = new VlmWorker(this);
    connect(m_worker, &VlmWorker::loading, this, [this] { setStatus(tr("Loading the model…")); });
    connect(m_worker, &VlmWorker::textReady, this, [this](const QString &piece) {
        m_streaming += piece;
        renderConversation();
    });
    connect(m_worker, &VlmWorker::finished, this, [this](const QString &answer, bool cancelled, const QString &) {
        m_turns.push_back({"assistant", answer.toStdString()});
        m_streaming.clear();
        renderConversation();
        setStatus(cancelled ? tr("Stopped.") : QString());
        updateButtons();
        Q_EMIT modelTurnFinished(cancelled);
    });
    connect(m_worker, &VlmWorker::failed, this, [this](const QString &message) {
        m_turns.pop_back(); // the unanswered question
        m_streaming.clear();
        renderConversation();
        setStatus(tr("The model failed: %1").arg(message));
        updateButtons();
        Q_EMIT modelFailed(message);
    });
    connect(next, &QPushButton::clicked, this, [this] { nextCase(); });
    connect(m_submit, &QPushButton::clicked, this, [this] { submit(); });
    connect(m_askButton, &QPushButton::clicked, this, [this] {
        if (askFollowUp(m_followUp->text()))
            m_followUp->clear();
    });
    connect(m_followUp, &QLineEdit::returnPressed, m_askButton, &QPushButton::click);
    connect(m_stopButton, &QPushButton::clicked, this, &TutorView::stop);
    connect(m_resident, &QComboBox::currentTextChanged, this, [this] { refreshProgress(); });
    setResident(QSettings().value(QStringLiteral("tutor/resident")).toString());
    updateButtons();
}

TutorView::~TutorView() = default;

void TutorView::setProject(ProjectStore *store)
{
    m_store = store;
    m_frameId = 0;
    m_structure = {};
    m_composite = cv::Mat();
    m_grade.reset();
    m_turns.clear();
    m_image->setImage(QImage());
    m_result->clear();
    m_chat->clear();
    m_model->setProject(store);
    refreshResidents();
    refreshProgress();
    updateButtons();
}

void TutorView::setResident(const QString &name)
{
    m_resident->setCurrentText(name);
}

QString TutorView::resident() const
{
    return m_resident->currentText().trimmed();
}

void TutorView::setModelDir(const QString &dir)
{
    m_model->setModelDir(dir);
}

bool TutorView::setCase(qint64 frameId, qint64 structureId)
{
    if (!m_store)
        return false;
    const std::optional<Frame> frame = m_store->frame(frameId);
    const std::optional<Structure> structure = m_store->structure(structureId);
    if (!frame || !structure)
        return false;
    QString proposedBy; // a frame without this structure's mask: the segmentation model's proposal
    try {
        if (m_store->mask(frameId, structureId)) {
            m_composite = TrainingOverlay(m_store).ofStructure(frameId, structureId).compositeBgr;
        } else {
            QString why;
            const ProposedMask proposal = proposeStructureMask(*m_store, frameId, structureId, &why);
            if (proposal.mask.empty()) {
                setStatus(tr("Frame %1 has no mask for this structure and the segmentation model proposes none: %2")
                              .arg(frameId)
                              .arg(why));
                return false;
            }
            m_composite = TrainingOverlay(m_store).ofRegion(frameId, proposal.mask).compositeBgr;
            proposedBy = proposal.modelId;
        }
    } catch (const std::exception &e) {
        setStatus(QString::fromUtf8(e.what()));
        return false;
    }
    m_frameId = frameId;
    m_structure = *structure;
    m_side = frame->side;
    const std::vector<QString> experts = approvedAnswerTexts(*m_store, frameId, structureId);
    m_expert = experts.empty() ? QString() : experts.front();
    m_grade.reset();
    m_turns.clear();
    m_streaming.clear();
    m_image->setImage(matToQImage(m_composite));
    m_answer->clear();
    m_result->setHtml(m_expert.isEmpty()
                          ? tr("<p><i>No approved expert answer for this frame and structure yet: only the name "
                               "and the side of your answer can be graded.</i></p>")
                          : QString());
    m_chat->clear();
    setStatus(proposedBy.isEmpty()
                  ? tr("Frame %1").arg(frameId)
                  : tr("Frame %1: the highlighted region was proposed by the segmentation model %2 and has not been "
                       "checked by a person.")
                        .arg(frameId)
                        .arg(proposedBy));
    updateButtons();
    return true;
}

bool TutorView::nextCase()
{
    if (!m_store)
        return false;
    std::vector<std::pair<qint64, qint64>> all, revisit;
    QSet<qint64> revisitIds;
    for (const tutor::StructureProgress &p : tutor::summarizeProgress(m_store->tutorAttempts(resident())))
        if (p.revisit)
            revisitIds.insert(p.structureId);
    for (const Frame &f : m_store->frames())
        for (const Mask &m : m_store->masksForFrame(f.id)) {
            if (f.id == m_frameId && m.structureId == m_structure.id)
                continue; // not the same case twice in a row
            all.emplace_back(f.id, m.structureId);
            if (revisitIds.contains(m.structureId))
                revisit.emplace_back(f.id, m.structureId);
        }
    if (all.empty()) {
        setStatus(tr("This project has no masks to practise on."));
        return false;
    }
    auto *rng = QRandomGenerator::global();
    // Mostly structures to revisit, sometimes anything (so strengths stay fresh).
    const auto &pool = !revisit.empty() && rng->bounded(10) < 7 ? revisit : all;
    const auto &[frameId, structureId] = pool[rng->bounded(int(pool.size()))];
    return setCase(frameId, structureId);
}

void TutorView::setAnswer(const QString &text)
{
    m_answer->setPlainText(text);
}

bool TutorView::submit()
{
    if (!m_store || !m_frameId) {
        setStatus(tr("Press “Next structure” first."));
        return false;
    }
    if (resident().isEmpty()) {
        setStatus(tr("Enter the resident's name first (progress is kept per resident)."));
        return false;
    }
    const QString answer = m_answer->toPlainText().trimmed();
    if (answer.isEmpty()) {
        setStatus(tr("Type your answer first."));
        return false;
    }
    const tutor::TutorGrade g = tutor::gradeAnswer(answer, m_structure, m_side, m_expert, m_store->structures());
    TutorAttempt attempt;
    attempt.resident = resident();
    attempt.frameId = m_frameId;
    attempt.structureId = m_structure.id;
    attempt.answer = answer;
    attempt.structureCorrect = g.structureCorrect;
    attempt.sideCorrect = g.sideCorrect;
    attempt.pointsFound = g.keyPointsFound();
    attempt.pointsTotal = int(g.keyPoints.size());
    attempt.expertAnswer = m_expert;
    try {
        m_store->addTutorAttempt(attempt);
    } catch (const std::exception &e) {
        setStatus(tr("Cannot save the attempt: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    QSettings().setValue(QStringLiteral("tutor/resident"), resident());
    m_grade = g;

    const QString name = structureDisplayName(m_structure);
    QString html;
    if (g.structureCorrect)
        html += QStringLiteral("<p>%1 %2</p>").arg(mark(true), tr("Structure: %1").arg(name.toHtmlEscaped()));
    else if (!g.otherStructuresNamed.isEmpty())
        html += QStringLiteral("<p>%1 %2</p>").arg(mark(false), tr("You named %1; the highlighted structure is %2.")
                                                                    .arg(g.otherStructuresNamed.join(QStringLiteral(", ")).toHtmlEscaped(),
                                                                         name.toHtmlEscaped()));
    else
        html += QStringLiteral("<p>%1 %2</p>").arg(mark(false), tr("The structure is not named; it is %1.").arg(name.toHtmlEscaped()));
    if (g.expectedSide == Side::Unknown)
        html += QStringLiteral("<p>%1</p>").arg(tr("The side of this frame is not recorded, so the side is not graded."));
    else if (g.bothSidesStated)
        html += QStringLiteral("<p>%1 %2</p>").arg(mark(false), tr("You mention both sides; this is a %1 CME.")
                                                                    .arg(sideDisplayName(g.expectedSide).toLower()));
    else if (g.statedSide == Side::Unknown)
        html += QStringLiteral("<p>%1 %2</p>").arg(mark(false), tr("Side not stated: always say left- or right-sided "
                                                                   "(this is a %1 CME).")
                                                                    .arg(sideDisplayName(g.expectedSide).toLower()));
    else
        html += QStringLiteral("<p>%1 %2</p>").arg(mark(g.sideCorrect), g.sideCorrect
                                                        ? tr("Side: %1").arg(sideDisplayName(g.expectedSide))
                                                        : tr("Wrong side: this is a %1 CME.").arg(sideDisplayName(g.expectedSide).toLower()));
    if (g.hasExpertAnswer) {
        html += QStringLiteral("<p>%1</p><ul>").arg(tr("Key points found: %1 of %2").arg(g.keyPointsFound()).arg(g.keyPoints.size()));
        for (const tutor::KeyPoint &p : g.keyPoints)
            html += QStringLiteral("<li>%1 %2</li>").arg(mark(p.found), p.text.toHtmlEscaped());
        html += QStringLiteral("</ul><p><b>%1</b><br>%2</p>").arg(tr("Expert answer:"), m_expert.toHtmlEscaped());
    } else {
        html += QStringLiteral("<p><i>%1</i></p>").arg(tr("No approved expert answer for this frame and structure "
                                                          "yet: the significance points could not be graded."));
    }
    m_result->setHtml(html);
    refreshResidents();
    refreshProgress();

    m_turns = {{"user", kModelQuestion}};
    if (m_model->modelDir().isEmpty()) {
        m_turns.clear();
        setStatus(tr("Choose a model folder to see the local model's explanation."));
    } else {
        startModelTurn();
    }
    updateButtons();
    return true;
}

QString TutorView::resultText() const
{
    return m_result->toPlainText();
}

bool TutorView::askFollowUp(const QString &question)
{
    if (question.trimmed().isEmpty() || isGenerating() || m_turns.empty())
        return false;
    m_turns.push_back({"user", question.trimmed().toStdString()});
    if (!startModelTurn()) {
        m_turns.pop_back();
        return false;
    }
    return true;
}

bool TutorView::startModelTurn()
{
    if (m_composite.empty() || m_model->modelDir().isEmpty())
        return false;
    auto image = std::make_shared<vlm::RgbImage>(
        vlm::rgbImageFromBgr(m_composite.data, m_composite.cols, m_composite.rows, m_composite.step));
    vlm::AskOptions options;
    options.maxNewTokens = 256;
    m_streaming.clear();
    if (!m_worker->start(m_model->modelDir(), image, m_turns, options))
        return false;
    ModelPicker::remember(m_model->modelDir());
    renderConversation();
    setStatus(tr("The model is answering…"));
    updateButtons();
    return true;
}

void TutorView::renderConversation()
{
    QString html;
    for (size_t i = 0; i < m_turns.size(); ++i) {
        const QString text = QString::fromStdString(m_turns[i].text).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        const bool user = m_turns[i].role == "user";
        if (i == 0 && user)
            continue; // the standard question; the explanation speaks for itself
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(user ? tr("You:") : tr("Model:"), text);
    }
    if (isGenerating())
        html += QStringLiteral("<p><b>%1</b> %2▍</p>").arg(tr("Model:"), m_streaming.toHtmlEscaped());
    m_chat->setHtml(html);
}

void TutorView::stop()
{
    m_worker->stop();
}

bool TutorView::isGenerating() const
{
    return m_worker->isBusy();
}

QString TutorView::statusText() const
{
    return m_status->text();
}

void TutorView::showProgressTab()
{
    m_tabs->setCurrentIndex(1);
}

void TutorView::refreshResidents()
{
    const QString current = resident();
    const QSignalBlocker block(m_resident);
    m_resident->clear();
    if (m_store)
        m_resident->addItems(m_store->tutorResidents());
    m_resident->setCurrentText(current);
}

void TutorView::refreshProgress()
{
    m_progressTable->setRowCount(0);
    m_progressPlot->clearGraphs();
    if (!m_store) {
        m_progressPlot->replot();
        return;
    }
    const auto progress = tutor::summarizeProgress(m_store->tutorAttempts(resident()));
    m_progressTable->setRowCount(int(progress.size()));
    double tMin = 0, tMax = 0;
    for (int row = 0; row < int(progress.size()); ++row) {
        const tutor::StructureProgress &p = progress[size_t(row)];
        const std::optional<Structure> s = m_store->structure(p.structureId);
        const QString name = s ? structureDisplayName(*s) : tr("Structure %1").arg(p.structureId);
        const QStringList cells = {name, QString::number(p.attempts),
                                   QStringLiteral("%1 %").arg(qRound(p.accuracy * 100)),
                                   QStringLiteral("%1 %").arg(qRound(p.recentAccuracy * 100)),
                                   QStringLiteral("%1 %").arg(qRound(p.keyPointShare * 100)),
                                   p.revisit ? tr("revisit") : QString()};
        for (int c = 0; c < cells.size(); ++c)
            m_progressTable->setItem(row, c, new QTableWidgetItem(cells[c]));
        QCPGraph *graph = m_progressPlot->addGraph();
        graph->setName(name);
        graph->setPen(QPen(QColor(s ? s->color : QStringLiteral("#3d7ec7")), 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        for (const auto &[time, accuracy] : p.history) {
            const double t = QCPAxisTickerDateTime::dateTimeToKey(time);
            graph->addData(t, accuracy);
            tMin = (tMin == 0 || t < tMin) ? t : tMin;
            tMax = std::max(tMax, t);
        }
    }
    if (tMax > 0)
        m_progressPlot->xAxis->setRange(tMin - 60, tMax + 60);
    m_progressPlot->replot();
}

void TutorView::setStatus(const QString &text)
{
    m_status->setText(text);
}

void TutorView::updateButtons()
{
    const bool busy = isGenerating();
    m_submit->setEnabled(m_frameId != 0 && !busy);
    m_askButton->setEnabled(!busy && !m_turns.empty());
    m_stopButton->setEnabled(busy);
}

} // namespace sd::ui
