#include "framepropertiespanel.h"

#include "displaynames.h"

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
}

void FramePropertiesPanel::clear()
{
    for (auto &[f, label] : m_values)
        label->setText(QStringLiteral("–"));
}

QString FramePropertiesPanel::valueText(const QString &field) const
{
    for (const auto &[f, label] : m_values)
        if (f == field)
            return label->text();
    return {};
}

} // namespace sd::ui
