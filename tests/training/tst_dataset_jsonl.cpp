// The "messages" JSONL reader: SFT and DPO examples, image paths resolved
// against the file's folder, text-only examples, and clear errors naming the
// file and line for malformed input.
#include "dataset_jsonl.h"
#include "pretokenizer.h"

#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd::vlm;
using namespace sd::testsupport;

namespace {

const char *kSft =
    R"({"messages":[{"role":"system","content":[{"type":"text","text":"You are a surgical assistant."}]},)"
    R"({"role":"user","content":[{"type":"image"},{"type":"text","text":"Identify it."}]},)"
    R"({"role":"assistant","content":[{"type":"text","text":"This is the ileocolic artery."}]}],)"
    R"("images":["images/000001_a.png"],"meta":{"frame_id":1,"structure":"a","split":"train"}})";
const char *kSftTextOnly =
    R"({"messages":[{"role":"user","content":"What is CME?"},{"role":"assistant","content":"Complete mesocolic excision."}]})";
const char *kDpo =
    R"({"prompt":[{"role":"system","content":[{"type":"text","text":"S"}]},)"
    R"({"role":"user","content":[{"type":"image"},{"type":"text","text":"Q"}]}],)"
    R"("chosen":[{"role":"assistant","content":[{"type":"text","text":"good"}]}],)"
    R"("rejected":[{"role":"assistant","content":[{"type":"text","text":"bad"}]}],"images":["x.png"],"meta":{}})";

} // namespace

