// Real HTTP over loopback: a scripted test server speaking the OpenAI chat
// completions and Gemini generateContent wire formats, answering normally,
// slowly (timeout), with 429 / 500, malformed JSON or a dropped connection.
// Asserts retries, an audit entry per attempt, the refused host that sends
// nothing, and batch resumption without duplicates.
#include "demo/demoproject.h"
#include "eval/judge.h"
#include "eval/teacherjudgebackend.h"
#include "reviewworkflow.h"
#include "store/projectstore.h"
#include "teacher/offlineteacher.h"
#include "teacher/pairselection.h"
#include "teacher/teacherbatch.h"
#include "teacher/secretredaction.h"
#include "teacher/teachercall.h"

#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

using namespace sd;
using nlohmann::json;

namespace {

// Drop: close before any reply byte; DropMidReply: close after the headers and part of the body.
enum class Act { Ok, TooMany, ServerError, BadRequest, Malformed, Drop, DropMidReply, Slow, EchoHeaders };

struct Received {
    QByteArray path;
    std::map<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

class ScriptedServer : public QObject {
public:
    std::deque<Act> script;       // consumed one per request
    Act fallback = Act::Ok;
    QByteArray replyText; // when set, the text of every Ok reply (e.g. a judge verdict)       // when the script is empty
    std::vector<Received> requests;
    int connections = 0;

    ScriptedServer()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                QObject::connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const int end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Received r;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        r.path = lines.value(0).split(' ').value(1);
        int length = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const int colon = lines[i].indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower(), value = lines[i].mid(colon + 1).trimmed();
            r.headers[name] = value;
            if (name == "content-length")
                length = value.toInt();
        }
        if (buf.size() < end + 4 + length)
            return;
        r.body = buf.mid(end + 4, length);
        m_buffers.erase(s);
        requests.push_back(r);
        Act act = fallback;
        if (!script.empty()) {
            act = script.front();
            script.pop_front();
        }
        respond(s, act, r);
    }

    void respond(QTcpSocket *s, Act act, const Received &r)
    {
        const QByteArray text = replyText.isEmpty() ? "Answer " + QByteArray::number(int(requests.size())) : replyText;
        auto send = [s](int status, const QByteArray &reason, const QByteArray &body, const QByteArray &extra = {}) {
            s->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: application/json\r\n"
                     "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extra + "\r\n"
                     + body);
            s->disconnectFromHost();
        };
        switch (act) {
        case Act::Ok:
            if (r.path.contains(":generateContent"))
                send(200, "OK", QByteArray::fromStdString(json{
                    {"candidates", json::array({json{{"content", {{"role", "model"}, {"parts", json::array({json{{"text", text.toStdString()}}})}}}}})},
                    {"usageMetadata", {{"promptTokenCount", 100}, {"candidatesTokenCount", 50}}}}.dump()));
            else
                send(200, "OK", QByteArray::fromStdString(json{
                    {"choices", json::array({json{{"index", 0}, {"message", {{"role", "assistant"}, {"content", text.toStdString()}}}}})},
                    {"usage", {{"prompt_tokens", 100}, {"completion_tokens", 50}}}}.dump()));
            break;
        case Act::TooMany:
            send(429, "Too Many Requests", "{\"error\":\"slow down\"}", "Retry-After: 0\r\n");
            break;
        case Act::ServerError:
            send(500, "Internal Server Error", "{\"error\":\"boom\"}");
            break;
        case Act::BadRequest:
            send(400, "Bad Request", "{\"error\":\"bad model\"}");
            break;
        case Act::Malformed:
            send(200, "OK", "{\"choices\": [ {\"message\": ");
            break;
        case Act::Drop:
            s->abort();
            break;
        case Act::DropMidReply:
            s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"choices\": [");
            s->flush();
            s->abort();
            break;
        case Act::Slow: // never answers; the client's timeout must end the attempt
            break;
        case Act::EchoHeaders: { // a debugging proxy that mirrors the request in its error
            QByteArray echoed;
            for (const auto &[name, value] : r.headers)
                echoed += name + ": " + value + "\n";
            send(400, "Bad Request", "{\"error\":\"you sent:\n" + echoed + "?key=" + r.headers.at("authorization").mid(7) + "\"}");
            break;
        }
        }
    }

    QTcpServer m_server;
    std::map<QTcpSocket *, QByteArray> m_buffers;
};

TeacherTask sampleTask(bool withPng = false)
{
    TeacherTask t;
    t.context.structureKey = "pancreas";
    t.context.structureName = "Pancreas";
    t.context.side = Side::Left;
    t.context.phase = "cme_mobilisation";
    t.context.question = "Identify the highlighted anatomical structure.";
    cv::Mat m = cv::Mat::zeros(48, 64, CV_8UC1);
    cv::circle(m, {20, 30}, 9, cv::Scalar(255), -1);
    t.context.mask = RleMask::encode(m);
    t.includeMaskPng = withPng;
    return t;
}

