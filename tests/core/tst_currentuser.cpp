// One current user: the name chosen in the User dialog wins, then the login from the
// environment, then the account's name; the audit log records the same name.
#include "currentuser.h"
#include "store/projectstore.h"
#include "teacher/privacyfirewall.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <pwd.h>
#include <unistd.h>

using namespace sd;

class TestCurrentUser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SurgDistillTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_currentuser"));
        QSettings().clear();
    }

    void fallbackOrder()
    {
        qputenv("SURGDISTILL_USER", "dr.weber");
        qputenv("USER", "login");
        QCOMPARE(currentUserName(), QStringLiteral("dr.weber"));
        qunsetenv("SURGDISTILL_USER");
        QCOMPARE(currentUserName(), QStringLiteral("login"));
        qunsetenv("USER");
        qunsetenv("USERNAME");
        const passwd *pw = ::getpwuid(::getuid());
        const QString account = pw ? QString::fromLocal8Bit(pw->pw_name) : QStringLiteral("unknown");
        QCOMPARE(currentUserName(), account);
        setCurrentUserName(QStringLiteral("  Anna Schmidt "));
        QCOMPARE(currentUserName(), QStringLiteral("Anna Schmidt"));
        setSessionUserName(QStringLiteral("Dr. Weber")); // surgdistill --user: this process only
        QCOMPARE(currentUserName(), QStringLiteral("Dr. Weber"));
        QCOMPARE(QSettings().value(QStringLiteral("user/name")).toString(), QStringLiteral("Anna Schmidt"));
        setSessionUserName(QString());
        QCOMPARE(currentUserName(), QStringLiteral("Anna Schmidt"));
        setCurrentUserName(QString());
        QCOMPARE(currentUserName(), account);
    }

    void auditRecordsTheSameName()
    {
        QTemporaryDir tmp;
        auto store = ProjectStore::create(tmp.filePath(QStringLiteral("p")), QStringLiteral("p"));
        setCurrentUserName(QStringLiteral("Anna Schmidt"));
        PrivacyFirewall firewall(*store);
        firewall.allowHost(QStringLiteral("teacher.example.org"));
        const std::vector<AuditEntry> log = store->auditLog();
        QVERIFY(!log.empty());
        QCOMPARE(log.back().user, QStringLiteral("Anna Schmidt"));
        QCOMPARE(log.back().user, currentUserName());
        QSettings().clear();
    }
};

QTEST_GUILESS_MAIN(TestCurrentUser)
#include "tst_currentuser.moc"
