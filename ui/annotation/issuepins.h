// The review issues of the shown frame, pinned over its mask layers: a numbered marker on
// each point, a rectangle with the marker on its corner for an area. Open issues are in a
// strong red, resolved ones grey and dashed; the selected one gets a white halo. Markers
// and lines keep their size on screen whatever the zoom.
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QRectF>
#include <vector>

namespace sd::ui {

struct IssuePin {
    qint64 issueId = 0;
    int number = 0;   // as the Issues panel numbers the frame's issues
    QRectF area;      // frame pixels; an empty size is a point at its top-left corner
    bool open = true;
};

class IssuePins : public QGraphicsItem {
public:
    explicit IssuePins(QGraphicsItem *parent = nullptr);

    // frame: the frame's rectangle, which the pins never leave (they are painted within a margin of it).
    void setPins(const QRectF &frame, const std::vector<IssuePin> &pins);
    const std::vector<IssuePin> &pins() const { return m_pins; }
    void setHighlighted(qint64 issueId);
    qint64 highlighted() const { return m_highlighted; }

    // The issue whose marker is under pos (frame pixels) at this zoom; 0 for none.
    qint64 pinAt(const QPointF &pos, double zoom) const;

    static QColor openColor();
    static QColor resolvedColor();

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void paintPin(QPainter *painter, const IssuePin &pin, double zoom) const;

    QRectF m_frame;
    std::vector<IssuePin> m_pins;
    qint64 m_highlighted = 0;
};

} // namespace sd::ui
