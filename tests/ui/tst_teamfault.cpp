// Server faults against a real PostgreSQL 15 server of this test's own (so it can stop
// it): `pg_ctl stop -m immediate` in the middle of mask saves through the real
// MaskAutosaver, then a restart. Every save acknowledged before the stop is on the
// server; every edit made while it was down is saved after the restart; nothing is lost.
#include "annotation/maskautosaver.h"
#include "pgtestserver.h"
#include "store/projectstore.h"
#include "workspace/teamstatus.h"

#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <opencv2/imgcodecs.hpp>

using namespace sd;
using namespace sd::ui;

namespace {

bool serverScript(const QStringList &args, QByteArray *out = nullptr)
{
    QProcess p;
    p.start(QStringLiteral("bash"), QStringList{pgtest::env("SURGDISTILL_TEST_PG_SCRIPT")} + args);
    p.waitForFinished(120000);
    if (out)
        *out = p.readAllStandardOutput();
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A mask image whose pixels say which edit it was: a square at a place given by n.
QImage editImage(int n)
{
    QImage image(32, 24, QImage::Format_Grayscale8);
    image.fill(0);
    const int x = n % 24, y = (n / 24) % 16;
    for (int dy = 0; dy < 6; ++dy)
        for (int dx = 0; dx < 6; ++dx)
            image.setPixel(x + dx, y + dy, qRgb(255, 255, 255));
    return image;
}

RleMask rleOf(const QImage &image)
{
    std::vector<uint8_t> pixels;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            pixels.push_back(qGray(image.pixel(x, y)) ? 1 : 0);
    return RleMask::encode(pixels.data(), image.height(), image.width());
}

} // namespace

class TstTeamFault : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void immediateStopLosesNothing()
    {
        if (pgtest::env("SURGDISTILL_TEST_PG_SCRIPT").isEmpty())
            QSKIP(pgtest::skipMessage());
        QTemporaryDir dir(QStringLiteral("/tmp/surgdistill-fault-XXXXXX"));
        QTemporaryDir cache;
        qputenv("XDG_CACHE_HOME", cache.path().toUtf8());
        // The server runs as the postgres system user when the test runs as root.
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                              | QFileDevice::ReadOther | QFileDevice::ExeOther);
        const QString serverDir = dir.filePath(QStringLiteral("pg"));
        QByteArray env;
        QVERIFY(serverScript({QStringLiteral("start"), serverDir}, &env));
        auto stopAtEnd = qScopeGuard([&] { serverScript({QStringLiteral("stop"), serverDir, QStringLiteral("immediate")}); });
        const QString port = QString::fromUtf8(env).section(QStringLiteral("SURGDISTILL_TEST_PG_PORT='"), 1).section('\'', 0, 0);
        TeamConnection admin;
        admin.host = serverDir;
        admin.port = port.toInt();
        admin.user = pgtest::env("SURGDISTILL_TEST_PG_SUPERUSER").isEmpty() ? QStringLiteral("postgres")
                                                                             : pgtest::env("SURGDISTILL_TEST_PG_SUPERUSER");
        admin.database = QStringLiteral("postgres");
        auto store = ProjectStore::createTeam(admin, QStringLiteral("fault"));
        std::vector<qint64> frames;
        for (int i = 0; i < 12; ++i) {
            Frame f;
            const QString staged = QStringLiteral("media/staged-%1.png").arg(i);
            cv::imwrite(store->absolutePath(staged).toStdString(), cv::Mat(24, 32, CV_8UC3, cv::Scalar(i, 2 * i, 3)));
            f.contentHash = QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256).toHex();
            f.width = 32;
            f.height = 24;
            f.mediaPath = staged;
            store->addFrame(f);
            frames.push_back(f.id);
        }
        const qint64 structureId = store->structures().front().id;

        MaskAutosaver saver;
        saver.setStore(store.get());
        saver.setRetryIntervalMs(200);
        QSignalSpy reachability(&saver, &MaskAutosaver::serverReachableChanged);
        // The workspace's status-bar indicator, wired as MainWindow wires it.
        QWidget statusBar;
        TeamStatus status(&statusBar);
        status.setProject(store.get());
        QObject::connect(&saver, &MaskAutosaver::serverReachableChanged, &status, &TeamStatus::setReachable);
        QVERIFY(status.indicator()->text().startsWith(QLatin1String("Team:")));

        // Before the stop: each save is acknowledged (flush() returns true).
        std::vector<std::pair<qint64, QImage>> acknowledged;
        for (int i = 0; i < 6; ++i) {
            const QImage image = editImage(i * 7);
            saver.markDirty(frames[size_t(i)], structureId, image);
            QVERIFY(saver.flush());
            acknowledged.push_back({frames[size_t(i)], image});
        }
        QVERIFY(serverScript({QStringLiteral("stop"), serverDir, QStringLiteral("immediate")}));

        // While it is down: edits are made and refused by the store, and kept.
        std::vector<std::pair<qint64, QImage>> later;
        for (int i = 6; i < 12; ++i) {
            const QImage image = editImage(i * 5 + 3);
            saver.markDirty(frames[size_t(i)], structureId, image);
            later.push_back({frames[size_t(i)], image});
        }
        // An acknowledged mask edited again while the server is down.
        const QImage again = editImage(99);
        saver.markDirty(frames[0], structureId, again);
        QVERIFY(!saver.flush());
        QVERIFY(saver.hasPendingChanges());
        QCOMPARE(reachability.size(), 1);
        QCOMPARE(reachability.front().front().toBool(), false);
        QCOMPARE(status.indicator()->text(), QStringLiteral("Server unreachable — retrying"));

        QVERIFY(serverScript({QStringLiteral("restart"), serverDir}));
        // The autosaver retries by itself, reconnects and writes everything.
        QTRY_VERIFY_WITH_TIMEOUT(!saver.hasPendingChanges(), 30000);
        QCOMPARE(reachability.size(), 2);
        QCOMPARE(reachability.back().front().toBool(), true);
        QVERIFY2(status.indicator()->text().startsWith(QLatin1String("Team:")), qPrintable(status.indicator()->text()));

        auto check = ProjectStore::openTeam(admin);
        for (const auto &[frameId, image] : acknowledged) {
            const auto m = check->mask(frameId, structureId);
            QVERIFY(m);
            const auto history = check->maskHistory(m->id);
            QVERIFY(history.front().rle == rleOf(image)); // version 1: the acknowledged save
        }
        for (const auto &[frameId, image] : later)
            QVERIFY(check->mask(frameId, structureId)->rle == rleOf(image));
        QVERIFY(check->mask(frames[0], structureId)->rle == rleOf(again));
        QCOMPARE(check->mask(frames[0], structureId)->version, 2);
    }
};

QTEST_MAIN(TstTeamFault)
#include "tst_teamfault.moc"
