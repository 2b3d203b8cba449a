// `surgdistill review issues | issue ...` run as a process on a real project: open a point
// and a rectangle, reply, resolve, reopen, list as a table and as JSON, --open, and
// hostile or malformed input refused with a clear message and nothing written.
#include "imageio.h"
#include "reviewissues.h"
#include "store/projectstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

using namespace sd;

class TestIssuesCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project;
    qint64 m_frame = 0;

    // Exit code; what it printed on stdout in *output, and on stderr after it (a table's lines
    // are counted on stdout alone: Qt may warn on stderr about the environment).
    static int run(const QStringList &args, QString *output = nullptr, QString *stdoutOnly = nullptr)
    {
        QProcess p;
        p.start(QStringLiteral(SURGDISTILL_EXE), args);
        if (!p.waitForFinished(60000))
            return -1;
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        if (output)
            *output = out + QString::fromUtf8(p.readAllStandardError());
        if (stdoutOnly)
            *stdoutOnly = out;
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    size_t issueCount() const { return ProjectStore::open(m_project, OpenMode::ReadOnly)->reviewIssues().size(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_project = m_tmp.filePath(QStringLiteral("p"));
        auto store = ProjectStore::create(m_project, QStringLiteral("CLI issues"));
        cv::Mat img(40, 60, CV_8UC3, cv::Scalar(1, 2, 3));
        saveImagePng(store->absolutePath(QStringLiteral("media/f.png")), img);
        Frame f;
        f.contentHash = contentHash(img);
        f.width = 60;
        f.height = 40;
        f.mediaPath = QStringLiteral("media/f.png");
        m_frame = store->addFrame(f);
        cv::Mat m(40, 60, CV_8UC1, cv::Scalar(0));
        m(cv::Rect(2, 2, 10, 10)).setTo(255);
        store->saveMask(m_frame, store->structureByKey(QStringLiteral("duodenum"))->id, RleMask::encode(m),
                        QStringLiteral("anna"));
    }

    void openReplyResolveAndList()
    {
        const QString frame = QString::number(m_frame);
        QString out;
        QCOMPARE(run({"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "duodenum",
                      "--point", "5,6", "--comment", "Edge\ttoo wide\nhere", "--user", "rob", "--role", "reviewer"},
                     &out),
                 0);
        QVERIFY2(out.contains("issue 1") && out.contains("open"), qPrintable(out));
        QCOMPARE(run({"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "pancreas",
                      "--rect", "10,10,20,8", "--comment", "Pancreas missing", "--user", "rob", "--role", "reviewer"},
                     &out),
                 0);
        QCOMPARE(run({"review", "issue", "reply", "--project", m_project, "--issue", "1", "--comment", "Looking",
                      "--user", "anna"}, &out), 0);
        QCOMPARE(run({"review", "issue", "resolve", "--project", m_project, "--issue", "1", "--comment", "Fixed",
                      "--user", "anna"}, &out), 0);
        QVERIFY2(out.contains("resolved"), qPrintable(out));

        // The table: one line per issue, the newest comment on one line.
        QString table;
        QCOMPARE(run({"review", "issues", "--project", m_project}, &out, &table), 0);
        QStringList lines = table.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4); // header, two issues, the count
        QVERIFY2(lines[0].startsWith("ID") && lines[0].contains("LAST COMMENT"), qPrintable(lines[0]));
        QVERIFY2(lines[1].contains("duodenum") && lines[1].contains("resolved") && lines[1].contains("rob")
                     && lines[1].contains("Fixed"),
                 qPrintable(lines[1]));
        QVERIFY2(lines[2].contains("pancreas") && lines[2].contains("open") && lines[2].contains("Pancreas missing"),
                 qPrintable(lines[2]));
        QVERIFY2(lines[3].contains("2 issue(s), 1 open"), qPrintable(lines[3]));
        QCOMPARE(run({"review", "issues", "--project", m_project, "--open"}, &out, &table), 0);
        lines = table.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[1].contains("pancreas"));

        // JSON: every field, the text verbatim.
        QCOMPARE(run({"review", "issues", "--project", m_project, "--json"}, &out, &table), 0);
        const QJsonArray rows = QJsonDocument::fromJson(table.toUtf8()).array();
        QCOMPARE(rows.size(), 2);
        const QJsonObject a = rows[0].toObject();
        QCOMPARE(a["id"].toInt(), 1);
        QCOMPARE(a["frame"].toInteger(), m_frame);
        QCOMPARE(a["structure"].toString(), QStringLiteral("duodenum"));
        QCOMPARE(a["status"].toString(), QStringLiteral("resolved"));
        QCOMPARE(a["resolved_by"].toString(), QStringLiteral("anna"));
        QCOMPARE(a["x"].toDouble(), 5.0);
        QCOMPARE(a["width"].toDouble(), 0.0);
        QCOMPARE(a["comments"].toInt(), 3);
        QCOMPARE(a["mask_version"].toInt(), 1);
        const QJsonObject b = rows[1].toObject();
        QCOMPARE(b["width"].toDouble(), 20.0);
        QCOMPARE(b["last_comment"].toString(), QStringLiteral("Pancreas missing"));
        QCOMPARE(run({"review", "issue", "reopen", "--project", m_project, "--issue", "1", "--user", "rob", "--role",
                      "reviewer"}, &out), 0);
        QCOMPARE(ProjectStore::open(m_project, OpenMode::ReadOnly)->reviewIssue(1)->status, IssueStatus::Open);
        // The tab and line break of the first comment never split a table row.
        QCOMPARE(run({"review", "issue", "reply", "--project", m_project, "--issue", "1", "--comment",
                      "a\tb\nc\x1b[31m", "--user", "anna"}, &out), 0);
        QCOMPARE(run({"review", "issues", "--project", m_project, "--frame", frame}, &out, &table), 0);
        QCOMPARE(table.split('\n', Qt::SkipEmptyParts).size(), 4);
        QVERIFY(!table.contains('\x1b'));
    }

    void badInputIsRefusedAndWritesNothing()
    {
        const QString frame = QString::number(m_frame);
        const size_t before = issueCount();
        const QList<std::pair<QStringList, QString>> cases = {
            {{"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "duodenum",
              "--point", "5,6", "--comment", "x", "--user", "anna"}, "Only reviewers"},
            {{"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "duodenum",
              "--point", "500,6", "--comment", "x", "--user", "rob", "--role", "reviewer"}, "inside the frame"},
            {{"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "duodenum",
              "--point", "nan,6", "--comment", "x", "--user", "rob", "--role", "reviewer"}, "--point"},
            {{"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "duodenum",
              "--rect", "1,2,3", "--comment", "x", "--user", "rob", "--role", "reviewer"}, "--rect"},
            {{"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "nope",
              "--point", "1,2", "--comment", "x", "--user", "rob", "--role", "reviewer"}, "no structure"},
            {{"review", "issue", "open", "--project", m_project, "--frame", frame, "--structure", "duodenum",
              "--point", "1,2", "--user", "rob", "--role", "reviewer"}, "comment is empty"},
            {{"review", "issue", "reply", "--project", m_project, "--issue", "99", "--comment", "x"}, "99"},
            {{"review", "issue", "resolve", "--project", m_project, "--issue", "1", "--user", "bert"}, "annotator (anna)"},
            {{"review", "issue", "frobnicate", "--project", m_project}, "Usage"},
            {{"review", "issues"}, "--project"},
            {{"review", "issues", "--project", m_tmp.filePath("missing")}, "missing"},
        };
        for (const auto &[args, expected] : cases) {
            QString out;
            const int rc = run(args, &out);
            QVERIFY2(rc == 1 || rc == 2, qPrintable(args.join(' ') + " -> " + QString::number(rc) + ": " + out));
            QVERIFY2(out.contains(expected), qPrintable(args.join(' ') + ": " + out));
        }
        QCOMPARE(issueCount(), before);
    }
};

QTEST_GUILESS_MAIN(TestIssuesCli)
#include "tst_issuescli.moc"
