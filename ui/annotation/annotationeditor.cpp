#include "annotationeditor.h"

#include "maskeditcommand.h"
#include "masklayer.h"
#include "masktools.h"
#include "smartselect.h"
#include "widgets/imageconvert.h"

#include <QLineF>
#include <QPainter>
#include <QPainterPath>
#include <QUndoGroup>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace sd::ui {

namespace {

// A cv::Mat sharing the pixels of a Grayscale8 QImage (detaches the QImage first).
cv::Mat matView(QImage &img)
{
    return cv::Mat(img.height(), img.width(), CV_8UC1, img.bits(), size_t(img.bytesPerLine()));
}

QRect toQRect(const cv::Rect &r)
{
    return QRect(r.x, r.y, r.width, r.height);
}

cv::Point2f toCv(const QPointF &p)
{
    return cv::Point2f(float(p.x()), float(p.y()));
}

constexpr double kCloseDistancePx = 8.0; // view pixels: a click this close to the first point closes the polygon
constexpr double kPinDragPx = 4.0;        // view pixels: a shorter pin-issue drag is a click (a point)

} // namespace

AnnotationEditor::AnnotationEditor(FrameView *view, QObject *parent)
    : QObject(parent), m_view(view), m_group(new QUndoGroup(this)), m_smart(new SmartSelect(this))
{
    connect(m_smart, &SmartSelect::changed, this, [this] {
        if (m_view)
            m_view->refreshToolOverlay();
    });
    connect(m_smart, &SmartSelect::message, this, &AnnotationEditor::message);
}

AnnotationEditor::~AnnotationEditor()
{
    if (m_view && m_view->toolHandler() == this)
        m_view->setToolHandler(nullptr);
}

void AnnotationEditor::setStructures(const std::vector<StructureInfo> &structures)
{
    m_structures = structures;
    m_smart->setStructureKey(structureKey(m_structure));
}

void AnnotationEditor::setFrame(qint64 frameId, const cv::Mat &frameBgr)
{
    finishStroke();
    m_polygon.clear();
    m_frameId = frameId;
    m_frameBgr = frameBgr;
    m_smart->setFrame(frameBgr);
    m_group->setActiveStack(frameId ? undoStack(frameId) : nullptr);
}

void AnnotationEditor::clearHistory()
{
    m_group->setActiveStack(nullptr);
    for (auto &[id, stack] : m_stacks)
        delete stack;
    m_stacks.clear();
    m_frameId = 0;
    m_frameBgr = cv::Mat();
    m_smart->setFrame(cv::Mat());
}

QUndoStack *AnnotationEditor::undoStack(qint64 frameId)
{
    QUndoStack *&stack = m_stacks[frameId];
    if (!stack) {
        stack = new QUndoStack(this);
        m_group->addStack(stack);
    }
    return stack;
}

void AnnotationEditor::setTool(Tool tool)
{
    if (tool == m_tool)
        return;
    finishStroke();
    m_polygon.clear();
    m_smart->reset();
    m_pinDown = false;
    m_tool = tool;
    m_view->setToolHandler(tool == Tool::Pan ? nullptr : this);
    Q_EMIT toolChanged(tool);
}

void AnnotationEditor::setBrushRadius(int radius)
{
    radius = std::clamp(radius, 1, 300);
    if (radius == m_radius)
        return;
    m_radius = radius;
    m_view->refreshToolOverlay();
    Q_EMIT brushRadiusChanged(radius);
}

void AnnotationEditor::setWandTolerance(int tolerance)
{
    m_tolerance = std::clamp(tolerance, 0, 255);
}

void AnnotationEditor::setCurrentStructure(qint64 structureId)
{
    if (structureId == m_structure)
        return;
    finishStroke();
    m_polygon.clear();
    m_structure = structureId;
    m_smart->setStructureKey(structureKey(structureId));
    m_smart->reset();
}

QString AnnotationEditor::structureKey(qint64 structureId) const
{
    for (const StructureInfo &s : m_structures)
        if (s.id == structureId)
            return s.key;
    return {};
}

void AnnotationEditor::setReadOnly(bool readOnly)
{
    finishStroke();
    m_polygon.clear();
    m_smart->reset();
    m_readOnly = readOnly;
}

MaskLayer *AnnotationEditor::targetLayer(qint64 structureId)
{
    if (m_readOnly || !m_view->hasFrame() || m_frameId == 0)
        return nullptr;
    if (structureId == 0) {
        Q_EMIT message(tr("Choose a structure to draw (keys 1–9)."));
        return nullptr;
    }
    for (size_t i = 0; i < m_structures.size(); ++i)
        if (m_structures[i].id == structureId)
            return m_view->ensureLayer(structureId, m_structures[i].name, m_structures[i].color, int(i) + 1);
    return m_view->layer(structureId);
}

