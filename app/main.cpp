// surgdistill: the GUI when started without a sub-command, otherwise a
// headless tool (`surgdistill demo create DIR`, `surgdistill vlm ask ...`).
#include "command.h"
#include "gui.h"
#include "translations.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>
#include <exception>
#include <memory>

namespace {

void printUsage(QTextStream &out)
{
    out << "Usage: surgdistill [PROJECT_DIR]          start the application\n"
        << "       surgdistill <command> [options]    run a command without the GUI\n\n"
        << "Commands:\n";
    for (const auto &[name, cmd] : sd::app::commandRegistry())
        out << "  " << name.leftJustified(12) << cmd.summary << "\n";
    out << "\nRun 'surgdistill <command> --help' for a command's options.\n"
        << "Commands never need a display; the application itself does.\n";
}

// Qt's PostgreSQL driver warns when it cannot free a prepared statement inside a
// transaction the server already refused; the refusal itself is reported properly.
QtMessageHandler previousHandler = nullptr;

void quietDriverNoise(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(QLatin1String("Unable to free statement")))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

int main(int argc, char **argv)
{
    previousHandler = qInstallMessageHandler(quietDriverNoise);
    QCoreApplication::setOrganizationName(QStringLiteral("SurgDistill"));
    QCoreApplication::setApplicationName(QStringLiteral("SurgDistill"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SURGDISTILL_VERSION));

    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        QTextStream(stdout) << "surgdistill " << SURGDISTILL_VERSION << "\n";
        return 0;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        QTextStream out(stdout);
        printUsage(out);
        return 0;
    }

    const auto &registry = sd::app::commandRegistry();
    const auto it = registry.find(first);
    if (it != registry.end()) {
        std::unique_ptr<QCoreApplication> app;
        if (it->second.needsGui) {
            // Headless commands that paint (PDF reports) must not need a display.
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
                && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QApplication>(argc, argv);
        }
        else
            app = std::make_unique<QCoreApplication>(argc, argv);
        sd::app::installTranslations();
        QStringList args = app->arguments().mid(2);
        // The last line of defence: a command that meets an unexpected error (a corrupt
        // project page deep in a query, a full disk) reports it and exits 1 instead of
        // aborting; commands catch what they expect themselves.
        try {
            return it->second.run(args);
        } catch (const std::exception &e) {
            QTextStream(stderr) << "surgdistill " << first << ": error: " << QString::fromUtf8(e.what()) << "\n";
            return 1;
        }
    }
    if (!first.isEmpty() && !first.startsWith(QLatin1Char('-')) && !QFileInfo(first).isDir()) {
        QTextStream err(stderr);
        err << "surgdistill: '" << first << "' is neither a command nor a project folder\n\n";
        printUsage(err);
        return 2;
    }

    QApplication app(argc, argv);
    sd::app::installTranslations(); // before the first widget: tr() runs when widgets are built
    return sd::app::runGui(app.arguments().mid(1));
}