CallOptions fast(int attempts = 4)
{
    CallOptions o;
    o.maxAttempts = attempts;
    o.backoffBaseMs = 5;
    o.backoffMaxMs = 40;
    o.timeoutMs = 30000;
    return o;
}

std::unique_ptr<TeacherProvider> provider(const char *id, const ScriptedServer &server, const char *key = "sk-secret-key")
{
    ProviderConfig c;
    c.id = QString::fromLatin1(id);
    c.baseUrl = server.base() + (c.id == "openai" ? "/v1" : "");
    c.apiKey = QString::fromLatin1(key);
    return makeProvider(c);
}

int auditCount(const ProjectStore &store, const char *action)
{
    int n = 0;
    for (const AuditEntry &e : store.auditLog())
        n += e.action == QLatin1String(action);
    return n;
}


#ifdef SURGDISTILL_EXE
// Starts `surgdistill args` with an OpenAI key in its environment (stdout and stderr merged).
void startCli(QProcess &p, const QStringList &args, const QString &apiKey)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SURGDISTILL_OPENAI_API_KEY", apiKey);
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(SURGDISTILL_EXE), args);
}

// Waits for the command while this process's event loop serves its requests (the
// scripted server lives here). waitForFinished() is false for a process that already
// ended, so the state is asked; gives up after two minutes.
void finishWhileServing(QProcess &p)
{
    QElapsedTimer clock;
    clock.start();
    while (p.state() != QProcess::NotRunning && clock.elapsed() < 120000) {
        p.waitForFinished(20);
        QCoreApplication::processEvents();
    }
}
#endif

DemoSummary smallDemo(const QString &folder, int frames)
{
    DemoOptions d;
    d.frames = frames;
    d.width = 96;
    d.height = 80;
    return createDemoProject(folder, d);
}

} // namespace

class TestTeacherHttp : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_projects = 0;

    std::unique_ptr<ProjectStore> newProject()
    {
        return ProjectStore::create(m_tmp.filePath(QStringLiteral("p%1").arg(++m_projects)), "t");
    }