void AnnotationEditor::pushEdit(MaskLayer *layer, const QRect &rect, const QImage &before, const QString &text,
                                const MaskOrigin &origin)
{
    QImage &mask = layer->editableMask();
    undoStack(m_frameId)->push(new MaskEditCommand(this, m_frameId, layer->structureId(), rect, before.copy(rect),
                                                   mask.copy(rect), text, origin));
    Q_EMIT maskEdited(m_frameId, layer->structureId(), origin);
}

template <typename Op>
bool AnnotationEditor::editLayer(MaskLayer *layer, const QString &text, Op op, const MaskOrigin &origin)
{
    if (!layer)
        return false;
    const QImage before = layer->mask().copy();
    cv::Mat view = matView(layer->editableMask());
    const QRect changed = toQRect(op(view));
    if (changed.isEmpty())
        return false;
    layer->maskChanged(changed);
    pushEdit(layer, changed, before, text, origin);
    return true;
}

bool AnnotationEditor::fillHoles()
{
    return editLayer(targetLayer(m_structure), tr("Fill holes"), [](cv::Mat &m) { return masktools::fillHoles(m); });
}

bool AnnotationEditor::removeSmallIslands(int minArea)
{
    return editLayer(targetLayer(m_structure), tr("Remove small islands"),
                     [minArea](cv::Mat &m) { return masktools::removeSmallIslands(m, minArea); });
}

bool AnnotationEditor::replaceMask(qint64 structureId, const QImage &mask, const QString &text)
{
    MaskLayer *layer = targetLayer(structureId);
    if (!layer || mask.size() != layer->mask().size())
        return false;
    const QImage replacement = mask.convertToFormat(QImage::Format_Grayscale8);
    return editLayer(layer, text, [&](cv::Mat &m) {
        cv::Rect changed;
        for (int y = 0; y < m.rows; ++y) {
            const uchar *src = replacement.constScanLine(y);
            uchar *dst = m.ptr<uchar>(y);
            for (int x = 0; x < m.cols; ++x) {
                const uchar v = src[x] ? 255 : 0;
                if (dst[x] != v) {
                    dst[x] = v;
                    changed |= cv::Rect(x, y, 1, 1);
                }
            }
        }
        return changed;
    });
}

bool AnnotationEditor::closePolygon()
{
    if (m_polygon.size() < 3) {
        m_polygon.clear();
        m_view->refreshToolOverlay();
        return false;
    }
    std::vector<cv::Point> pts;
    for (const QPointF &p : m_polygon)
        pts.emplace_back(int(std::floor(p.x())), int(std::floor(p.y())));
    const bool erase = m_polygonErase;
    m_polygon.clear();
    const bool done = editLayer(targetLayer(m_structure), erase ? tr("Erase polygon") : tr("Polygon"),
                                [&](cv::Mat &m) { return masktools::fillPolygon(m, pts, erase); });
    m_view->refreshToolOverlay();
    return done;
}

void AnnotationEditor::cancelPolygon()
{
    m_polygon.clear();
    m_view->refreshToolOverlay();
}

void AnnotationEditor::setMaskProposer(std::shared_ptr<MaskProposer> proposer)
{
    m_smart->setProposer(std::move(proposer));
}

bool AnnotationEditor::acceptProposal()
{
    if (!m_smart->hasProposal()) {
        Q_EMIT message(m_smart->hasPrompt() ? tr("The proposal is not ready yet.")
                                            : tr("Drag a box around the structure or click inside it first."));
        return false;
    }
    const cv::Mat region = qImageToMask(m_smart->proposal());
    const MaskOrigin origin{MaskOriginKind::Assisted, m_smart->proposer()->name()};
    MaskLayer *layer = targetLayer(m_structure);
    if (!layer)
        return false;
    if (region.size() != cv::Size(layer->mask().width(), layer->mask().height())) {
        m_smart->reset();
        return false;
    }
    const bool done = editLayer(layer, tr("Smart select"),
                                [&](cv::Mat &m) { return masktools::applyRegion(m, region); }, origin);
    m_smart->reset();
    if (!done)
        Q_EMIT message(tr("The proposal is already part of the layer."));
    return done;
}

void AnnotationEditor::discardProposal()
{
    m_smart->reset();
}

bool AnnotationEditor::confirmTool()
{
    if (m_tool == Tool::SmartSelect)
        return acceptProposal();
    return closePolygon();
}

