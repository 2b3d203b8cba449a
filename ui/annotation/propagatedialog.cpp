#include "propagatedialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace sd::ui {

PropagateDialog::PropagateDialog(const QString &structureName, qint64 frameId, const std::vector<bool> &occupied,
                                 int initialCount, QWidget *parent)
    : QDialog(parent), m_occupied(occupied)
{
    setWindowTitle(tr("Propagate to the next frames"));
    setObjectName(QStringLiteral("propagateDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The mask of <b>%1</b> on frame %2 follows the video: optical flow carries it onto "
                                "the following frames, refined by the project's segmentation model when it knows "
                                "the structure. The results are drafts for a person to check.")
                                 .arg(structureName.toHtmlEscaped())
                                 .arg(frameId),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("propagateCount"));
    m_count->setRange(1, int(occupied.size()));
    m_count->setValue(std::clamp(initialCount, 1, int(occupied.size())));
    m_count->setSuffix(tr(" frames"));
    form->addRow(tr("Next frames of this video (%1 follow):").arg(occupied.size()), m_count);
    layout->addLayout(form);
    m_occupiedLabel = new QLabel(this);
    m_occupiedLabel->setObjectName(QStringLiteral("propagateOccupied"));
    m_occupiedLabel->setWordWrap(true);
    layout->addWidget(m_occupiedLabel);
    m_skip = new QRadioButton(tr("Skip frames that already have a mask (keep them)"), this);
    m_skip->setObjectName(QStringLiteral("propagateSkip"));
    m_skip->setChecked(true);
    m_overwrite = new QRadioButton(tr("Overwrite them (a new version; the history keeps the old one)"), this);
    m_overwrite->setObjectName(QStringLiteral("propagateOverwrite"));
    layout->addWidget(m_skip);
    layout->addWidget(m_overwrite);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Propagate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_count, &QSpinBox::valueChanged, this, &PropagateDialog::updateOccupied);
    updateOccupied();
}

int PropagateDialog::count() const
{
    return m_count->value();
}

int PropagateDialog::occupiedWithin(int count) const
{
    return int(std::count(m_occupied.begin(), m_occupied.begin() + std::min(size_t(count), m_occupied.size()), true));
}

bool PropagateDialog::overwrite() const
{
    return occupiedWithin(count()) > 0 && m_overwrite->isChecked();
}

// The skip / overwrite question is asked only when it matters for the chosen count.
void PropagateDialog::updateOccupied()
{
    const int n = occupiedWithin(count());
    m_occupiedLabel->setText(n == 0 ? tr("None of these frames has a mask of this structure yet.")
                                    : tr("%n of these frames already has a mask of this structure:", nullptr, n));
    m_skip->setVisible(n > 0);
    m_overwrite->setVisible(n > 0);
}

} // namespace sd::ui
