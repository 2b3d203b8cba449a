// One current user: the name chosen in the User dialog wins, then the login from the
// environment, then "unknown"; the audit log records the same name.
#include "currentuser.h"
#include "store/projectstore.h"
#include "teacher/privacyfirewall.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

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
        QCOMPARE(currentUserName(), QStringLiteral("unknown"));
        setCurrentUserName(QStringLiteral("  Anna Schmidt "));
        QCOMPARE(currentUserName(), QStringLiteral("Anna Schmidt"));
        setCurrentUserName(QString());
        QCOMPARE(currentUserName(), QStringLiteral("unknown"));
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
