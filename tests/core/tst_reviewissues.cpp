// Pinned review issues (schema 12) on a real project file and, when the suite's
// PostgreSQL server runs, on a team project whose server enforces the rules against
// real logins: opening, answering, resolving, reopening, listing, navigation, the
// project setting that blocks submission, and the migration from a schema-11 project.
#include "imageio.h"
#include "pgtestserver.h"
#include "reviewissues.h"
#include "reviewworkflow.h"
#include "store/projectstore.h"
#include "store/schema.h"

#include <QCryptographicHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <cmath>
#include <limits>

using namespace sd;

namespace {

RleMask boxMask(int h, int w, int x0, int y0, int x1, int y1)
{
    cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
    m(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(255);
    return RleMask::encode(m);
}

UserIdentity reviewer(const QString &name) { return {name, UserRole::Reviewer}; }
UserIdentity annotator(const QString &name) { return {name, UserRole::Annotator}; }

// Adds a frame (60 x 40) with a real PNG; returns its id.
qint64 addFrame(ProjectStore &store, int index)
{
    cv::Mat img(40, 60, CV_8UC3, cv::Scalar(10 * index, 20, 30));
    const QString rel = QStringLiteral("media/staged-%1.png").arg(index);
    QDir().mkpath(store.mediaFolder());
    saveImagePng(store.absolutePath(rel), img);
    Frame f;
    f.contentHash = contentHash(img);
    f.width = 60;
    f.height = 40;
    f.mediaPath = rel;
    return store.addFrame(f);
}

size_t commentRows(const ProjectStore &store)
{
    size_t n = 0;
    for (const ReviewIssue &i : store.reviewIssues())
        n += store.issueComments(i.id).size();
    return n;
}

} // namespace

class TestReviewIssues : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_projects = 0;

