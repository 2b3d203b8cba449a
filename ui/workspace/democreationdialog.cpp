#include "democreationdialog.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QProgressDialog>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

namespace sd::ui {

namespace {
// Translation context for this free function (lupdate needs a class).
struct DemoCreation {
    Q_DECLARE_TR_FUNCTIONS(sd::ui::DemoCreation)
};
} // namespace

bool createDemoProjectWithProgress(QWidget *parent, const QString &folder, const DemoOptions &options,
                                   QString *errorMessage)
{
    std::atomic<int> done{0};
    std::atomic<bool> cancel{false};
    QString error;
    bool cancelled = false;

    QProgressDialog dialog(DemoCreation::tr("Rendering the synthetic demo project…"), DemoCreation::tr("Cancel"), 0,
                           options.frames, parent);
    dialog.setWindowTitle(DemoCreation::tr("Creating the demo project"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(0);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    dialog.setValue(0);

    std::unique_ptr<QThread> worker(QThread::create([&] {
        try {
            createDemoProject(folder, options, [&](int d, int) {
                done = d;
                return !cancel.load();
            });
        } catch (const std::exception &e) {
            if (cancel.load())
                cancelled = true;
            else
                error = QString::fromUtf8(e.what());
        }
    }));
    QEventLoop loop;
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    QObject::connect(&dialog, &QProgressDialog::canceled, &dialog, [&] {
        cancel = true;
        dialog.setLabelText(DemoCreation::tr("Cancelling…"));
    });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &dialog, [&] {
        dialog.setValue(done.load());
        dialog.setLabelText(cancel ? DemoCreation::tr("Cancelling…")
                                   : DemoCreation::tr("Rendering the synthetic demo project… %1 of %2 frames")
                                         .arg(done.load())
                                         .arg(options.frames));
    });
    poll.start(100);
    worker->start();
    loop.exec();
    worker->wait();
    poll.stop();
    dialog.close();

    if (errorMessage)
        *errorMessage = error;
    return !cancelled && error.isEmpty();
}

} // namespace sd::ui
