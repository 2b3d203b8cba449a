#include "teachergeneratedialog.h"

#include "currentuser.h"
#include "widgets/displaynames.h"
#include "payloadview.h"
#include "store/projectstore.h"
#include "teacher/offlineteacher.h"
#include "teacher/teacherbatch.h"
#include "teacheroverlay.h"
#include "teacher/payloadpreview.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sd::ui {

TeacherGenerateDialog::TeacherGenerateDialog(ProjectStore &store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setObjectName(QStringLiteral("teacherGenerateDialog"));
    setWindowTitle(tr("Generate teacher answers"));
    resize(1100, 700);
    auto *layout = new QHBoxLayout(this);

    // Left: provider and run.
    auto *left = new QVBoxLayout;
    auto *providerBox = new QGroupBox(tr("Teacher"), this);
    auto *form = new QFormLayout(providerBox);
    m_provider = new QComboBox(providerBox);
    m_provider->setObjectName(QStringLiteral("providerCombo"));
    fillProviderCombo(m_provider);
    m_baseUrl = new QLineEdit(providerBox);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlEdit"));
    m_model = new QLineEdit(providerBox);
    m_model->setObjectName(QStringLiteral("modelEdit"));
    m_limit = new QSpinBox(providerBox);
    m_limit->setObjectName(QStringLiteral("limitSpin"));
    m_limit->setRange(0, 100000000);
    m_limit->setSpecialValueText(tr("all"));
    // Prices only feed the cost counter (in the currency of the user's choice); nothing is billed here.
    auto makePrice = [&](const char *name) {
        auto *p = new QDoubleSpinBox(providerBox);
        p->setObjectName(QLatin1String(name));
        p->setRange(0, 10000);
        p->setDecimals(3);
        return p;
    };
    m_pricePrompt = makePrice("pricePromptSpin");
    m_priceCompletion = makePrice("priceCompletionSpin");
    auto *prices = new QHBoxLayout;
    prices->addWidget(m_pricePrompt);
    prices->addWidget(new QLabel(tr("prompt"), providerBox));
    prices->addWidget(m_priceCompletion);
    prices->addWidget(new QLabel(tr("completion"), providerBox));
    m_keySource = new QLabel(providerBox);
    m_keySource->setWordWrap(true);
    form->addRow(tr("Provider:"), m_provider);
    form->addRow(tr("Base URL:"), m_baseUrl);
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Limit:"), m_limit);
    form->addRow(tr("Price per million tokens:"), prices);
    form->addRow(tr("API key:"), m_keySource);
    left->addWidget(providerBox);

    auto *runBox = new QGroupBox(tr("Run"), this);
    auto *runLayout = new QVBoxLayout(runBox);
    auto *note = new QLabel(tr("Only text and the mask leave this computer, never a frame; every request is "
                               "written to the audit log. A second run continues where this one stops."),
                            runBox);
    note->setWordWrap(true);
    runLayout->addWidget(note);
    auto *buttons = new QHBoxLayout;
    m_runButton = new QPushButton(tr("&Run"), runBox);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_cancelButton = new QPushButton(tr("&Cancel run"), runBox);
    m_cancelButton->setObjectName(QStringLiteral("cancelRunButton"));
    m_cancelButton->setEnabled(false);
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch(1);
    runLayout->addLayout(buttons);
    m_progress = new QProgressBar(runBox);
    m_progress->setObjectName(QStringLiteral("batchProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    runLayout->addWidget(m_progress);
    m_counters = new QLabel(runBox);
    m_counters->setObjectName(QStringLiteral("batchCounters"));
    runLayout->addWidget(m_counters);
    m_status = new QLabel(runBox);
    m_status->setObjectName(QStringLiteral("batchStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    runLayout->addWidget(m_status);
    m_log = new QPlainTextEdit(runBox);
    m_log->setObjectName(QStringLiteral("batchLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    runLayout->addWidget(m_log, 1);
    left->addWidget(runBox, 1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    left->addWidget(close);
    layout->addLayout(left, 2);

    // Right: payload preview for one example.
    auto *previewBox = new QGroupBox(tr("Payload preview (nothing is sent)"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    auto *pick = new QHBoxLayout;
    m_frame = new QSpinBox(previewBox);
    m_frame->setObjectName(QStringLiteral("previewFrameSpin"));
    m_frame->setRange(1, std::numeric_limits<int>::max());
    m_structure = new QComboBox(previewBox);
    m_structure->setObjectName(QStringLiteral("previewStructureCombo"));
    for (const Structure &s : m_store.structures())
        m_structure->addItem(structureDisplayName(s), s.id);
    m_previewButton = new QPushButton(tr("&Preview payload"), previewBox);
    m_previewButton->setObjectName(QStringLiteral("previewButton"));
    pick->addWidget(new QLabel(tr("Frame:"), previewBox));
    pick->addWidget(m_frame);
    pick->addWidget(new QLabel(tr("Structure:"), previewBox));
    pick->addWidget(m_structure, 1);
    pick->addWidget(m_previewButton);
    previewLayout->addLayout(pick);
    m_preview = new PayloadView(previewBox);
    previewLayout->addWidget(m_preview, 1);
    layout->addWidget(previewBox, 3);

    // Defaults: the project's teacher settings, and the first frame that has a mask.
    const int providerIndex =
        m_provider->findData(m_store.setting(QString::fromLatin1(kDefaultProviderSetting), QStringLiteral("offline")));
    m_provider->setCurrentIndex(std::max(0, providerIndex));
    m_baseUrl->setText(m_store.setting(QString::fromLatin1(kDefaultBaseUrlSetting)));
    m_model->setText(m_store.setting(QString::fromLatin1(kDefaultModelSetting)));
    for (const Frame &f : m_store.frames()) {
        const std::vector<Mask> masks = m_store.masksForFrame(f.id);
        if (!masks.empty()) {
            setPreviewExample(f.id, masks.front().structureId);
            break;
        }
    }

    auto providerChanged = [this] {
        const QString id = m_provider->currentData().toString();
        const bool network = id != QLatin1String("offline");
        m_baseUrl->setEnabled(network);
        m_model->setEnabled(network);
        m_baseUrl->setPlaceholderText(network ? defaultBaseUrl(id) : QString());
        m_model->setPlaceholderText(network ? defaultModel(id) : QString());
        updateKeySource();
    };
    connect(m_provider, &QComboBox::currentIndexChanged, this, providerChanged);
    providerChanged();
    connect(m_previewButton, &QPushButton::clicked, this, &TeacherGenerateDialog::showPreview);
    connect(m_runButton, &QPushButton::clicked, this, &TeacherGenerateDialog::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &TeacherGenerateDialog::cancelRun);
    updateCounters();
}

TeacherGenerateDialog::~TeacherGenerateDialog()
{
    if (m_batch && m_batch->isRunning()) {
        m_batch->disconnect(this);
        m_batch->cancel();
    }
}

void TeacherGenerateDialog::setPreviewExample(qint64 frameId, qint64 structureId)
{
    m_frame->setValue(int(frameId));
    const int i = m_structure->findData(structureId);
    if (i >= 0)
        m_structure->setCurrentIndex(i);
}

void TeacherGenerateDialog::setProvider(const QString &id, const QString &baseUrl, const QString &model)
{
    m_provider->setCurrentIndex(std::max(0, m_provider->findData(id)));
    m_baseUrl->setText(baseUrl);
    m_model->setText(model);
}

void TeacherGenerateDialog::setLimit(int limit)
{
    m_limit->setValue(limit);
}

bool TeacherGenerateDialog::isRunning() const
{
    return m_batch && m_batch->isRunning();
}

QString TeacherGenerateDialog::statusText() const
{
    return m_status->text();
}

QString TeacherGenerateDialog::countersText() const
{
    return m_counters->text();
}

void TeacherGenerateDialog::updateKeySource()
{
    const QString id = m_provider->currentData().toString();
    if (id == QLatin1String("offline")) {
        m_keySource->setText(tr("not needed (offline)"));
        return;
    }
    QString source;
    const bool found = !apiKeyFor(id, &source).isEmpty();
    if (!found)
        m_keySource->setText(tr("none found (set SURGDISTILL_%1_API_KEY or store one in Teacher settings; an "
                                "on-premises server may need none)")
                                 .arg(id.toUpper()));
    else if (source == QLatin1String("environment"))
        m_keySource->setText(tr("from the environment variable SURGDISTILL_%1_API_KEY").arg(id.toUpper()));
    else
        m_keySource->setText(tr("from the system keychain"));
}

std::unique_ptr<TeacherProvider> TeacherGenerateDialog::makeSelectedProvider(QString *error) const
{
    ProviderConfig cfg;
    cfg.id = m_provider->currentData().toString();
    if (cfg.id != QLatin1String("offline")) {
        cfg.baseUrl = m_baseUrl->text().trimmed();
        cfg.model = m_model->text().trimmed();
        cfg.apiKey = apiKeyFor(cfg.id);
    }
    try {
        return makeProvider(cfg);
    } catch (const std::exception &e) {
        *error = QString::fromUtf8(e.what());
        return nullptr;
    }
}

void TeacherGenerateDialog::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #ff8a80; font-weight: 600; }") : QString());
    m_status->setText(text);
}

void TeacherGenerateDialog::showPreview()
{
    QString error;
    const std::unique_ptr<TeacherProvider> provider = makeSelectedProvider(&error);
    if (!provider) {
        setStatus(tr("Cannot use this teacher: %1").arg(error), true);
        return;
    }
    try {
        PrivacyFirewall firewall(m_store, currentUserName());
        const PayloadPreview p = previewPayload(firewall, *provider, m_frame->value(),
                                                m_structure->currentData().toLongLong());
        QString destination;
        if (!p.network)
            destination = tr("this computer only: the offline teacher reads this prompt, nothing is sent");
        else if (p.allowed)
            destination = tr("POST %1 (allowed by the project's privacy policy)").arg(p.destination);
        else
            destination = tr("POST %1 — REFUSED: the host is not on the project's allowed hosts").arg(p.destination);
        m_preview->setPayload(destination, p.payload, p.sha256Hex);
        setStatus(p.allowed ? QString()
                            : tr("The privacy policy would refuse this destination. Allow the host in Teacher "
                                 "settings only if the clinic permits it."),
                  !p.allowed);
    } catch (const std::exception &e) {
        m_preview->clear();
        setStatus(tr("No preview for frame %1 and this structure: %2")
                      .arg(m_frame->value())
                      .arg(QString::fromUtf8(e.what())),
                  true);
    }
}

void TeacherGenerateDialog::setRunningUi(bool running)
{
    m_runButton->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    m_provider->setEnabled(!running);
    m_baseUrl->setEnabled(!running && m_provider->currentData().toString() != QLatin1String("offline"));
    m_model->setEnabled(m_baseUrl->isEnabled());
    m_limit->setEnabled(!running);
    m_pricePrompt->setEnabled(!running);
    m_priceCompletion->setEnabled(!running);
}

void TeacherGenerateDialog::updateCounters()
{
    const BatchCounters c = m_batch ? m_batch->counters() : BatchCounters{};
    m_counters->setText(tr("Done %1 · failed %2 · earlier runs %3 · retries %4 · tokens %5 prompt / %6 completion · "
                           "cost %7")
                            .arg(c.done)
                            .arg(c.failed)
                            .arg(c.alreadyDone)
                            .arg(c.retries)
                            .arg(c.promptTokens)
                            .arg(c.completionTokens)
                            .arg(c.cost, 0, 'f', 4));
}

void TeacherGenerateDialog::run()
{
    if (isRunning())
        return;
    QString error;
    std::unique_ptr<TeacherProvider> provider = makeSelectedProvider(&error);
    if (!provider) {
        setStatus(tr("Cannot use this teacher: %1").arg(error), true);
        return;
    }
    // The previous batch refers to the previous provider and firewall: it goes first.
    m_batch.reset();
    m_runProvider = std::move(provider);
    m_firewall = std::make_unique<PrivacyFirewall>(m_store, currentUserName());
    BatchOptions options;
    options.limit = m_limit->value();
    options.costPerMillionPromptTokens = m_pricePrompt->value();
    options.costPerMillionCompletionTokens = m_priceCompletion->value();
    m_batch = std::make_unique<TeacherBatch>(*m_firewall, *m_runProvider, options);
    connect(m_batch.get(), &TeacherBatch::progress, this, [this](int done, int failed, int total) {
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(total ? done + failed : 1);
        updateCounters();
    });
    connect(m_batch.get(), &TeacherBatch::countersChanged, this, &TeacherGenerateDialog::updateCounters);
    connect(m_batch.get(), &TeacherBatch::itemFinished, this, [this](qint64 requestId, bool ok, const QString &e) {
        if (!ok)
            m_log->appendPlainText(tr("Request %1 failed: %2").arg(requestId).arg(e));
    });
    connect(m_batch.get(), &TeacherBatch::finished, this, [this](bool cancelled) {
        setRunningUi(false);
        updateCounters();
        const BatchCounters &c = m_batch->counters();
        if (!m_batch->policyError().isEmpty())
            setStatus(tr("Stopped by the privacy policy: %1").arg(m_batch->policyError()), true);
        else if (cancelled)
            setStatus(tr("Cancelled. Unfinished requests stay pending; Run continues with them."), false);
        else if (c.failed)
            setStatus(tr("Finished with %n failed request(s); Run again to retry them.", nullptr, c.failed), true);
        else
            setStatus(tr("Finished: %n new answer(s). They need a surgeon's review before they enter a data set.",
                         nullptr, c.done),
                      false);
        Q_EMIT runFinished(cancelled);
    });
    m_log->clear();
    int already = 0;
    const size_t todo = m_batch->plan(&already).size();
    m_log->appendPlainText(tr("Teacher %1 (%2): %3 to do, %4 already answered")
                               .arg(m_runProvider->id(), m_runProvider->model())
                               .arg(todo)
                               .arg(already));
    setStatus(tr("Running…"), false);
    setRunningUi(true);
    m_batch->start(); // may finish at once (nothing to do): the finished handler resets the buttons
}

void TeacherGenerateDialog::cancelRun()
{
    if (isRunning())
        m_batch->cancel();
}

void TeacherGenerateDialog::reject()
{
    cancelRun();
    QDialog::reject();
}

} // namespace sd::ui
