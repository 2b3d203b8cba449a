#include "trainingrundialog.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QLocale>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace sd::ui {

namespace {
QWidget *withBrowse(QLineEdit *edit, bool folder, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *l = new QHBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    auto *browse = new QPushButton(QCoreApplication::translate("sd::ui::TrainingRunDialog", "Browse…"), box);
    l->addWidget(edit, 1);
    l->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, folder] {
        const QString path = folder ? QFileDialog::getExistingDirectory(edit, QString(), edit->text())
                                    : QFileDialog::getOpenFileName(edit, QString(), edit->text(),
                                                                   QStringLiteral("JSONL (*.jsonl)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    return box;
}
} // namespace

TrainingRunDialog::TrainingRunDialog(const TrainingSettings &initial, QWidget *parent)
    : QDialog(parent), m_kind(initial.kind), m_base(initial)
{
    setWindowTitle(initial.kind == QLatin1String("dpo") ? tr("New DPO run") : tr("New SFT run"));
    auto *form = new QFormLayout;
    m_model = new QLineEdit(this);
    m_model->setObjectName(QStringLiteral("baseModelEdit"));
    m_data = new QLineEdit(this);
    m_data->setObjectName(QStringLiteral("datasetEdit"));
    m_data->setPlaceholderText(tr("empty: the project's reviewed training data"));
    m_runDir = new QLineEdit(this);
    m_runDir->setObjectName(QStringLiteral("runDirEdit"));
    form->addRow(tr("Base model folder"), withBrowse(m_model, true, this));
    form->addRow(initial.kind == QLatin1String("dpo") ? tr("Preference pairs (JSONL)") : tr("Training data (JSONL)"),
                 withBrowse(m_data, false, this));
    form->addRow(tr("Run folder"), withBrowse(m_runDir, true, this));

    m_method = new QComboBox(this);
    m_method->addItem(tr("Full fine-tuning"), false);
    m_method->addItem(tr("LoRA"), true);
    form->addRow(tr("Method"), m_method);
    auto *loraRow = new QHBoxLayout;
    m_loraRank = new QSpinBox(this);
    m_loraRank->setRange(1, 1024);
    m_loraRank->setPrefix(tr("rank "));
    m_loraAlpha = new QSpinBox(this);
    m_loraAlpha->setRange(1, 4096);
    m_loraAlpha->setPrefix(tr("alpha "));
    m_loraDropout = new QDoubleSpinBox(this);
    m_loraDropout->setRange(0, 0.9);
    m_loraDropout->setSingleStep(0.05);
    m_loraDropout->setPrefix(tr("dropout "));
    loraRow->addWidget(m_loraRank);
    loraRow->addWidget(m_loraAlpha);
    loraRow->addWidget(m_loraDropout);
    form->addRow(tr("LoRA"), loraRow);

    auto *freezeRow = new QHBoxLayout;
    m_freezeVision = new QCheckBox(tr("vision encoder"), this);
    m_freezeMerger = new QCheckBox(tr("merger"), this);
    m_freezeLanguage = new QCheckBox(tr("language model"), this);
    freezeRow->addWidget(m_freezeVision);
    freezeRow->addWidget(m_freezeMerger);
    freezeRow->addWidget(m_freezeLanguage);
    form->addRow(tr("Frozen"), freezeRow);

    m_lr = new QLineEdit(this);
    auto *lrValidator = new QDoubleValidator(0, 1, 12, m_lr);
    lrValidator->setNotation(QDoubleValidator::ScientificNotation);
    m_lr->setValidator(lrValidator);
    form->addRow(tr("Learning rate"), m_lr);
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 100);
    form->addRow(tr("Epochs"), m_epochs);
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, 512);
    form->addRow(tr("Batch size"), m_batch);
    m_accum = new QSpinBox(this);
    m_accum->setRange(1, 1024);
    form->addRow(tr("Gradient accumulation"), m_accum);
    m_warmup = new QDoubleSpinBox(this);
    m_warmup->setRange(0, 0.5);
    m_warmup->setDecimals(3);
    m_warmup->setSingleStep(0.01);
    form->addRow(tr("Warm-up ratio"), m_warmup);
    m_weightDecay = new QDoubleSpinBox(this);
    m_weightDecay->setRange(0, 1);
    m_weightDecay->setDecimals(3);
    form->addRow(tr("Weight decay"), m_weightDecay);
    m_beta = new QDoubleSpinBox(this);
    m_beta->setObjectName(QStringLiteral("betaSpin"));
    m_beta->setRange(0.001, 10);
    m_beta->setDecimals(3);
    m_beta->setSingleStep(0.05);
    form->addRow(tr("β (DPO)"), m_beta);
    m_saveEvery = new QSpinBox(this);
    m_saveEvery->setRange(1, 1000000);
    form->addRow(tr("Checkpoint every (steps)"), m_saveEvery);
    m_dtype = new QComboBox(this);
    m_dtype->addItem(tr("bfloat16"), QStringLiteral("bf16"));
    m_dtype->addItem(tr("float32"), QStringLiteral("f32"));
    form->addRow(tr("Precision"), m_dtype);

    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #f66151;"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    auto *defaults = buttons->addButton(tr("Paper defaults"), QDialogButtonBox::ResetRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(defaults, &QPushButton::clicked, this, [this] {
        TrainingSettings d = TrainingSettings::paperDefaults(m_kind);
        const TrainingSettings current = settings();
        d.baseModel = current.baseModel;
        d.dataset = current.dataset;
        d.runDir = current.runDir;
        setSettings(d);
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, &TrainingRunDialog::updateEnabled);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setSettings(initial);
}

