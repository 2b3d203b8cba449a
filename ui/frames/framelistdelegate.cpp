#include "framelistdelegate.h"

#include "framelistmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace sd::ui {

namespace {
constexpr int kThumbW = 96;
constexpr int kThumbH = 77;
constexpr int kPad = 6;
} // namespace

QSize FrameListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int textH = 3 * option.fontMetrics.height() + 4;
    return QSize(kThumbW + 3 * kPad + 160, std::max(kThumbH, textH) + 2 * kPad);
}

void FrameListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    const QPalette &pal = opt.palette;
    const bool selected = opt.state & QStyle::State_Selected;
    const QRect r = opt.rect;
    painter->fillRect(r, selected ? pal.highlight() : (index.row() % 2 ? pal.alternateBase() : pal.base()));

    // Thumbnail (or a placeholder while it loads).
    const QRect thumbBox(r.left() + kPad, r.top() + (r.height() - kThumbH) / 2, kThumbW, kThumbH);
    const QImage thumb = index.data(FrameListModel::ThumbnailRole).value<QImage>();
    painter->fillRect(thumbBox, QColor(0x20, 0x22, 0x26));
    if (!thumb.isNull()) {
        const QSize s = thumb.size().scaled(thumbBox.size(), Qt::KeepAspectRatio);
        const QRect target(thumbBox.center().x() - s.width() / 2 + 1, thumbBox.center().y() - s.height() / 2 + 1,
                           s.width(), s.height());
        painter->drawImage(target, thumb);
    } else {
        painter->setPen(QColor(0x8a, 0x8f, 0x98));
        const bool failed = index.data(FrameListModel::ThumbnailFailedRole).toBool();
        painter->drawText(thumbBox, Qt::AlignCenter, failed ? tr("missing") : QStringLiteral("…"));
    }

    // Text block.
    const QColor text = selected ? pal.highlightedText().color() : pal.text().color();
    QColor dim = text;
    dim.setAlphaF(0.7f);
    const QFontMetrics fm = opt.fontMetrics;
    const int x = thumbBox.right() + kPad + 2;
    const int w = r.right() - kPad - x;
    int y = r.top() + kPad;
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(QRect(x, y, w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      index.data(Qt::DisplayRole).toString());
    y += fm.height() + 2;
    painter->setFont(opt.font);
    painter->setPen(dim);
    const QString meta = index.data(FrameListModel::SideRole).toString() + QStringLiteral(" · ")
                         + index.data(FrameListModel::PhaseRole).toString();
    painter->drawText(QRect(x, y, w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(meta, Qt::ElideRight, w));
    y += fm.height() + 2;

    // Structures: one colour dot each, then the names.
    const QVariantList colors = index.data(FrameListModel::StructureColorsRole).toList();
    const QStringList names = index.data(FrameListModel::StructureNamesRole).toStringList();
    const int dot = std::max(8, fm.height() / 2);
    int dx = x;
    for (const QVariant &c : colors) {
        painter->setPen(QPen(QColor(0, 0, 0, 90), 1));
        painter->setBrush(c.value<QColor>());
        painter->drawEllipse(QRect(dx, y + (fm.height() - dot) / 2, dot, dot));
        dx += dot + 3;
    }
    painter->setPen(text);
    const QString list = names.isEmpty() ? tr("no masks") : names.join(QStringLiteral(", "));
    const int tx = dx + (colors.isEmpty() ? 0 : 3);
    painter->drawText(QRect(tx, y, r.right() - kPad - tx, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(list, Qt::ElideRight, r.right() - kPad - tx));

    if (opt.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(pal.highlight().color().lighter(130), 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(r.adjusted(0, 0, -1, -1));
    }
    painter->restore();
}

} // namespace sd::ui
