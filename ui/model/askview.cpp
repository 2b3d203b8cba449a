#include "askview.h"

#include "assist/segproject.h"
#include "currentuser.h"
#include "widgets/displaynames.h"
#include "trainingoverlay.h"
#include "widgets/imageconvert.h"
#include "modelpicker.h"
#include "store/projectstore.h"
#include "widgets/regionimagewidget.h"
#include "widgets/segmodel.h"
#include "vlmworker.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <opencv2/imgproc.hpp>

namespace sd::ui {

namespace {
constexpr qint64 kRegionItem = -1; // structure combo entry for the drawn region
constexpr int kProposedRole = Qt::UserRole + 1; // structure entry without a mask: the model proposes one
} // namespace

AskView::AskView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("askView"));
    setWindowTitle(tr("Ask the model"));
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_image = new RegionImageWidget(splitter);
    m_image->setObjectName(QStringLiteral("askImage"));
    m_image->setPlaceholderText(tr("Choose a frame"));

    auto *panel = new QWidget(splitter);
    auto *form = new QFormLayout;
    m_frames = new QComboBox(panel);
    m_frames->setObjectName(QStringLiteral("askFrameCombo"));
    form->addRow(tr("Frame"), m_frames);
    auto *structureRow = new QHBoxLayout;
    m_structures = new QComboBox(panel);
    m_structures->setObjectName(QStringLiteral("askStructureCombo"));
    m_drawButton = new QPushButton(tr("Draw region"), panel);
    m_keepButton = new QPushButton(tr("Keep as model draft"), panel);
    m_keepButton->setObjectName(QStringLiteral("keepProposalButton"));
    m_keepButton->setVisible(false);
    m_drawButton->setCheckable(true);
    m_drawButton->setToolTip(tr("Drag a rectangle on the frame to ask about that region instead of a structure"));
    structureRow->addWidget(m_structures, 1);
    structureRow->addWidget(m_drawButton);
    structureRow->addWidget(m_keepButton);
    form->addRow(tr("Highlight"), structureRow);
    m_question = new QComboBox(panel);
    m_question->setObjectName(QStringLiteral("askQuestionCombo"));
    m_question->setEditable(true);
    m_question->setInsertPolicy(QComboBox::NoInsert);
    m_question->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_question->setMinimumContentsLength(30);
    form->addRow(tr("Question"), m_question);
    m_model = new ModelPicker(panel);
    form->addRow(tr("Model"), m_model);
    m_maxTokens = new QSpinBox(panel);
    m_maxTokens->setRange(1, 4096);
    m_maxTokens->setValue(256);
    form->addRow(tr("Max. new tokens"), m_maxTokens);

    auto *buttons = new QHBoxLayout;
    m_askButton = new QPushButton(tr("Ask"), panel);
    m_askButton->setObjectName(QStringLiteral("askButton"));
    m_askButton->setDefault(true);
    m_stopButton = new QPushButton(tr("Stop"), panel);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_saveButton = new QPushButton(tr("Save to project"), panel);
    m_saveButton->setObjectName(QStringLiteral("saveAnswerButton"));
    buttons->addWidget(m_askButton);
    buttons->addWidget(m_stopButton);
    buttons->addStretch(1);
    buttons->addWidget(m_saveButton);

    m_answerView = new QPlainTextEdit(panel);
    m_answerView->setObjectName(QStringLiteral("answerView"));
    m_answerView->setReadOnly(true);
    m_answerView->setPlaceholderText(tr("The answer appears here as it is generated."));
    m_status = new QLabel(panel);
    m_status->setObjectName(QStringLiteral("askStatus"));
    m_status->setWordWrap(true);
    auto *note = new QLabel(tr("Model answers need review by a surgeon before clinical use."), panel);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #f2c14e;"));

    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->addLayout(form);
    panelLayout->addLayout(buttons);
    panelLayout->addWidget(m_answerView, 1);
    panelLayout->addWidget(note);
    panelLayout->addWidget(m_status);
    splitter->addWidget(m_image);
    splitter->addWidget(panel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    m_worker = new VlmWorker(this);
    connect(m_worker, &VlmWorker::loading, this,
            [this](const QString &dir) { setStatus(tr("Loading the model from %1…").arg(dir)); });
    connect(m_worker, &VlmWorker::textReady, this, [this](const QString &piece) {
        m_answer += piece;
        m_answerView->moveCursor(QTextCursor::End);
        m_answerView->insertPlainText(piece);
        setStatus(tr("Generating…"));
        Q_EMIT answerChunk(piece);
    });
    connect(m_worker, &VlmWorker::finished, this, [this](const QString &text, bool cancelled, const QString &desc) {
        m_answer = text;
        m_answerComplete = true;
        m_answerStopped = cancelled;
        m_modelDescription = desc;
        m_answerView->setPlainText(text);
        setStatus(cancelled ? tr("Stopped (%1)").arg(desc) : tr("Done (%1)").arg(desc));
        updateButtons();
        Q_EMIT generationFinished(cancelled);
    });
    connect(m_worker, &VlmWorker::failed, this, [this](const QString &message) {
        setStatus(tr("The model failed: %1").arg(message));
        updateButtons();
        Q_EMIT generationFailed(message);
    });
    connect(m_frames, &QComboBox::currentIndexChanged, this, [this] {
        m_frameId = m_frames->currentData().toLongLong();
        m_image->clearRegion();
        fillStructures();
        updateOverlay();
    });
    connect(m_structures, &QComboBox::currentIndexChanged, this, [this] { updateOverlay(); });
    connect(m_drawButton, &QPushButton::toggled, m_image, &RegionImageWidget::setDrawingEnabled);
    connect(m_keepButton, &QPushButton::clicked, this, [this] { keepProposal(); });
    connect(m_image, &RegionImageWidget::regionDrawn, this, [this](const QRect &r) {
        setRegion(r);
        m_drawButton->setChecked(false);
    });
    connect(m_askButton, &QPushButton::clicked, this, [this] { ask(); });
    connect(m_stopButton, &QPushButton::clicked, this, &AskView::stop);
    connect(m_saveButton, &QPushButton::clicked, this, [this] { saveAnswer(); });
    updateButtons();
}

