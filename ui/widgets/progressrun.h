// Runs long work on a worker thread behind a modal progress dialog with Cancel,
// keeping the window responsive. The work reports (done, total) and polls the
// cancel flag; nothing of the work touches widgets or the caller's ProjectStore
// (a store belongs to its thread: open a read-only one in the work if needed).
#pragma once

#include <QString>
#include <atomic>
#include <functional>

class QWidget;

namespace sd::ui {

struct ProgressRunResult {
    bool cancelled = false;
    QString error; // the work threw: its message
    bool ok() const { return !cancelled && error.isEmpty(); }
};

// label may hold %1 and %2 for done and total.
ProgressRunResult runWithProgress(QWidget *parent, const QString &title, const QString &label,
                                  const std::function<void(const std::atomic<bool> &cancel,
                                                           const std::function<void(int, int)> &progress)> &work);

} // namespace sd::ui
