#include "widgets/progressrun.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QProgressDialog>
#include <QThread>
#include <QTimer>

#include <memory>

namespace sd::ui {

namespace {
// Translation context for this free function (lupdate needs a class).
struct ProgressRun {
    Q_DECLARE_TR_FUNCTIONS(sd::ui::ProgressRun)
};
} // namespace

ProgressRunResult runWithProgress(QWidget *parent, const QString &title, const QString &label,
                                  const std::function<void(const std::atomic<bool> &cancel,
                                                           const std::function<void(int, int)> &progress)> &work)
{
    std::atomic<int> done{0}, total{0};
    std::atomic<bool> cancel{false};
    ProgressRunResult result;
    QProgressDialog dialog(label.arg(0).arg(0), ProgressRun::tr("Cancel"), 0, 0, parent);
    dialog.setWindowTitle(title);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(0);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    std::unique_ptr<QThread> worker(QThread::create([&] {
        try {
            work(cancel, [&](int d, int t) {
                done = d;
                total = t;
            });
        } catch (const std::exception &e) {
            result.error = QString::fromUtf8(e.what());
        }
    }));
    QEventLoop loop;
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    QObject::connect(&dialog, &QProgressDialog::canceled, &dialog, [&] {
        cancel = true;
        dialog.setLabelText(ProgressRun::tr("Cancelling…"));
    });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &dialog, [&] {
        dialog.setMaximum(total.load());
        dialog.setValue(done.load());
        if (!cancel)
            dialog.setLabelText(label.arg(done.load()).arg(total.load()));
    });
    poll.start(100);
    worker->start();
    loop.exec();
    worker->wait();
    poll.stop();
    result.cancelled = cancel.load();
    QObject::disconnect(&dialog, &QProgressDialog::canceled, nullptr, nullptr); // closing emits canceled()
    dialog.close();
    return result;
}

} // namespace sd::ui
