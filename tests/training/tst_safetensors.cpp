// Safetensors reader/writer: the fixture checkpoint, round trips of every dtype,
// and malformed files rejected with a clear error instead of a crash.
#include "safetensors.h"
// Hidden from moc: its tokenizer miscounts the braces inside the raw-string JSON
// literals and would put TestSafetensors inside namespace testcases.
#ifndef Q_MOC_RUN
#include "safetensors_cases.h"
#endif

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace sd::vlm;

class TestSafetensors : public QObject {
    Q_OBJECT

    QString fixtureModel() const
    {
        return QStringLiteral(SURGDISTILL_SHARED_DIR "/fixtures/qwen2_5_vl_tiny/model/model.safetensors");
    }

    static void writeFile(const QString &path, const std::string &bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes.data(), static_cast<qint64>(bytes.size()));
    }

private Q_SLOTS:
    void readsFixture()
    {
        if (!QFile::exists(fixtureModel()))
            QSKIP("../shared/fixtures/qwen2_5_vl_tiny is absent: fixture checks skipped");
        const auto f = SafetensorsFile::open(fixtureModel().toStdString());
        QCOMPARE(f->tensors().size(), size_t(93));
        const auto &patch = f->at("visual.patch_embed.proj.weight");
        QCOMPARE(patch.dtype, DType::F32);
        QCOMPARE(patch.shape, (std::vector<int64_t>{64, 3, 2, 14, 14}));
        QCOMPARE(patch.nbytes(), uint64_t(64 * 3 * 2 * 14 * 14 * 4));
        QVERIFY(f->find("lm_head.weight"));
        QVERIFY(!f->find("no.such.tensor"));
        QCOMPARE(f->metadata().at("format"), std::string("pt"));
        try {
            f->at("no.such.tensor");
            QFAIL("missing tensor accepted");
        } catch (const SafetensorsError &e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("no.such.tensor")));
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("model.safetensors")));
        }
    }

    void roundTripsEveryDtype()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("t.safetensors")).toStdString();
        std::vector<std::vector<uint8_t>> buffers;
        std::vector<TensorBlob> blobs;
        const std::vector<std::pair<DType, std::vector<int64_t>>> specs{
            {DType::F32, {3, 5}}, {DType::F16, {7}},   {DType::BF16, {2, 2, 2}}, {DType::I64, {4}},
            {DType::I32, {1, 3}}, {DType::U8, {0, 4}}, {DType::F64, {}}};
        for (size_t i = 0; i < specs.size(); ++i) {
            size_t n = dtypeSize(specs[i].first);
            for (auto d : specs[i].second)
                n *= static_cast<size_t>(d);
            buffers.emplace_back(n);
            for (size_t b = 0; b < n; ++b)
                buffers.back()[b] = static_cast<uint8_t>(b * 31 + i);
            blobs.push_back({"t" + std::to_string(i), specs[i].first, specs[i].second, buffers.back().data(), n});
        }
        writeSafetensors(path, blobs, {{"format", "pt"}, {"note", "round trip"}});
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));
        const auto f = SafetensorsFile::open(path);
        QCOMPARE(f->tensors().size(), specs.size());
        QCOMPARE(f->metadata().at("note"), std::string("round trip"));
        for (size_t i = 0; i < specs.size(); ++i) {
            const auto &t = f->at("t" + std::to_string(i));
            QCOMPARE(t.dtype, specs[i].first);
            QCOMPARE(t.shape, specs[i].second);
            QCOMPARE(t.nbytes(), uint64_t(buffers[i].size()));
            QVERIFY(std::equal(buffers[i].begin(), buffers[i].end(), f->data(t)));
        }
        // A blob whose size disagrees with its shape is refused and leaves no file behind.
        const std::string bad = dir.filePath(QStringLiteral("bad.safetensors")).toStdString();
        QVERIFY_THROWS_EXCEPTION(SafetensorsError,
                                 writeSafetensors(bad, {{"x", DType::F32, {3}, buffers[0].data(), 8}}));
        QVERIFY(!QFile::exists(QString::fromStdString(bad)));
    }

    void rejectsMalformedFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        for (const auto &[name, bytes] : testcases::malformedFiles())
            QTest::newRow(name.c_str()) << QByteArray(bytes.data(), static_cast<int>(bytes.size()));
    }

    void rejectsMalformedFiles()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.safetensors"));
        writeFile(path, bytes.toStdString());
        try {
            SafetensorsFile::open(path.toStdString());
            QFAIL("malformed file accepted");
        } catch (const SafetensorsError &e) {
            // The message names the file so a user knows which shard is broken.
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("broken.safetensors")), e.what());
        }
    }

    void fuzzedHeadersNeverCrash()
    {
        int rejected = 0, accepted = 0;
        testcases::forEachMutation(testcases::validFile(), 2000, [&](const std::string &bytes, const std::string &) {
            try {
                const auto f = SafetensorsFile::fromBytes(bytes, "mutant");
                for (const auto &t : f->tensors())
                    QVERIFY(t.end <= bytes.size());
                ++accepted;
            } catch (const SafetensorsError &) {
                ++rejected;
            }
        });
        QVERIFY(rejected > 1000);
        qInfo("%d mutants rejected, %d accepted as consistent files", rejected, accepted);
    }

    void missingFileNamed()
    {
        try {
            SafetensorsFile::open("/nonexistent/dir/model.safetensors");
            QFAIL("missing file accepted");
        } catch (const SafetensorsError &e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("/nonexistent/dir/model.safetensors")));
        }
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
