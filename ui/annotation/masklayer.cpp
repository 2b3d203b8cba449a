#include "masklayer.h"

#include <QPainter>

#include <opencv2/imgproc.hpp>
#include <QStyleOptionGraphicsItem>

namespace sd::ui {

MaskLayer::MaskLayer(qint64 structureId, const QString &name, const QColor &color, QGraphicsItem *parent)
    : QGraphicsItem(parent), m_structureId(structureId), m_name(name), m_color(color)
{
    setFlag(QGraphicsItem::ItemUsesExtendedStyleOption); // paint() gets the exposed rect
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

void MaskLayer::setOutlineOnly(bool on)
{
    if (on == m_outlineOnly)
        return;
    m_outlineOnly = on;
    rebuild();
}

void MaskLayer::maskChanged(const QRect &dirty)
{
    if (m_rendered.size() != m_mask.size()) {
        rebuild();
        return;
    }
    const QRect r = dirty.adjusted(-1, -1, 1, 1) & QRect(QPoint(0, 0), m_mask.size());
    if (r.isEmpty())
        return;
    renderRect(r);
    update(QRectF(r));
}

// Pre-renders fill and outline once per change, so panning and zooming only blit.
void MaskLayer::rebuild()
{
    if (m_mask.isNull()) {
        m_rendered = QImage();
        update();
        return;
    }
    m_rendered = QImage(m_mask.size(), QImage::Format_ARGB32_Premultiplied);
    m_rendered.fill(Qt::transparent);
    // Only the mask's bounding box (+ its outline ring) needs rendering.
    const cv::Mat view(m_mask.height(), m_mask.width(), CV_8UC1, const_cast<uchar *>(m_mask.constBits()),
                       size_t(m_mask.bytesPerLine()));
    const cv::Rect box = cv::boundingRect(view);
    if (!box.empty())
        renderRect(QRect(box.x, box.y, box.width, box.height).adjusted(-1, -1, 1, 1) &
                   QRect(QPoint(0, 0), m_mask.size()));
    update();
}

void MaskLayer::renderRect(const QRect &r)
{
    const int w = m_mask.width(), h = m_mask.height();
    const int fa = m_outlineOnly ? 0 : qRound(m_fillOpacity * 255);
    auto premul = [](const QColor &c, int a) {
        return qRgba(c.red() * a / 255, c.green() * a / 255, c.blue() * a / 255, a);
    };
    const QRgb fill = premul(m_color, fa);
    const QRgb edge = premul(m_color.lighter(125), 255);
    for (int y = r.top(); y <= r.bottom(); ++y) {
        const uchar *row = m_mask.constScanLine(y);
        const uchar *up = y > 0 ? m_mask.constScanLine(y - 1) : nullptr;
        const uchar *down = y + 1 < h ? m_mask.constScanLine(y + 1) : nullptr;
        auto *out = reinterpret_cast<QRgb *>(m_rendered.scanLine(y));
        for (int x = r.left(); x <= r.right(); ++x) {
            if (!row[x]) {
                out[x] = 0;
                continue;
            }
            // A pixel on the border of the mask (or of the image) is outline.
            const bool border = x == 0 || x + 1 == w || !up || !down || !row[x - 1] || !row[x + 1] || !up[x]
                                || !down[x];
            out[x] = border ? edge : fill;
        }
    }
}

QRectF MaskLayer::boundingRect() const
{
    return QRectF(0, 0, m_mask.width(), m_mask.height());
}

void MaskLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (m_rendered.isNull())
        return;
    // Only the exposed part: a brush dab repaints a small rectangle, not five full-HD layers.
    const QRect exposed = option ? option->exposedRect.toAlignedRect() & m_rendered.rect() : m_rendered.rect();
    if (!exposed.isEmpty())
        painter->drawImage(exposed.topLeft(), m_rendered, exposed);
}

} // namespace sd::ui
