// The workspace on a team project, through the real widgets against the suite's real
// PostgreSQL 15 server: File > Open team project… (password asked after the server wanted
// one, TLS checked against the server's self-signed certificate), the status-bar
// indicator, Open recent without the password, a colleague's saves appearing in the frame
// list and the open frame, and the conflict notice when two people saved the same mask.
// A SQLite project says "Single workstation".
#include "annotation/frameview.h"
#include "demo/demoproject.h"
#include "annotation/maskautosaver.h"
#include "annotation/masklayer.h"
#include "frames/framelistmodel.h"
#include "pgtestserver.h"
#include "store/projectstore.h"
#include "workspace/conflictnotice.h"
#include "workspace/mainwindow.h"
#include "workspace/recentprojects.h"
#include "workspace/teamconnectiondialog.h"
#include "workspace/teamstatus.h"
#include "docscreenshot.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace sd;
using namespace sd::ui;
using namespace sd::testsupport;

namespace {

RleMask boxMask(int height, int width, int x0, int y0, int x1, int y1)
{
    cv::Mat m(height, width, CV_8UC1, cv::Scalar(0));
    m(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(1);
    return RleMask::encode(m.data, height, width);
}

qint64 addFrame(ProjectStore &store, int n)
{
    const QString staged = QStringLiteral("media/staged-%1.png").arg(n);
    QDir().mkpath(store.mediaFolder());
    cv::imwrite(store.absolutePath(staged).toStdString(), cv::Mat(24, 32, CV_8UC3, cv::Scalar(10 * n, 60, 90)));
    Frame f;
    f.contentHash = QCryptographicHash::hash(QByteArray::number(n), QCryptographicHash::Sha256).toHex();
    f.width = 32;
    f.height = 24;
    f.mediaPath = staged;
    store.addFrame(f);
    return f.id;
}

// Answers the next TeamConnectionDialog the app shows; `fill` sets its fields.
void whenDialogShows(const std::function<void(TeamConnectionDialog &)> &fill)
{
    auto *poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, fill] {
        auto *dialog = qobject_cast<TeamConnectionDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        poll->stop();
        poll->deleteLater();
        fill(*dialog);
    });
    poll->start(20);
}

template <class W>
W *field(QWidget &parent, const char *name)
{
    W *w = parent.findChild<W *>(QLatin1String(name));
    if (!w)
        qFatal("no field %s", name);
    return w;
}

int layerPixels(MainWindow &w, qint64 structureId)
{
    MaskLayer *l = w.frameView()->layer(structureId);
    if (!l)
        return 0;
    int n = 0;
    const QImage m = l->mask();
    for (int y = 0; y < m.height(); ++y)
        for (int x = 0; x < m.width(); ++x)
            n += qGray(m.pixel(x, y)) ? 1 : 0;
    return n;
}

} // namespace

class TstTeamWorkspace : public QObject {
    Q_OBJECT

    QTemporaryDir m_cache;

private Q_SLOTS:
    void initTestCase()
    {
        themeForDocScreenshots();
        QStandardPaths::setTestModeEnabled(true); // QSettings (recent projects) in a test location
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
        qputenv("PGPASSFILE", QByteArray("/nonexistent/pgpass"));
        clearRecentProjects();
    }

    void singleWorkstation()
    {
        QTemporaryDir dir;
        auto store = ProjectStore::create(dir.filePath(QStringLiteral("p")), QStringLiteral("solo"));
        MainWindow w(store.get());
        QLabel *indicator = w.teamStatus()->indicator();
        QCOMPARE(indicator->objectName(), QStringLiteral("connectionStatusLabel"));
        QCOMPARE(indicator->text(), QStringLiteral("Single workstation"));
        QVERIFY(!indicator->isHidden());
        QVERIFY(indicator->toolTip().contains(QLatin1String("SQLite")));
        QVERIFY(w.openProjectFolder(dir.filePath(QStringLiteral("p"))));
        QCOMPARE(recentProjects().front(), QDir(dir.filePath(QStringLiteral("p"))).absolutePath());
    }

