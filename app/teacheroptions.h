// The teacher options shared by the commands that reach a teacher (teacher,
// pairs): --project, --provider, --base-url, --model, --user, and the provider
// they describe (API key from the environment or the keychain, never the project).
#pragma once

#include "teacher/teacherprovider.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QTextStream>
#include <memory>

namespace sd::app {

QList<QCommandLineOption> providerOptions();
// Prints "<command>: <reason>" and returns null when the options name no usable provider.
std::unique_ptr<TeacherProvider> providerFrom(const QCommandLineParser &p, const QString &command, QTextStream &err);

} // namespace sd::app
