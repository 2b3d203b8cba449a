// Paints one row of the frame list: thumbnail, frame id, side and phase, and
// the structures with masks as colour dots plus names.
#pragma once

#include <QStyledItemDelegate>

namespace sd::ui {

class FrameListDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace sd::ui