void AnnotationEditor::cancelTool()
{
    if (m_tool == Tool::SmartSelect)
        discardProposal();
    else
        cancelPolygon();
}

void AnnotationEditor::applyPatch(qint64 frameId, qint64 structureId, const QRect &rect, const QImage &patch,
                                  const MaskOrigin &origin)
{
    if (frameId != m_frameId)
        return; // only the shown frame's stack is active, so this does not happen
    MaskLayer *layer = nullptr;
    for (size_t i = 0; i < m_structures.size() && !layer; ++i)
        if (m_structures[i].id == structureId)
            layer = m_view->ensureLayer(structureId, m_structures[i].name, m_structures[i].color, int(i) + 1);
    if (!layer)
        layer = m_view->layer(structureId);
    if (!layer)
        return;
    QImage &mask = layer->editableMask();
    for (int y = 0; y < rect.height(); ++y)
        std::memcpy(mask.scanLine(rect.y() + y) + rect.x(), patch.constScanLine(y), size_t(rect.width()));
    layer->maskChanged(rect);
    Q_EMIT maskEdited(frameId, structureId, origin);
}

// ---------------------------------------------------------------- mouse gestures

void AnnotationEditor::toolPress(const QPointF &pos, Qt::KeyboardModifiers modifiers)
{
    const bool subtract = modifiers & Qt::ShiftModifier; // Shift: polygon and wand remove instead of add
    switch (m_tool) {
    case Tool::Pan:
        return;
    case Tool::Brush:
    case Tool::Eraser: {
        finishStroke();
        MaskLayer *layer = targetLayer(m_structure);
        if (!layer)
            return;
        m_strokeLayer = layer;
        m_strokeBefore = layer->mask().copy();
        m_strokeErase = m_tool == Tool::Eraser;
        m_strokeRect = QRect();
        m_strokeLast = pos;
        toolMove(pos);
        return;
    }
    case Tool::Polygon: {
        if (m_polygon.empty())
            m_polygonErase = subtract;
        const double closeDist = kCloseDistancePx / std::max(m_view->zoom(), 1e-6);
        if (m_polygon.size() >= 3 && QLineF(pos, m_polygon.front()).length() <= closeDist) {
            closePolygon();
            return;
        }
        m_polygon.push_back(pos);
        m_view->refreshToolOverlay();
        return;
    }
    case Tool::SmartSelect:
        if (!m_readOnly && m_view->hasFrame() && m_frameId != 0)
            m_smart->press(pos, modifiers, m_view->zoom());
        return;
    case Tool::PinIssue:
        if (m_view->hasFrame() && m_frameId != 0) {
            m_pinDown = true;
            m_pinStart = m_pinCurrent = pos;
        }
        return;
    case Tool::MagicWand: {
        const cv::Point seed(int(std::floor(pos.x())), int(std::floor(pos.y())));
        if (m_frameBgr.empty())
            return;
        const cv::Mat region = masktools::magicWandRegion(m_frameBgr, seed, m_tolerance);
        if (region.empty())
            return;
        editLayer(targetLayer(m_structure), subtract ? tr("Magic wand (remove)") : tr("Magic wand"),
                  [&](cv::Mat &m) { return masktools::applyRegion(m, region, subtract); });
        return;
    }
    }
}

void AnnotationEditor::toolMove(const QPointF &pos)
{
    if (m_tool == Tool::SmartSelect)
        m_smart->move(pos);
    if (m_pinDown) {
        m_pinCurrent = pos;
        m_view->refreshToolOverlay();
    }
    if (!m_strokeLayer)
        return;
    QImage &mask = m_strokeLayer->editableMask();
    cv::Mat view = matView(mask);
    const QRect r = toQRect(masktools::paintSegment(view, toCv(m_strokeLast), toCv(pos), m_radius, m_strokeErase));
    m_strokeLast = pos;
    if (r.isEmpty())
        return;
    m_strokeRect |= r;
    m_strokeLayer->maskChanged(r);
}

void AnnotationEditor::toolRelease(const QPointF &pos)
{
    if (m_tool == Tool::SmartSelect)
        m_smart->release(pos);
    if (m_pinDown)
        placePin(pos);
    if (!m_strokeLayer)
        return;
    toolMove(pos);
    finishStroke();
}

void AnnotationEditor::toolDoubleClick(const QPointF &)
{
    if (m_tool == Tool::Polygon)
        closePolygon();
}