AskView::~AskView() = default;

void AskView::setProject(ProjectStore *store)
{
    m_store = store;
    m_model->setProject(store);
    fillQuestions();
    fillFrames();
}

void AskView::fillFrames()
{
    const QSignalBlocker block(m_frames);
    m_frames->clear();
    m_frameId = 0;
    if (m_store)
        for (const Frame &f : m_store->frames())
            m_frames->addItem(tr("Frame %1").arg(f.id), f.id);
    m_frameId = m_frames->count() ? m_frames->itemData(0).toLongLong() : 0;
    fillStructures();
    updateOverlay();
}

void AskView::fillStructures()
{
    const QSignalBlocker block(m_structures);
    m_structures->clear();
    if (!m_store || !m_frameId)
        return;
    std::vector<Structure> unmasked;
    for (const Structure &s : m_store->structures()) {
        if (m_store->mask(m_frameId, s.id))
            m_structures->addItem(structureDisplayName(s), s.id);
        else
            unmasked.push_back(s);
    }
    if (!currentSegModelFolder(*m_store).isEmpty())
        for (const Structure &s : unmasked) {
            m_structures->addItem(tr("%1 (no mask: model proposal)").arg(structureDisplayName(s)), s.id);
            m_structures->setItemData(m_structures->count() - 1, true, kProposedRole);
        }
    m_structures->addItem(tr("Drawn region"), kRegionItem);
}

void AskView::fillQuestions()
{
    const QString current = question();
    m_question->clear();
    if (m_store)
        for (const PromptTemplate &t : m_store->promptTemplates())
            m_question->addItem(t.text);
    if (m_question->count() == 0)
        m_question->addItem(QStringLiteral("Identify the highlighted anatomical structure and explain its "
                                           "significance for Complete Mesocolic Excision."));
    if (!current.isEmpty())
        m_question->setCurrentText(current);
    m_question->lineEdit()->setCursorPosition(0); // show the start of a long question
}

