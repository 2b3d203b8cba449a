#include "modelpicker.h"

#include "store/projectstore.h"
#include "trainingjob.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace sd::ui {

namespace {
const char *const kRecentKey = "models/recent";
constexpr int kMaxRecent = 8;
} // namespace

ModelPicker::ModelPicker(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("modelCombo"));
    m_combo->setEditable(true);
    m_combo->setInsertPolicy(QComboBox::NoInsert);
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(24);
    m_combo->lineEdit()->setPlaceholderText(tr("Hugging Face Qwen2.5-VL model folder"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    layout->addWidget(m_combo, 1);
    layout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a model folder"), modelDir());
        if (!dir.isEmpty())
            setModelDir(dir);
    });
    connect(m_combo, &QComboBox::currentTextChanged, this, &ModelPicker::modelDirChanged);
    refill();
}

void ModelPicker::setProject(const ProjectStore *store)
{
    m_store = store;
    refill();
}

QString ModelPicker::modelDir() const
{
    return m_combo->currentText().trimmed();
}

void ModelPicker::setModelDir(const QString &dir)
{
    m_combo->setCurrentText(QDir::cleanPath(dir));
}

void ModelPicker::remember(const QString &dir)
{
    QSettings settings;
    QStringList recent = settings.value(QLatin1String(kRecentKey)).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    settings.setValue(QLatin1String(kRecentKey), recent.mid(0, kMaxRecent));
}

void ModelPicker::refill()
{
    const QString current = modelDir();
    m_combo->clear();
    QStringList folders = QSettings().value(QLatin1String(kRecentKey)).toStringList();
    if (m_store)
        for (const QString &f : checkpointModelFolders(*m_store))
            if (!folders.contains(f))
                folders << f;
    m_combo->addItems(folders);
    m_combo->setCurrentText(current.isEmpty() && !folders.isEmpty() ? folders.front() : current);
}

} // namespace sd::ui
