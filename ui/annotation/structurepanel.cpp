#include "structurepanel.h"

#include "widgets/displaynames.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace sd::ui {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QIcon swatch(const QColor &c)
{
    QPixmap pm(14, 14);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(c.darker(160), 1));
    p.setBrush(c);
    p.drawRoundedRect(QRectF(0.5, 0.5, 13, 13), 3, 3);
    return QIcon(pm);
}
} // namespace

StructurePanel::StructurePanel(QWidget *parent) : QWidget(parent), m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("structurePanel"));
    m_tree->setObjectName(QStringLiteral("structureTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Structure"), tr("In this frame")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setObjectName(QStringLiteral("layerOpacity"));
    m_opacity->setRange(10, 90);
    m_opacity->setValue(45);
    m_opacity->setToolTip(tr("Opacity of the mask layers"));
    auto *opacityRow = new QHBoxLayout;
    opacityRow->addWidget(new QLabel(tr("Layer opacity"), this));
    opacityRow->addWidget(m_opacity, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tree, 1);
    layout->addLayout(opacityRow);

    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_updating || column != 0)
            return;
        Q_EMIT visibilityChanged(item->data(0, kIdRole).toLongLong(), item->checkState(0) == Qt::Checked);
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!m_updating)
            Q_EMIT currentStructureChanged(item ? item->data(0, kIdRole).toLongLong() : 0);
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) { Q_EMIT layerOpacityChanged(v / 100.0); });
}

// Every structure's row in view (up to eight; more scroll): the list is how an annotator
// picks the structure, and a row cut off hides its state.
QSize StructurePanel::minimumSizeHint() const
{
    QSize hint = QWidget::minimumSizeHint();
    const int rows = std::min(8, m_tree->topLevelItemCount());
    if (rows == 0)
        return hint;
    const int tree = m_tree->header()->sizeHint().height() + rows * m_tree->sizeHintForRow(0) + 2 * m_tree->frameWidth() + 4;
    const QMargins m = layout()->contentsMargins();
    hint.setHeight(std::max(hint.height(), tree + m_opacity->sizeHint().height() + layout()->spacing() + m.top() + m.bottom()));
    return hint;
}

void StructurePanel::setStructures(const std::vector<Structure> &structures)
{
    m_updating = true;
    const qint64 current = currentStructure();
    std::map<qint64, bool> visible;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *it = m_tree->topLevelItem(i);
        visible[it->data(0, kIdRole).toLongLong()] = it->checkState(0) == Qt::Checked;
    }
    m_tree->clear();
    for (const Structure &s : structures) {
        auto *item = new QTreeWidgetItem(m_tree);
        const QString name = structureDisplayName(s);
        item->setText(0, name);
        item->setIcon(0, swatch(QColor(s.color)));
        item->setData(0, kIdRole, s.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        const auto it = visible.find(s.id);
        item->setCheckState(0, it == visible.end() || it->second ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(0, tr("Show or hide the %1 layer").arg(name));
        item->setText(1, QStringLiteral("–"));
    }
    if (QTreeWidgetItem *item = itemFor(current))
        m_tree->setCurrentItem(item);
    m_updating = false;
    updateGeometry(); // the minimum height follows the number of structures
}

void StructurePanel::setFrameStatus(const std::map<qint64, QString> &present)
{
    m_updating = true;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tree->topLevelItem(i);
        const auto it = present.find(item->data(0, kIdRole).toLongLong());
        const bool has = it != present.end();
        item->setText(1, has ? it->second : QStringLiteral("–"));
        QFont f = item->font(0);
        f.setBold(has);
        item->setFont(0, f);
        item->setForeground(1, has ? palette().text() : palette().placeholderText());
    }
    m_updating = false;
}

QTreeWidgetItem *StructurePanel::itemFor(qint64 structureId) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kIdRole).toLongLong() == structureId)
            return m_tree->topLevelItem(i);
    return nullptr;
}

bool StructurePanel::isStructureVisible(qint64 structureId) const
{
    const QTreeWidgetItem *item = itemFor(structureId);
    return !item || item->checkState(0) == Qt::Checked;
}

void StructurePanel::setStructureVisible(qint64 structureId, bool visible)
{
    if (QTreeWidgetItem *item = itemFor(structureId))
        item->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked); // emits visibilityChanged
}

qint64 StructurePanel::currentStructure() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, kIdRole).toLongLong() : 0;
}

void StructurePanel::setCurrentStructure(qint64 structureId)
{
    if (QTreeWidgetItem *item = itemFor(structureId))
        m_tree->setCurrentItem(item);
}

double StructurePanel::layerOpacity() const
{
    return m_opacity->value() / 100.0;
}

} // namespace sd::ui
