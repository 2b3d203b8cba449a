#include "regionimagewidget.h"

#include <QMouseEvent>
#include <QPainter>

namespace sd::ui {

RegionImageWidget::RegionImageWidget(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(320, 240);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void RegionImageWidget::setImage(const QImage &image)
{
    m_image = image;
    if (!m_region.isEmpty() && !m_image.rect().contains(m_region))
        m_region = QRect();
    update();
}

void RegionImageWidget::setDrawingEnabled(bool on)
{
    m_drawing = on;
    setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

void RegionImageWidget::clearRegion()
{
    m_region = QRect();
    update();
}

void RegionImageWidget::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

QRectF RegionImageWidget::targetRect() const
{
    if (m_image.isNull())
        return {};
    QSizeF s = QSizeF(m_image.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
    return {QPointF((width() - s.width()) / 2, (height() - s.height()) / 2), s};
}

QPoint RegionImageWidget::toImage(const QPointF &p) const
{
    const QRectF t = targetRect();
    if (t.isEmpty())
        return {};
    const double x = (p.x() - t.left()) / t.width() * m_image.width();
    const double y = (p.y() - t.top()) / t.height() * m_image.height();
    return {qBound(0, int(x), m_image.width() - 1), qBound(0, int(y), m_image.height() - 1)};
}

void RegionImageWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x1a, 0x1b, 0x1e));
    if (m_image.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const QRectF t = targetRect();
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(t, m_image);
    if (!m_region.isEmpty()) {
        const double sx = t.width() / m_image.width(), sy = t.height() / m_image.height();
        const QRectF r(t.left() + m_region.x() * sx, t.top() + m_region.y() * sy, m_region.width() * sx,
                       m_region.height() * sy);
        p.setPen(QPen(QColor(0xf2, 0xc1, 0x4e), 2, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r);
    }
}

void RegionImageWidget::mousePressEvent(QMouseEvent *event)
{
    if (!m_drawing || m_image.isNull() || event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_dragging = true;
    m_dragStart = toImage(event->position());
    m_region = QRect(m_dragStart, QSize(1, 1));
    update();
}

void RegionImageWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return QWidget::mouseMoveEvent(event);
    m_region = QRect(m_dragStart, toImage(event->position())).normalized();
    update();
}

void RegionImageWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return QWidget::mouseReleaseEvent(event);
    m_dragging = false;
    m_region = QRect(m_dragStart, toImage(event->position())).normalized();
    update();
    if (m_region.width() > 2 && m_region.height() > 2)
        Q_EMIT regionDrawn(m_region);
    else
        m_region = QRect();
}

} // namespace sd::ui
