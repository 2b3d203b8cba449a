// Team projects against a real PostgreSQL 15 server (started by scripts/run-tests.sh):
// the same ProjectStore API as SQLite, server-enforced review rules on real logins,
// optimistic concurrency on masks, change notifications, TLS, hostile input.
#include "pgtestserver.h"
#include "reviewworkflow.h"
#include "store/projectstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <opencv2/imgcodecs.hpp>

using namespace sd;

namespace {

RleMask boxMask(int height, int width, int x0, int y0, int x1, int y1)
{
    std::vector<uint8_t> pixels(size_t(height) * size_t(width), 0);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            pixels[size_t(y) * size_t(width) + size_t(x)] = 1;
    return RleMask::encode(pixels.data(), height, width);
}

// A real PNG staged in the store's media folder, as the importer does.
Frame stageFrame(ProjectStore &store, const QString &tag, int width = 16, int height = 12)
{
    cv::Mat image(height, width, CV_8UC3, cv::Scalar(20, 80, qHash(tag) % 255));
    const QString relative = QStringLiteral("media/staged-%1.png").arg(tag);
    QDir().mkpath(store.mediaFolder());
    cv::imwrite(store.absolutePath(relative).toStdString(), image);
    Frame f;
    f.contentHash = QCryptographicHash::hash(tag.toUtf8(), QCryptographicHash::Sha256).toHex();
    f.width = width;
    f.height = height;
    f.mediaPath = relative;
    f.phase = QStringLiteral("cme_mobilisation");
    return f;
}

using pgtest::RawClient;

} // namespace

class TstTeamStore : public QObject {
    Q_OBJECT

    TeamConnection m_admin;
    QTemporaryDir m_cache;

    TeamConnection as(const QString &login) const
    {
        TeamConnection c = m_admin;
        c.user = login;
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The frame cache goes below XDG_CACHE_HOME: keep it inside the test's temp folder.
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
        QStandardPaths::setTestModeEnabled(false);
    }

    void urls()
    {
        QString error;
        auto c = TeamConnection::fromUrl(QStringLiteral("postgresql://anna@db.clinic.example:6543/cme?sslmode=verify-full"
                                                        "&sslrootcert=/etc/ssl/clinic-ca.crt"), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->user, QStringLiteral("anna"));
        QCOMPARE(c->host, QStringLiteral("db.clinic.example"));
        QCOMPARE(c->port, 6543);
        QCOMPARE(c->database, QStringLiteral("cme"));
        QCOMPARE(c->sslMode, QStringLiteral("verify-full"));
        QCOMPARE(c->sslRootCert, QStringLiteral("/etc/ssl/clinic-ca.crt"));
        const auto back = TeamConnection::fromUrl(c->toUrl());
        QVERIFY(back && back->host == c->host && back->port == c->port && back->sslMode == c->sslMode);
        c = TeamConnection::fromUrl(QStringLiteral("postgresql://rob@%2Ftmp%2Fpg:5433/cme"));
        QVERIFY(c && c->host == QStringLiteral("/tmp/pg") && c->isUnixSocket());
        QCOMPARE(TeamConnection::fromUrl(c->toUrl())->host, QStringLiteral("/tmp/pg"));
        // A password in the URL would end up in recent lists and logs: refused.
        QVERIFY(!TeamConnection::fromUrl(QStringLiteral("postgresql://anna:secret@host/cme"), &error));
        QVERIFY(error.contains(QLatin1String("PGPASSFILE")));
        QVERIFY(!TeamConnection::fromUrl(QStringLiteral("postgresql://anna@host/"), &error));
        QVERIFY(!TeamConnection::fromUrl(QStringLiteral("postgresql://anna@host/cme?sslmode=maybe"), &error));
        QVERIFY(!TeamConnection::fromUrl(QStringLiteral("postgresql://anna@host/cme?password=x"), &error));
    }