    // While the server is away nothing is even tried (a try could block on a reconnect); the
    // edits wait, leaving the project asks first, and coming back saves them.
    void editsWaitWhileTheServerIsAway()
    {
        QTemporaryDir dir;
        auto store = ProjectStore::create(dir.filePath(QStringLiteral("p")), QStringLiteral("away"));
        const qint64 frameId = addFrame(*store, 3);
        const qint64 structureId = store->structures().front().id;
        ProjectStore::create(dir.filePath(QStringLiteral("other")), QStringLiteral("other"));
        MainWindow w(store.get());
        QImage drawn(32, 24, QImage::Format_Grayscale8);
        drawn.fill(0);
        drawn.setPixel(5, 5, qRgb(255, 255, 255));
        w.autosaver()->setServerAway(true);
        w.autosaver()->markDirty(frameId, structureId, drawn);
        QVERIFY(!w.autosaver()->flush());
        QVERIFY(!store->mask(frameId, structureId));
        // Opening another project asks; Cancel keeps this one and the edit.
        QString asked;
        QTimer::singleShot(50, [&asked] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            asked = box->text();
            box->button(QMessageBox::Cancel)->click();
        });
        QVERIFY(!w.openProjectFolder(dir.filePath(QStringLiteral("other"))));
        QVERIFY2(asked.contains(QLatin1String("not saved")), qPrintable(asked));
        QCOMPARE(w.project(), store.get());
        QVERIFY(w.autosaver()->hasPendingChanges());
        w.autosaver()->setServerAway(false);
        QVERIFY(!w.autosaver()->hasPendingChanges());
        QCOMPARE(store->mask(frameId, structureId)->version, 1);
    }

    // The dialog, a password the server asks for, TLS checked, and Open recent without a password.
    void openTeamProjectThroughTheDialog()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        const TeamConnection admin = pgtest::newProjectDatabase(QStringLiteral("uiopen"));
        ProjectStore::createTeam(admin, QStringLiteral("Ward 3 CME"));
        pgtest::superuserExec(QStringLiteral("ALTER ROLE \"%1\" PASSWORD 'correct horse'").arg(admin.user));

        MainWindow w;
        int dialogs = 0;
        QString secondError;
        // First: everything but the password; the server wants one, so the dialog comes back saying so.
        whenDialogShows([&](TeamConnectionDialog &d) {
            ++dialogs;
            field<QLineEdit>(d, "teamHost")->setText(QStringLiteral("127.0.0.1"));
            field<QSpinBox>(d, "teamPort")->setValue(admin.port);
            field<QLineEdit>(d, "teamDatabase")->setText(admin.database);
            field<QLineEdit>(d, "teamUser")->setText(admin.user);
            QComboBox *tls = field<QComboBox>(d, "teamTls");
            tls->setCurrentIndex(tls->findData(QStringLiteral("verify-ca")));
            field<QLineEdit>(d, "teamCaFile")->setText(pgtest::env("SURGDISTILL_TEST_PG_CERT"));
            QVERIFY(field<QLabel>(d, "teamUrl")->text().contains(QLatin1String("sslmode=verify-ca")));
            QVERIFY(!field<QLabel>(d, "teamConnectionError")->isVisibleTo(&d));
            whenDialogShows([&](TeamConnectionDialog &again) {
                ++dialogs;
                QLabel *error = field<QLabel>(again, "teamConnectionError");
                secondError = error->isVisibleTo(&again) ? error->text() : QString();
                // The fields are kept; only the password is typed now.
                QCOMPARE(field<QLineEdit>(again, "teamDatabase")->text(), admin.database);
                field<QLineEdit>(again, "teamPassword")->setText(QStringLiteral("correct horse"));
                field<QCheckBox>(again, "teamRememberPassword")->setChecked(false);
                writeDocScreenshot(again, QStringLiteral("team-connect"));
                field<QPushButton>(again, "teamConnect")->click();
            });
            field<QPushButton>(d, "teamConnect")->click();
        });
        QVERIFY(w.openTeamProject(TeamConnection{}, true));
        QCOMPARE(dialogs, 2);
        QVERIFY2(secondError.contains(QLatin1String("password")), qPrintable(secondError));
        QVERIFY(w.project() && w.project()->isTeam());
        QVERIFY(w.windowTitle().startsWith(QLatin1String("Ward 3 CME")));
        // The indicator names the server, the login and TLS; the user is the server login.
        const QString indicator = w.teamStatus()->indicator()->text();
        QVERIFY2(indicator.contains(admin.database) && indicator.contains(admin.user) && indicator.contains(QLatin1String("TLS")),
                 qPrintable(indicator));
        QCOMPARE(w.user().name, admin.user);
        // Open recent remembers the connection, never the password.
        const QString recent = recentProjects().front();
        QVERIFY(recent.startsWith(QLatin1String("postgresql://")));
        QVERIFY(recent.contains(admin.database));
        QVERIFY(!recent.contains(QLatin1String("horse")));

        // A server that does not answer: said in the dialog, which the person may cancel.
        TeamConnection nowhere = pgtest::socketConnection(admin.database, admin.user);
        nowhere.host = QStringLiteral("127.0.0.1");
        nowhere.port = 1; // nothing listens there
        QString unreachable;
        whenDialogShows([&](TeamConnectionDialog &d) {
            unreachable = field<QLabel>(d, "teamConnectionError")->text();
            d.reject();
        });
        QVERIFY(!w.openTeamProject(nowhere, false));
        QVERIFY2(unreachable.contains(QLatin1String("does not answer")), qPrintable(unreachable));
        QVERIFY(w.project()->isTeam()); // the open project stays open
    }

    // A colleague's saves appear without any action here; a save on top of a colleague's
    // newer version keeps both and says so.
    void colleaguesAndConflicts()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        const TeamConnection admin = pgtest::newProjectDatabase(QStringLiteral("uilive"));
        auto setup = ProjectStore::createTeam(admin, QStringLiteral("live"));
        setup->addTeamUser(admin.database + QStringLiteral("_ann"), {}, {TeamRole::Annotator});
        setup->addTeamUser(admin.database + QStringLiteral("_bob"), {}, {TeamRole::Annotator});
        const qint64 first = addFrame(*setup, 1), second = addFrame(*setup, 2);
        const qint64 structureId = setup->structures().front().id;
        setup.reset();

        TeamConnection annLogin = admin, bobLogin = admin;
        annLogin.user = admin.database + QStringLiteral("_ann");
        bobLogin.user = admin.database + QStringLiteral("_bob");
        MainWindow w;
        QVERIFY(w.openTeamProject(annLogin, false)); // trusted socket: no dialog
        QCOMPARE(w.user().name, annLogin.user);
        QVERIFY(w.selectFrame(first));
        QCOMPARE(layerPixels(w, structureId), 0);

        auto bob = ProjectStore::openTeam(bobLogin);
        // Bob's mask on the open frame shows here, and his mask on another frame in the list.
        bob->saveMask(first, structureId, boxMask(24, 32, 2, 2, 12, 10), bobLogin.user);
        bob->saveMask(second, structureId, boxMask(24, 32, 4, 4, 8, 8), bobLogin.user);
        QTRY_COMPARE_WITH_TIMEOUT(layerPixels(w, structureId), 80, 5000);
        const int row = w.frameModel()->rowOfFrame(second);
        QTRY_VERIFY_WITH_TIMEOUT(!w.frameModel()->data(w.frameModel()->index(row), FrameListModel::StructureNamesRole)
                                      .toStringList().isEmpty(), 5000);
        QCOMPARE(w.currentFrameId(), first);

        // Ann draws on version 1 while Bob saves version 2: Ann's save becomes version 3, both kept.
        bob->saveMask(first, structureId, boxMask(24, 32, 0, 0, 6, 6), bobLogin.user, {}, 1);
        QImage drawn(32, 24, QImage::Format_Grayscale8);
        drawn.fill(0);
        for (int y = 14; y < 20; ++y)
            for (int x = 20; x < 30; ++x)
                drawn.setPixel(x, y, qRgb(255, 255, 255));
        QVERIFY(w.conflictNotice()->isHidden());
        w.autosaver()->markDirty(first, structureId, drawn);
        QVERIFY(w.autosaver()->flush());
        QVERIFY(!w.conflictNotice()->isHidden());
        const QString notice = w.conflictNotice()->text();
        QVERIFY2(notice.contains(bobLogin.user) && notice.contains(QLatin1String("version 2"))
                     && notice.contains(QLatin1String("version 3")),
                 qPrintable(notice));
        const auto mask = bob->mask(first, structureId);
        QCOMPARE(mask->version, 3);
        QCOMPARE(mask->author, annLogin.user);
        QVERIFY(mask->conflict());
        const auto history = bob->maskHistory(mask->id);
        QCOMPARE(history.size(), size_t(3));
        QCOMPARE(history[1].author, bobLogin.user);
        QVERIFY(history[1].rle == boxMask(24, 32, 0, 0, 6, 6));

        // With no conflict pending, the next save is based on version 3: no notice.
        w.conflictNotice()->hide();
        drawn.setPixel(0, 23, qRgb(255, 255, 255));
        w.autosaver()->markDirty(first, structureId, drawn);
        QVERIFY(w.autosaver()->flush());
        QVERIFY(w.conflictNotice()->isHidden());
        QCOMPARE(bob->mask(first, structureId)->version, 4);
    }

    // The same on real frames: a demo project pushed to the server, its masks on the canvas,
    // two people editing the same demo mask.
    void conflictOnADemoFrame()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        QTemporaryDir dir;
        DemoOptions options;
        options.frames = 4;
        createDemoProject(dir.filePath(QStringLiteral("demo")), options);
        const TeamConnection admin = pgtest::newProjectDatabase(QStringLiteral("uidemo"));
        const QString ann = admin.database + QStringLiteral("_ann"), bob = admin.database + QStringLiteral("_bob");
        {
            auto folder = ProjectStore::open(dir.filePath(QStringLiteral("demo")));
            folder->pushToServer(admin);
            auto team = ProjectStore::openTeam(admin);
            team->addTeamUser(ann, {}, {TeamRole::Annotator});
            team->addTeamUser(bob, {}, {TeamRole::Annotator, TeamRole::Reviewer});
        }
        TeamConnection annLogin = admin, bobLogin = admin;
        annLogin.user = ann;
        bobLogin.user = bob;
        MainWindow w;
        w.resize(1400, 860);
        QVERIFY(w.openTeamProject(annLogin, false));
        const qint64 frameId = w.currentFrameId();
        QVERIFY(frameId > 0);
        auto other = ProjectStore::openTeam(bobLogin);
        const std::vector<Mask> masks = other->masksForFrame(frameId);
        QVERIFY(!masks.empty());
        const Mask shown = masks.front();
        QVERIFY(layerPixels(w, shown.structureId) > 0); // the demo mask, fetched from the server

        // Bob widens the mask; Ann, still on the version she sees, trims it.
        cv::Mat wide, trimmed;
        cv::dilate(shown.rle.decode(), wide, cv::Mat(), cv::Point(-1, -1), 4);
        cv::erode(shown.rle.decode(), trimmed, cv::Mat(), cv::Point(-1, -1), 3);
        other->saveMask(frameId, shown.structureId, RleMask::encode(wide / 255), bob, {}, shown.version);
        QImage annEdit(trimmed.data, trimmed.cols, trimmed.rows, int(trimmed.step), QImage::Format_Grayscale8);
        w.autosaver()->markDirty(frameId, shown.structureId, annEdit.copy());
        QVERIFY(w.autosaver()->flush());
        QVERIFY(!w.conflictNotice()->isHidden());
        QVERIFY2(w.conflictNotice()->text().contains(bob), qPrintable(w.conflictNotice()->text()));
        const auto history = other->maskHistory(shown.id);
        QCOMPARE(int(history.size()), shown.version + 2);
        QCOMPARE(history.back().author, ann);
        QCOMPARE(history[history.size() - 2].author, bob);
        QCOMPARE(w.teamStatus()->indicator()->text().left(5), QStringLiteral("Team:"));
        // Frames of a team project come from the server through the local cache: the list's
        // thumbnails load from it like a workstation project's.
        for (int row = 0; row < w.frameModel()->rowCount(); ++row)
            QTRY_VERIFY_WITH_TIMEOUT(!w.frameModel()->index(row).data(FrameListModel::ThumbnailRole).value<QImage>().isNull(), 10000);
        writeDocScreenshot(w, QStringLiteral("team-conflict"));
    }
};

QTEST_MAIN(TstTeamWorkspace)
#include "tst_teamworkspace.moc"
