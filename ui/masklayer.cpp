#include "masklayer.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace sd::ui {

MaskLayer::MaskLayer(qint64 structureId, const QString &name, const QColor &color, QGraphicsItem *parent)
    : QGraphicsItem(parent), m_structureId(structureId), m_name(name), m_color(color)
{
}

void MaskLayer::setColor(const QColor &color)
{
    if (color == m_color)
        return;
    m_color = color;
    rebuild();
}

void MaskLayer::setFillOpacity(qreal opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (qFuzzyCompare(opacity, m_fillOpacity))
        return;
    m_fillOpacity = opacity;
    rebuild();
}

void MaskLayer::setMask(const QImage &mask)
{
    prepareGeometryChange();
    m_mask = mask.isNull() ? QImage() : mask.convertToFormat(QImage::Format_Grayscale8);
    rebuild();
}

void MaskLayer::maskChanged()
{
    rebuild();
}

bool MaskLayer::isEmpty() const
{
    for (int y = 0; y < m_mask.height(); ++y) {
        const uchar *row = m_mask.constScanLine(y);
        for (int x = 0; x < m_mask.width(); ++x)
            if (row[x])
                return false;
    }
    return true;
}

// Pre-renders fill and outline once per change, so panning and zooming only blit.
void MaskLayer::rebuild()
{
    if (m_mask.isNull()) {
        m_rendered = QImage();
        update();
        return;
    }
    const int w = m_mask.width(), h = m_mask.height();
    m_rendered = QImage(w, h, QImage::Format_ARGB32_Premultiplied);
    m_rendered.fill(Qt::transparent);
    const int fa = qRound(m_fillOpacity * 255);
    auto premul = [](const QColor &c, int a) {
        return qRgba(c.red() * a / 255, c.green() * a / 255, c.blue() * a / 255, a);
    };
    const QRgb fill = premul(m_color, fa);
    const QRgb edge = premul(m_color.lighter(125), 255);
    for (int y = 0; y < h; ++y) {
        const uchar *row = m_mask.constScanLine(y);
        const uchar *up = y > 0 ? m_mask.constScanLine(y - 1) : nullptr;
        const uchar *down = y + 1 < h ? m_mask.constScanLine(y + 1) : nullptr;
        auto *out = reinterpret_cast<QRgb *>(m_rendered.scanLine(y));
        for (int x = 0; x < w; ++x) {
            if (!row[x])
                continue;
            // A pixel on the border of the mask (or of the image) is outline.
            const bool border = x == 0 || x + 1 == w || !up || !down || !row[x - 1] || !row[x + 1] || !up[x]
                                || !down[x];
            out[x] = border ? edge : fill;
        }
    }
    update();
}

QRectF MaskLayer::boundingRect() const
{
    return QRectF(0, 0, m_mask.width(), m_mask.height());
}

void MaskLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (!m_rendered.isNull())
        painter->drawImage(QPointF(0, 0), m_rendered);
}

} // namespace sd::ui
