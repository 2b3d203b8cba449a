// The command line against damaged and hostile projects (#16): every failure is a
// clear message and exit status 1, never an abort, a hang or a changed project.
#include "demo/demoproject.h"
#include "store/projectstore.h"

#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd;

namespace {

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray output;
};

Run runCli(const QStringList &args, int timeoutMs = 60000)
{
    Run r;
#ifdef SURGDISTILL_EXE
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(SURGDISTILL_EXE), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.output = "timed out: " + p.readAll();
        return r;
    }
    r.exitCode = p.exitCode();
    r.status = p.exitStatus();
    r.output = p.readAll();
#else
    Q_UNUSED(args)
    Q_UNUSED(timeoutMs)
#endif
    return r;
}

// Overwrites the B-tree root pages of `tables` with garbage, leaving the schema page intact,
// so the project opens and the damage shows only when those tables are read.
void damageTables(const QString &sqliteFile, const QStringList &tables)
{
    QList<qint64> pages;
    qint64 pageSize = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("damage"));
        db.setDatabaseName(sqliteFile);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
        pageSize = q.value(0).toLongLong();
        for (const QString &t : tables) {
            QVERIFY(q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = '%1'").arg(t)) && q.next());
            pages << q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("damage"));
    QFile f(sqliteFile);
    QVERIFY(f.open(QIODevice::ReadWrite));
    for (qint64 page : pages) {
        QVERIFY(f.seek((page - 1) * pageSize));
        QCOMPARE(f.write(QByteArray(int(pageSize), '\xde')), pageSize);
    }
}

} // namespace

class TestCliRobustness : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    int m_projects = 0;

    QString demoProject()
    {
        DemoOptions d;
        d.frames = 3;
        d.width = 96;
        d.height = 80;
        return createDemoProject(m_tmp.filePath(QStringLiteral("demo-%1").arg(++m_projects)), d).folder;
    }

private Q_SLOTS:
    void initTestCase()
    {
#ifndef SURGDISTILL_EXE
        QSKIP("built without the surgdistill executable");
#endif
        QVERIFY(m_tmp.isValid());
    }

    // A project whose tables are damaged (the file still opens): the teacher and pair
    // commands used to abort on an uncaught StoreError.
    void damagedProjectGivesAnErrorNotAnAbort()
    {
        const QString folder = demoProject();
        const Run answered = runCli({"teacher", "generate", "--project", folder}); // offline teacher
        QVERIFY2(answered.exitCode == 0, answered.output.constData());
        {
            auto store = ProjectStore::open(folder);
            const Frame frame = store->frames().front();
            for (int i = 0; i < 40; ++i) { // enough rows to fill more than the root page
                PreferencePair p;
                p.frameId = frame.id;
                p.structureId = store->masksForFrame(frame.id).front().structureId;
                p.prompt = QStringLiteral("Which structure is highlighted?");
                p.chosen = QStringLiteral("The pancreas, beneath the duodenum. %1").arg(i);
                p.rejected = QStringLiteral("The liver. %1").arg(i);
                store->addPreferencePair(p);
            }
        }
        damageTables(folder + QStringLiteral("/project.sqlite"),
                     {QStringLiteral("masks"), QStringLiteral("teacher_requests"), QStringLiteral("teacher_answers"),
                      QStringLiteral("preference_pairs")});
        const QList<QStringList> commands = {
            {"teacher", "generate", "--project", folder},
            {"teacher", "demo-accept", "--project", folder},
            {"pairs", "demo-approve", "--project", folder},
        };
        for (const QStringList &args : commands) {
            const Run r = runCli(args);
            QVERIFY2(r.status == QProcess::NormalExit, qPrintable(args.join(' ') + ": " + r.output));
            QVERIFY2(r.exitCode == 1, qPrintable(args.join(' ') + QStringLiteral(" exit %1: ").arg(r.exitCode) + r.output));
            QVERIFY2(r.output.contains("malformed") || r.output.contains("damaged"), r.output.constData());
        }
    }

    // `demo create` killed half-way leaves its hidden build folder; the next run removes
    // it, but never one whose builder is still running.
    void killedDemoCreateLeavesNoHiddenFolder()
    {
#ifdef SURGDISTILL_EXE
        const QString parent = m_tmp.filePath(QStringLiteral("killed"));
        QVERIFY(QDir().mkpath(parent));
        const QString target = parent + QStringLiteral("/proj");
        auto hidden = [&] {
            return QDir(parent).entryList({QStringLiteral(".proj.creating-*")}, QDir::Dirs | QDir::Hidden);
        };
        QProcess p;
        p.start(QStringLiteral(SURGDISTILL_EXE), {"demo", "create", "--frames", "2000", "--quiet", target});
        QTRY_VERIFY_WITH_TIMEOUT(!hidden().isEmpty() || p.state() == QProcess::NotRunning, 30000);
        QVERIFY2(p.state() == QProcess::Running, p.readAll().constData());
        QTest::qWait(300); // let it write part of the project
        p.kill();
        QVERIFY(p.waitForFinished());
        QCOMPARE(hidden().size(), 1);
        QVERIFY(!QFileInfo::exists(target));

        // A build folder of a live process (this test's own id) is left alone.
        const QString live = parent + QStringLiteral("/.proj.creating-%1-live").arg(QCoreApplication::applicationPid());
        QVERIFY(QDir().mkpath(live));

        const Run r = runCli({"demo", "create", "--frames", "3", "--width", "96", "--height", "80", "--quiet", target});
        QVERIFY2(r.status == QProcess::NormalExit && r.exitCode == 0, r.output.constData());
        QCOMPARE(hidden(), QStringList{QFileInfo(live).fileName()});
        QVERIFY(QFileInfo::exists(target + QStringLiteral("/project.sqlite")));
#endif
    }
};

QTEST_GUILESS_MAIN(TestCliRobustness)
#include "tst_clirobustness.moc"
