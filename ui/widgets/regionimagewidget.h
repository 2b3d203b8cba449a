// Shows one picture fitted into the widget (aspect kept). With drawing enabled
// the user drags a rectangle over it: the quick region the Ask view asks about.
#pragma once

#include <QImage>
#include <QRect>
#include <QWidget>

namespace sd::ui {

class RegionImageWidget : public QWidget {
    Q_OBJECT
public:
    explicit RegionImageWidget(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    QImage image() const { return m_image; }
    void setDrawingEnabled(bool on);
    bool drawingEnabled() const { return m_drawing; }
    QRect region() const { return m_region; } // image pixels; empty when none
    void clearRegion();
    void setPlaceholderText(const QString &text);

    QSize sizeHint() const override { return {640, 480}; }

Q_SIGNALS:
    void regionDrawn(const QRect &imageRect);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF targetRect() const;           // where the image is painted
    QPoint toImage(const QPointF &p) const;

    QImage m_image;
    QString m_placeholder;
    bool m_drawing = false;
    bool m_dragging = false;
    QPoint m_dragStart;
    QRect m_region;
};

} // namespace sd::ui