class TestDatasetJsonl : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::string write(const QString &name, const QByteArray &text)
    {
        const QString path = dir_.filePath(name);
        writeFile(path, text);
        return path.toStdString();
    }

    // The DatasetError message of reading `text`, or "" when it parses.
    QString errorOf(const QByteArray &text, DatasetKind kind)
    {
        try {
            readDatasetJsonl(write(QStringLiteral("bad.jsonl"), text), kind);
        } catch (const DatasetError &e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }

private Q_SLOTS:
    // #16: a data set may only name images inside its own folder, unless the user says so.
    void imagesOutsideTheFolderAreRefused()
    {
        const QByteArray sft(kSft);
        auto withImage = [&](const QByteArray &image) {
            QByteArray line = sft;
            return line.replace("images/000001_a.png", image);
        };
        QVERIFY(errorOf(withImage("../../etc/passwd"), DatasetKind::Sft).contains("outside the data set's folder"));
        QVERIFY(errorOf(withImage("/etc/passwd"), DatasetKind::Sft).contains("outside the data set's folder"));
        QVERIFY(errorOf(withImage("images/../../x.png"), DatasetKind::Sft).contains("outside"));
        QVERIFY(errorOf(withImage("images/./a/../b.png"), DatasetKind::Sft).isEmpty());
        // A symbolic link inside the folder that points out of it.
        QVERIFY(QFile::link(QStringLiteral("/etc"), dir_.filePath(QStringLiteral("escape"))));
        QVERIFY(errorOf(withImage("escape/passwd"), DatasetKind::Sft).contains("outside"));
        // An absolute path inside the folder is fine; the user may allow the rest.
        QVERIFY(errorOf(withImage(dir_.filePath("images/y.png").toUtf8()), DatasetKind::Sft).isEmpty());
        const auto path = write(QStringLiteral("external.jsonl"), withImage("/etc/passwd"));
        const Dataset d = readDatasetJsonl(path, DatasetKind::Sft, ImagePaths::Anywhere);
        QCOMPARE(d.examples.at(0).imagePaths.at(0), std::string("/etc/passwd"));
    }

    void readsSftExamples()
    {
        const auto path = write(QStringLiteral("sft.jsonl"), QByteArray(kSft) + "\n\n" + kSftTextOnly + "\r\n");
        const Dataset d = readDatasetJsonl(path, DatasetKind::Sft);
        QCOMPARE(d.examples.size(), size_t(2));
        const auto &a = d.examples[0];
        QCOMPARE(a.line, 1);
        QCOMPARE(a.messages.size(), size_t(3));
        QCOMPARE(a.messages[2].role, std::string("assistant"));
        QCOMPARE(a.messages[2].parts[0].text, std::string("This is the ileocolic artery."));
        QCOMPARE(a.imagePaths.size(), size_t(1));
        QCOMPARE(QString::fromStdString(a.imagePaths[0]), QDir(dir_.path()).filePath(QStringLiteral("images/000001_a.png")));
        QCOMPARE(a.meta.at("structure").get<std::string>(), std::string("a"));
        const auto &b = d.examples[1];
        QCOMPARE(b.line, 3);
        QVERIFY(b.imagePaths.empty());
        QCOMPARE(b.messages[1].parts[0].text, std::string("Complete mesocolic excision."));
    }

    void readsDpoExamples()
    {
        const Dataset d = readDatasetJsonl(write(QStringLiteral("dpo.jsonl"), kDpo), DatasetKind::Dpo);
        QCOMPARE(d.examples.size(), size_t(1));
        QCOMPARE(d.examples[0].chosen, std::string("good"));
        QCOMPARE(d.examples[0].rejected, std::string("bad"));
        QCOMPARE(d.examples[0].messages.size(), size_t(2));
        QCOMPARE(d.examples[0].messages.back().role, std::string("user"));
    }

    void malformedInputNamesTheLine()
    {
        const QString broken = errorOf(QByteArray(kSft) + "\n" + kSft + "\n{\"messages\": [\n", DatasetKind::Sft);
        QVERIFY2(broken.contains(QStringLiteral("bad.jsonl:3:")), qPrintable(broken));
        QVERIFY2(broken.contains(QStringLiteral("invalid JSON")), qPrintable(broken));

        const QString noImages = errorOf(QByteArray(kSft).replace(R"("images":["images/000001_a.png"],)", ""),
                                         DatasetKind::Sft);
        QVERIFY2(noImages.contains(QStringLiteral(":1:")) && noImages.contains(QStringLiteral("image part")),
                 qPrintable(noImages));
        const QString wrongKind = errorOf(kDpo, DatasetKind::Sft);
        QVERIFY2(wrongKind.contains(QStringLiteral("missing \"messages\"")), qPrintable(wrongKind));
        const QString noAnswer = errorOf(R"({"messages":[{"role":"user","content":"Q"}]})", DatasetKind::Sft);
        QVERIFY2(noAnswer.contains(QStringLiteral("assistant")), qPrintable(noAnswer));
        const QString noRejected = errorOf(QByteArray(kDpo).replace("\"rejected\"", "\"other\""), DatasetKind::Dpo);
        QVERIFY2(noRejected.contains(QStringLiteral("rejected")), qPrintable(noRejected));
        QVERIFY(errorOf("\n  \n", DatasetKind::Sft).contains(QStringLiteral("no examples")));
        QVERIFY(errorOf("[1, 2]", DatasetKind::Sft).contains(QStringLiteral("JSON object")));
        QVERIFY_THROWS_EXCEPTION(DatasetError, readDatasetJsonl(dir_.filePath(QStringLiteral("missing.jsonl")).toStdString(),
                                                                DatasetKind::Sft));
    }

    // #16: hostile lines end in a DatasetError naming the file and line, never
    // in a crash, and the message is valid UTF-8 (it goes into JSON progress lines).
    void hostileLinesNameTheLine()
    {
        const QByteArray meta = R"("meta":{"frame_id":1,"structure":"a","split":"train"})";
        const QByteArray deep = "\"meta\":{\"a\":" + QByteArray(200000, '[') + QByteArray(200000, ']') + "}";
        const QString nested = errorOf(QByteArray(kSft).replace(meta, deep), DatasetKind::Sft);
        QVERIFY2(nested.contains(QStringLiteral("bad.jsonl:1:")) && nested.contains(QStringLiteral("nested deeper than")),
                 qPrintable(nested));

        const QByteArray badUtf8 = QByteArray(kSft) + "\n" + "{\"messages\":\"\xFF\xFE caf\xE9\"}" + "\n";
        try {
            readDatasetJsonl(write(QStringLiteral("bad.jsonl"), badUtf8), DatasetKind::Sft);
            QFAIL("invalid UTF-8 accepted");
        } catch (const DatasetError &e) {
            const std::string what = e.what();
            QVERIFY2(what.find("bad.jsonl:2:") != std::string::npos && what.find("UTF-8") != std::string::npos,
                     e.what());
            decodeUtf8Strict(what); // throws if the message quotes the raw bytes
        }

        // A line far longer than any example is refused before it is parsed.
        const QString longLine = errorOf(QByteArray(kSft) + "\n" + QByteArray(kMaxDatasetLineBytes + 10, ' ') + "x\n",
                                         DatasetKind::Sft);
        QVERIFY2(longLine.contains(QStringLiteral("bad.jsonl:2:")) && longLine.contains(QStringLiteral("longer than")),
                 qPrintable(longLine));
    }
};

QTEST_GUILESS_MAIN(TestDatasetJsonl)
#include "tst_dataset_jsonl.moc"
