// One structure's mask drawn over the frame: a semi-transparent fill in the
// structure's display colour plus an opaque outline. The mask itself is kept
// as an 8-bit image (0 / 255) so the annotation tools can edit it in place and
// call maskChanged() to refresh the cached rendering.
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QImage>

namespace sd::ui {

class MaskLayer : public QGraphicsItem {
public:
    MaskLayer(qint64 structureId, const QString &name, const QColor &color, QGraphicsItem *parent = nullptr);

    qint64 structureId() const { return m_structureId; }
    QString name() const { return m_name; }
    QColor color() const { return m_color; }
    void setColor(const QColor &color);

    // Fill opacity in [0, 1] (the outline stays opaque).
    qreal fillOpacity() const { return m_fillOpacity; }
    void setFillOpacity(qreal opacity);

    // mask: Format_Grayscale8, non-zero = inside. An empty image clears the layer.
    void setMask(const QImage &mask);
    const QImage &mask() const { return m_mask; }
    QImage &editableMask() { return m_mask; }  // edit, then call maskChanged()
    void maskChanged();
    // Re-renders only `dirty` (plus the one-pixel ring whose outline it may
    // change): what keeps a brush dab on a 1920x1080 layer within a few ms.
    void maskChanged(const QRect &dirty);

    // Outline mode: only the mask's border is drawn, the frame stays visible inside.
    bool outlineOnly() const { return m_outlineOnly; }
    void setOutlineOnly(bool on);
    bool isEmpty() const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void rebuild();
    void renderRect(const QRect &r);

    qint64 m_structureId;
    QString m_name;
    QColor m_color;
    qreal m_fillOpacity = 0.45;
    bool m_outlineOnly = false;
    QImage m_mask;
    QImage m_rendered; // ARGB32_Premultiplied, same size as the mask
};

} // namespace sd::ui