private Q_SLOTS:
    void openAiRoundTripIsAudited()
    {
        auto store = newProject();
        ScriptedServer server;
        PrivacyFirewall fw(*store, "dr tester");
        QCOMPARE(fw.allowedHosts(), PrivacyFirewall::loopbackHosts()); // a new project: loopback only
        const auto p = provider("openai", server);
        const TeacherReply r = runTeacherCall(fw, *p, sampleTask(), fast());
        QCOMPARE(r.text, QStringLiteral("Answer 1"));
        QCOMPARE(r.promptTokens, 100);
        QCOMPARE(r.completionTokens, 50);
        QCOMPARE(server.requests.size(), size_t(1));
        const Received &got = server.requests[0];
        QCOMPARE(got.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(got.headers.at("authorization"), QByteArray("Bearer sk-secret-key"));
        const json body = json::parse(got.body.toStdString());
        QCOMPARE(body["model"], "gpt-4o-mini");
        QCOMPARE(body["messages"][0]["role"], "system");
        QVERIFY(QByteArray::fromStdString(body["messages"][1]["content"]).contains("Highlighted structure: Pancreas"));

        const std::vector<AuditEntry> log = store->auditLog();
        QCOMPARE(log.size(), size_t(1));
        QCOMPARE(log[0].action, QStringLiteral("teacher_request"));
        QCOMPARE(log[0].user, QStringLiteral("dr tester"));
        QCOMPARE(log[0].destination, server.base() + "/v1/chat/completions");
        QCOMPARE(log[0].payload, got.body); // the full payload, byte for byte
        QCOMPARE(log[0].payloadSha256, QCryptographicHash::hash(got.body, QCryptographicHash::Sha256).toHex());
        QVERIFY(!log[0].payload.contains("sk-secret-key") && !log[0].destination.contains("sk-secret-key"));
        QVERIFY(store->checkAuditLog().intact());
        // Preview = the exact bytes.
        QCOMPARE(fw.prepare(*p, sampleTask()).body, got.body);

        // Tampering with a stored payload breaks the chain at that entry.
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase("QSQLITE", "tamper");
            raw.setDatabaseName(QDir(store->folder()).filePath("project.sqlite"));
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec("DROP TRIGGER audit_log_no_update"));
            QVERIFY(q.exec("UPDATE audit_log SET payload = CAST('{}' AS BLOB) WHERE id = 1"));
            raw.close();
        }
        QSqlDatabase::removeDatabase("tamper");
        QCOMPARE(store->checkAuditLog().brokenAt, log[0].id);
    }

    // The generic text-only call the LLM judge uses.
    void textCompletionForTheJudge()
    {
        auto store = newProject();
        ScriptedServer server;
        PrivacyFirewall fw(*store);
        const TeacherTask task = completionTask("You are a strict judge.", "Score this answer from 1 to 5.");
        QCOMPARE(runTeacherCall(fw, *provider("gemini", server), task, fast()).text, QStringLiteral("Answer 1"));
        const json body = json::parse(server.requests.at(0).body.toStdString());
        QCOMPARE(body["system_instruction"]["parts"][0]["text"], "You are a strict judge.");
        QCOMPARE(body["contents"][0]["parts"].size(), size_t(1));
        QCOMPARE(body["contents"][0]["parts"][0]["text"], "Score this answer from 1 to 5.");
        QVERIFY_THROWS_EXCEPTION(ProviderError, runTeacherCall(fw, *makeProvider({}), task, fast()));
    }

    // The LLM judge of the evaluation goes through the firewall like any teacher request: text only,
    // audited; a well-formed verdict is scored, a malformed one leaves the answer unjudged.
    void llmJudgeOverLoopback()
    {
        auto store = newProject();
        ScriptedServer server;
        server.replyText = R"({"accuracy": 4, "conciseness": 3, "explanation": "Right vessel, a little long."})";
        PrivacyFirewall fw(*store);
        auto judgeProvider = provider("openai", server);
        eval::TeacherJudgeBackend backend(fw, *judgeProvider, fast());
        eval::LlmJudge judge(backend, QStringLiteral("openai (loopback)"));
        eval::JudgeInput input;
        input.question = QStringLiteral("Identify the highlighted anatomical structure.");
        input.structureName = QStringLiteral("Vena mesenterica inferior");
        input.side = QStringLiteral("left");
        input.reference = QStringLiteral("This is the inferior mesenteric vein in a left-sided CME.");
        input.candidate = QStringLiteral("The inferior mesenteric vein, left side.");
        const eval::JudgeOutcome good = judge.judge(input);
        QVERIFY2(good.verdict, qPrintable(good.error));
        QCOMPARE(good.verdict->accuracy, 4);
        QCOMPARE(good.verdict->conciseness, 3);
        const json body = json::parse(server.requests.at(0).body.toStdString());
        QVERIFY(body.dump().find("image_url") == std::string::npos); // text only
        QVERIFY(body.dump().find("inferior mesenteric vein") != std::string::npos);
        QCOMPARE(store->auditLog().size(), size_t(1));

        server.replyText = "I would give it a 7 out of 5.";
        const eval::JudgeOutcome bad = judge.judge(input);
        QVERIFY(!bad.verdict);
        QVERIFY(!bad.error.isEmpty());
        QCOMPARE(store->auditLog().size(), size_t(2));
    }

    void apiKeysComeFromTheEnvironmentNeverFromTheProject()
    {
        qputenv("SURGDISTILL_OPENAI_API_KEY", "sk-from-env");
        QString source;
        QCOMPARE(apiKeyFor("openai", &source), QStringLiteral("sk-from-env"));
        QCOMPARE(source, QStringLiteral("environment"));
        qunsetenv("SURGDISTILL_OPENAI_API_KEY");
        QVERIFY(apiKeyFor("offline").isEmpty());
        QVERIFY_THROWS_EXCEPTION(ProviderError, makeProvider({"claude", {}, {}, {}}));
        QVERIFY_THROWS_EXCEPTION(ProviderError, makeProvider({"openai", "ftp://x/v1", {}, {}}));
    }

    void geminiCarriesOnlyTheMaskPng()
    {
        auto store = newProject();
        ScriptedServer server;
        PrivacyFirewall fw(*store);
        QVERIFY(!projectSendsMaskPng(*store)); // off by default: geometry text only
        fw.setSendMaskPng(true);               // the policy change is audited
        QCOMPARE(store->auditLog().at(0).action, QStringLiteral("policy_change"));
        const auto p = provider("gemini", server);
        const TeacherTask task = sampleTask(projectSendsMaskPng(*store));
        QCOMPARE(runTeacherCall(fw, *p, task, fast()).text, QStringLiteral("Answer 1"));
        const Received &got = server.requests.at(0);
        QCOMPARE(got.path, QByteArray("/v1beta/models/gemini-2.5-flash:generateContent"));
        QCOMPARE(got.headers.at("x-goog-api-key"), QByteArray("sk-secret-key"));
        const json body = json::parse(got.body.toStdString());
        const json &parts = body["contents"][0]["parts"];
        QCOMPARE(parts.size(), size_t(2));
        const QByteArray png = QByteArray::fromBase64(QByteArray::fromStdString(parts[1]["inline_data"]["data"]));
        QCOMPARE(parts[1]["inline_data"]["mime_type"], "image/png");
        const cv::Mat decoded = cv::imdecode(std::vector<uchar>(png.begin(), png.end()), cv::IMREAD_UNCHANGED);
        QCOMPARE(decoded.type(), CV_8UC1);
        std::set<int> colours;
        for (int y = 0; y < decoded.rows; ++y)
            for (int x = 0; x < decoded.cols; ++x)
                colours.insert(decoded.at<uchar>(y, x));
        QCOMPARE(colours.size(), size_t(2));
        QCOMPARE(cv::countNonZero(decoded != task.context.mask.decode()), 0);
        QCOMPARE(store->auditLog().at(1).payload, got.body);
        QVERIFY(store->checkAuditLog().intact());
    }

    void retriesOn429And500AndDroppedConnections()
    {
        auto store = newProject();
        ScriptedServer server;
        server.script = {Act::TooMany, Act::ServerError, Act::DropMidReply};
        PrivacyFirewall fw(*store);
        const auto p = provider("openai", server);
        TeacherCall call(fw, *p, sampleTask(), fast(4));
        QSignalSpy retrying(&call, &TeacherCall::retrying);
        QSignalSpy finished(&call, &TeacherCall::finished);
        QSignalSpy failed(&call, &TeacherCall::failed);
        call.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(finished.at(0).at(0).value<TeacherReply>().text, QStringLiteral("Answer 4"));
        QCOMPARE(call.attempts(), 4);
        QCOMPARE(retrying.count(), 3);
        QVERIFY(retrying.at(0).at(2).toString().contains("429"));
        QVERIFY(retrying.at(1).at(2).toString().contains("500"));
        QVERIFY(retrying.at(2).at(2).toString().contains("connection"));
        // Exponential backoff: 5, 10, 20 ms.
        QCOMPARE(retrying.at(0).at(1).toInt(), 5);
        QCOMPARE(retrying.at(1).at(1).toInt(), 10);
        QCOMPARE(retrying.at(2).at(1).toInt(), 20);
        QCOMPARE(server.requests.size(), size_t(4));
        QCOMPARE(auditCount(*store, "teacher_request"), 4); // every attempt
        QVERIFY(store->checkAuditLog().intact());
    }

    // A connection closed before any reply byte: Qt Network itself may resend the request once on a new
    // connection (same bytes, same destination) before reporting the error. Each of our attempts is
    // audited; every transmission the server saw is byte-identical to an audited payload.
    void connectionDroppedBeforeTheReply()
    {
        auto store = newProject();
        ScriptedServer server;
        server.fallback = Act::Drop;
        PrivacyFirewall fw(*store);
        const auto p = provider("openai", server);
        TeacherCall call(fw, *p, sampleTask(), fast(2));
        QSignalSpy failed(&call, &TeacherCall::failed);
        call.start();
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.at(0).at(0).toString().contains("gave up after 2 attempts"));
        QVERIFY(failed.at(0).at(0).toString().contains("connection"));
        QCOMPARE(call.attempts(), 2);
        QCOMPARE(auditCount(*store, "teacher_request"), 2);
        QVERIFY(server.requests.size() >= 2);
        const QByteArray audited = store->auditLog().at(0).payload;
        for (const Received &r : server.requests)
            QCOMPARE(r.body, audited);
    }

    void givesUpAfterTheLastAttempt()
    {
        auto store = newProject();
        ScriptedServer server;
        server.fallback = Act::ServerError;
        PrivacyFirewall fw(*store);
        const auto p = provider("openai", server);
        try {
            runTeacherCall(fw, *p, sampleTask(), fast(2));
            QFAIL("expected a failure");
        } catch (const ProviderError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("gave up after 2 attempts"), e.what());
        }
        QCOMPARE(server.requests.size(), size_t(2));
        QCOMPARE(auditCount(*store, "teacher_request"), 2);
    }

    void timeoutEndsASlowAttempt()
    {
        auto store = newProject();
        ScriptedServer server;
        server.script = {Act::Slow};
        PrivacyFirewall fw(*store);
        const auto p = provider("gemini", server);
        CallOptions o = fast(3);
        o.timeoutMs = 300;
        TeacherCall call(fw, *p, sampleTask(), o);
        QSignalSpy retrying(&call, &TeacherCall::retrying);
        QSignalSpy finished(&call, &TeacherCall::finished);
        call.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(retrying.count(), 1);
        QVERIFY(retrying.at(0).at(2).toString().contains("no reply within 300 ms"));
        QCOMPARE(finished.at(0).at(0).value<TeacherReply>().text, QStringLiteral("Answer 2"));
    }

    void malformedAndClientErrorsAreNotRetried()
    {
        auto store = newProject();
        ScriptedServer server;
        server.script = {Act::Malformed, Act::BadRequest};
        PrivacyFirewall fw(*store);
        const auto p = provider("openai", server);
        try {
            runTeacherCall(fw, *p, sampleTask(), fast(4));
            QFAIL("expected a failure");
        } catch (const ProviderError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("malformed reply"), e.what());
        }
        try {
            runTeacherCall(fw, *p, sampleTask(), fast(4));
            QFAIL("expected a failure");
        } catch (const ProviderError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("HTTP 400"), e.what());
        }
        QCOMPARE(server.requests.size(), size_t(2));
    }

    void refusedHostSendsNothing()
    {
        auto store = newProject();
        ScriptedServer server;
        PrivacyFirewall fw(*store, "dr tester");
        fw.removeHost("127.0.0.1");
        QVERIFY(!fw.allowedHosts().contains("127.0.0.1"));
        const auto p = provider("openai", server);
        QVERIFY_THROWS_EXCEPTION(PolicyError, runTeacherCall(fw, *p, sampleTask(), fast()));
        ProviderConfig cloud;
        cloud.id = "gemini";
        const auto g = makeProvider(cloud);
        QVERIFY_THROWS_EXCEPTION(PolicyError, runTeacherCall(fw, *g, sampleTask(), fast()));
        QTest::qWait(50); // let any stray connection arrive before counting
        QCOMPARE(server.connections, 0);
        QVERIFY(server.requests.empty());
        const std::vector<AuditEntry> log = store->auditLog();
        QCOMPARE(log.size(), size_t(3));
        QCOMPARE(log[0].action, QStringLiteral("remove_host"));
        QCOMPARE(log[1].action, QStringLiteral("teacher_request_refused"));
        QCOMPARE(log[1].payload, fw.prepare(*p, sampleTask()).body);
        QCOMPARE(log[2].destination,
                 QStringLiteral("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"));
        QVERIFY(store->checkAuditLog().intact());

        // Allowing it again (audited) lets the request through.
        fw.allowHost("http://127.0.0.1:8080/v1");
        QCOMPARE(auditCount(*store, "allow_host"), 1);
        QCOMPARE(runTeacherCall(fw, *p, sampleTask(), fast()).text, QStringLiteral("Answer 1"));
    }

    // DPO pair selection: text only over the wire, offline and through a network teacher.
    void pairSelectionIsTextOnlyAndStoresAProposal()
    {
        DemoOptions d;
        d.frames = 2;
        d.width = 96;
        d.height = 80;
        const QString folder = createDemoProject(m_tmp.filePath("pairs"), d).folder;
        auto store = ProjectStore::open(folder);
        const Frame f = store->frames().front();
        const Mask m = store->masksForFrame(f.id).front();
        const Structure st = *store->structure(m.structureId);
        PairSelectionInput in;
        in.frameId = f.id;
        in.structureId = st.id;
        in.ranking.context = buildTeacherContext(*store, f.id, st.id, "Identify it.", "en");
        in.ranking.groundTruth = offlineTeacherAnswer(in.ranking.context);
        in.ranking.candidates = {"This is the mesentery.", in.ranking.groundTruth, "No idea.", "The mesentery again.",
                                 "Mesentery mesentery mesentery mesentery mesentery."};
        PrivacyFirewall fw(*store);
        const PreferencePair offline = selectPreferencePair(fw, *makeProvider({}), in);
        QCOMPARE(offline.chosen, in.ranking.groundTruth);
        QCOMPARE(offline.status, PairStatus::Proposed);
        QVERIFY(offline.reason.contains("offline"));

        ScriptedServer server;
        const auto p = provider("openai", server);
        // The server's reply is read as the ranking: "Answer 1" is not JSON, so nothing is stored.
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, selectPreferencePair(fw, *p, in, fast()));
        QCOMPARE(store->preferencePairs().size(), size_t(1));
        const QByteArray body = server.requests.at(0).body;
        QVERIFY(!body.contains("base64") && !body.contains("image_url") && !body.contains("inline_data"));
        QVERIFY(!body.contains("Mask geometry"));
        QVERIFY(body.contains("Reference answer"));
        QCOMPARE(store->auditLog().back().payload, body);
    }

    // The command line against a local OpenAI-compatible teacher: retries, exit codes, audit.
    void commandLineGeneratesOverLoopback()
    {
#ifndef SURGDISTILL_EXE
        QSKIP("built without the surgdistill executable");
#else
        const QString folder = smallDemo(m_tmp.filePath("cli"), 3).folder;
        ScriptedServer server;
        server.script = {Act::ServerError, Act::TooMany};
        auto run = [&](const QStringList &args, QByteArray *output = nullptr) {
            QProcess p;
            startCli(p, args, "sk-cli-key");
            finishWhileServing(p);
            if (output)
                *output = p.readAll();
            return p.exitCode();
        };
        QByteArray out;
        const QStringList generate = {"teacher", "generate", "--project", folder, "--provider", "openai",
                                      "--base-url", server.base() + "/v1", "--model", "local-teacher",
                                      "--concurrency", "1", "--user", "dr cli"};
        QCOMPARE(run(generate, &out), 0);
        QVERIFY2(out.contains(" 0 failed, 2 retries"), out.constData());
        QVERIFY2(out.contains("Tokens: "), out.constData());
        QCOMPARE(server.requests.at(0).headers.at("authorization"), QByteArray("Bearer sk-cli-key"));
        QCOMPARE(json::parse(server.requests.at(0).body.toStdString())["model"], "local-teacher");
        const size_t sent = server.requests.size();
        QCOMPARE(run(generate, &out), 0); // a second run has nothing left to send
        QCOMPARE(server.requests.size(), sent);
        QVERIFY2(out.contains("0 new"), out.constData());
        QCOMPARE(run({"audit", "verify", folder}, &out), 0);
        QVERIFY2(out.contains(QByteArray("Audit log intact: ") + QByteArray::number(int(sent)) + " entries"), out.constData());
        auto store = ProjectStore::open(folder);
        QCOMPARE(store->auditLog().front().user, QStringLiteral("dr cli"));
        // A host off the list: exit code 3, nothing sent.
        QCOMPARE(run({"teacher", "allow-host", "--project", folder, "--remove", "127.0.0.1"}), 0);
        for (const TeacherRequest &r : store->teacherRequests()) { // make work to do again
            TeacherRequest copy = r;
            copy.status = RequestStatus::Failed;
            store->updateTeacherRequest(copy);
        }
        QCOMPARE(run(generate, &out), 3);
        QVERIFY2(out.contains("privacy policy refuses"), out.constData());
        QCOMPARE(server.requests.size(), sent);
#endif
    }

    // #16: two `teacher generate` runs on one project at once: every request is sent once,
    // every (frame, structure) has one answer.
    void concurrentRunsNeverSendTwice()
    {
#ifndef SURGDISTILL_EXE
        QSKIP("built without the surgdistill executable");
#else
        const QString folder = smallDemo(m_tmp.filePath("concurrent"), 6).folder;
        int masks = 0;
        {
            auto store = ProjectStore::open(folder);
            for (const Frame &f : store->frames())
                masks += int(store->masksForFrame(f.id).size());
        }
        QVERIFY(masks >= 6);
        ScriptedServer server;
        std::vector<std::unique_ptr<QProcess>> runs;
        for (int i = 0; i < 2; ++i) {
            auto p = std::make_unique<QProcess>();
            startCli(*p, {"teacher", "generate", "--project", folder, "--provider", "openai", "--base-url",
                          server.base() + "/v1", "--model", "m", "--concurrency", "2"},
                     "sk-concurrent");
            runs.push_back(std::move(p));
        }
        QByteArray out;
        for (auto &p : runs) {
            finishWhileServing(*p);
            out += p->readAll();
            QVERIFY2(p->state() == QProcess::NotRunning, out.constData());
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, out.constData());
        }
        QCOMPARE(int(server.requests.size()), masks);
        auto store = ProjectStore::open(folder);
        std::set<std::pair<qint64, qint64>> seen;
        int answers = 0;
        for (const TeacherRequest &r : store->teacherRequests()) {
            QVERIFY2(seen.insert({r.frameId, r.structureId}).second, "two requests for one frame and structure");
            QCOMPARE(r.status, RequestStatus::Done);
            answers += int(store->teacherAnswers(r.id).size());
        }
        QCOMPARE(answers, masks);
        QCOMPARE(auditCount(*store, "teacher_request"), masks);
