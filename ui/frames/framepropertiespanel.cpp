#include "framepropertiespanel.h"

#include "widgets/displaynames.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

namespace sd::ui {

FramePropertiesPanel::FramePropertiesPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("framePropertiesPanel"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(10, 8, 10, 8);
    form->setLabelAlignment(Qt::AlignRight);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    setLayout(form);
    addRow(QStringLiteral("frame"), tr("Frame"));
    addRow(QStringLiteral("side"), tr("Side"));
    addRow(QStringLiteral("phase"), tr("Phase"));
    addRow(QStringLiteral("video"), tr("Video"));
    addRow(QStringLiteral("timestamp"), tr("Timestamp"));
    addRow(QStringLiteral("size"), tr("Size"));
    addRow(QStringLiteral("split"), tr("Split"));
    addRow(QStringLiteral("masks"), tr("Masks"));
    addRow(QStringLiteral("source"), tr("Source"));
    m_sideEdit = new QComboBox(this);
    m_sideEdit->setObjectName(QStringLiteral("sideEditor"));
    for (Side s : {Side::Unknown, Side::Left, Side::Right})
        m_sideEdit->addItem(sideDisplayName(s), sideToString(s));
    m_phaseEdit = new QComboBox(this);
    m_phaseEdit->setObjectName(QStringLiteral("phaseEditor"));
    for (const char *code : {"", "access_exposure", "vascular_dissection", "cme_mobilisation"})
        m_phaseEdit->addItem(phaseDisplayName(QLatin1String(code)), QLatin1String(code));
    form->addRow(tr("Set side:"), m_sideEdit);
    form->addRow(tr("Set phase:"), m_phaseEdit);
    connect(m_sideEdit, &QComboBox::activated, this, [this] {
        if (!m_updating)
            Q_EMIT sideEdited(sideFromString(m_sideEdit->currentData().toString()));
    });
    connect(m_phaseEdit, &QComboBox::activated, this, [this] {
        if (!m_updating)
            Q_EMIT phaseEdited(m_phaseEdit->currentData().toString());
    });
    clear();
}

QLabel *FramePropertiesPanel::addRow(const QString &field, const QString &label)
{
    auto *value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setObjectName(QStringLiteral("value_") + field);
    static_cast<QFormLayout *>(layout())->addRow(label + QLatin1Char(':'), value);
    m_values.emplace_back(field, value);
    return value;
}

void FramePropertiesPanel::setFrame(const Frame &frame, const std::optional<Video> &video, int maskCount)
{
    auto set = [this](const QString &field, const QString &text) {
        for (auto &[f, label] : m_values)
            if (f == field)
                label->setText(text);
    };
    set(QStringLiteral("frame"), QString::number(frame.id));
    set(QStringLiteral("side"), sideDisplayName(frame.side));
    set(QStringLiteral("phase"), phaseDisplayName(frame.phase));
    set(QStringLiteral("video"), video ? video->label : tr("still image"));
    set(QStringLiteral("timestamp"), video ? timestampDisplay(frame.timestampSec) : QStringLiteral("–"));
    set(QStringLiteral("size"), tr("%1 × %2 px").arg(frame.width).arg(frame.height));
    set(QStringLiteral("split"), splitDisplayName(frame.split));
    set(QStringLiteral("masks"), QString::number(maskCount));
    set(QStringLiteral("source"), frame.synthetic ? tr("Synthetic demo frame") : tr("Imported"));
    m_updating = true;
    m_sideEdit->setEnabled(true);
    m_phaseEdit->setEnabled(true);
    m_sideEdit->setCurrentIndex(std::max(0, m_sideEdit->findData(sideToString(frame.side))));
    int phase = m_phaseEdit->findData(frame.phase);
    if (phase < 0) { // a phase code this list does not know: offer it too
        m_phaseEdit->addItem(phaseDisplayName(frame.phase), frame.phase);
        phase = m_phaseEdit->count() - 1;
    }
    m_phaseEdit->setCurrentIndex(phase);
    m_updating = false;
}

void FramePropertiesPanel::clear()
{
    for (auto &[f, label] : m_values)
        label->setText(QStringLiteral("–"));
    m_sideEdit->setEnabled(false);
    m_phaseEdit->setEnabled(false);
}

QString FramePropertiesPanel::valueText(const QString &field) const
{
    for (const auto &[f, label] : m_values)
        if (f == field)
            return label->text();
    return {};
}

} // namespace sd::ui
