#include "keychain.h"

#ifdef SURGDISTILL_HAVE_QTKEYCHAIN
#include <QEventLoop>
#include <qt6keychain/keychain.h>
#endif

namespace sd {

#ifdef SURGDISTILL_HAVE_QTKEYCHAIN
namespace {
constexpr const char *kService = "SurgDistill";

// QtKeychain jobs are asynchronous; callers here want the answer now.
template <class Job>
void runJob(Job &job)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}
} // namespace

QString readKeychainSecret(const QString &account)
{
    QKeychain::ReadPasswordJob job(QString::fromLatin1(kService));
    job.setKey(account);
    runJob(job);
    return job.error() == QKeychain::NoError ? job.textData() : QString();
}

QString writeKeychainSecret(const QString &account, const QString &secret)
{
    QKeychain::WritePasswordJob job(QString::fromLatin1(kService));
    job.setKey(account);
    job.setTextData(secret);
    runJob(job);
    return job.error() == QKeychain::NoError ? QString() : job.errorString();
}

void deleteKeychainSecret(const QString &account)
{
    QKeychain::DeletePasswordJob job(QString::fromLatin1(kService));
    job.setKey(account);
    runJob(job);
}
#else
QString readKeychainSecret(const QString &)
{
    return {};
}

QString writeKeychainSecret(const QString &, const QString &)
{
    return QStringLiteral("this build has no keychain support");
}

void deleteKeychainSecret(const QString &) {}
#endif

} // namespace sd
