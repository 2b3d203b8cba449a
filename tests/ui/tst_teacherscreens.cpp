// The teacher screens that talk to the privacy firewall, on a real demo
// project: the generate dialog runs the offline batch asynchronously (the
// event loop keeps turning, Cancel leaves work for the next run), its payload
// preview shows exactly the bytes the firewall then sends to a loopback
// teacher (and audits), a cloud destination is refused visibly; the audit log
// view lists the entries, verifies the chain and detects a row altered
// through a second database connection; the settings dialog changes hosts and
// the mask policy only through audited calls and says where an API key comes
// from; the Teacher menu is in the main window.
#include "teacher/auditlogdialog.h"
#include "demo/demoproject.h"
#include "workspace/mainwindow.h"
#include "teacher/payloadview.h"
#include "store/projectstore.h"
#include "teacher/privacyfirewall.h"
#include "teacher/teacherbatch.h"
#include "teacher/teachergeneratedialog.h"
#include "teacher/payloadpreview.h"
#include "teacher/teachersettingsdialog.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace sd;
using namespace sd::ui;

namespace {

// A minimal OpenAI-compatible teacher on loopback: records each request body and answers it.
class LoopbackTeacher : public QObject {
public:
    std::vector<QByteArray> bodies;

    LoopbackTeacher()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server.serverPort()); }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const int end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        int length = 0;
        for (const QByteArray &line : buf.left(end).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toInt();
        if (buf.size() < end + 4 + length)
            return;
        bodies.push_back(buf.mid(end + 4, length));
        m_buffers.remove(s);
        const QByteArray reply = QByteArray::fromStdString(
            nlohmann::json{{"choices", {{{"message", {{"role", "assistant"}, {"content", "Loopback answer."}}}}}},
                           {"usage", {{"prompt_tokens", 120}, {"completion_tokens", 30}}}}
                .dump());
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(reply.size()) + "\r\nConnection: close\r\n\r\n" + reply);
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

int answerCount(const ProjectStore &store)
{
    int n = 0;
    for (const TeacherRequest &r : store.teacherRequests())
        n += int(store.teacherAnswers(r.id).size());
    return n;
}

int maskCount(const ProjectStore &store)
{
    int n = 0;
    for (const Frame &f : store.frames())
        n += int(store.masksForFrame(f.id).size());
    return n;
}

} // namespace

