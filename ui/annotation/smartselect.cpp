#include "smartselect.h"

#include "assist/grabcutproposer.h"

#include <QLineF>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace sd::ui {

namespace {

constexpr double kDragThresholdPx = 4.0; // view pixels: a smaller movement is a click
constexpr int kDebounceMs = 120;

QPoint pixel(const QPointF &p)
{
    return QPoint(int(std::floor(p.x())), int(std::floor(p.y())));
}

QRect boxOf(const QPointF &a, const QPointF &b)
{
    return QRect(pixel(a), pixel(b)).normalized();
}

QPainterPath outlineOf(const cv::Mat &mask)
{
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    QPainterPath path;
    for (const auto &c : contours) {
        if (c.empty())
            continue;
        path.moveTo(c.front().x + 0.5, c.front().y + 0.5);
        for (size_t i = 1; i < c.size(); ++i)
            path.lineTo(c[i].x + 0.5, c[i].y + 0.5);
        path.closeSubpath();
    }
    return path;
}

} // namespace

SmartSelect::SmartSelect(QObject *parent)
    : QObject(parent), m_proposer(std::make_shared<GrabCutProposer>())
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &SmartSelect::request);
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &SmartSelect::finished);
}

SmartSelect::~SmartSelect()
{
    m_watcher.waitForFinished(); // the worker reads m_frame's pixels
}

void SmartSelect::setProposer(std::shared_ptr<MaskProposer> proposer)
{
    m_proposer = proposer ? std::move(proposer) : std::make_shared<GrabCutProposer>();
    if (hasPrompt())
        request();
}

void SmartSelect::setFrame(const cv::Mat &frameBgr)
{
    m_frame = frameBgr;
    reset();
}

void SmartSelect::setStructureKey(const QString &key)
{
    if (key == m_structureKey)
        return;
    m_structureKey = key;
    reset();
}

void SmartSelect::reset()
{
    m_debounce.stop();
    ++m_generation; // a proposal still being computed is for the old prompt
    m_pending = false;
    m_prompt = {};
    m_proposal = QImage();
    m_outline = QPainterPath();
    m_down = m_dragging = false;
    Q_EMIT changed();
}

void SmartSelect::press(const QPointF &pos, Qt::KeyboardModifiers modifiers, double zoom)
{
    m_down = true;
    m_dragging = false;
    m_pressPos = m_dragPos = pos;
    m_pressModifiers = modifiers;
    m_pressZoom = std::max(zoom, 1e-6);
}

void SmartSelect::move(const QPointF &pos)
{
    if (!m_down)
        return;
    if (!m_dragging && QLineF(pos, m_pressPos).length() * m_pressZoom < kDragThresholdPx)
        return;
    if (!m_dragging) {
        // A new box is a new prompt: the clicks belonged to the old one.
        m_dragging = true;
        m_prompt = {};
    }
    m_dragPos = pos;
    m_prompt.box = boxOf(m_pressPos, m_dragPos);
    m_debounce.start();
    Q_EMIT changed();
}

void SmartSelect::release(const QPointF &pos)
{
    if (!m_down)
        return;
    move(pos);
    m_down = false;
    if (m_dragging) {
        m_dragging = false;
        m_prompt.box = boxOf(m_pressPos, pos);
    } else {
        (m_pressModifiers & Qt::ShiftModifier ? m_prompt.outside : m_prompt.inside).push_back(pixel(m_pressPos));
    }
    m_debounce.stop();
    request();
    Q_EMIT changed();
}

void SmartSelect::request()
{
    if (m_frame.empty() || m_prompt.isEmpty())
        return;
    ++m_generation;
    m_pending = true;
    if (!m_watcher.isRunning())
        startNext();
}

void SmartSelect::startNext()
{
    m_pending = false;
    // The worker gets its own copies: the prompt changes and the proposer may be swapped meanwhile.
    const cv::Mat frame = m_frame;
    const MaskPrompt prompt = m_prompt;
    const QString key = m_structureKey;
    const std::shared_ptr<MaskProposer> proposer = m_proposer;
    const quint64 generation = m_generation;
    m_watcher.setFuture(QtConcurrent::run([frame, prompt, key, proposer, generation] {
        Result r;
        r.generation = generation;
        try {
            r.mask = proposer->propose(frame, prompt, key);
        } catch (const std::exception &e) {
            r.error = QString::fromUtf8(e.what());
        }
        return r;
    }));
}

void SmartSelect::finished()
{
    const Result r = m_watcher.result();
    if (m_pending) {
        startNext(); // a newer prompt is waiting; this result is already out of date
        return;
    }
    if (r.generation != m_generation)
        return; // reset() since: the result belongs to a prompt nobody sees any more
    if (!r.error.isEmpty()) {
        m_proposal = QImage();
        m_outline = QPainterPath();
        Q_EMIT message(r.error);
    } else {
        m_proposal = QImage(r.mask.data, r.mask.cols, r.mask.rows, int(r.mask.step), QImage::Format_Grayscale8).copy();
        m_outline = outlineOf(r.mask);
        if (m_outline.isEmpty())
            Q_EMIT message(tr("The proposal is empty; click inside the structure or draw a larger box."));
    }
    Q_EMIT changed();
    Q_EMIT proposalReady();
}

void SmartSelect::paint(QPainter *painter, double zoom) const
{
    painter->save();
    QPen pen(QColor(255, 255, 255, 230));
    pen.setCosmetic(true);
    pen.setWidthF(1.5);
    pen.setStyle(Qt::DashLine);
    painter->setBrush(Qt::NoBrush);
    if (!m_prompt.box.isNull()) {
        painter->setPen(pen);
        painter->drawRect(QRectF(m_prompt.box));
    }
    if (!m_outline.isEmpty()) {
        // The proposal: a dark halo under a bright line reads on pale fat and dark tissue alike.
        QPen halo(QColor(0, 0, 0, 200));
        halo.setCosmetic(true);
        halo.setWidthF(4);
        painter->setPen(halo);
        painter->drawPath(m_outline);
        QPen line(QColor(255, 230, 0));
        line.setCosmetic(true);
        line.setWidthF(2);
        painter->setPen(line);
        painter->drawPath(m_outline);
    }
    const double r = 4.0 / std::max(zoom, 1e-6);
    QPen dot(Qt::black);
    dot.setCosmetic(true);
    painter->setPen(dot);
    painter->setBrush(QColor(40, 220, 80));
    for (const QPoint &p : m_prompt.inside)
        painter->drawEllipse(QPointF(p) + QPointF(0.5, 0.5), r, r);
    painter->setBrush(QColor(240, 60, 60));
    for (const QPoint &p : m_prompt.outside)
        painter->drawEllipse(QPointF(p) + QPointF(0.5, 0.5), r, r);
    painter->restore();
}

QRectF SmartSelect::overlayBounds() const
{
    QRectF r = m_outline.boundingRect();
    if (!m_prompt.box.isNull())
        r |= QRectF(m_prompt.box);
    for (const QPoint &p : m_prompt.inside)
        r |= QRectF(p, QSizeF(1, 1));
    for (const QPoint &p : m_prompt.outside)
        r |= QRectF(p, QSizeF(1, 1));
    return r;
}

} // namespace sd::ui
