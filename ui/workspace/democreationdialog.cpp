#include "democreationdialog.h"

#include "widgets/progressrun.h"

#include <QCoreApplication>

#include <atomic>

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
    const ProgressRunResult r = runWithProgress(
        parent, DemoCreation::tr("Creating the demo project"),
        DemoCreation::tr("Rendering the synthetic demo project… %1 of %2 frames"),
        [&](const std::atomic<bool> &cancel, const std::function<void(int, int)> &progress) {
            createDemoProject(folder, options, [&](int done, int total) {
                progress(done, total);
                return !cancel.load(); // false: createDemoProject throws and leaves nothing
            });
        });
    if (errorMessage)
        *errorMessage = r.cancelled ? QString() : r.error;
    return r.ok();
}

} // namespace sd::ui