void AnnotationEditor::finishStroke()
{
    MaskLayer *layer = std::exchange(m_strokeLayer, nullptr);
    if (!layer || m_strokeRect.isEmpty())
        return;
    // Only record a command when pixels actually changed.
    const QImage &mask = layer->mask();
    bool changed = false;
    for (int y = m_strokeRect.top(); y <= m_strokeRect.bottom() && !changed; ++y)
        changed = std::memcmp(mask.constScanLine(y) + m_strokeRect.x(), m_strokeBefore.constScanLine(y) + m_strokeRect.x(),
                              size_t(m_strokeRect.width())) != 0;
    if (changed)
        pushEdit(layer, m_strokeRect, m_strokeBefore, m_strokeErase ? tr("Erase") : tr("Brush stroke"));
    m_strokeBefore = QImage();
}

QRectF AnnotationEditor::pinDragRect() const
{
    const QRectF frame(QPointF(0, 0), QSizeF(m_view->frame().size()));
    return QRectF(m_pinStart, m_pinCurrent).normalized().intersected(frame);
}

void AnnotationEditor::placePin(const QPointF &releasePos)
{
    m_pinDown = false;
    m_pinCurrent = releasePos;
    m_view->refreshToolOverlay();
    const double threshold = kPinDragPx / std::max(m_view->zoom(), 1e-6);
    QRectF area;
    if (QLineF(m_pinStart, releasePos).length() < threshold) {
        const QSizeF size = m_view->frame().size();
        area = QRectF(QPointF(std::clamp(m_pinStart.x(), 0.0, size.width()), std::clamp(m_pinStart.y(), 0.0, size.height())),
                      QSizeF(0, 0));
    } else {
        area = pinDragRect();
        if (area.isEmpty())
            return; // dragged entirely outside the frame
    }
    Q_EMIT pinPlaced(m_frameId, area);
}

// ---------------------------------------------------------------- overlay

void AnnotationEditor::paintToolOverlay(QPainter *painter, const QPointF &cursor, double zoom)
{
    painter->save();
    QPen pen(QColor(255, 255, 255, 220));
    pen.setCosmetic(true);
    pen.setWidthF(1.5);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    if ((m_tool == Tool::Brush || m_tool == Tool::Eraser) && cursor.x() >= 0) {
        if (m_tool == Tool::Eraser)
            pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->drawEllipse(cursor, m_radius + 0.5, m_radius + 0.5);
    } else if (m_tool == Tool::Polygon && !m_polygon.empty()) {
        QPainterPath path(m_polygon.front());
        for (size_t i = 1; i < m_polygon.size(); ++i)
            path.lineTo(m_polygon[i]);
        if (cursor.x() >= 0)
            path.lineTo(cursor);
        painter->drawPath(path);
        const double r = 3.0 / std::max(zoom, 1e-6);
        painter->setBrush(QColor(255, 255, 255));
        for (const QPointF &p : m_polygon)
            painter->drawEllipse(p, r, r);
    } else if (m_tool == Tool::SmartSelect) {
        m_smart->paint(painter, zoom);
    } else if (m_tool == Tool::PinIssue && m_pinDown) {
        pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->drawRect(pinDragRect());
    }
    painter->restore();
}

QRectF AnnotationEditor::toolOverlayBounds(const QPointF &cursor, double zoom) const
{
    const double pad = 4.0 / std::max(zoom, 1e-6);
    if ((m_tool == Tool::Brush || m_tool == Tool::Eraser) && cursor.x() >= 0)
        return QRectF(cursor.x() - m_radius - 1, cursor.y() - m_radius - 1, 2 * m_radius + 2, 2 * m_radius + 2)
            .adjusted(-pad, -pad, pad, pad);
    if (m_tool == Tool::Polygon && !m_polygon.empty()) {
        QRectF r(m_polygon.front(), QSizeF(0, 0));
        for (const QPointF &p : m_polygon)
            r |= QRectF(p, QSizeF(0, 0)).adjusted(-pad, -pad, pad, pad);
        if (cursor.x() >= 0)
            r |= QRectF(cursor, QSizeF(1, 1));
        return r.adjusted(-pad, -pad, pad, pad);
    }
    if (m_tool == Tool::PinIssue && m_pinDown) {
        const QRectF r(m_pinStart, m_pinCurrent);
        return r.normalized().adjusted(-pad, -pad, pad, pad);
    }
    if (m_tool == Tool::SmartSelect) {
        const QRectF r = m_smart->overlayBounds();
        const double dot = 8.0 / std::max(zoom, 1e-6); // click dots and the outline's halo
        return r.isNull() ? QRectF() : r.adjusted(-dot, -dot, dot, dot);
    }
    return {};
}

} // namespace sd::ui
