// The command line against damaged and hostile projects (#16): every failure is a
// clear message and exit status 1, never an abort, a hang or a changed project;
// read-only commands work on a project on read-only media.
#include "demo/demoproject.h"
#include "store/projectstore.h"

#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace sd;

namespace {

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray output;
};

Run runProgram(const QString &program, const QStringList &args, int timeoutMs = 60000)
{
    Run r;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.output = "timed out: " + p.readAll();
        return r;
    }
    r.exitCode = p.exitCode();
    r.status = p.exitStatus();
    r.output = p.readAll();
    return r;
}

Run runCli(const QStringList &args, int timeoutMs = 60000)
{
#ifdef SURGDISTILL_EXE
    return runProgram(QStringLiteral(SURGDISTILL_EXE), args, timeoutMs);
#else
    Q_UNUSED(args)
    Q_UNUSED(timeoutMs)
    return {};
#endif
}

// Adds or removes write permission for everyone on folder and everything in it.
void setWritable(const QString &folder, bool writable)
{
    const auto apply = [&](const QString &path) {
        const QFileDevice::Permissions write = QFileDevice::WriteOwner | QFileDevice::WriteUser
            | QFileDevice::WriteGroup | QFileDevice::WriteOther;
        const QFileDevice::Permissions now = QFile::permissions(path);
        QFile::setPermissions(path, writable ? now | QFileDevice::WriteOwner | QFileDevice::WriteUser : now & ~write);
    };
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    QStringList paths{folder};
    while (it.hasNext())
        paths << it.next();
    for (const QString &path : paths)
        apply(path);
}

// Every entry under folder (and the folder itself) with its size and modification time.
QStringList folderSnapshot(const QString &folder)
{
    const auto entry = [&](const QFileInfo &info) {
        return QStringLiteral("%1 %2 %3").arg(QDir(folder).relativeFilePath(info.filePath()))
            .arg(info.isDir() ? 0 : info.size())
            .arg(info.lastModified().toMSecsSinceEpoch());
    };
    QStringList out{entry(QFileInfo(folder))};
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        out << entry(it.fileInfo());
    }
    out.sort();
    return out;
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

    // A project on read-only media (an archived project on a read-only share): every
    // read-only command works and changes nothing. Run as root, chmod does not stop
    // writes, so the snapshot (no -wal/-shm, same bytes and times) is what proves it
    // there, and the commands run once more as the unprivileged user nobody when possible.
    void readOnlyProjectWorksForReadOnlyCommands()
    {
#ifdef SURGDISTILL_EXE
        const QString folder = demoProject();
        const Run allowed = runCli({"teacher", "allow-host", "--project", folder, "teacher.clinic.local"});
        QVERIFY2(allowed.exitCode == 0, allowed.output.constData()); // one audit entry
        const QString out = m_tmp.filePath(QStringLiteral("read-only-out"));
        QVERIFY(QDir().mkpath(out));
        const QString dbFile = folder + QStringLiteral("/project.sqlite");
        const QByteArray bytes = testsupport::readFile(dbFile);
        const QStringList before = folderSnapshot(folder);
        QCOMPARE(before.size(), 2 + 1 + 3); // folder, project.sqlite, media/ and its 3 frames: no -wal/-shm

        setWritable(folder, false);
        const auto restore = qScopeGuard([&] { setWritable(folder, true); });
        const QList<QStringList> commands = {
            {"audit", "verify", folder},
            {"audit", "list", folder},
            {"audit", "export", folder, out + QStringLiteral("/audit.jsonl")},
            {"review", "status", folder, "--frame", "1"},
            {"dataset", "export", "--project", folder, "--out", out + QStringLiteral("/dataset")},
            {"teacher", "preview", "--project", folder, "--frame", "1", "--structure", "angels_hair"},
            {"teacher", "policy", "--project", folder},
        };
        for (const QStringList &args : commands) {
            const Run r = runCli(args);
            QVERIFY2(r.status == QProcess::NormalExit && r.exitCode == 0,
                     qPrintable(args.join(' ') + QStringLiteral(" exit %1: ").arg(r.exitCode) + r.output));
        }
        const Run verified = runCli({"audit", "verify", folder});
        QVERIFY2(verified.output.contains("Audit log intact: 1 entries, hash chain verified"),
                 verified.output.constData());
        QCOMPARE(folderSnapshot(folder), before);
        QVERIFY(testsupport::readFile(dbFile) == bytes);

#ifdef Q_OS_UNIX
        const QString runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"));
        if (geteuid() != 0 || runuser.isEmpty())
            return; // not root: the runs above were the real thing
        // nobody must reach the project and the executable; the temporary folder is private.
        QFile::setPermissions(m_tmp.path(), QFile::permissions(m_tmp.path()) | QFileDevice::ExeOther);
        const QStringList asNobody{QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                                   QStringLiteral(SURGDISTILL_EXE)};
        const Run probe = runProgram(runuser, asNobody + QStringList{"audit", "--help"});
        if (probe.exitCode != 0) {
            qInfo("cannot run surgdistill as nobody (%s): skipping the unprivileged run", probe.output.constData());
            return;
        }
        for (const QStringList &args : {QStringList{"audit", "verify", folder},
                                        QStringList{"review", "status", folder, "--frame", "1"}}) {
            const Run r = runProgram(runuser, asNobody + args);
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(' ') + QStringLiteral(" as nobody, exit %1: ")
                                                     .arg(r.exitCode) + r.output));
        }
        // A command that writes fails with advice instead of a riddle.
        const Run write = runProgram(runuser, asNobody + QStringList{"teacher", "policy", "--project", folder,
                                                                     "--language", "de"});
        QVERIFY2(write.exitCode == 1 && write.output.contains("needs write access"), write.output.constData());
        QCOMPARE(folderSnapshot(folder), before);
#endif
#endif
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