    std::unique_ptr<ProjectStore> newProject()
    {
        return ProjectStore::create(m_tmp.filePath(QStringLiteral("p%1").arg(++m_projects)), QStringLiteral("Issues"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_CACHE_HOME", m_tmp.filePath(QStringLiteral("cache")).toUtf8()); // team frame cache
    }

    void openAnswerResolveAndReopen()
    {
        auto store = newProject();
        const qint64 frame = addFrame(*store, 1);
        const qint64 duodenum = store->structureByKey(QStringLiteral("duodenum"))->id;
        const qint64 pancreas = store->structureByKey(QStringLiteral("pancreas"))->id;
        store->saveMask(frame, duodenum, boxMask(40, 60, 5, 5, 20, 20), QStringLiteral("anna"));
        store->saveMask(frame, duodenum, boxMask(40, 60, 5, 5, 25, 20), QStringLiteral("anna"));

        // A point (a click) on the duodenum's mask version 2, a rectangle on the pancreas (no mask yet).
        const ReviewIssue point = openIssue(*store, frame, duodenum, QRectF(12.5, 7.25, 0, 0), reviewer("rob"),
                                            QStringLiteral("  Border runs into the fat here  "));
        QVERIFY(point.id > 0);
        QCOMPARE(point.maskVersion, 2);
        const ReviewIssue rect = openIssue(*store, frame, pancreas, QRectF(50, 30, -20, -10), reviewer("rob"),
                                           QStringLiteral("Pancreas missing"));
        QCOMPARE(rect.maskVersion, 0);

        std::vector<ReviewIssue> all = store->reviewIssues();
        QCOMPARE(all.size(), size_t(2));
        QCOMPARE(all[0].id, point.id);
        QVERIFY(all[0].isPoint());
        QCOMPARE(all[0].x, 12.5);
        QCOMPARE(all[0].y, 7.25);
        QCOMPARE(all[0].author, QStringLiteral("rob"));
        QCOMPARE(all[0].status, IssueStatus::Open);
        QCOMPARE(all[0].lastComment, QStringLiteral("Border runs into the fat here")); // trimmed
        QCOMPARE(all[0].commentCount, 1);
        QVERIFY(all[0].createdAt.isValid());
        // The dragged rectangle is stored normalised.
        QVERIFY(!all[1].isPoint());
        QCOMPARE(QRectF(all[1].x, all[1].y, all[1].width, all[1].height), QRectF(30, 20, 20, 10));

        // The annotator answers; then resolves with a comment; a reviewer reopens.
        replyToIssue(*store, point.id, annotator("anna"), QStringLiteral("Fixed in version 3?"));
        store->saveMask(frame, duodenum, boxMask(40, 60, 5, 5, 22, 20), QStringLiteral("anna"));
        ReviewIssue resolved = resolveIssue(*store, point.id, annotator("anna"), QStringLiteral("Trimmed the edge"));
        QCOMPARE(resolved.status, IssueStatus::Resolved);
        QCOMPARE(resolved.resolvedBy, QStringLiteral("anna"));
        QVERIFY(resolved.resolvedAt.isValid());
        QCOMPARE(resolved.maskVersion, 2); // still the version it was opened on
        const ReviewIssue reopened = reopenIssue(*store, point.id, reviewer("rob"), {});
        QCOMPARE(reopened.status, IssueStatus::Open);
        QCOMPARE(reopened.resolvedBy, QString());
        QVERIFY(!reopened.resolvedAt.isValid());

        const std::vector<IssueComment> thread = store->issueComments(point.id);
        QCOMPARE(thread.size(), size_t(4));
        QCOMPARE(thread[0].kind, IssueEventKind::Comment);
        QCOMPARE(thread[1].author, QStringLiteral("anna"));
        QCOMPARE(thread[1].body, QStringLiteral("Fixed in version 3?"));
        QCOMPARE(thread[2].kind, IssueEventKind::Resolved);
        QCOMPARE(thread[2].body, QStringLiteral("Trimmed the edge"));
        QCOMPARE(thread[3].kind, IssueEventKind::Reopened);
        QCOMPARE(thread[3].author, QStringLiteral("rob"));
        QCOMPARE(thread[3].body, QString());
        QCOMPARE(store->reviewIssue(point.id)->commentCount, 3); // entries with text
        QCOMPARE(store->reviewIssue(point.id)->lastComment, QStringLiteral("Trimmed the edge"));

        // Filters: frame, structure, status.
        resolveIssue(*store, rect.id, annotator("carl"), {}); // no pancreas mask: anyone may resolve
        IssueFilter open;
        open.status = IssueStatus::Open;
        QCOMPARE(store->reviewIssues(open).size(), size_t(1));
        QCOMPARE(store->reviewIssues(open).front().id, point.id);
        IssueFilter byStructure;
        byStructure.structureId = pancreas;
        QCOMPARE(store->reviewIssues(byStructure).front().id, rect.id);
        IssueFilter otherFrame;
        otherFrame.frameId = frame + 1;
        QVERIFY(store->reviewIssues(otherFrame).empty());
        QCOMPARE(openIssueCount(*store, frame, duodenum), 1);
        QCOMPARE(openIssueCount(*store, frame, pancreas), 0);

        // Everything survives reopening the project file.
        const QString folder = store->folder();
        store.reset();
        store = ProjectStore::open(folder);
        QCOMPARE(store->issueComments(point.id).size(), size_t(4));
        QCOMPARE(store->reviewIssue(rect.id)->status, IssueStatus::Resolved);
        QVERIFY(store->integrityOk());
    }

    void refusedStepsWriteNothing()
    {
        auto store = newProject();
        const qint64 frame = addFrame(*store, 1);
        const qint64 s = store->structures().front().id;
        store->saveMask(frame, s, boxMask(40, 60, 1, 1, 9, 9), QStringLiteral("anna"));
        const ReviewIssue issue = openIssue(*store, frame, s, QRectF(1, 1, 4, 4), reviewer("rob"), QStringLiteral("x"));
        size_t issues = store->reviewIssues().size(), comments = commentRows(*store);
        auto refused = [&](const std::function<void()> &step, const char *expected) {
            try {
                step();
            } catch (const ReviewError &e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String(expected)), e.what());
                QCOMPARE(store->reviewIssues().size(), issues);
                QCOMPARE(commentRows(*store), comments);
                return;
            }
            QFAIL(qPrintable(QStringLiteral("not refused: %1").arg(QLatin1String(expected))));
        };
        const double nan = std::numeric_limits<double>::quiet_NaN();
        refused([&] { openIssue(*store, frame, s, QRectF(1, 1, 0, 0), annotator("anna"), QStringLiteral("x")); },
                "Only reviewers");
        refused([&] { openIssue(*store, frame, s, QRectF(1, 1, 0, 0), reviewer("rob"), QStringLiteral(" \n ")); },
                "comment is empty");
        refused([&] { openIssue(*store, frame, s, QRectF(1, 1, 0, 0), reviewer(QString()), QStringLiteral("x")); },
                "user name");
        refused([&] { openIssue(*store, frame, s, QRectF(50, 30, 20, 5), reviewer("rob"), QStringLiteral("x")); },
                "inside the frame");
        refused([&] { openIssue(*store, frame, s, QRectF(61, 3, 0, 0), reviewer("rob"), QStringLiteral("x")); },
                "inside the frame");
        refused([&] { openIssue(*store, frame, s, QRectF(-1, 3, 0, 0), reviewer("rob"), QStringLiteral("x")); },
                "inside the frame");
        refused([&] { openIssue(*store, frame, s, QRectF(nan, 3, 0, 0), reviewer("rob"), QStringLiteral("x")); },
                "inside the frame");
        refused([&] { openIssue(*store, 999, s, QRectF(1, 1, 0, 0), reviewer("rob"), QStringLiteral("x")); },
                "Frame 999");
        refused([&] { openIssue(*store, frame, 999, QRectF(1, 1, 0, 0), reviewer("rob"), QStringLiteral("x")); },
                "Structure 999");
        refused([&] { replyToIssue(*store, issue.id, annotator("anna"), QStringLiteral("  ")); }, "reply is empty");
        refused([&] { replyToIssue(*store, 999, annotator("anna"), QStringLiteral("hi")); }, "999 does not exist");
        refused([&] { resolveIssue(*store, issue.id, annotator("bert"), {}); }, "annotator (anna)");
        refused([&] { reopenIssue(*store, issue.id, reviewer("rob"), {}); }, "already open");
        resolveIssue(*store, issue.id, annotator("anna"), {});
        comments = commentRows(*store); // the resolution's entry
        refused([&] { resolveIssue(*store, issue.id, reviewer("rob"), {}); }, "already resolved");
        // The store itself refuses rows that make no sense, whoever calls it.
        ReviewIssue raw;
        raw.frameId = frame;
        raw.structureId = s;
        raw.author = QStringLiteral("rob");
        raw.x = 59;
        raw.width = 2;
        QVERIFY_THROWS_EXCEPTION(StoreError, store->addReviewIssue(raw, QStringLiteral("x")));
        raw.width = 0;
        QVERIFY_THROWS_EXCEPTION(StoreError, store->addReviewIssue(raw, QString()));
        IssueComment empty;
        empty.issueId = issue.id;
        empty.author = QStringLiteral("anna");
        QVERIFY_THROWS_EXCEPTION(StoreError, store->addIssueComment(empty));
        QCOMPARE(store->reviewIssues().size(), issues);
    }