bool AskView::setFrame(qint64 frameId)
{
    const int i = m_frames->findData(frameId);
    if (i < 0)
        return false;
    m_frames->setCurrentIndex(i);
    return true;
}

bool AskView::setStructure(qint64 structureId)
{
    const int i = m_structures->findData(structureId);
    if (i < 0 || structureId == kRegionItem)
        return false;
    m_structures->setCurrentIndex(i);
    return true;
}

qint64 AskView::structureId() const
{
    const qint64 id = m_structures->currentData().toLongLong();
    return id == kRegionItem ? 0 : id;
}

void AskView::setRegion(const QRect &imageRect)
{
    if (!m_frameId)
        return;
    // Draw on the frame's own size (the widget may not have been painted yet).
    const std::optional<Frame> frame = m_store->frame(m_frameId);
    if (!frame)
        return;
    const QRect r = imageRect.intersected(QRect(0, 0, frame->width, frame->height));
    if (r.isEmpty())
        return;
    m_region = r;
    const QSignalBlocker block(m_structures);
    m_structures->setCurrentIndex(m_structures->findData(kRegionItem));
    updateOverlay();
}

void AskView::setQuestion(const QString &question)
{
    m_question->setCurrentText(question);
    m_question->lineEdit()->setCursorPosition(0);
}

QString AskView::question() const
{
    return m_question->currentText().trimmed();
}

void AskView::setModelDir(const QString &dir)
{
    m_model->setModelDir(dir);
}

void AskView::setMaxNewTokens(int tokens)
{
    m_maxTokens->setValue(tokens);
}

void AskView::updateOverlay()
{
    m_mask = cv::Mat();
    m_composite = cv::Mat();
    m_proposalModel.clear();
    if (!m_store || !m_frameId) {
        m_image->setImage(QImage());
        updateButtons();
        return;
    }
    try {
        FrameComposite c;
        if (m_structures->currentData().toLongLong() == kRegionItem) {
            const std::optional<Frame> frame = m_store->frame(m_frameId);
            cv::Mat mask(frame ? frame->height : 0, frame ? frame->width : 0, CV_8UC1, cv::Scalar(0));
            if (!m_region.isEmpty())
                cv::rectangle(mask, cv::Rect(m_region.x(), m_region.y(), m_region.width(), m_region.height()),
                              cv::Scalar(255), cv::FILLED);
            c = TrainingOverlay(m_store).ofRegion(m_frameId, mask);
            setStatus(m_region.isEmpty() ? tr("Draw a region on the frame (Draw region)") : QString());
        } else if (m_structures->currentData(kProposedRole).toBool()) {
            // Shown only as the model's proposal: nothing is written unless the person keeps it.
            QString why;
            const ProposedMask proposal = proposeStructureMask(*m_store, m_frameId, structureId(), &why);
            if (proposal.mask.empty()) {
                m_image->setImage(QImage());
                setStatus(tr("The segmentation model proposes no mask here: %1").arg(why));
                updateButtons();
                return;
            }
            c = TrainingOverlay(m_store).ofRegion(m_frameId, proposal.mask);
            m_proposalModel = proposal.modelId;
            setStatus(tr("Model-proposed mask (segmentation model %1), not checked by a person: look at it before "
                         "asking. \"Keep as model draft\" saves it for editing and review in the annotation view.")
                          .arg(proposal.modelId));
        } else {
            c = TrainingOverlay(m_store).ofStructure(m_frameId, structureId());
            setStatus(QString());
        }
        m_mask = c.mask;
        m_composite = c.compositeBgr;
        m_image->setImage(matToQImage(m_composite));
    } catch (const std::exception &e) {
        m_image->setImage(QImage());
        setStatus(QString::fromUtf8(e.what()));
    }
    updateButtons();
}

QImage AskView::overlayImage() const
{
    return m_composite.empty() ? QImage() : matToQImage(m_composite);
}

