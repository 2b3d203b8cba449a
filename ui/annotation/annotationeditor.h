// The annotation tools on the canvas: brush, eraser, polygon, magic wand and smart select,
// and the reviewers' "pin issue" (a click pins a point, a drag a rectangle; it edits no
// mask, so it works on a read-only frame too, and only announces the place: pinPlaced()),
// plus whole-layer operations (fill holes, remove small islands, replace with
// an older version). Every edit goes through a per-frame QUndoStack (kept in a
// QUndoGroup, so a frame's history survives switching to another frame and
// back) and is announced with maskEdited() for the autosaver.
//
// Edits target the current structure's layer, which is created (empty) when
// the frame has no mask of that structure yet. The pixel work itself is
// core/masktools.h; this class only routes mouse gestures and undo patches.
#pragma once

#include "frameview.h"

#include "entities.h"

#include <QColor>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <map>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

class QUndoGroup;
class QUndoStack;

namespace sd {
class MaskProposer;
}

namespace sd::ui {

class MaskLayer;
class SmartSelect;

class AnnotationEditor : public QObject, public CanvasToolHandler {
    Q_OBJECT
public:
    enum class Tool { Pan, Brush, Eraser, Polygon, MagicWand, SmartSelect, PinIssue };
    struct StructureInfo {
        qint64 id = 0;
        QString name;
        QColor color;
        QString key; // the store's structure key, for the smart-select back-end
    };

    explicit AnnotationEditor(FrameView *view, QObject *parent = nullptr);
    ~AnnotationEditor() override;

    void setStructures(const std::vector<StructureInfo> &structures);
    // Call after the view shows the frame and its layers; frameBgr (CV_8UC3) feeds the magic wand.
    void setFrame(qint64 frameId, const cv::Mat &frameBgr);
    qint64 frameId() const { return m_frameId; }
    void clearHistory(); // a different project: no stack may point at the old frames

    Tool tool() const { return m_tool; }
    void setTool(Tool tool);
    int brushRadius() const { return m_radius; }
    void setBrushRadius(int radius);      // clamped to [1, 300]
    int wandTolerance() const { return m_tolerance; }
    void setWandTolerance(int tolerance); // [0, 255]
    qint64 currentStructure() const { return m_structure; }
    void setCurrentStructure(qint64 structureId);
    bool isReadOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly);

    QUndoGroup *undoGroup() const { return m_group; }
    QUndoStack *undoStack(qint64 frameId); // created on first use

    // Undoable whole-layer operations on the current structure; false when nothing changed.
    bool fillHoles();
    bool removeSmallIslands(int minArea);
    // Replaces a structure's mask (e.g. with an older version), undoably.
    bool replaceMask(qint64 structureId, const QImage &mask, const QString &text);

    // Polygon tool: points placed so far; close fills, cancel drops them.
    const std::vector<QPointF> &polygonPoints() const { return m_polygon; }
    bool closePolygon();
    void cancelPolygon();

    // Smart select: the prompt and its live proposal. Accepting adds the proposal to the
    // current structure's layer as one undoable edit whose origin is {Assisted, proposer};
    // discarding drops prompt and proposal. The proposer is GrabCut unless set (e.g. the
    // project's segmentation model; nullptr: back to GrabCut).
    SmartSelect *smartSelect() const { return m_smart; }
    void setMaskProposer(std::shared_ptr<MaskProposer> proposer);
    bool acceptProposal();
    void discardProposal();
    // Enter and Esc: close / cancel the polygon, or accept / discard the smart selection.
    bool confirmTool();
    void cancelTool();

    // Used by MaskEditCommand: writes `patch` at rect into the structure's layer.
    void applyPatch(qint64 frameId, qint64 structureId, const QRect &rect, const QImage &patch,
                    const MaskOrigin &origin = {});

    // CanvasToolHandler
    void toolPress(const QPointF &pos, Qt::KeyboardModifiers modifiers) override;
    void toolMove(const QPointF &pos) override;
    void toolRelease(const QPointF &pos) override;
    void toolDoubleClick(const QPointF &pos) override;
    void paintToolOverlay(QPainter *painter, const QPointF &cursor, double zoom) override;
    QRectF toolOverlayBounds(const QPointF &cursor, double zoom) const override;
    bool clicksSelectPins() const override { return m_tool == Tool::PinIssue; }

Q_SIGNALS:
    // origin: who made the layer's new state (Manual for strokes, undo; Assisted for a smart selection).
    void maskEdited(qint64 frameId, qint64 structureId, const sd::MaskOrigin &origin);
    void toolChanged(sd::ui::AnnotationEditor::Tool tool);
    void brushRadiusChanged(int radius);
    void message(const QString &text); // why an edit was not possible
    // The pin-issue tool placed a pin: a point (empty size) or a rectangle, in frame pixels.
    void pinPlaced(qint64 frameId, const QRectF &area);

private:
    MaskLayer *targetLayer(qint64 structureId);
    // Runs op on the layer's mask (as a cv::Mat view of its pixels) and records the change.
    template <typename Op>
    bool editLayer(MaskLayer *layer, const QString &text, Op op, const MaskOrigin &origin = {});
    void pushEdit(MaskLayer *layer, const QRect &rect, const QImage &before, const QString &text,
                  const MaskOrigin &origin = {});
    QString structureKey(qint64 structureId) const;
    void finishStroke();
    void placePin(const QPointF &releasePos);
    QRectF pinDragRect() const; // the rectangle being dragged, clamped to the frame

    QPointer<FrameView> m_view; // may be destroyed first when both belong to one window
    QUndoGroup *m_group;
    std::map<qint64, QUndoStack *> m_stacks;
    std::vector<StructureInfo> m_structures;
    qint64 m_frameId = 0;
    cv::Mat m_frameBgr;
    Tool m_tool = Tool::Pan;
    int m_radius = 12;
    int m_tolerance = 20;
    qint64 m_structure = 0;
    bool m_readOnly = false;

    // The brush stroke in progress.
    MaskLayer *m_strokeLayer = nullptr;
    QImage m_strokeBefore;
    QRect m_strokeRect;
    QPointF m_strokeLast;
    bool m_strokeErase = false;

    std::vector<QPointF> m_polygon;
    bool m_polygonErase = false;

    SmartSelect *m_smart;

    // The pin-issue gesture in progress.
    bool m_pinDown = false;
    QPointF m_pinStart;
    QPointF m_pinCurrent;
};

} // namespace sd::ui
