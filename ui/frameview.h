// The centre of the workspace: one frame with its structure mask layers.
// Wheel zooms towards the cursor, the view fits the window until the user
// zooms. In "training composite" mode it shows instead the exact picture the
// model is trained on: composeOverlay() of the frame and one structure's mask.
#pragma once

#include <QGraphicsView>
#include <QImage>
#include <map>
#include <vector>

class QGraphicsPixmapItem;

namespace sd::ui {

class MaskLayer;

struct LayerSpec {
    qint64 structureId = 0;
    QString name;
    QColor color;
    QImage mask; // Format_Grayscale8, same size as the frame
};

class FrameView : public QGraphicsView {
    Q_OBJECT
public:
    explicit FrameView(QWidget *parent = nullptr);

    // frame: any format (shown as is); layers drawn in the given order.
    void setFrame(const QImage &frame, const std::vector<LayerSpec> &layers);
    void clear();
    QImage frame() const { return m_frame; }
    bool hasFrame() const { return !m_frame.isNull(); }

    MaskLayer *layer(qint64 structureId) const;
    std::vector<MaskLayer *> layers() const;
    void setLayerVisible(qint64 structureId, bool visible);
    bool isLayerVisible(qint64 structureId) const;
    void setLayerOpacity(qreal opacity);

    // Shows composite (the composeOverlay() picture) instead of frame + layers;
    // an empty image returns to the layer view.
    void setCompositeImage(const QImage &composite);
    bool showsComposite() const { return !m_composite.isNull(); }
    QImage compositeImage() const { return m_composite; }

    double zoom() const;               // view pixels per frame pixel
    bool isFitToWindow() const { return m_fit; }

public Q_SLOTS:
    void fitToWindow();
    void zoomIn();
    void zoomOut();
    void actualSize();

Q_SIGNALS:
    void zoomChanged(double zoom);
    void cursorPixelChanged(const QPoint &pixel, bool insideFrame);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void zoomBy(double factor);
    void updateVisibility();

    QGraphicsScene *m_scene;
    QGraphicsPixmapItem *m_frameItem;
    QGraphicsPixmapItem *m_compositeItem;
    QImage m_frame;
    QImage m_composite;
    std::vector<MaskLayer *> m_layers;
    std::map<qint64, bool> m_visible;  // survives frame changes
    qreal m_opacity = 0.45;
    bool m_fit = true;
};

} // namespace sd::ui
