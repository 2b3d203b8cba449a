// The smart-select tool's state (#17): a person's box and clicks on the frame, turned into
// a proposed mask by a MaskProposer off the UI thread and shown as an outline. A drag sets
// the box (a new box starts a new prompt), a click adds an inside point, Shift+click an
// outside point. Prompts arriving while a proposal is computed are not queued: only the
// latest one is computed next, so the canvas never lags behind the mouse. The editor
// accepts the shown proposal into the layer (Enter) or discards it (Esc).
//
// The proposer is GrabCut unless setProposer() gives another one (the project's trained
// segmentation model); it runs on a worker thread, one call at a time.
#pragma once

#include "assist/maskproposer.h"

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QPainterPath>
#include <QPointF>
#include <QTimer>

#include <memory>

class QPainter;

namespace sd::ui {

class SmartSelect : public QObject {
    Q_OBJECT
public:
    explicit SmartSelect(QObject *parent = nullptr);
    ~SmartSelect() override;

    // nullptr: back to GrabCut.
    void setProposer(std::shared_ptr<MaskProposer> proposer);
    std::shared_ptr<MaskProposer> proposer() const { return m_proposer; }

    // A new frame or structure drops the prompt and the proposal.
    void setFrame(const cv::Mat &frameBgr);
    void setStructureKey(const QString &key);
    void reset();

    // Frame pixel coordinates; `zoom` (view pixels per frame pixel) tells a click from a drag.
    void press(const QPointF &pos, Qt::KeyboardModifiers modifiers, double zoom);
    void move(const QPointF &pos);
    void release(const QPointF &pos);

    const MaskPrompt &prompt() const { return m_prompt; }
    bool hasPrompt() const { return !m_prompt.isEmpty(); }
    bool isBusy() const { return m_watcher.isRunning(); }
    // The proposal for the latest prompt computed so far: Format_Grayscale8, 0/255; null if none.
    QImage proposal() const { return m_proposal; }
    bool hasProposal() const { return !m_proposal.isNull(); }

    void paint(QPainter *painter, double zoom) const;
    QRectF overlayBounds() const;

Q_SIGNALS:
    void changed();                   // the prompt or the proposal on screen changed
    void proposalReady();
    void message(const QString &text); // a refused prompt, a failed proposal

private:
    struct Result {
        cv::Mat mask;
        QString error;
        quint64 generation = 0;
    };
    void request();
    void startNext();
    void finished();

    std::shared_ptr<MaskProposer> m_proposer;
    cv::Mat m_frame;
    QString m_structureKey;
    MaskPrompt m_prompt;
    quint64 m_generation = 0;   // of the latest prompt
    bool m_pending = false;     // a prompt waits for the worker
    QFutureWatcher<Result> m_watcher;
    QTimer m_debounce;          // live proposals while the box is dragged
    QImage m_proposal;
    QPainterPath m_outline;

    bool m_down = false;
    bool m_dragging = false;
    QPointF m_pressPos;
    QPointF m_dragPos;
    Qt::KeyboardModifiers m_pressModifiers;
    double m_pressZoom = 1;
};

} // namespace sd::ui
