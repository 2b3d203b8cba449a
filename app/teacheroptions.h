// The teacher options shared by the commands that reach a teacher (teacher,
// pairs): --project, --provider, --base-url, --model, --user, and the provider
// they describe (API key from the environment or the keychain, never the project).
#pragma once

#include "teacher/teacherprovider.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QTextStream>
#include <functional>
#include <memory>

namespace sd {
class ProjectStore;
}

namespace sd::app {

QList<QCommandLineOption> providerOptions();
// Prints "<command>: <reason>" and returns null when the options name no usable provider.
std::unique_ptr<TeacherProvider> providerFrom(const QCommandLineParser &p, const QString &command, QTextStream &err);

// `<command> --project P`: decides every open item (answers or pairs) as the automatic demo reviewer,
// refused (exit 3) for a project with real frames. `decide` returns how many it decided; `what`
// names them in the messages ("answers", "pairs").
int runAsDemoReviewer(const QStringList &args, const QString &command, const QString &description,
                      const QString &what, const std::function<int(ProjectStore &)> &decide);

} // namespace sd::app