void TrainingRunDialog::setSettings(const TrainingSettings &s)
{
    m_model->setText(s.baseModel);
    m_data->setText(s.dataset);
    m_runDir->setText(s.runDir);
    m_method->setCurrentIndex(s.useLora ? 1 : 0);
    m_loraRank->setValue(s.loraRank);
    m_loraAlpha->setValue(s.loraAlpha);
    m_loraDropout->setValue(s.loraDropout);
    m_freezeVision->setChecked(s.freezeVision);
    m_freezeMerger->setChecked(s.freezeMerger);
    m_freezeLanguage->setChecked(s.freezeLanguage);
    m_lr->setText(QString::number(s.lr, 'g', 6));
    m_epochs->setValue(s.epochs);
    m_batch->setValue(s.batchSize);
    m_accum->setValue(s.gradAccum);
    m_warmup->setValue(s.warmupRatio);
    m_weightDecay->setValue(s.weightDecay);
    m_beta->setValue(s.beta);
    m_saveEvery->setValue(s.saveEvery);
    m_dtype->setCurrentIndex(std::max(0, m_dtype->findData(s.dtype)));
    updateEnabled();
}

TrainingSettings TrainingRunDialog::settings() const
{
    TrainingSettings s = m_base;
    s.kind = m_kind;
    s.baseModel = m_model->text().trimmed();
    s.dataset = m_data->text().trimmed();
    s.runDir = m_runDir->text().trimmed();
    s.useLora = m_method->currentData().toBool();
    s.loraRank = m_loraRank->value();
    s.loraAlpha = m_loraAlpha->value();
    s.loraDropout = m_loraDropout->value();
    s.freezeVision = m_freezeVision->isChecked();
    s.freezeMerger = m_freezeMerger->isChecked();
    s.freezeLanguage = m_freezeLanguage->isChecked();
    s.lr = QLocale().toDouble(m_lr->text());
    if (!(s.lr > 0))
        s.lr = m_lr->text().toDouble();
    s.epochs = m_epochs->value();
    s.batchSize = m_batch->value();
    s.gradAccum = m_accum->value();
    s.warmupRatio = m_warmup->value();
    s.weightDecay = m_weightDecay->value();
    s.beta = m_beta->value();
    s.saveEvery = m_saveEvery->value();
    s.dtype = m_dtype->currentData().toString();
    return s;
}

void TrainingRunDialog::accept()
{
    const QString problem = settings().problem();
    if (!problem.isEmpty()) {
        m_problem->setText(problem);
        return;
    }
    QDialog::accept();
}

void TrainingRunDialog::updateEnabled()
{
    const bool lora = m_method->currentData().toBool();
    m_loraRank->setEnabled(lora);
    m_loraAlpha->setEnabled(lora);
    m_loraDropout->setEnabled(lora);
    m_beta->setEnabled(m_kind == QLatin1String("dpo"));
}

} // namespace sd::ui