    void createOpenAndRoundTrip()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        m_admin = pgtest::newProjectDatabase(QStringLiteral("roundtrip"));
        {
            auto store = ProjectStore::createTeam(m_admin, QStringLiteral("Team CME"));
            QVERIFY(store->isTeam());
            QCOMPARE(store->schemaVersion(), ProjectStore::latestSchemaVersion());
            QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("Team CME"));
            QCOMPARE(store->structures().size(), size_t(5));
            QVERIFY(store->teamSession().has(TeamRole::Admin));
            QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore::createTeam(m_admin, QStringLiteral("again")));

            Frame f = stageFrame(*store, QStringLiteral("a"));
            QFile staged(store->absolutePath(f.mediaPath));
            QVERIFY(staged.open(QIODevice::ReadOnly));
            const QByteArray png = staged.readAll();
            staged.close();
            store->addFrame(f);
            QCOMPARE(f.mediaPath, QStringLiteral("media/f%1.png").arg(f.id));
            const qint64 structureId = store->structures().front().id;
            const Mask m = store->saveMask(f.id, structureId, boxMask(12, 16, 2, 2, 8, 8), QStringLiteral("ignored"));
            // The server records the login, whatever name the client sends.
            QCOMPARE(m.author, m_admin.user);
            AuditEntry e = store->appendAudit(m_admin.user, QStringLiteral("teacher.request"),
                                              QStringLiteral("api.example"), QByteArray("{\"q\":\"x\"}"));
            QVERIFY(e.id > 0);
            QVERIFY(store->checkAuditLog().intact());
            QVERIFY(store->integrityOk());
            QVERIFY(!png.isEmpty());

            // Another computer: a fresh cache gets the frame's bytes from the server, read-only.
            QTemporaryDir otherCache;
            qputenv("XDG_CACHE_HOME", otherCache.path().toUtf8());
            auto other = ProjectStore::open(m_admin.toUrl());
            qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
            const QString cached = other->absolutePath(other->frame(f.id)->mediaPath);
            QVERIFY(cached.startsWith(otherCache.path()));
            QFile file(cached);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), png);
            QVERIFY2(!(QFileInfo(cached).permissions() & QFileDevice::WriteOwner),
                 qPrintable(QString::number(QFileInfo(cached).permissions(), 16)));
            QCOMPARE(other->mask(f.id, structureId)->rle, m.rle);
            QCOMPARE(other->auditLog().size(), size_t(1));
        }
        // Read-only opens write nothing.
        auto ro = ProjectStore::open(m_admin.toUrl(), OpenMode::ReadOnly);
        QCOMPARE(ro->frameCount(), 1);
        QVERIFY_THROWS_EXCEPTION(StoreError, ro->setSetting(QStringLiteral("x"), QStringLiteral("y")));
        // A database without a project is not one.
        const TeamConnection empty = pgtest::newProjectDatabase(QStringLiteral("empty"));
        QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore::openTeam(empty));
    }

    void serverEnforcesTheReviewRules()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        m_admin = pgtest::newProjectDatabase(QStringLiteral("rules"));
        auto admin = ProjectStore::createTeam(m_admin, QStringLiteral("rules"));
        const QString anna = m_admin.database + QStringLiteral("_anna");
        const QString rob = m_admin.database + QStringLiteral("_rob");
        const QString rita = m_admin.database + QStringLiteral("_rita");
        admin->addTeamUser(anna, {}, {TeamRole::Annotator});
        admin->addTeamUser(rob, {}, {TeamRole::Reviewer});
        admin->addTeamUser(rita, {}, {TeamRole::Reviewer, TeamRole::Annotator});
        const auto users = admin->teamUsers();
        QCOMPARE(users.size(), size_t(4)); // the admin too
        for (const TeamUser &u : users)
            if (u.login == rita)
                QCOMPARE(u.roles, (QList<TeamRole>{TeamRole::Annotator, TeamRole::Reviewer}));

        Frame f = stageFrame(*admin, QStringLiteral("r"));
        admin->addFrame(f);
        const qint64 structureId = admin->structures().front().id;

        auto annaStore = ProjectStore::openTeam(as(anna));
        QVERIFY(annaStore->teamSession().has(TeamRole::Annotator));
        QVERIFY(!annaStore->teamSession().has(TeamRole::Reviewer));
        const Mask m = annaStore->saveMask(f.id, structureId, boxMask(12, 16, 1, 1, 5, 5), anna);
        const UserIdentity annaAsReviewer{anna, UserRole::Reviewer}; // a lying client
        submitForReview(*annaStore, m.id, {anna, UserRole::Annotator});

        // Through the app's own API with a forged role: the server refuses.
        QVERIFY_THROWS_EXCEPTION(StoreError, approveMask(*annaStore, m.id, annaAsReviewer));
        // Straight over SQL, as a modified client would: refused too.
        RawClient raw(as(anna));
        QString error = raw.exec(QStringLiteral("INSERT INTO reviews (mask_id, state, reviewer, comment, mask_version, "
                                                "created_at) VALUES (%1, 'approved', 'rob', '', 1, 'now')").arg(m.id));
        QVERIFY2(error.contains(QLatin1String("only reviewers")), qPrintable(error));
        error = raw.exec(QStringLiteral("UPDATE reviews SET state = 'approved'"));
        QVERIFY2(!error.isEmpty(), "reviews are append-only");
        error = raw.exec(QStringLiteral("DELETE FROM audit_log"));
        QVERIFY(!error.isEmpty());
        error = raw.exec(QStringLiteral("UPDATE audit_anchor SET entries = 0"));
        QVERIFY(!error.isEmpty());
        error = raw.exec(QStringLiteral("DROP TRIGGER reviews_rules ON reviews"));
        QVERIFY2(error.contains(QLatin1String("owner")), qPrintable(error));
        // Policy settings are the admin's.
        QVERIFY_THROWS_EXCEPTION(StoreError, annaStore->setAuditedSetting(anna, QStringLiteral("policy.allowed_hosts"),
                                                                          QStringLiteral("allowed_hosts"),
                                                                          QStringLiteral("evil.example")));
        error = raw.exec(QStringLiteral("INSERT INTO settings (key, value) VALUES ('teacher_send_mask_png', '1') "
                                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
        QVERIFY2(error.contains(QLatin1String("admin")), qPrintable(error));
        QCOMPARE(admin->setting(QStringLiteral("allowed_hosts")), QString());
        // Audit entries must name their writer.
        QVERIFY_THROWS_EXCEPTION(StoreError, annaStore->appendAudit(rob, QStringLiteral("x"), {}, QByteArray("y")));

        // Rita annotated nothing here and is a reviewer: she approves. Two-reviewer rule next.
        auto ritaStore = ProjectStore::openTeam(as(rita));
        const Review approved = approveMask(*ritaStore, m.id, {rita, UserRole::Reviewer});
        QCOMPARE(approved.state, ReviewState::Approved);
        QCOMPARE(ritaStore->latestReview(m.id)->reviewer, rita);

        admin->setSetting(QString::fromLatin1(kReviewsRequiredSetting), QStringLiteral("2"));
        Frame g = stageFrame(*admin, QStringLiteral("s"));
        admin->addFrame(g);
        const Mask m2 = annaStore->saveMask(g.id, structureId, boxMask(12, 16, 3, 3, 9, 9), anna);
        // Nobody approves what nobody submitted (model drafts included).
        QVERIFY_THROWS_EXCEPTION(StoreError, approveMask(*ritaStore, m2.id, {rita, UserRole::Reviewer}));
        submitForReview(*annaStore, m2.id, {anna, UserRole::Annotator});
        RawClient ritaRaw(as(rita));
        error = ritaRaw.exec(QStringLiteral("INSERT INTO reviews (mask_id, state, reviewer, comment, mask_version, "
                                            "created_at) VALUES (%1, 'approved', 'x', '', 1, 'now')").arg(m2.id));
        QVERIFY2(error.contains(QLatin1String("two different reviewers")), qPrintable(error));
        approveMask(*ritaStore, m2.id, {rita, UserRole::Reviewer}); // the first, partial approval
        auto robStore = ProjectStore::openTeam(as(rob));
        QCOMPARE(approveMask(*robStore, m2.id, {rob, UserRole::Reviewer}).state, ReviewState::Approved);

        // An admin changes roles: anna becomes a reviewer, and may review others' masks.
        admin->setTeamUserRoles(anna, {TeamRole::Annotator, TeamRole::Reviewer});
        QVERIFY(ProjectStore::openTeam(as(anna))->teamSession().has(TeamRole::Reviewer));
        QVERIFY_THROWS_EXCEPTION(StoreError, annaStore->setTeamUserRoles(rob, {TeamRole::Admin}));
        QVERIFY_THROWS_EXCEPTION(StoreError, admin->setTeamUserRoles(QStringLiteral("nobody_here"), {}));
    }

    void hostileTextIsStoredVerbatim()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        m_admin = pgtest::newProjectDatabase(QStringLiteral("hostile"));
        auto store = ProjectStore::createTeam(m_admin, QStringLiteral("x'); DROP TABLE frames; --"));
        QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("x'); DROP TABLE frames; --"));
        Structure s;
        s.key = QStringLiteral("evil_key");
        s.name = QStringLiteral("Robert'); DROP TABLE reviews;-- \\ $$ $1 ?");
        s.color = QStringLiteral("#ffffff");
        store->addStructure(s);
        QCOMPARE(store->structureByKey(s.key)->name, s.name);
        Frame f = stageFrame(*store, QStringLiteral("h"));
        store->addFrame(f);
        FrameFilter filter;
        filter.idSearch = QStringLiteral("1' OR '1'='1");
        QCOMPARE(store->frames(filter).size(), size_t(0));
        filter.idSearch = QString::number(f.id);
        QCOMPARE(store->frames(filter).size(), size_t(1));
        const Mask m = store->saveMask(f.id, s.id, boxMask(12, 16, 0, 0, 4, 4), QStringLiteral("a"));
        submitForReview(*store, m.id, {m_admin.user, UserRole::Annotator},
                        QStringLiteral("comment with ' \" ; -- $$ \\x00 and ünïcödé"));
        QCOMPARE(store->latestReview(m.id)->comment, QStringLiteral("comment with ' \" ; -- $$ \\x00 and ünïcödé"));
        // A hostile login name is a name, quoted by the server, not SQL.
        const QString login = m_admin.database + QStringLiteral("x\"; DROP ROLE postgres; --");
        store->addTeamUser(login, QStringLiteral("pa'ss"), {TeamRole::Annotator});
        const auto users = store->teamUsers();
        QVERIFY(std::any_of(users.begin(), users.end(), [&](const TeamUser &u) { return u.login == login; }));
        pgtest::superuserExec(QStringLiteral("SELECT 1")); // the server and its superuser are still there
        QCOMPARE(store->frameCount(), 1);
    }

    void concurrentSavesKeepBoth()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        m_admin = pgtest::newProjectDatabase(QStringLiteral("concurrent"));
        auto admin = ProjectStore::createTeam(m_admin, QStringLiteral("c"));
        const QString anna = m_admin.database + QStringLiteral("_anna");
        const QString ben = m_admin.database + QStringLiteral("_ben");
        admin->addTeamUser(anna, {}, {TeamRole::Annotator});
        admin->addTeamUser(ben, {}, {TeamRole::Annotator});
        Frame f = stageFrame(*admin, QStringLiteral("c"));
        admin->addFrame(f);
        const qint64 structureId = admin->structures().front().id;
        auto a = ProjectStore::openTeam(as(anna));
        auto b = ProjectStore::openTeam(as(ben));
        const Mask v1 = a->saveMask(f.id, structureId, boxMask(12, 16, 0, 0, 4, 4), anna, {}, std::nullopt);
        // Both open version 1 and edit it.
        const Mask v2 = a->saveMask(f.id, structureId, boxMask(12, 16, 0, 0, 6, 6), anna, {}, v1.version);
        QVERIFY(!v2.conflict());
        const Mask v3 = b->saveMask(f.id, structureId, boxMask(12, 16, 8, 4, 14, 10), ben, {}, v1.version);
        QCOMPARE(v3.version, 3);
        QVERIFY(v3.conflict());
        const auto history = a->maskHistory(v1.id);
        QCOMPARE(history.size(), size_t(3));
        QCOMPARE(history[1].author, anna);
        QCOMPARE(history[2].author, ben);
        QVERIFY(history[2].conflict());
        QVERIFY(history[1].rle == v2.rle); // anna's edit is kept
    }

    void otherClientsHearChanges()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        m_admin = pgtest::newProjectDatabase(QStringLiteral("notify"));
        auto writer = ProjectStore::createTeam(m_admin, QStringLiteral("n"));
        auto reader = ProjectStore::openTeam(m_admin);
        std::vector<StoreChange> heard;
        QObject context;
        reader->onChange(&context, [&](const StoreChange &c) { heard.push_back(c); });
        Frame f = stageFrame(*writer, QStringLiteral("n"));
        writer->addFrame(f);
        QTRY_VERIFY_WITH_TIMEOUT(!heard.empty(), 2000);
        QCOMPARE(heard.front().table, QStringLiteral("frames"));
        QCOMPARE(heard.front().frameId, f.id);
        heard.clear();
        const Mask m = writer->saveMask(f.id, writer->structures().front().id, boxMask(12, 16, 0, 0, 3, 3), "w");
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(heard.begin(), heard.end(), [&](const StoreChange &c) {
                                     return c.table == QLatin1String("masks") && c.frameId == f.id;
                                 }), 2000);
        heard.clear();
        submitForReview(*writer, m.id, {m_admin.user, UserRole::Annotator});
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(heard.begin(), heard.end(), [&](const StoreChange &c) {
                                     return c.table == QLatin1String("reviews") && c.frameId == f.id;
                                 }), 2000);
    }

    // Independent annotations on a server: each login draws only its own, drafts stay hidden
    // from the other annotators until they submitted theirs, a submitted one is final, and only
    // reviewers mark honeypots, whatever a client sends.
    void serverKeepsIndependentAnnotationRules()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        m_admin = pgtest::newProjectDatabase(QStringLiteral("annot"));
        auto admin = ProjectStore::createTeam(m_admin, QStringLiteral("annot"));
        const QString anna = m_admin.database + QStringLiteral("_anna"), bert = m_admin.database + QStringLiteral("_bert"),
                      rob = m_admin.database + QStringLiteral("_rob");
        admin->addTeamUser(anna, {}, {TeamRole::Annotator});
        admin->addTeamUser(bert, {}, {TeamRole::Annotator});
        admin->addTeamUser(rob, {}, {TeamRole::Reviewer});
        Frame f = stageFrame(*admin, QStringLiteral("annot"));
        admin->addFrame(f);
        const qint64 structureId = admin->structures().front().id;
        auto annaStore = ProjectStore::openTeam(as(anna));
        auto bertStore = ProjectStore::openTeam(as(bert));
        auto robStore = ProjectStore::openTeam(as(rob));

        const Annotation annas = annaStore->saveAnnotation(f.id, structureId, anna, boxMask(12, 16, 1, 1, 5, 5));
        // Bert cannot draw in Anna's name, and does not see her draft.
        QVERIFY_THROWS_EXCEPTION(StoreError, bertStore->saveAnnotation(f.id, structureId, anna, boxMask(12, 16, 0, 0, 2, 2)));
        QVERIFY(bertStore->annotationsForFrame(f.id).empty());
        QVERIFY(bertStore->annotationHistory(annas.id).empty());
        QCOMPARE(robStore->annotationsForFrame(f.id).size(), size_t(1)); // reviewers see all
        // Once Bert submitted his own, he sees hers.
        const Annotation berts = bertStore->saveAnnotation(f.id, structureId, bert, boxMask(12, 16, 2, 2, 6, 6));
        bertStore->setAnnotationState(berts.id, AnnotationState::Submitted);
        QCOMPARE(bertStore->annotationsForFrame(f.id).size(), size_t(2));
        // Straight over SQL: changing another's annotation, a submitted one, versions, honeypots.
        RawClient raw(as(bert));
        QString error = raw.exec(QStringLiteral("UPDATE annotations SET rle_json = rle_json WHERE id = %1").arg(annas.id));
        QVERIFY2(error.contains(QLatin1String("only")), qPrintable(error));
        error = raw.exec(QStringLiteral("UPDATE annotations SET version = version + 1 WHERE id = %1").arg(berts.id));
        QVERIFY2(error.contains(QLatin1String("final")), qPrintable(error));
        error = raw.exec(QStringLiteral("UPDATE annotations SET state = 'draft' WHERE id = %1").arg(berts.id));
        QVERIFY2(error.contains(QLatin1String("reviewer")), qPrintable(error));
        // Versions cannot be rewritten: refused, or (row-level security) no row to touch.
        raw.exec(QStringLiteral("UPDATE annotation_versions SET rle_json = ''"));
        QVERIFY(robStore->annotationHistory(berts.id).front().rle == boxMask(12, 16, 2, 2, 6, 6));
        QVERIFY(robStore->annotationHistory(annas.id).front().rle == boxMask(12, 16, 1, 1, 5, 5));
        RawClient rawAdmin(m_admin);
        error = rawAdmin.exec(QStringLiteral("UPDATE annotation_versions SET rle_json = ''"));
        QVERIFY2(error.contains(QLatin1String("append-only")), qPrintable(error));
        error = raw.exec(QStringLiteral("INSERT INTO honeypots (frame_id, marked_by, seed, created_at) "
                                        "VALUES (%1, 'x', 1, 'now')").arg(f.id));
        QVERIFY2(error.contains(QLatin1String("honeypot")), qPrintable(error));
        QCOMPARE(robStore->addHoneypots({f.id}, rob, 7), 1);
        // What stayed: Anna's draft as she drew it, Bert's submitted one.
        QVERIFY(robStore->annotationById(annas.id)->rle == boxMask(12, 16, 1, 1, 5, 5));
        QCOMPARE(robStore->annotationById(berts.id)->state, AnnotationState::Submitted);
    }

    void tlsWithPassword()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        m_admin = pgtest::newProjectDatabase(QStringLiteral("tls"));
        ProjectStore::createTeam(m_admin, QStringLiteral("tls"));
        pgtest::superuserExec(QStringLiteral("ALTER ROLE \"%1\" PASSWORD 'correct horse'").arg(m_admin.user));
        TeamConnection tcp = m_admin;
        tcp.host = QStringLiteral("127.0.0.1");
        tcp.sslMode = QStringLiteral("verify-ca");
        tcp.sslRootCert = pgtest::env("SURGDISTILL_TEST_PG_CERT");
        // Without a password (and no PGPASSFILE entry): the caller is told to ask for one.
        qputenv("PGPASSFILE", QByteArray("/nonexistent/pgpass"));
        QVERIFY_THROWS_EXCEPTION(LoginRequired, ProjectStore::openTeam(tcp));
        tcp.password = QStringLiteral("wrong");
        QVERIFY_THROWS_EXCEPTION(LoginRequired, ProjectStore::openTeam(tcp));
        tcp.password = QStringLiteral("correct horse");
        auto store = ProjectStore::openTeam(tcp);
        QVERIFY(store->serverReachable());
        // The session itself runs over TLS.
        QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("tls"));
        QVERIFY(store->tlsInUse());
        // The password never reaches the URL the app remembers.
        QVERIFY(!store->location().contains(QLatin1String("horse")));
        // A PGPASSFILE entry works without a password in the app.
        QTemporaryDir dir;
        const QString passfile = dir.filePath(QStringLiteral("pgpass"));
        QFile pass(passfile);
        QVERIFY(pass.open(QIODevice::WriteOnly));
        pass.write(QStringLiteral("127.0.0.1:%1:%2:%3:correct horse\n").arg(tcp.port).arg(tcp.database, tcp.user)
                       .toUtf8());
        pass.close();
        pass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        qputenv("PGPASSFILE", passfile.toUtf8());
        tcp.password.clear();
        QVERIFY(ProjectStore::openTeam(tcp)->tlsInUse());
        // A server whose certificate is not the expected one is refused with verify-ca.
        tcp.sslRootCert = QFINDTESTDATA("tst_teamstore.cpp"); // not a certificate
        QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore::openTeam(tcp));
        qunsetenv("PGPASSFILE");
    }
};

QTEST_GUILESS_MAIN(TstTeamStore)
#include "tst_teamstore.moc"
