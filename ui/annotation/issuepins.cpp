#include "issuepins.h"

#include <QFont>
#include <QPainter>

#include <algorithm>

namespace sd::ui {

namespace {
constexpr double kMarkerRadiusPx = 11.0; // view pixels
constexpr double kMarginPx = 400.0;      // frame pixels around the frame where markers may still be painted
} // namespace

IssuePins::IssuePins(QGraphicsItem *parent) : QGraphicsItem(parent)
{
    setZValue(900); // above every mask layer, below the training composite
}

QColor IssuePins::openColor()
{
    return QColor(0xe0, 0x1b, 0x24);
}

QColor IssuePins::resolvedColor()
{
    return QColor(0x9a, 0x99, 0x96);
}

void IssuePins::setPins(const QRectF &frame, const std::vector<IssuePin> &pins)
{
    prepareGeometryChange();
    m_frame = frame;
    m_pins = pins;
    update();
}

void IssuePins::setHighlighted(qint64 issueId)
{
    m_highlighted = issueId;
    update();
}

qint64 IssuePins::pinAt(const QPointF &pos, double zoom) const
{
    const double r = (kMarkerRadiusPx + 2) / std::max(zoom, 1e-6);
    qint64 hit = 0; // the last one painted wins, as it is on top
    for (const IssuePin &p : m_pins) {
        const QPointF d = pos - p.area.topLeft();
        if (d.x() * d.x() + d.y() * d.y() <= r * r && (hit == 0 || p.open || p.issueId == m_highlighted))
            hit = p.issueId;
    }
    return hit;
}

QRectF IssuePins::boundingRect() const
{
    return m_pins.empty() ? QRectF() : m_frame.adjusted(-kMarginPx, -kMarginPx, kMarginPx, kMarginPx);
}

void IssuePins::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const double zoom = std::max(painter->worldTransform().m11(), 1e-6);
    // Resolved first, so an open issue's marker is on top where they overlap; the highlighted one last.
    std::vector<const IssuePin *> order;
    for (const IssuePin &p : m_pins)
        order.push_back(&p);
    std::stable_sort(order.begin(), order.end(), [this](const IssuePin *a, const IssuePin *b) {
        auto rank = [this](const IssuePin *p) { return p->issueId == m_highlighted ? 2 : p->open ? 1 : 0; };
        return rank(a) < rank(b);
    });
    for (const IssuePin *p : order)
        paintPin(painter, *p, zoom);
}

void IssuePins::paintPin(QPainter *painter, const IssuePin &pin, double zoom) const
{
    const QColor color = pin.open ? openColor() : resolvedColor();
    const bool highlighted = pin.issueId == m_highlighted;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool point = pin.area.width() <= 0 || pin.area.height() <= 0;
    if (!point) {
        QPen halo(QColor(255, 255, 255, highlighted ? 230 : 140));
        halo.setCosmetic(true);
        halo.setWidthF(highlighted ? 5 : 3.5);
        painter->setPen(halo);
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(pin.area);
        QPen line(color);
        line.setCosmetic(true);
        line.setWidthF(2);
        line.setStyle(pin.open ? Qt::SolidLine : Qt::DashLine);
        painter->setPen(line);
        QColor fill = color;
        fill.setAlpha(pin.open ? 40 : 20);
        painter->setBrush(fill);
        painter->drawRect(pin.area);
    }
    // The marker, in view pixels: a numbered disc, centred on the point or on the rectangle's corner.
    painter->translate(pin.area.topLeft());
    painter->scale(1.0 / zoom, 1.0 / zoom);
    const double r = highlighted ? kMarkerRadiusPx + 3 : kMarkerRadiusPx;
    if (highlighted) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(255, 255, 255, 110));
        painter->drawEllipse(QPointF(0, 0), r + 6, r + 6);
    }
    QPen rim(Qt::white);
    rim.setWidthF(highlighted ? 3 : 2);
    painter->setPen(rim);
    painter->setBrush(color);
    painter->drawEllipse(QPointF(0, 0), r, r);
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(int(r * 1.1));
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt::AlignCenter, QString::number(pin.number));
    painter->restore();
}

} // namespace sd::ui
