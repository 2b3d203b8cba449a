#include "frameview.h"

#include "issuepins.h"
#include "masklayer.h"

#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace sd::ui {

namespace {
constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 32.0;
constexpr double kStep = 1.25;
} // namespace

FrameView::FrameView(QWidget *parent)
    : QGraphicsView(parent), m_scene(new QGraphicsScene(this)), m_frameItem(new QGraphicsPixmapItem),
      m_compositeItem(new QGraphicsPixmapItem), m_pins(new IssuePins)
{
    setObjectName(QStringLiteral("frameView"));
    setScene(m_scene);
    m_frameItem->setTransformationMode(Qt::SmoothTransformation);
    m_compositeItem->setTransformationMode(Qt::SmoothTransformation);
    m_frameItem->setZValue(0);
    m_compositeItem->setZValue(1000);
    m_compositeItem->setVisible(false);
    m_scene->addItem(m_frameItem);
    m_scene->addItem(m_compositeItem);
    m_scene->addItem(m_pins);
    setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus); // space-drag needs key events
    setMinimumSize(320, 240);
}

void FrameView::setFrame(const QImage &frame, const std::vector<LayerSpec> &layers)
{
    for (MaskLayer *l : m_layers) {
        m_scene->removeItem(l);
        delete l;
    }
    m_layers.clear();
    m_composite = QImage();
    m_compositeItem->setPixmap(QPixmap());
    const bool sizeChanged = frame.size() != m_frame.size();
    m_frame = frame;
    m_frameItem->setPixmap(QPixmap::fromImage(frame));
    int z = 1;
    for (const LayerSpec &spec : layers) {
        auto *layer = new MaskLayer(spec.structureId, spec.name, spec.color);
        layer->setFillOpacity(m_opacity);
        layer->setOutlineOnly(m_outlineOnly);
        layer->setMask(spec.mask);
        layer->setZValue(z++);
        m_scene->addItem(layer);
        m_layers.push_back(layer);
    }
    m_scene->setSceneRect(QRectF(QPointF(0, 0), QSizeF(frame.size())));
    m_pins->setPins(m_scene->sceneRect(), {});
    updateVisibility();
    if (m_fit || sizeChanged)
        fitToWindow();
}

void FrameView::clear()
{
    setFrame(QImage(), {});
}

MaskLayer *FrameView::layer(qint64 structureId) const
{
    for (MaskLayer *l : m_layers)
        if (l->structureId() == structureId)
            return l;
    return nullptr;
}

MaskLayer *FrameView::ensureLayer(qint64 structureId, const QString &name, const QColor &color, int z)
{
    if (MaskLayer *existing = layer(structureId))
        return existing;
    if (m_frame.isNull())
        return nullptr;
    auto *l = new MaskLayer(structureId, name, color);
    l->setFillOpacity(m_opacity);
    l->setOutlineOnly(m_outlineOnly);
    QImage empty(m_frame.size(), QImage::Format_Grayscale8);
    empty.fill(0);
    l->setMask(empty);
    l->setZValue(z);
    m_scene->addItem(l);
    m_layers.push_back(l);
    updateVisibility();
    return l;
}

void FrameView::setOutlineOnly(bool on)
{
    m_outlineOnly = on;
    for (MaskLayer *l : m_layers)
        l->setOutlineOnly(on);
}

void FrameView::setToolHandler(CanvasToolHandler *handler)
{
    m_tool = handler;
    m_toolDown = false;
    updateDragMode();
    viewport()->update();
}

void FrameView::updateDragMode()
{
    // Without a tool the left button pans (QGraphicsView's hand drag); with a
    // tool, panning is ours (middle button / space) so the left button stays free.
    setDragMode(m_tool ? QGraphicsView::NoDrag : QGraphicsView::ScrollHandDrag);
    viewport()->setCursor(m_spaceHeld || !m_tool ? Qt::OpenHandCursor : Qt::CrossCursor);
}

std::vector<MaskLayer *> FrameView::layers() const
{
    return m_layers;
}

void FrameView::setLayerVisible(qint64 structureId, bool visible)
{
    m_visible[structureId] = visible;
    updateVisibility();
}

bool FrameView::isLayerVisible(qint64 structureId) const
{
    const auto it = m_visible.find(structureId);
    return it == m_visible.end() || it->second;
}

void FrameView::setLayerOpacity(qreal opacity)
{
    m_opacity = opacity;
    for (MaskLayer *l : m_layers)
        l->setFillOpacity(opacity);
}

