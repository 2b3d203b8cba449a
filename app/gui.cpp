#include "gui.h"

#include "workspace/democreationdialog.h"
#include "demo/demoproject.h"
#include "frames/framelistmodel.h"
#include "workspace/mainwindow.h"
#include "store/projectstore.h"
#include "reviewworkflow.h"
#include "teacher/teacherscreens.h"
#include "frames/thumbnailcache.h"
#include "viewscreenshot.h"
#include "widgets/apptheme.h"
#include "widgets/screenshotpng.h"

#include <QApplication>
#include <QSaveFile>
#include <QCommandLineParser>
#include <QDialog>
#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace sd::app {

namespace {

// The embedded demo project, created on first start.
std::unique_ptr<ProjectStore> openEmbeddedDemo(int frames, QString *error)
{
    const QString folder =
        QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/demo-project");
    if (!ProjectStore::isProject(folder)) {
        DemoOptions options;
        options.frames = frames;
        options.clips = kDemoClips; // propagation has clips to show on
        if (!ui::createDemoProjectWithProgress(nullptr, folder, options, error))
            return nullptr;
    }
    return ProjectStore::open(folder);
}

} // namespace

int runGui(const QStringList &args)
{
    QApplication *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    if (!app) {
        QTextStream(stderr) << "surgdistill: the GUI needs a QApplication\n";
        return 1;
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "sd::app", "SurgDistill workspace. Without a folder, opens the embedded synthetic demo project."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROJECT_DIR"),
                                 QCoreApplication::translate("sd::app", "Project folder to open."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("sd::app", "Save a PNG of the main window once the first frame is shown, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption frameOpt(QStringLiteral("frame"),
                                      QCoreApplication::translate("sd::app", "Select this frame id first."),
                                      QStringLiteral("ID"));
    const QCommandLineOption demoFrames(
        QStringLiteral("demo-frames"),
        QCoreApplication::translate("sd::app", "Frames of the embedded demo project when it is created (default 300)."),
        QStringLiteral("N"), QStringLiteral("300"));
    const QCommandLineOption screenshotMaxKb(
        QStringLiteral("screenshot-max-kb"),
        QCoreApplication::translate("sd::app", "Reduce the screenshot's colour depth until the PNG fits in N KiB."),
        QStringLiteral("N"), QStringLiteral("0"));
    // Documentation screenshots of other windows (scripts/screenshots.sh).
    const QCommandLineOption viewOpt(
        QStringLiteral("view"),
        QCoreApplication::translate("sd::app", "With --screenshot: grab this window instead of the main window "
                                               "(training, ask, tutor, %1).")
            .arg(ui::teacherScreenNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption modelOpt(
        QStringLiteral("model"), QCoreApplication::translate("sd::app", "With --view: the model folder to ask."),
        QStringLiteral("DIR"));
    const QCommandLineOption watchRunOpt(
        QStringLiteral("watch-run"),
        QCoreApplication::translate("sd::app", "With --view training: the run folder to show."), QStringLiteral("DIR"));
    const QCommandLineOption userOpt(
        QStringLiteral("user"),
        QCoreApplication::translate("sd::app", "Work as this user for this session only (Edit > User… remembers a user)."),
        QStringLiteral("NAME"));
    const QCommandLineOption roleOpt(QStringLiteral("role"),
                                     QCoreApplication::translate("sd::app", "annotator or reviewer (with --user)."),
                                     QStringLiteral("ROLE"), QStringLiteral("annotator"));
    const QCommandLineOption reviewModeOpt(
        QStringLiteral("review-mode"),
        QCoreApplication::translate("sd::app", "Start in review mode at the next frame needing your review."));
    parser.addOptions({screenshot, screenshotMaxKb, frameOpt, demoFrames, viewOpt, modelOpt, watchRunOpt, userOpt,
                       roleOpt, reviewModeOpt});
    if (!parser.parse(QStringList{QStringLiteral("surgdistill")} + args)) {
        QTextStream(stderr) << "surgdistill: " << parser.errorText() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    bool framesOk = false;
    const int frames = parser.value(demoFrames).toInt(&framesOk);
    if (!framesOk || frames < 1 || frames > 100000) {
        QTextStream(stderr) << "surgdistill: --demo-frames must be between 1 and 100000\n";
        return 2;
    }
    const QString screenshotFile = parser.value(screenshot);
    bool maxKbOk = false;
    const int maxKb = parser.value(screenshotMaxKb).toInt(&maxKbOk);
    if (!maxKbOk || maxKb < 0) {
        QTextStream(stderr) << "surgdistill: --screenshot-max-kb must be a whole number >= 0\n";
        return 2;
    }
    const bool headless = !screenshotFile.isEmpty();
    const QString view = parser.value(viewOpt);
    if (!view.isEmpty() && !headless) {
        QTextStream(stderr) << "surgdistill: --view needs --screenshot\n";
        return 2;
    }

    ui::applyAppTheme(*app);

    auto fail = [&](const QString &message) {
        if (headless)
            QTextStream(stderr) << "surgdistill: " << message << "\n";
        else
            QMessageBox::critical(nullptr, QCoreApplication::translate("sd::app", "SurgDistill"), message);
        return 1;
    };

    std::unique_ptr<ProjectStore> store;
    const QStringList positional = parser.positionalArguments();
    try {
        if (!positional.isEmpty()) {
            if (!ProjectStore::isProject(positional.front()))
                return fail(QCoreApplication::translate("sd::app", "%1 is not a SurgDistill project folder.")
                                .arg(QDir::toNativeSeparators(positional.front())));
            store = ProjectStore::open(positional.front());
        } else {
            QString error;
            store = openEmbeddedDemo(frames, &error);
            if (!store) {
                if (error.isEmpty())
                    return 0; // creation cancelled by the user
                return fail(QCoreApplication::translate("sd::app", "Cannot create the demo project:\n%1").arg(error));
            }
        }
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what()));
    }

    ui::MainWindow window;
    if (parser.isSet(userOpt))
        window.setUser({parser.value(userOpt).trimmed(), userRoleFromString(parser.value(roleOpt))},
                       sd::ui::MainWindow::UserScope::Session);
    int exitCode = 0;
    if (headless) {
        auto grabAndQuit = [&](QWidget *target) {
            const QByteArray png = ui::encodeScreenshotPng(target->grab().toImage(), maxKb);
            QSaveFile out(screenshotFile);
            if (png.isEmpty() || !out.open(QIODevice::WriteOnly) || out.write(png) != png.size() || !out.commit()) {
                QTextStream(stderr) << "surgdistill: cannot write the screenshot " << screenshotFile << "\n";
                exitCode = 1;
            } else {
                QTextStream(stdout) << "screenshot saved to " << screenshotFile << " (" << png.size() / 1024
                                    << " KiB)\n";
            }
            window.close();
            QCoreApplication::exit(exitCode);
        };
        // Grab once the first frame is on screen and the layout has settled.
        QObject::connect(&window, &ui::MainWindow::frameLoaded, &window, [&, grabAndQuit] {
            QTimer::singleShot(600, &window, [&, grabAndQuit] {
                // Thumbnails decode in the background: wait for the ones requested so far.
                window.frameModel()->thumbnails()->waitForIdle();
                QCoreApplication::processEvents();
                if (view.isEmpty()) {
                    grabAndQuit(&window);
                    return;
                }
                if (ui::teacherScreenNames().contains(view)) {
                    QDialog *screen = ui::createTeacherScreen(view, *window.project(), &window);
                    screen->show();
                    QTimer::singleShot(600, screen, [grabAndQuit, screen] { grabAndQuit(screen); });
                    return;
                }
                ViewScreenshotOptions v;
                v.view = view;
                v.modelDir = parser.value(modelOpt);
                v.runDir = parser.value(watchRunOpt);
                QString error;
                if (!prepareViewScreenshot(window, v, grabAndQuit, &error)) {
                    QTextStream(stderr) << "surgdistill: " << error << "\n";
                    exitCode = 2;
                    window.close();
                    QCoreApplication::exit(exitCode);
                }
            });
        }, Qt::SingleShotConnection);
    }
    window.show();
    window.setProject(std::move(store));
    if (parser.isSet(frameOpt) && !window.selectFrame(parser.value(frameOpt).toLongLong()))
        QTextStream(stderr) << "surgdistill: no frame " << parser.value(frameOpt) << " in this project\n";
    if (parser.isSet(reviewModeOpt)) {
        window.setReviewMode(true);
        if (!window.nextFrameNeedingReview())
            QTextStream(stderr) << "surgdistill: no frame is waiting for review by " << window.user().name << "\n";
    }
    if (headless && window.currentFrameId() == 0)
        return fail(QCoreApplication::translate("sd::app", "the project has no frame to show"));
    const int rc = app->exec();
    return exitCode ? exitCode : rc;
}

} // namespace sd::app
