// Team project under load: N annotator processes (default 8), each its own PostgreSQL
// login, save masks concurrently for S seconds (default 60) against a loopback server,
// on a shared set of frames so that they collide. Every save names the version it was
// drawn on (optimistic concurrency). Afterwards the bench checks on the server that every
// acknowledged save is there with its pixels (lost versions), that each mask's versions
// run 1..n without gaps or doubles and match the acknowledged saves one to one (integrity
// errors), and prints the save latency.
//
//   team_load_bench [--clients 8] [--seconds 60] [--frames 40] [--think-ms 50]
//
// Uses the server of the test suite when SURGDISTILL_TEST_PG_HOST/PORT/SUPERUSER are set,
// otherwise starts one with scripts/pg-test-server.sh in a temporary folder.
#include "store/projectstore.h"
#include "store/teamconnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QUuid>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

using namespace sd;

namespace {

QTextStream out(stdout);

struct Server {
    QString host;
    int port = 0;
    QString superuser;
    QString script;
    QString dir; // set when this bench started it
};

void superuserExec(const Server &s, const QString &sql)
{
    const QString name = QStringLiteral("bench-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(s.host);
        db.setPort(s.port);
        db.setDatabaseName(QStringLiteral("postgres"));
        db.setUserName(s.superuser);
        if (!db.open())
            qFatal("cannot reach the server: %s", qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        if (!q.exec(sql))
            qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
}

QString variable(const QString &env, const QString &name)
{
    return env.section(name + QStringLiteral("='"), 1).section(QLatin1Char('\''), 0, 0);
}

// The pixels of a save, named so that the check can compare them with the server's.
QByteArray fingerprint(const RleMask &rle)
{
    return QCryptographicHash::hash(rle.toJson(), QCryptographicHash::Sha256).toHex().left(16);
}

// One annotator: opens the project as its own login and saves until the time is up.
// Prints "ack FRAME STRUCTURE VERSION FINGERPRINT LATENCY_US CONFLICT" per acknowledged save.
int worker(const QString &url, int seconds, int thinkMs, quint32 seed)
{
    const auto connection = TeamConnection::fromUrl(url);
    auto store = ProjectStore::openTeam(*connection);
    std::vector<qint64> frames;
    for (const Frame &f : store->frames())
        frames.push_back(f.id);
    std::vector<qint64> structures;
    for (const Structure &s : store->structures())
        structures.push_back(s.id);
    const int height = 240, width = 320;
    QRandomGenerator rng(seed);
    QElapsedTimer clock;
    clock.start();
    QTextStream acks(stdout);
    while (clock.elapsed() < qint64(seconds) * 1000) {
        const qint64 frameId = frames[rng.bounded(int(frames.size()))];
        const qint64 structureId = structures[rng.bounded(int(structures.size()))];
        // What the canvas shows is the version the edit starts from.
        const auto shown = store->mask(frameId, structureId);
        cv::Mat m(height, width, CV_8UC1, cv::Scalar(0));
        cv::ellipse(m, cv::Point(rng.bounded(40, width - 40), rng.bounded(40, height - 40)),
                    cv::Size(rng.bounded(10, 40), rng.bounded(10, 40)), rng.bounded(180), 0, 360, cv::Scalar(1),
                    cv::FILLED);
        const RleMask rle = RleMask::encode(m);
        QElapsedTimer t;
        t.start();
        const Mask saved = store->saveMask(frameId, structureId, rle, connection->user, {},
                                           shown ? shown->version : 0);
        const qint64 us = t.nsecsElapsed() / 1000;
        acks << "ack " << frameId << ' ' << structureId << ' ' << saved.version << ' ' << fingerprint(rle) << ' '
             << us << ' ' << (saved.conflict() ? 1 : 0) << '\n';
        acks.flush();
        if (thinkMs > 0)
            QThread::msleep(ulong(rng.bounded(thinkMs / 2, thinkMs * 3 / 2 + 1)));
    }
    return 0;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({QStringLiteral("clients"), QStringLiteral("Annotator processes."), QStringLiteral("N"), QStringLiteral("8")});
    p.addOption({QStringLiteral("seconds"), QStringLiteral("How long they save."), QStringLiteral("S"), QStringLiteral("60")});
    p.addOption({QStringLiteral("frames"), QStringLiteral("Frames they share."), QStringLiteral("N"), QStringLiteral("40")});
    p.addOption({QStringLiteral("think-ms"), QStringLiteral("Mean pause between one annotator's saves."),
                 QStringLiteral("MS"), QStringLiteral("50")});
    p.addOption({QStringLiteral("worker"), QStringLiteral("(internal) run one annotator on URL."), QStringLiteral("URL")});
    p.addOption({QStringLiteral("seed"), QStringLiteral("(internal)"), QStringLiteral("N"), QStringLiteral("1")});
    p.process(app);
    const int seconds = std::max(1, p.value(QStringLiteral("seconds")).toInt());
    const int thinkMs = std::max(0, p.value(QStringLiteral("think-ms")).toInt());
    if (p.isSet(QStringLiteral("worker")))
        return worker(p.value(QStringLiteral("worker")), seconds, thinkMs, p.value(QStringLiteral("seed")).toUInt());
    const int clients = std::clamp(p.value(QStringLiteral("clients")).toInt(), 1, 64);
    const int frameCount = std::clamp(p.value(QStringLiteral("frames")).toInt(), 1, 10000);

    // The server: the suite's, or one of our own.
    Server server;
    QTemporaryDir scratch(QStringLiteral("/tmp/surgdistill-loadbench-XXXXXX"));
    QFile::setPermissions(scratch.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                              | QFileDevice::ReadOther | QFileDevice::ExeOther);
    server.script = QStringLiteral(SURGDISTILL_SOURCE_DIR "/scripts/pg-test-server.sh");
    if (!qEnvironmentVariableIsEmpty("SURGDISTILL_TEST_PG_HOST")) {
        server.host = qEnvironmentVariable("SURGDISTILL_TEST_PG_HOST");
        server.port = qEnvironmentVariableIntValue("SURGDISTILL_TEST_PG_PORT");
        server.superuser = qEnvironmentVariable("SURGDISTILL_TEST_PG_SUPERUSER", QStringLiteral("postgres"));
    } else {
        server.dir = scratch.filePath(QStringLiteral("pg"));
        QProcess start;
        start.start(QStringLiteral("bash"), {server.script, QStringLiteral("start"), server.dir});
        start.waitForFinished(180000);
        if (start.exitCode() != 0)
            qFatal("could not start a PostgreSQL server: %s", start.readAllStandardError().constData());
        const QString env = QString::fromUtf8(start.readAllStandardOutput());
        server.host = variable(env, QStringLiteral("SURGDISTILL_TEST_PG_HOST"));
        server.port = variable(env, QStringLiteral("SURGDISTILL_TEST_PG_PORT")).toInt();
        server.superuser = variable(env, QStringLiteral("SURGDISTILL_TEST_PG_SUPERUSER"));
    }
    auto stopServer = qScopeGuard([&] {
        if (!server.dir.isEmpty())
            QProcess::execute(QStringLiteral("bash"), {server.script, QStringLiteral("stop"), server.dir});
    });
    qputenv("XDG_CACHE_HOME", scratch.filePath(QStringLiteral("cache")).toUtf8());

    // The project: an admin login, annotator logins, shared frames.
    const QString database = QStringLiteral("loadbench_%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    superuserExec(server, QStringLiteral("CREATE ROLE \"%1_owner\" LOGIN CREATEROLE").arg(database));
    superuserExec(server, QStringLiteral("CREATE DATABASE \"%1\" OWNER \"%1_owner\"").arg(database));
    TeamConnection admin;
    admin.host = server.host;
    admin.port = server.port;
    admin.database = database;
    admin.user = database + QStringLiteral("_owner");
    std::vector<QString> urls;
    {
        auto store = ProjectStore::createTeam(admin, QStringLiteral("load bench"));
        for (int i = 0; i < frameCount; ++i) {
            const QString staged = QStringLiteral("media/staged-%1.png").arg(i);
            QDir().mkpath(store->mediaFolder());
            cv::imwrite(store->absolutePath(staged).toStdString(), cv::Mat(240, 320, CV_8UC3, cv::Scalar(i % 255, 90, 40)));
            Frame f;
            f.contentHash = QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256).toHex();
            f.width = 320;
            f.height = 240;
            f.mediaPath = staged;
            store->addFrame(f);
        }
        for (int c = 0; c < clients; ++c) {
            TeamConnection login = admin;
            login.user = QStringLiteral("%1_a%2").arg(database).arg(c);
            store->addTeamUser(login.user, {}, {TeamRole::Annotator});
            urls.push_back(login.toUrl());
        }
    }

    out << "team_load_bench: " << clients << " annotator processes, " << seconds << " s, " << frameCount
        << " frames x 5 structures shared, think time ~" << thinkMs << " ms, server on " << server.host << "\n";
    out.flush();
    std::vector<std::unique_ptr<QProcess>> procs;
    for (int c = 0; c < clients; ++c) {
        auto proc = std::make_unique<QProcess>();
        proc->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        proc->start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--worker"), urls[size_t(c)], QStringLiteral("--seconds"), QString::number(seconds),
                     QStringLiteral("--think-ms"), QString::number(thinkMs), QStringLiteral("--seed"),
                     QString::number(1000 + c)});
        procs.push_back(std::move(proc));
    }
    struct Ack {
        qint64 frame, structure;
        int version;
        QByteArray print;
    };
    std::vector<Ack> acks;
    std::vector<double> latencyMs;
    int conflicts = 0, failedClients = 0;
    for (auto &proc : procs) {
        proc->waitForFinished(qint64(seconds) * 1000 + 120000);
        if (proc->exitStatus() != QProcess::NormalExit || proc->exitCode() != 0)
            ++failedClients;
        for (const QByteArray &line : proc->readAllStandardOutput().split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() != 7 || f[0] != "ack")
                continue;
            acks.push_back({f[1].toLongLong(), f[2].toLongLong(), f[3].toInt(), f[4]});
            latencyMs.push_back(f[5].toDouble() / 1000.0);
            conflicts += f[6].toInt();
        }
    }

    // The check, on the server.
    auto check = ProjectStore::openTeam(admin, OpenMode::ReadOnly);
    std::map<std::pair<qint64, qint64>, std::map<int, QByteArray>> stored; // (frame, structure) -> version -> pixels
    qint64 storedVersions = 0;
    int integrityErrors = 0;
    for (const Frame &f : check->frames())
        for (const Mask &m : check->masksForFrame(f.id)) {
            auto &versions = stored[{f.id, m.structureId}];
            int expected = 1;
            for (const MaskVersion &v : check->maskHistory(m.id)) {
                if (v.version != expected++ || versions.count(v.version))
                    ++integrityErrors; // a gap or a double
                versions[v.version] = fingerprint(v.rle);
                ++storedVersions;
            }
        }
    int lost = 0;
    std::set<std::tuple<qint64, qint64, int>> seen;
    for (const Ack &a : acks) {
        const auto it = stored.find({a.frame, a.structure});
        if (it == stored.end() || !it->second.count(a.version) || it->second.at(a.version) != a.print)
            ++lost;
        if (!seen.insert({a.frame, a.structure, a.version}).second)
            ++integrityErrors; // two acknowledged saves got the same version
    }
    if (storedVersions != qint64(acks.size()))
        integrityErrors += int(std::llabs(storedVersions - qint64(acks.size()))); // versions nobody acknowledged
    if (!check->integrityOk())
        ++integrityErrors;

    std::printf("saves acknowledged:  %zu (%.1f per second, %d kept as conflicts)\n", acks.size(),
                double(acks.size()) / seconds, conflicts);
    std::printf("versions on server:  %lld\n", static_cast<long long>(storedVersions));
    std::printf("lost versions:       %d\n", lost);
    std::printf("integrity errors:    %d\n", integrityErrors);
    std::printf("failed clients:      %d\n", failedClients);
    std::printf("save latency (ms):   p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", percentile(latencyMs, 0.5),
                percentile(latencyMs, 0.95), percentile(latencyMs, 0.99), percentile(latencyMs, 1.0));
    std::printf("target: 0 lost, 0 integrity errors, p95 <= 100 ms: %s\n",
                lost == 0 && integrityErrors == 0 && failedClients == 0 && percentile(latencyMs, 0.95) <= 100.0
                    ? "met"
                    : "NOT met");
    return lost == 0 && integrityErrors == 0 && failedClients == 0 ? 0 : 1;
}