    void openIssuesBlockSubmissionWhenTheProjectSaysSo()
    {
        auto store = newProject();
        const qint64 frame = addFrame(*store, 1);
        const qint64 s = store->structures().front().id, other = store->structures().back().id;
        const Mask m = store->saveMask(frame, s, boxMask(40, 60, 1, 1, 9, 9), QStringLiteral("anna"));
        store->saveMask(frame, other, boxMask(40, 60, 20, 1, 29, 9), QStringLiteral("anna"));
        const ReviewIssue issue = openIssue(*store, frame, s, QRectF(3, 3, 0, 0), reviewer("rob"), QStringLiteral("x"));
        openIssue(*store, frame, other, QRectF(3, 3, 0, 0), reviewer("rob"), QStringLiteral("y"));
        QVERIFY(!blockSubmissionWhileIssuesOpen(*store)); // off by default

        // Off: the open issue does not stop a submission.
        submitForReview(*store, m.id, annotator("anna"));
        requestChanges(*store, m.id, reviewer("rob"), QStringLiteral("see the issue"));

        setBlockSubmissionWhileIssuesOpen(*store, true);
        QVERIFY(blockSubmissionWhileIssuesOpen(*store));
        const size_t reviews = store->reviews(m.id).size();
        try {
            submitForReview(*store, m.id, annotator("anna"));
            QFAIL("submission must be refused while the issue is open");
        } catch (const ReviewError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("still open")), e.what());
        }
        QCOMPARE(store->reviews(m.id).size(), reviews);
        QCOMPARE(reviewState(*store, m.id), ReviewState::ChangesRequested);

        // Resolved (another structure's open issue does not count): the submission passes.
        resolveIssue(*store, issue.id, annotator("anna"), QStringLiteral("done"));
        QCOMPARE(submitForReview(*store, m.id, annotator("anna")).state, ReviewState::Submitted);
        setBlockSubmissionWhileIssuesOpen(*store, false);
        QCOMPARE(store->setting(QLatin1String(kBlockSubmissionSetting)), QStringLiteral("0"));
    }

    void jumpsBetweenOpenIssuesAcrossTheProject()
    {
        auto store = newProject();
        const qint64 f1 = addFrame(*store, 1), f2 = addFrame(*store, 2), f3 = addFrame(*store, 3);
        const qint64 s = store->structures().front().id;
        auto open = [&](qint64 frame) {
            return openIssue(*store, frame, s, QRectF(2, 2, 0, 0), reviewer("rob"), QStringLiteral("x")).id;
        };
        QVERIFY(!adjacentOpenIssue(*store, f1, 0, true));
        const qint64 a = open(f3), b = open(f1), c = open(f3), d = open(f2);
        resolveIssue(*store, d, reviewer("rob")); // resolved ones are skipped
        // Order: by frame, then id: b (f1), a (f3), c (f3).
        QCOMPARE(adjacentOpenIssue(*store, f1, 0, true)->id, b);
        QCOMPARE(adjacentOpenIssue(*store, f1, b, true)->id, a);
        QCOMPARE(adjacentOpenIssue(*store, f2, d, true)->id, a); // from a resolved issue's place
        QCOMPARE(adjacentOpenIssue(*store, f3, a, true)->id, c);
        QCOMPARE(adjacentOpenIssue(*store, f3, c, true)->id, b); // wraps around
        QCOMPARE(adjacentOpenIssue(*store, f3, c, false)->id, a);
        QCOMPARE(adjacentOpenIssue(*store, f1, b, false)->id, c); // wraps around backwards
        QCOMPARE(adjacentOpenIssue(*store, f2, 0, false)->id, b);
    }

    void migratesFromSchema11()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("v11"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/media")));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v11"));
            db.setDatabaseName(folder + QStringLiteral("/project.sqlite"));
            QVERIFY(db.open());
            schema::migrate(db, 11); // the schema before review issues
            QCOMPARE(schema::currentVersion(db), 11);
            QSqlQuery q(db);
            QVERIFY(!q.exec(QStringLiteral("SELECT * FROM review_issues")));
            QVERIFY(q.exec("INSERT INTO settings (key, value) VALUES ('name', 'v11 project')"));
            QVERIFY(q.exec("INSERT INTO frames (id, content_hash, width, height, media_path, created_at) "
                           "VALUES (1, 'h', 60, 40, 'media/1.png', '2025-01-01T00:00:00.000Z')"));
            const QString json = QString::fromUtf8(boxMask(40, 60, 0, 0, 3, 3).toJson());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO masks (id, frame_id, structure_id, rle_json, author, version, "
                                          "updated_at) VALUES (1, 1, 1, '%1', 'anna', 1, '2025-01-01T00:00:00.000Z')")
                               .arg(json)));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO mask_versions (mask_id, version, rle_json, author, created_at) "
                                          "VALUES (1, 1, '%1', 'anna', '2025-01-01T00:00:00.000Z')").arg(json)));
            QVERIFY(q.exec("INSERT INTO reviews (mask_id, state, reviewer, comment, mask_version, created_at) "
                           "VALUES (1, 'submitted', 'anna', '', 1, '2025-01-01T00:00:01.000Z')"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v11"));
        {
            auto store = ProjectStore::open(folder);
            QVERIFY(store->schemaVersion() >= 12);
            QCOMPARE(store->schemaVersion(), ProjectStore::latestSchemaVersion());
            QCOMPARE(store->setting(QStringLiteral("name")), QStringLiteral("v11 project"));
            QVERIFY(store->reviewIssues().empty());
            QVERIFY(!blockSubmissionWhileIssuesOpen(*store)); // existing projects keep today's workflow
            QCOMPARE(reviewState(*store, 1), ReviewState::Submitted);
            const ReviewIssue issue =
                openIssue(*store, 1, 1, QRectF(1, 1, 2, 2), reviewer("rob"), QStringLiteral("after the migration"));
            QCOMPARE(issue.maskVersion, 1);
            QCOMPARE(resolveIssue(*store, issue.id, annotator("anna")).status, IssueStatus::Resolved);
            QVERIFY(store->integrityOk());
        }
        // The thread is append-only in the file too.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v12"));
            db.setDatabaseName(folder + QStringLiteral("/project.sqlite"));
            QVERIFY(db.open());
            QVERIFY(schema::currentVersion(db) >= 12);
            QSqlQuery q(db);
            QVERIFY(!q.exec(QStringLiteral("UPDATE review_issue_comments SET body = 'rewritten'")));
            QVERIFY2(q.lastError().text().contains(QLatin1String("append-only")), qPrintable(q.lastError().text()));
            QVERIFY(!q.exec(QStringLiteral("INSERT INTO review_issues (frame_id, structure_id, x, y, width, author, "
                                           "status, created_at) VALUES (1, 1, 0, 0, -3, 'x', 'open', 'now')")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v12"));
    }

    // `project push` copies the issues and their threads with their authors, times and
    // places; the server's rules let the admin's import through and the copy verifies.
    void pushCopiesIssuesToTheServer()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        QStandardPaths::setTestModeEnabled(false);
        auto local = newProject();
        const qint64 frame = addFrame(*local, 1);
        const qint64 s = local->structures().front().id;
        local->saveMask(frame, s, boxMask(40, 60, 1, 1, 9, 9), QStringLiteral("anna"));
        const ReviewIssue point =
            openIssue(*local, frame, s, QRectF(12.5, 7.25, 0, 0), reviewer("rob"), QStringLiteral("Border; 'quoted'"));
        const ReviewIssue rect =
            openIssue(*local, frame, s, QRectF(1.5, 2, 20.25, 10), reviewer("rob"), QStringLiteral("Area"));
        replyToIssue(*local, rect.id, annotator("anna"), QStringLiteral("Fixed"));
        resolveIssue(*local, rect.id, annotator("anna"), QStringLiteral("Done"));

        const TeamConnection target = pgtest::newProjectDatabase(QStringLiteral("issuepush"));
        const PushReport report = local->pushToServer(target);
        QCOMPARE(report.rows.at(QStringLiteral("review_issues")), qint64(2));
        QCOMPARE(report.rows.at(QStringLiteral("review_issue_comments")), qint64(4));
        auto team = ProjectStore::openTeam(target);
        const std::vector<ReviewIssue> there = team->reviewIssues();
        QCOMPARE(there.size(), size_t(2));
        QCOMPARE(there[0].id, point.id);
        QCOMPARE(there[0].x, 12.5);
        QCOMPARE(there[0].author, QStringLiteral("rob"));
        QCOMPARE(there[0].lastComment, QStringLiteral("Border; 'quoted'"));
        QCOMPARE(there[1].status, IssueStatus::Resolved);
        QCOMPARE(there[1].resolvedBy, QStringLiteral("anna"));
        QCOMPARE(there[1].width, 20.25);
        QCOMPARE(team->issueComments(rect.id).size(), size_t(3));
        QCOMPARE(team->issueComments(rect.id)[1].author, QStringLiteral("anna"));
        // New issues continue after the copied ids.
        const ReviewIssue next = openIssue(*team, frame, s, QRectF(3, 3, 0, 0), reviewer(target.user),
                                           QStringLiteral("on the server"));
        QVERIFY(next.id > rect.id);
    }

    void teamServerEnforcesTheIssueRules()
    {
        if (!pgtest::available())
            QSKIP(pgtest::skipMessage());
        QStandardPaths::setTestModeEnabled(false);
        const TeamConnection adminLogin = pgtest::newProjectDatabase(QStringLiteral("issues"));
        auto admin = ProjectStore::createTeam(adminLogin, QStringLiteral("issues"));
        QCOMPARE(admin->schemaVersion(), ProjectStore::latestSchemaVersion());
        const QString anna = adminLogin.database + QStringLiteral("_anna");
        const QString bert = adminLogin.database + QStringLiteral("_bert");
        const QString rob = adminLogin.database + QStringLiteral("_rob");
        admin->addTeamUser(anna, {}, {TeamRole::Annotator});
        admin->addTeamUser(bert, {}, {TeamRole::Annotator});
        admin->addTeamUser(rob, {}, {TeamRole::Reviewer});
        auto as = [&](const QString &login) {
            TeamConnection c = adminLogin;
            c.user = login;
            return c;
        };
        const qint64 frame = addFrame(*admin, 1);
        const qint64 s = admin->structures().front().id;
        auto annaStore = ProjectStore::openTeam(as(anna));
        annaStore->saveMask(frame, s, boxMask(40, 60, 1, 1, 9, 9), anna);
        auto robStore = ProjectStore::openTeam(as(rob));

        // A reviewer opens an issue through the app; the annotator answers and resolves it.
        const ReviewIssue issue = openIssue(*robStore, frame, s, QRectF(4, 4, 10, 6), reviewer(rob),
                                            QStringLiteral("Border 'too wide'; DROP TABLE masks; --"));
        QCOMPARE(annaStore->reviewIssue(issue.id)->lastComment, QStringLiteral("Border 'too wide'; DROP TABLE masks; --"));
        replyToIssue(*annaStore, issue.id, annotator(anna), QStringLiteral("Looking"));

        // A lying client: anna claims the reviewer role; the server refuses the issue.
        QVERIFY_THROWS_EXCEPTION(StoreError, openIssue(*annaStore, frame, s, QRectF(1, 1, 0, 0), reviewer(anna),
                                                       QStringLiteral("forged")));
        auto bertStore = ProjectStore::openTeam(as(bert));
        QVERIFY_THROWS_EXCEPTION(StoreError, resolveIssue(*bertStore, issue.id, reviewer(bert)));
        QCOMPARE(admin->reviewIssue(issue.id)->status, IssueStatus::Open);

        // Straight over SQL, as a modified client would send it.
        pgtest::RawClient annaRaw(as(anna));
        QString error = annaRaw.exec(QStringLiteral(
            "INSERT INTO review_issues (frame_id, structure_id, x, y, author, created_at) VALUES (%1, %2, 1, 1, '%3', 'now')")
                                         .arg(frame).arg(s).arg(anna));
        QVERIFY2(error.contains(QLatin1String("only reviewers")), qPrintable(error));
        pgtest::RawClient robRaw(as(rob));
        error = robRaw.exec(QStringLiteral("INSERT INTO review_issues (frame_id, structure_id, x, y, author, created_at) "
                                           "VALUES (%1, %2, 1, 1, '%3', 'now')").arg(frame).arg(s).arg(anna));
        QVERIFY2(error.contains(QLatin1String("must name the login")), qPrintable(error));
        error = annaRaw.exec(QStringLiteral("INSERT INTO review_issue_comments (issue_id, author, body, created_at) "
                                            "VALUES (%1, '%2', 'in your name', 'now')").arg(issue.id).arg(rob));
        QVERIFY2(error.contains(QLatin1String("must name the login")), qPrintable(error));
        error = annaRaw.exec(QStringLiteral("UPDATE review_issue_comments SET body = 'rewritten'"));
        QVERIFY2(!error.isEmpty(), "the thread is append-only");
        error = annaRaw.exec(QStringLiteral("DELETE FROM review_issues"));
        QVERIFY2(!error.isEmpty(), "issues are resolved, never deleted");
        error = annaRaw.exec(QStringLiteral("UPDATE review_issues SET x = 0, y = 0"));
        QVERIFY2(error.contains(QLatin1String("only the status")), qPrintable(error));
        pgtest::RawClient bertRaw(as(bert));
        error = bertRaw.exec(QStringLiteral("UPDATE review_issues SET status = 'resolved' WHERE id = %1").arg(issue.id));
        QVERIFY2(error.contains(QLatin1String("annotator")), qPrintable(error));
        error = bertRaw.exec(QStringLiteral("INSERT INTO review_issue_comments (issue_id, author, kind, created_at) "
                                            "VALUES (%1, '%2', 'resolved', 'now')").arg(issue.id).arg(bert));
        QVERIFY2(error.contains(QLatin1String("status")), qPrintable(error));
        // The block-submission rule is an admin's setting.
        QVERIFY_THROWS_EXCEPTION(StoreError, setBlockSubmissionWhileIssuesOpen(*robStore, true));
        setBlockSubmissionWhileIssuesOpen(*admin, true);

        // With the setting on, anna cannot submit; resolving (she drew the mask) lets her.
        const qint64 maskId = annaStore->mask(frame, s)->id;
        QVERIFY_THROWS_EXCEPTION(ReviewError, submitForReview(*annaStore, maskId, annotator(anna)));
        // ... nor straight over SQL: the server keeps the block too.
        const QString submit = QStringLiteral(
            "INSERT INTO reviews (mask_id, state, reviewer, comment, mask_version, created_at, partial_approval) "
            "VALUES (%1, 'submitted', '%2', '', 1, 'now', 0)").arg(maskId).arg(anna);
        error = annaRaw.exec(submit);
        QVERIFY2(error.contains(QLatin1String("open review issue")), qPrintable(error));
        QCOMPARE(reviewState(*admin, maskId), ReviewState::Draft);
        const ReviewIssue resolved = resolveIssue(*annaStore, issue.id, annotator(anna), QStringLiteral("Trimmed"));
        QCOMPARE(resolved.resolvedBy, anna); // recorded by the server from session_user
        QCOMPARE(submitForReview(*annaStore, maskId, annotator(anna)).state, ReviewState::Submitted);
        // With no open issue left, the server takes a submission over SQL as well.
        QCOMPARE(annaRaw.exec(submit), QString());
        QCOMPARE(admin->issueComments(issue.id).size(), size_t(3));
        QCOMPARE(reopenIssue(*robStore, issue.id, reviewer(rob)).status, IssueStatus::Open);
    }
};

QTEST_GUILESS_MAIN(TestReviewIssues)
#include "tst_reviewissues.moc"
