// Runs the local VLM off the UI thread: one conversation at a time on a worker
// thread, text pieces delivered to the UI thread as they are generated, stop()
// honoured between tokens. The loaded model is kept for the next request with
// the same folder (loading is the slow part).
#pragma once

#include "vlm_session.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace sd::ui {

class VlmWorker : public QObject {
    Q_OBJECT
public:
    explicit VlmWorker(QObject *parent = nullptr);
    ~VlmWorker() override; // stops and joins a running generation

    // Starts answering the last user turn; returns at once. False (and nothing
    // started) while a previous request is still running.
    bool start(const QString &modelDir, std::shared_ptr<const vlm::RgbImage> image,
               std::vector<vlm::ChatTurn> turns, const vlm::AskOptions &options);
    void stop();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void loading(const QString &modelDir);        // the model is being loaded (first request)
    void textReady(const QString &piece);
    // Generation ended (also after stop()); text is the whole answer.
    void finished(const QString &text, bool cancelled, const QString &modelDescription);
    void failed(const QString &message);

private:
    void run(QString modelDir, std::shared_ptr<const vlm::RgbImage> image, std::vector<vlm::ChatTurn> turns,
             vlm::AskOptions options);

    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_busy = false; // UI thread only
    // Touched only by the worker thread while m_busy (one request at a time).
    std::unique_ptr<vlm::VlmSession> m_session;
    QString m_sessionDir;
};

} // namespace sd::ui