#endif
    }

    // A claim held by a live run is respected; a claim of a run that is gone is taken over.
    void claimsAreExclusiveAndLapse()
    {
        auto store = newProject();
        Frame f;
        f.contentHash = "claim-frame";
        f.mediaPath = "media/x.png";
        f.width = f.height = 8;
        store->addFrame(f);
        const qint64 structure = store->structures().front().id;
        TeacherRequest r;
        r.frameId = f.id;
        r.structureId = structure;
        r.provider = "openai";
        r.payload = "{}";
        const QString me = QSysInfo::machineHostName() + ":" + QString::number(QCoreApplication::applicationPid()) + ":a";
        const auto first = store->claimTeacherRequest(r, me, 600);
        QVERIFY(first);
        QVERIFY(!store->claimTeacherRequest(r, "other-host:1:b", 600)); // held by a live claimant
        QVERIFY(store->claimTeacherRequest(r, me, 600));                // the holder may renew
        // A claimant on this host whose process is gone (a finished child's id).
        QProcess gone;
        gone.start("sleep", {"0.1"});
        QVERIFY(gone.waitForStarted());
        const qint64 goneId = gone.processId(); // 0 once it has ended
        QVERIFY(gone.waitForFinished());
        const QString dead = QSysInfo::machineHostName() + ":" + QString::number(goneId) + ":c";
        TeacherRequest r2 = r;
        r2.structureId = store->structures().at(1).id;
        QVERIFY(store->claimTeacherRequest(r2, dead, 600));
        QVERIFY(store->claimTeacherRequest(r2, "other-host:1:b", 600));
        // Done: nobody claims it again.
        TeacherRequest done = *store->teacherRequest(first->id);
        done.status = RequestStatus::Done;
        store->updateTeacherRequest(done);
        QVERIFY(!store->claimTeacherRequest(r, me, 600));
        QCOMPARE(store->teacherRequests().size(), size_t(2));
    }

    // #16: the allowed hosts edited in the database (no audit entry) or the newest audit
    // entries removed: the next request is refused, nothing reaches the server.
    void policyChangedBehindTheLogStopsSending()
    {
        auto rawExec = [](const ProjectStore &store, const QStringList &sql) {
            {
                QSqlDatabase raw = QSqlDatabase::addDatabase("QSQLITE", "attacker");
                raw.setDatabaseName(QDir(store.folder()).filePath("project.sqlite"));
                QVERIFY(raw.open());
                QSqlQuery q(raw);
                for (const QString &statement : sql)
                    QVERIFY2(q.exec(statement), qPrintable(q.lastError().text() + " in " + statement));
                raw.close();
            }
            QSqlDatabase::removeDatabase("attacker");
        };
        ScriptedServer server;
        const auto p = provider("openai", server);
        {
            auto store = newProject();
            PrivacyFirewall fw(*store, "dr tester");
            QCOMPARE(runTeacherCall(fw, *p, sampleTask(), fast()).text, QStringLiteral("Answer 1"));
            rawExec(*store, {"INSERT INTO settings (key, value) VALUES ('allowed_hosts', '127.0.0.1,evil.example')"});
            try {
                runTeacherCall(fw, *p, sampleTask(), fast());
                QFAIL("sent although the allowed hosts were changed behind the audit log");
            } catch (const PolicyError &e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains("changed outside SurgDistill"), e.what());
            }
            QCOMPARE(server.requests.size(), size_t(1));
            // Setting them again through the firewall audits the change and sending resumes.
            fw.allowHost("127.0.0.1");
            QCOMPARE(runTeacherCall(fw, *p, sampleTask(), fast()).text, QStringLiteral("Answer 2"));
        }
        {
            auto store = newProject();
            PrivacyFirewall fw(*store, "dr tester");
            fw.allowHost("localhost");
            rawExec(*store, {"DROP TRIGGER audit_log_no_delete",
                             "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)"});
            PrivacyFirewall next(*store, "dr tester");
            QVERIFY_THROWS_EXCEPTION(PolicyError, runTeacherCall(next, *p, sampleTask(), fast()));
            QCOMPARE(server.requests.size(), size_t(2));
        }
    }

    // #16: a server that echoes the request headers (the API key among them) in its error:
    // the key reaches neither the project nor the terminal.
    void echoedApiKeyIsNeverStoredOrPrinted()
    {
#ifndef SURGDISTILL_EXE
        QSKIP("built without the surgdistill executable");
#else
        const QString folder = smallDemo(m_tmp.filePath("echo"), 2).folder;
        ScriptedServer server;
        server.fallback = Act::EchoHeaders;
        QProcess p;
        startCli(p, {"teacher", "generate", "--project", folder, "--provider", "openai", "--base-url",
                     server.base() + "/v1", "--model", "m", "--concurrency", "1", "--limit", "1"},
                 "sk-echoed-secret-42");
        finishWhileServing(p);
        const QByteArray out = p.readAll();
        QVERIFY2(!server.requests.empty(), out.constData());
        QCOMPARE(server.requests.at(0).headers.at("authorization"), QByteArray("Bearer sk-echoed-secret-42"));
        QVERIFY2(out.contains("[redacted]"), out.constData()); // the echo was printed, redacted
        QVERIFY2(!out.contains("sk-echoed-secret-42"), out.constData());
        const QByteArray db = testsupport::readFile(folder + "/project.sqlite")
                              + testsupport::readFile(folder + "/project.sqlite-wal");
        QVERIFY(!db.isEmpty());
        QVERIFY(!db.contains("sk-echoed-secret-42"));
        auto store = ProjectStore::open(folder);
        bool sawError = false;
        for (const TeacherRequest &r : store->teacherRequests())
            sawError = sawError || r.error.contains("[redacted]");
        QVERIFY(sawError);
#endif
    }

    void redactionCoversUnknownKeys()
    {
        QCOMPARE(redactSecrets("Authorization: Bearer abc.def-123\nx-goog-api-key: AIzaXYZ", {}),
                 QStringLiteral("Authorization: Bearer [redacted]\nx-goog-api-key: [redacted]"));
        QCOMPARE(redactSecrets("GET /v1/models:generateContent?key=AIza123&alt=sse", {}),
                 QStringLiteral("GET /v1/models:generateContent?key=[redacted]&alt=sse"));
        QCOMPARE(redactSecrets("{\"api_key\": \"sk-1\"} and sk-known", {"sk-known"}),
                 QStringLiteral("{\"api_key\": \"[redacted]\"} and [redacted]"));
        QCOMPARE(redactSecrets("the teacher answered HTTP 400: bad model", {""}),
                 QStringLiteral("the teacher answered HTTP 400: bad model"));
    }

    // The teacher sees approved masks only, and an approved mask edited since is not approved.
    void batchSkipsMasksEditedAfterApproval()
    {
        DemoOptions d;
        d.frames = 4;
        d.width = 128;
        d.height = 104;
        const QString folder = createDemoProject(m_tmp.filePath("edited"), d).folder;
        auto store = ProjectStore::open(folder);
        ScriptedServer server;
        PrivacyFirewall fw(*store);
        const auto p = provider("openai", server);
        const TeacherBatch before(fw, *p, {});
        const std::vector<BatchItem> planned = before.plan();
        QVERIFY(!planned.empty());
        const Mask edited = *store->mask(planned.front().frameId, planned.front().structureId);
        QCOMPARE(reviewState(*store, edited.id), ReviewState::Approved);
        cv::Mat pixels = edited.rle.decode() / 255;
        pixels.at<uint8_t>(0, 0) = 1 - pixels.at<uint8_t>(0, 0); // a one-pixel edit is an edit
        store->saveMask(edited.frameId, edited.structureId, RleMask::encode(pixels), "someone");
        const TeacherBatch after(fw, *p, {});
        QCOMPARE(after.plan().size(), planned.size() - 1);
        QVERIFY(server.requests.empty());
    }

    void batchRetriesResumesAndNeverDuplicates()
    {
        DemoOptions d;
        d.frames = 6;
        d.width = 128;
        d.height = 104;
        const QString folder = createDemoProject(m_tmp.filePath("demo"), d).folder;
        auto store = ProjectStore::open(folder);
        int masks = 0;
        for (const Frame &f : store->frames())
            masks += int(store->masksForFrame(f.id).size());
        QVERIFY(masks >= 6);

        ScriptedServer server;
        PrivacyFirewall fw(*store);
        const auto p = provider("openai", server);
        BatchOptions o;
        o.concurrency = 2;
        o.call = fast(4);
        o.limit = 3;
        o.costPerMillionPromptTokens = 1000;
        o.costPerMillionCompletionTokens = 2000;

        // Run 1: transient failures are retried.
        server.script = {Act::ServerError, Act::DropMidReply, Act::TooMany};
        {
            TeacherBatch batch(fw, *p, o);
            QSignalSpy done(&batch, &TeacherBatch::finished);
            batch.start();
            QVERIFY(done.wait(20000));
            QCOMPARE(batch.counters().done, 3);
            QCOMPARE(batch.counters().failed, 0);
            QCOMPARE(batch.counters().retries, 3);
            QCOMPARE(batch.counters().promptTokens, 300);
            QCOMPARE(batch.counters().completionTokens, 150);
            QCOMPARE(batch.counters().cost, 0.3 + 0.3);
        }
        // Run 2: the server fails hard; rows end up "failed".
        server.fallback = Act::ServerError;
        o.limit = 2;
        o.call = fast(1);
        {
            TeacherBatch batch(fw, *p, o);
            QSignalSpy done(&batch, &TeacherBatch::finished);
            batch.start();
            QVERIFY(done.wait(20000));
            QCOMPARE(batch.counters().failed, 2);
            QCOMPARE(batch.counters().alreadyDone, 3);
        }
        QCOMPARE(int(store->teacherRequests(RequestStatus::Failed).size()), 2);
        // Run 3: cancelled while the server hangs; the rows stay pending.
        server.fallback = Act::Slow;
        o.limit = 0;
        o.call = fast(4);
        {
            TeacherBatch batch(fw, *p, o);
            QSignalSpy done(&batch, &TeacherBatch::finished);
            batch.start();
            QTRY_VERIFY_WITH_TIMEOUT(server.requests.size() >= 10, 20000); // 6 + 2 earlier, 2 in flight
            batch.cancel();
            QVERIFY(!done.isEmpty() || done.wait(20000));
            QCOMPARE(done.at(0).at(0).toBool(), true);
        }
        QVERIFY(!store->teacherRequests(RequestStatus::Pending).empty());
        // Run 4: everything that is left, in the existing rows.
        server.fallback = Act::Ok;
        {
            TeacherBatch batch(fw, *p, o);
            QSignalSpy done(&batch, &TeacherBatch::finished);
            batch.start();
            QVERIFY(done.wait(20000));
            QCOMPARE(batch.counters().alreadyDone, 3);
            QCOMPARE(batch.counters().done, masks - 3);
            QCOMPARE(batch.counters().failed, 0);
        }
        std::set<std::pair<qint64, qint64>> keys;
        int answers = 0;
        for (const TeacherRequest &r : store->teacherRequests()) {
            QCOMPARE(r.status, RequestStatus::Done);
            QVERIFY(keys.insert({r.frameId, r.structureId}).second); // one row per (frame, structure)
            QCOMPARE(store->teacherAnswers(r.id).size(), size_t(1));
            ++answers;
        }
        QCOMPARE(answers, masks);
        // Every attempt that reached the server is in the audit log, and the chain holds.
        QTest::qWait(50);
        QCOMPARE(auditCount(*store, "teacher_request"), int(server.requests.size()));
        QVERIFY(store->checkAuditLog().intact());
        // The API key went out in a header only: it is nowhere in the project's files.
        const QStringList files = QDir(folder).entryList(QDir::Files); // project.sqlite, -wal, -shm
        QVERIFY(files.contains("project.sqlite"));
        for (const QString &name : files) {
            QFile f(QDir(folder).filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("sk-secret-key"), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestTeacherHttp)
#include "tst_teacherhttp.moc"