void FrameView::setCompositeImage(const QImage &composite)
{
    m_composite = composite;
    m_compositeItem->setPixmap(composite.isNull() ? QPixmap() : QPixmap::fromImage(composite));
    updateVisibility();
}

void FrameView::updateVisibility()
{
    const bool composite = !m_composite.isNull();
    m_compositeItem->setVisible(composite);
    for (MaskLayer *l : m_layers)
        l->setVisible(!composite && isLayerVisible(l->structureId()));
    m_pins->setVisible(!composite);
}

double FrameView::zoom() const
{
    return transform().m11();
}

void FrameView::fitToWindow()
{
    m_fit = true;
    if (m_frame.isNull())
        return;
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    Q_EMIT zoomChanged(zoom());
}

void FrameView::zoomIn()
{
    zoomBy(kStep);
}

void FrameView::zoomOut()
{
    zoomBy(1.0 / kStep);
}

void FrameView::actualSize()
{
    m_fit = false;
    setTransform(QTransform());
    Q_EMIT zoomChanged(zoom());
}

void FrameView::zoomBy(double factor)
{
    if (m_frame.isNull())
        return;
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    factor = target / zoom();
    if (std::abs(factor - 1.0) < 1e-9)
        return;
    m_fit = false;
    scale(factor, factor);
    Q_EMIT zoomChanged(zoom());
}

void FrameView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    // AnchorUnderMouse keeps the pixel under the cursor in place.
    zoomBy(std::pow(kStep, delta / 120.0));
    event->accept();
}

void FrameView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fit)
        fitToWindow();
}

void FrameView::mousePressEvent(QMouseEvent *event)
{
    const bool panButton = event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld);
    if (m_tool && panButton) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && !m_spaceHeld && !showsComposite() && (!m_tool || m_tool->clicksSelectPins())) {
        if (const qint64 issueId = m_pins->pinAt(mapToScene(event->position().toPoint()), zoom())) {
            Q_EMIT pinClicked(issueId);
            event->accept();
            return;
        }
    }
    if (m_tool && event->button() == Qt::LeftButton && !m_frame.isNull() && !showsComposite()) {
        m_toolDown = true;
        m_tool->toolPress(mapToScene(event->position().toPoint()), event->modifiers());
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void FrameView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint d = event->position().toPoint() - m_panLast;
        m_panLast = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        m_fit = false;
        event->accept();
        return;
    }
    if (!m_tool)
        QGraphicsView::mouseMoveEvent(event);
    const QPointF p = mapToScene(event->position().toPoint());
    m_cursor = p;
    if (m_tool) {
        if (m_toolDown)
            m_tool->toolMove(p);
        refreshToolOverlay();
    }
    const QPoint px(int(std::floor(p.x())), int(std::floor(p.y())));
    Q_EMIT cursorPixelChanged(px, !m_frame.isNull() && QRect(QPoint(0, 0), m_frame.size()).contains(px));
}

void FrameView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        updateDragMode();
        event->accept();
        return;
    }
    if (m_toolDown && event->button() == Qt::LeftButton) {
        m_toolDown = false;
        m_tool->toolRelease(mapToScene(event->position().toPoint()));
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void FrameView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (m_tool && event->button() == Qt::LeftButton && !m_frame.isNull()) {
        m_tool->toolDoubleClick(mapToScene(event->position().toPoint()));
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void FrameView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        updateDragMode();
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void FrameView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        updateDragMode();
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void FrameView::refreshToolOverlay()
{
    if (!m_tool)
        return;
    const QRectF bounds = m_tool->toolOverlayBounds(m_cursor, zoom());
    const QRect now = bounds.isEmpty() ? QRect() : mapFromScene(bounds).boundingRect().adjusted(-3, -3, 3, 3);
    viewport()->update(m_overlayRect);
    viewport()->update(now);
    m_overlayRect = now;
}

void FrameView::leaveEvent(QEvent *event)
{
    m_cursor = QPointF(-1, -1);
    refreshToolOverlay();
    QGraphicsView::leaveEvent(event);
}

void FrameView::drawForeground(QPainter *painter, const QRectF &)
{
    if (m_tool && !m_frame.isNull() && !showsComposite())
        m_tool->paintToolOverlay(painter, m_cursor, zoom());
}

void FrameView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, QColor(0x17, 0x19, 0x1c));
}

} // namespace sd::ui