bool AskView::ask()
{
    if (isGenerating())
        return false;
    if (m_composite.empty() || cv::countNonZero(m_mask) == 0) {
        setStatus(tr("Choose a frame and a structure, or draw a region, first."));
        return false;
    }
    if (question().isEmpty()) {
        setStatus(tr("Type a question first."));
        return false;
    }
    const QString modelDir = m_model->modelDir();
    if (modelDir.isEmpty()) {
        setStatus(tr("Choose a model folder first."));
        return false;
    }
    auto image = std::make_shared<vlm::RgbImage>(
        vlm::rgbImageFromBgr(m_composite.data, m_composite.cols, m_composite.rows, m_composite.step));
    vlm::AskOptions options;
    options.maxNewTokens = m_maxTokens->value();
    m_answer.clear();
    m_answerComplete = false;
    m_answerModel = modelDir;
    m_answerView->clear();
    if (!m_worker->start(modelDir, image, {{"user", question().toStdString()}}, options))
        return false;
    ModelPicker::remember(modelDir);
    setStatus(tr("Generating…"));
    updateButtons();
    return true;
}

void AskView::stop()
{
    m_worker->stop();
}

bool AskView::isGenerating() const
{
    return m_worker->isBusy();
}

QString AskView::answerText() const
{
    return m_answer;
}

QString AskView::statusText() const
{
    return m_status->text();
}

qint64 AskView::saveAnswer()
{
    if (!m_store || !m_answerComplete || m_answer.trimmed().isEmpty() || isGenerating())
        return 0;
    SavedAnswer a;
    a.frameId = m_frameId;
    if (structureId() && !showsModelProposal())
        a.structureId = structureId();
    else // a drawn region, or a model proposal that is not in the store: keep what was asked about
        a.regionJson = QString::fromUtf8(RleMask::encode(m_mask).toJson());
    a.question = question();
    a.answer = m_answer;
    a.model = m_answerModel;
    QJsonObject settings;
    settings.insert(QStringLiteral("max_new_tokens"), m_maxTokens->value());
    settings.insert(QStringLiteral("system_prompt"), QString::fromStdString(vlm::AskOptions().systemPrompt));
    settings.insert(QStringLiteral("do_sample"), false);
    settings.insert(QLatin1String(TrainingOverlay::settingKey()), TrainingOverlay(m_store).alpha());
    settings.insert(QStringLiteral("model_description"), m_modelDescription);
    settings.insert(QStringLiteral("stopped"), m_answerStopped);
    a.settingsJson = QJsonDocument(settings).toJson(QJsonDocument::Compact);
    a.author = currentUserName();
    try {
        m_store->addSavedAnswer(a);
    } catch (const std::exception &e) {
        setStatus(tr("Cannot save the answer: %1").arg(QString::fromUtf8(e.what())));
        return 0;
    }
    setStatus(tr("Answer saved to the project."));
    return a.id;
}

void AskView::updateButtons()
{
    const bool busy = isGenerating();
    m_askButton->setEnabled(!busy && !m_composite.empty());
    m_stopButton->setEnabled(busy);
    m_saveButton->setEnabled(!busy && m_answerComplete && m_store);
    m_keepButton->setVisible(showsModelProposal());
    m_keepButton->setEnabled(!busy && showsModelProposal());
    m_frames->setEnabled(!busy);
    m_structures->setEnabled(!busy);
    m_drawButton->setEnabled(!busy && m_frameId);
}

bool AskView::keepProposal()
{
    if (!m_store || !showsModelProposal() || m_mask.empty())
        return false;
    const qint64 structure = structureId();
    const auto s = m_store->structure(structure);
    try {
        ModelDraft draft{{m_frameId, structure, s ? s->key : QString()}, RleMask::encode(m_mask)};
        if (saveModelDrafts(*m_store, {draft}, currentUserName(), m_proposalModel) == 0) {
            setStatus(tr("The frame has a mask for this structure now; the proposal was not saved."));
            return false;
        }
    } catch (const std::exception &e) {
        setStatus(tr("Cannot save the model draft: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    fillStructures();
    setStructure(structure);
    updateOverlay();
    setStatus(tr("Saved as a model draft of frame %1: edit and submit it in the annotation view; a reviewer approves it.")
                  .arg(m_frameId));
    return true;
}

void AskView::setStatus(const QString &text)
{
    m_status->setText(text);
}

} // namespace sd::ui
