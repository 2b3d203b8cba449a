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

class IssuePins;
class MaskLayer;

// Receives the left-button events on the canvas, in frame pixel coordinates,
// while an annotation tool is active. Panning (middle button, or space held)
// stays with the view.
class CanvasToolHandler {
public:
    virtual ~CanvasToolHandler() = default;
    virtual void toolPress(const QPointF &pos, Qt::KeyboardModifiers modifiers) = 0;
    virtual void toolMove(const QPointF &pos) = 0;
    virtual void toolRelease(const QPointF &pos) = 0;
    virtual void toolDoubleClick(const QPointF &) {}
    // Cursor feedback (brush outline, polygon in progress), in frame coordinates.
    virtual void paintToolOverlay(QPainter *, const QPointF & /*cursor*/, double /*zoom*/) {}
    // Frame-coordinate bounds of that overlay, so only they are repainted as the mouse moves.
    virtual QRectF toolOverlayBounds(const QPointF & /*cursor*/, double /*zoom*/) const { return {}; }
    // Whether a click on an issue's marker selects the issue instead of reaching the tool
    // (the pin tool); without a tool it always does.
    virtual bool clicksSelectPins() const { return false; }
};

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
    // The structure's layer, created empty (frame-sized) when the frame has no mask of it yet.
    MaskLayer *ensureLayer(qint64 structureId, const QString &name, const QColor &color, int z);
    std::vector<MaskLayer *> layers() const;
    void setLayerVisible(qint64 structureId, bool visible);
    bool isLayerVisible(qint64 structureId) const;
    void setLayerOpacity(qreal opacity);
    void setOutlineOnly(bool on);
    bool outlineOnly() const { return m_outlineOnly; }

    // The review issues pinned on the shown frame (cleared with every new frame).
    IssuePins *issuePins() const { return m_pins; }

    // nullptr: no tool, left-drag pans. Not owned.
    void setToolHandler(CanvasToolHandler *handler);
    CanvasToolHandler *toolHandler() const { return m_tool; }
    void refreshToolOverlay();

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
    void pinClicked(qint64 issueId); // a click on an issue's marker (see clicksSelectPins())

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void zoomBy(double factor);
    void updateVisibility();
    void updateDragMode();

    QGraphicsScene *m_scene;
    QGraphicsPixmapItem *m_frameItem;
    QGraphicsPixmapItem *m_compositeItem;
    IssuePins *m_pins;
    QImage m_frame;
    QImage m_composite;
    std::vector<MaskLayer *> m_layers;
    std::map<qint64, bool> m_visible;  // survives frame changes
    qreal m_opacity = 0.45;
    bool m_fit = true;
    bool m_outlineOnly = false;
    CanvasToolHandler *m_tool = nullptr;
    bool m_toolDown = false;      // a left-button tool gesture is in progress
    bool m_spaceHeld = false;
    bool m_panning = false;       // middle-button or space drag
    QPoint m_panLast;
    QPointF m_cursor{-1, -1};     // frame coordinates of the mouse, for the tool overlay
    QRect m_overlayRect;          // viewport area of the overlay last drawn
};

} // namespace sd::ui
