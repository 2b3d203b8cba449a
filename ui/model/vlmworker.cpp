#include "vlmworker.h"

#include <QMetaObject>

namespace sd::ui {

VlmWorker::VlmWorker(QObject *parent) : QObject(parent) {}

VlmWorker::~VlmWorker()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

bool VlmWorker::start(const QString &modelDir, std::shared_ptr<const vlm::RgbImage> image,
                      std::vector<vlm::ChatTurn> turns, const vlm::AskOptions &options)
{
    if (m_busy)
        return false;
    if (m_thread.joinable())
        m_thread.join(); // the previous request has finished (m_busy is false): joins at once
    m_busy = true;
    m_cancel = false;
    m_thread = std::thread(&VlmWorker::run, this, modelDir, std::move(image), std::move(turns), options);
    return true;
}

void VlmWorker::stop()
{
    m_cancel = true;
}

// Worker thread. Results go to the UI thread as queued calls; `m_busy` is only
// cleared there, so start() never races with a finishing request.
void VlmWorker::run(QString modelDir, std::shared_ptr<const vlm::RgbImage> image, std::vector<vlm::ChatTurn> turns,
                    vlm::AskOptions options)
{
    auto post = [this](auto fn) { QMetaObject::invokeMethod(this, fn, Qt::QueuedConnection); };
    try {
        if (!m_session || m_sessionDir != modelDir) {
            post([this, modelDir] { Q_EMIT loading(modelDir); });
            m_session.reset();
            m_session = vlm::VlmSession::load(modelDir.toStdString());
            m_sessionDir = modelDir;
        }
        const vlm::AskResult result = m_session->chat(
            image.get(), turns, options,
            [&](const std::string &piece) {
                const QString text = QString::fromStdString(piece);
                post([this, text] { Q_EMIT textReady(text); });
                return !m_cancel.load();
            },
            &m_cancel);
        const QString text = QString::fromStdString(result.text);
        const QString description = QString::fromStdString(m_session->description());
        const bool cancelled = result.cancelled;
        post([this, text, cancelled, description] {
            m_busy = false;
            Q_EMIT finished(text, cancelled, description);
        });
    } catch (const std::exception &e) {
        m_session.reset();
        m_sessionDir.clear();
        const QString message = QString::fromUtf8(e.what());
        post([this, message] {
            m_busy = false;
            Q_EMIT failed(message);
        });
    }
}

} // namespace sd::ui