class TestTeacherScreens : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_projects = 0;

    QString newProject()
    {
        DemoOptions o;
        o.frames = 8;
        o.width = 160;
        o.height = 128;
        o.seed = 7;
        return createDemoProject(m_tmp.filePath(QStringLiteral("p%1").arg(++m_projects)), o).folder;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().setValue(QStringLiteral("user/name"), QStringLiteral("Dr. Screens"));
        QVERIFY(m_tmp.isValid());
        // No keychain lookups in tests: the key comes from the environment.
        qputenv("SURGDISTILL_OPENAI_API_KEY", "sk-test-not-a-real-key");
        qunsetenv("SURGDISTILL_GEMINI_API_KEY");
    }

    void teacherMenuHasTheScreens()
    {
        MainWindow w;
        QMenu *menu = w.menuBar()->findChild<QMenu *>(QStringLiteral("teacherMenu"));
        QVERIFY(menu);
        QStringList names;
        for (QAction *a : menu->actions())
            if (!a->isSeparator())
                names << a->objectName();
        QCOMPARE(names, (QStringList{"teacherGenerateAction", "teacherReviewAnswersAction", "teacherReviewPairsAction",
                                     "teacherImportPairsAction", "teacherExportAction", "teacherAuditAction",
                                     "teacherSettingsAction"}));
    }

    void generateRunsOfflineBatchAsynchronously()
    {
        auto store = ProjectStore::open(newProject());
        const int masks = maskCount(*store);
        QVERIFY(masks >= 8);
        TeacherGenerateDialog dlg(*store);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        dlg.setProvider(QStringLiteral("offline"));
        QSignalSpy finished(&dlg, &TeacherGenerateDialog::runFinished);

        // run() returns while the batch is still going; the event loop turns meanwhile.
        int ticks = 0;
        bool runningWhileTicking = false;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] {
            ++ticks;
            runningWhileTicking = runningWhileTicking || dlg.isRunning();
        });
        ticker.start(0);
        QTest::mouseClick(dlg.findChild<QPushButton *>("runButton"), Qt::LeftButton);
        QVERIFY(dlg.isRunning());
        QVERIFY(!dlg.findChild<QPushButton *>("runButton")->isEnabled());
        QVERIFY(dlg.findChild<QPushButton *>("cancelRunButton")->isEnabled());
        QVERIFY(finished.wait(60000));
        ticker.stop();
        QVERIFY(ticks > 0);
        QVERIFY(runningWhileTicking);
        QCOMPARE(finished.front().front().toBool(), false);
        QCOMPARE(answerCount(*store), masks);
        QVERIFY(dlg.countersText().contains(QStringLiteral("Done %1 · failed 0").arg(masks)));
        QVERIFY(dlg.statusText().contains(QStringLiteral("Finished")));
        QVERIFY(dlg.findChild<QPushButton *>("runButton")->isEnabled());

        // A second run has nothing to do and duplicates nothing.
        QTest::mouseClick(dlg.findChild<QPushButton *>("runButton"), Qt::LeftButton);
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(answerCount(*store), masks);
        QVERIFY(dlg.countersText().contains(QStringLiteral("earlier runs %1").arg(masks)));
    }

    void cancelLeavesTheRestForTheNextRun()
    {
        auto store = ProjectStore::open(newProject());
        const int masks = maskCount(*store);
        TeacherGenerateDialog dlg(*store);
        dlg.setProvider(QStringLiteral("offline"));
        QSignalSpy finished(&dlg, &TeacherGenerateDialog::runFinished);
        dlg.run();
        QVERIFY(dlg.isRunning());
        QTest::mouseClick(dlg.findChild<QPushButton *>("cancelRunButton"), Qt::LeftButton);
        QVERIFY(!finished.isEmpty() || finished.wait(60000));
        QCOMPARE(finished.front().front().toBool(), true);
        QVERIFY(dlg.statusText().contains(QStringLiteral("Cancelled")));
        const int afterCancel = answerCount(*store);
        QVERIFY(afterCancel < masks);
        dlg.run();
        QVERIFY(finished.size() == 2 || finished.wait(60000));
        QCOMPARE(answerCount(*store), masks);
    }

    void previewShowsExactlyWhatTheFirewallSends()
    {
        auto store = ProjectStore::open(newProject());
        LoopbackTeacher teacher;
        TeacherGenerateDialog dlg(*store);
        dlg.setProvider(QStringLiteral("openai"), teacher.baseUrl(), QStringLiteral("teacher-model"));
        dlg.setLimit(1);
        dlg.findChild<QDoubleSpinBox *>("pricePromptSpin")->setValue(2.0);
        dlg.findChild<QDoubleSpinBox *>("priceCompletionSpin")->setValue(10.0);

        // The example the batch will send first.
        PrivacyFirewall fw(*store);
        const auto provider = makeProvider({QStringLiteral("openai"), teacher.baseUrl(), QStringLiteral("teacher-model"),
                                            QStringLiteral("sk-test-not-a-real-key")});
        const std::vector<BatchItem> plan = TeacherBatch(fw, *provider).plan();
        QVERIFY(!plan.empty());
        dlg.setPreviewExample(plan.front().frameId, plan.front().structureId);
        QTest::mouseClick(dlg.findChild<QPushButton *>("previewButton"), Qt::LeftButton);
        const QByteArray shown = dlg.previewView()->payload();
        QVERIFY(!shown.isEmpty());
        QCOMPARE(dlg.previewView()->shownText().toUtf8(), shown); // the text on screen is the payload, unaltered
        QCOMPARE(dlg.previewView()->sha256Text().toLatin1(),
                 QCryptographicHash::hash(shown, QCryptographicHash::Sha256).toHex());
        QVERIFY(dlg.previewView()->destinationText().contains(teacher.baseUrl() + QStringLiteral("/chat/completions")));
        QVERIFY(dlg.previewView()->destinationText().contains(QStringLiteral("allowed")));
        QVERIFY(!shown.contains("sk-test")); // the key travels in a header, never in the payload
        // Nothing was sent by previewing.
        QVERIFY(teacher.bodies.empty());
        QVERIFY(store->auditLog().empty());

        // Running it sends those very bytes, and the audit log holds them.
        QSignalSpy finished(&dlg, &TeacherGenerateDialog::runFinished);
        dlg.run();
        QVERIFY(!finished.isEmpty() || finished.wait(60000));
        QCOMPARE(teacher.bodies.size(), size_t(1));
        QCOMPARE(teacher.bodies.front(), shown);
        const std::vector<AuditEntry> log = store->auditLog();
        QCOMPARE(log.size(), size_t(1));
        QCOMPARE(log.front().action, QString::fromLatin1(PrivacyFirewall::kAuditRequest));
        QCOMPARE(log.front().payload, shown);
        QVERIFY(dlg.countersText().contains(QStringLiteral("tokens 120 prompt / 30 completion")));
        // 120 * 2 / 1e6 + 30 * 10 / 1e6 = 0.00054
        QVERIFY(dlg.countersText().endsWith(QStringLiteral("cost 0.0005")));
    }

    void cloudDestinationIsRefusedVisibly()
    {
        auto store = ProjectStore::open(newProject());
        TeacherGenerateDialog dlg(*store);
        dlg.setProvider(QStringLiteral("openai")); // the public endpoint: not on a new project's allowed hosts
        QTest::mouseClick(dlg.findChild<QPushButton *>("previewButton"), Qt::LeftButton);
        QVERIFY(dlg.previewView()->destinationText().contains(QStringLiteral("REFUSED")));
        QVERIFY(dlg.statusText().contains(QStringLiteral("refuse")));
        QSignalSpy finished(&dlg, &TeacherGenerateDialog::runFinished);
        dlg.run();
        QVERIFY(!finished.isEmpty() || finished.wait(60000));
        QVERIFY(dlg.statusText().startsWith(QStringLiteral("Stopped by the privacy policy")));
        QCOMPARE(answerCount(*store), 0);
        // The refused attempt is audited, with its payload.
        const std::vector<AuditEntry> log = store->auditLog();
        QVERIFY(!log.empty());
        QCOMPARE(log.front().action, QString::fromLatin1(PrivacyFirewall::kAuditRefused));
    }

    void offlinePreviewIsThePromptTheBatchStores()
    {
        auto store = ProjectStore::open(newProject());
        TeacherGenerateDialog dlg(*store);
        dlg.setProvider(QStringLiteral("offline"));
        dlg.setLimit(1);
        const Frame f = store->frames().front();
        const qint64 structureId = store->masksForFrame(f.id).front().structureId;
        dlg.setPreviewExample(f.id, structureId);
        dlg.showPreview();
        QVERIFY(dlg.previewView()->destinationText().contains(QStringLiteral("nothing is sent")));
        QSignalSpy finished(&dlg, &TeacherGenerateDialog::runFinished);
        dlg.run();
        QVERIFY(!finished.isEmpty() || finished.wait(60000));
        const std::vector<TeacherRequest> requests = store->teacherRequests();
        QCOMPARE(requests.size(), size_t(1));
        QCOMPARE(requests.front().frameId, f.id);
        QCOMPARE(requests.front().structureId, structureId);
        QCOMPARE(requests.front().payload, dlg.previewView()->payload());
    }

    void auditViewVerifiesAndDetectsTampering()
    {
        const QString folder = newProject();
        auto store = ProjectStore::open(folder);
        {
            PrivacyFirewall fw(*store, QStringLiteral("dpo officer"));
            fw.allowHost(QStringLiteral("teacher.clinic.local"));
            fw.setSendMaskPng(true);
            fw.removeHost(QStringLiteral("teacher.clinic.local"));
        }
        AuditLogDialog dlg(*store);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        QTableWidget *table = dlg.table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("dpo officer"));
        QCOMPARE(table->item(0, 2)->text(), QString::fromLatin1(PrivacyFirewall::kAuditAllowHost));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("teacher.clinic.local"));
        QCOMPARE(table->item(0, 4)->text().toLatin1(), store->auditLog().front().payloadSha256);
        table->setCurrentCell(1, 0);
        QCOMPARE(dlg.payloadView()->payload(), store->auditLog().at(1).payload);

        QTest::mouseClick(dlg.findChild<QPushButton *>("verifyButton"), Qt::LeftButton);
        QCOMPARE(dlg.brokenEntryId(), qint64(0));
        QVERIFY(dlg.verifyResultText().contains(QStringLiteral("Intact")));

        // Export, both forms.
        QCOMPARE(dlg.exportTo(m_tmp.filePath("audit.jsonl")), QString());
        const QList<QByteArray> lines = testsupport::readFile(m_tmp.filePath("audit.jsonl")).trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(QString::fromStdString(nlohmann::json::parse(lines[1].toStdString())["payload"].get<std::string>()),
                 QString::fromUtf8(store->auditLog().at(1).payload));
        QCOMPARE(dlg.exportTo(m_tmp.filePath("audit.csv")), QString());
        const QList<QByteArray> rows = testsupport::readFile(m_tmp.filePath("audit.csv")).trimmed().split('\n');
        QCOMPARE(rows.size(), 4);
        QVERIFY(rows[2].contains(store->auditLog().at(1).payloadSha256));

        // Someone edits the second entry's payload behind the application's back.
        const qint64 target = store->auditLog().at(1).id;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(folder + QStringLiteral("/project.sqlite"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update"))); // the log is append-only otherwise
            QVERIFY(q.prepare(QStringLiteral("UPDATE audit_log SET payload = ? WHERE id = ?")));
            q.addBindValue(QByteArray("teacher_send_mask_png=false"));
            q.addBindValue(target);
            QVERIFY(q.exec());
            QCOMPARE(q.numRowsAffected(), 1);
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        QTest::mouseClick(dlg.findChild<QPushButton *>("verifyButton"), Qt::LeftButton);
        QCOMPARE(dlg.brokenEntryId(), target);
        QVERIFY(dlg.verifyResultText().contains(QStringLiteral("BROKEN at entry %1").arg(target)));
        QCOMPARE(table->currentRow(), 1);
        QCOMPARE(dlg.payloadView()->payload(), QByteArray("teacher_send_mask_png=false"));
    }

    void settingsChangeHostsAndPolicyThroughTheAuditedFirewall()
    {
        auto store = ProjectStore::open(newProject());
        TeacherSettingsDialog dlg(*store);
        QCOMPARE(dlg.shownHosts(), PrivacyFirewall::loopbackHosts());
        QVERIFY(dlg.keySourceText().contains(QStringLiteral("environment variable SURGDISTILL_OPENAI_API_KEY")));
        QVERIFY(!dlg.keySourceText().contains(QStringLiteral("sk-test")));

        QVERIFY(dlg.addHost(QStringLiteral("https://Teacher.Clinic.local:8443/v1")));
        QVERIFY(dlg.shownHosts().contains(QStringLiteral("teacher.clinic.local")));
        QVERIFY(PrivacyFirewall(*store).isAllowed(QUrl(QStringLiteral("https://teacher.clinic.local/v1"))));
        QVERIFY(!dlg.addHost(QStringLiteral("  "))); // refused, said so
        QVERIFY(!dlg.statusText().isEmpty());
        QVERIFY(dlg.removeHost(QStringLiteral("127.0.0.1")));
        QVERIFY(!dlg.shownHosts().contains(QStringLiteral("127.0.0.1")));

        dlg.findChild<QCheckBox *>("maskPngCheck")->setChecked(true);
        dlg.save();
        QVERIFY(projectSendsMaskPng(*store));
        dlg.save(); // unchanged: no second policy entry

        std::vector<QString> actions;
        for (const AuditEntry &e : store->auditLog()) {
            actions.push_back(e.action);
            QCOMPARE(e.user, QStringLiteral("Dr. Screens"));
        }
        QCOMPARE(actions, (std::vector<QString>{PrivacyFirewall::kAuditAllowHost, PrivacyFirewall::kAuditRemoveHost,
                                                PrivacyFirewall::kAuditPolicy}));
        QVERIFY(store->checkAuditLog().intact());
        // No key anywhere in the project.
        QVERIFY(!testsupport::readFile(store->folder() + QStringLiteral("/project.sqlite")).contains("sk-test"));
    }
};

QTEST_MAIN(TestTeacherScreens)
#include "tst_teacherscreens.moc"
