// COCO JSON and index-mask PNG exchange between real projects on disk.
#include "coco.h"
#include "imageio.h"
#include "mediaimport.h"
#include "store/projectstore.h"

#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace sd;
using nlohmann::json;

using namespace sd::testsupport;

namespace {

void writeJson(const QString &path, const json &j)
{
    writeFile(path, QByteArray::fromStdString(j.dump()));
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    out.sort();
    return out;
}

cv::Mat noiseImage(int w, int h, int seed)
{
    cv::Mat m(h, w, CV_8UC3);
    cv::RNG rng(uint64(seed) + 7);
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
}

// Masks of a frame keyed by structure key.
std::map<QString, RleMask> masksByKey(const ProjectStore &store, qint64 frameId)
{
    std::map<QString, RleMask> out;
    for (const Mask &m : store.masksForFrame(frameId))
        out[store.structure(m.structureId)->key] = m.rle;
    return out;
}

} // namespace

class TestCoco : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_n = 0;
    std::unique_ptr<ProjectStore> m_a; // source project with frames and masks
    std::vector<qint64> m_frames;

    std::unique_ptr<ProjectStore> newProject()
    {
        return ProjectStore::create(m_tmp.filePath(QStringLiteral("project-%1").arg(++m_n)), "test");
    }

    void expectNothingWritten(ProjectStore &store, int frames, int structures)
    {
        QCOMPARE(store.frameCount(), frames);
        QCOMPARE(int(store.structures().size()), structures);
        QStringList media = filesUnder(store.mediaFolder());
        QCOMPARE(int(media.size()), frames);
        for (const Frame &f : store.frames())
            QVERIFY(store.masksForFrame(f.id).empty());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QDir().mkpath(m_tmp.filePath("src")));
        m_a = newProject();
        QStringList files;
        const cv::Size sizes[] = {{40, 30}, {40, 30}, {50, 20}};
        for (int i = 0; i < 3; ++i) {
            const QString p = m_tmp.filePath(QStringLiteral("src/img%1.png").arg(i));
            saveImagePng(p, noiseImage(sizes[i].width, sizes[i].height, i));
            files << p;
        }
        m_frames = importImages(*m_a, files).frameIds;
        QCOMPARE(m_frames.size(), size_t(3));
        const auto st = m_a->structures();
        QVERIFY(st.size() >= 3);

        // Non-overlapping masks so the index-mask round trip is lossless too.
        cv::Mat m0(30, 40, CV_8UC1, cv::Scalar(0));
        cv::rectangle(m0, cv::Rect(2, 3, 10, 8), cv::Scalar(255), cv::FILLED);
        cv::Mat m1(30, 40, CV_8UC1, cv::Scalar(0));
        cv::circle(m1, cv::Point(28, 18), 7, cv::Scalar(255), cv::FILLED);
        cv::Mat m2(30, 40, CV_8UC1, cv::Scalar(0));
        cv::fillPoly(m2, std::vector<std::vector<cv::Point>>{{{0, 29}, {20, 10}, {39, 29}}}, cv::Scalar(255));
        m_a->saveMask(m_frames[0], st[0].id, RleMask::encode(m0), "alice");
        m_a->saveMask(m_frames[0], st[1].id, RleMask::encode(m1), "alice");
        m_a->saveMask(m_frames[1], st[2].id, RleMask::encode(m2), "bob");
        // an empty mask is kept in the project but not exported
        m_a->saveMask(m_frames[2], st[0].id, RleMask::empty(20, 50), "bob");
    }

    void exportImportRoundTrip()
    {
        const QString jsonPath = m_tmp.filePath("export/coco.json");
        const CocoExportResult ex = exportCoco(*m_a, jsonPath);
        QCOMPARE(ex.images, 3);
        QCOMPARE(ex.annotations, 3);
        QCOMPARE(ex.categories, int(m_a->structures().size()));

        const auto j = readJson(jsonPath);
        QCOMPARE(j["images"].size(), size_t(3));
        QCOMPARE(j["annotations"].size(), size_t(3));
        const json &ann = j["annotations"][0];
        const auto mask = m_a->mask(m_frames[0], m_a->structures()[0].id);
        QVERIFY(mask);
        QCOMPARE(QByteArray::fromStdString(ann["segmentation"]["counts"].get<std::string>()), mask->rle.toCocoString());
        QVERIFY(ann["segmentation"]["size"] == json::array({30, 40}));
        QCOMPARE(ann["area"].get<int>(), 80);
        QVERIFY(ann["bbox"] == json::array({2, 3, 10, 8}));
        QCOMPARE(ann["iscrowd"].get<int>(), 0);
        QCOMPARE(j["categories"][0]["name"].get<std::string>(), m_a->structures()[0].key.toStdString());
        for (const auto &im : j["images"])
            QVERIFY(QFile::exists(m_tmp.filePath("export/") + QString::fromStdString(im["file_name"].get<std::string>())));

        auto b = newProject();
        const CocoImportResult im = importCoco(*b, jsonPath);
        QCOMPARE(im.newFrameIds.size(), size_t(3));
        QCOMPARE(im.masksSaved, 3);
        QCOMPARE(im.reusedFrames, 0);
        QVERIFY(im.newStructureIds.empty());
        for (qint64 id : m_frames) {
            const Frame fa = *m_a->frame(id);
            const auto fb = b->frameByContentHash(fa.contentHash);
            QVERIFY(fb);
            QCOMPARE(fb->width, fa.width);
            QCOMPARE(fb->height, fa.height);
            auto ma = masksByKey(*m_a, fa.id);
            // the empty mask is not exported
            for (auto it = ma.begin(); it != ma.end();)
                it = it->second.isEmpty() ? ma.erase(it) : std::next(it);
            QCOMPARE(masksByKey(*b, fb->id), ma);
        }
        // Importing again reuses the frames (same pixels), adds none.
        const CocoImportResult again = importCoco(*b, jsonPath);
        QVERIFY(again.newFrameIds.empty());
        QCOMPARE(again.reusedFrames, 3);
        QCOMPARE(b->frameCount(), 3);

        // Export without copying: file_name points at the project's media files.
        const QString json2 = m_tmp.filePath("export-nocopy/coco.json");
        CocoExportOptions opt;
        opt.copyImages = false;
        opt.frameIds = {m_frames[0]};
        QCOMPARE(exportCoco(*m_a, json2, opt).images, 1);
        auto c = newProject();
        QCOMPARE(importCoco(*c, json2).masksSaved, 2);
    }

    void missingImageRejected()
    {
        const QString dir = m_tmp.filePath("export-missing");
        exportCoco(*m_a, dir + "/coco.json");
        json j = readJson(dir + "/coco.json");
        j["images"].push_back({{"id", 999}, {"file_name", "images/missing-frame.png"}, {"width", 40}, {"height", 30}});
        writeJson(dir + "/bad.json", j);
        auto c = newProject();
        const int structures = int(c->structures().size());
        try {
            importCoco(*c, dir + "/bad.json");
            QFAIL("missing image accepted");
        } catch (const ImportError &e) {
            QCOMPARE(e.file(), dir + "/bad.json");
            QVERIFY2(e.reason().contains("missing-frame.png"), e.what());
        }
        expectNothingWritten(*c, 0, structures);
    }

    void wrongSizeMaskRejected()
    {
        const QString dir = m_tmp.filePath("export-size");
        exportCoco(*m_a, dir + "/coco.json");
        json j = readJson(dir + "/coco.json");
        j["annotations"][2]["segmentation"]["size"] = json::array({31, 40});
        writeJson(dir + "/bad.json", j);
        auto c = newProject();
        const int structures = int(c->structures().size());
        try {
            importCoco(*c, dir + "/bad.json");
            QFAIL("wrong-size mask accepted");
        } catch (const ImportError &e) {
            QVERIFY2(e.reason().contains("annotation #2"), e.what());
            QVERIFY2(e.reason().contains("images/"), e.what()); // names the image file
        }
        expectNothingWritten(*c, 0, structures);

        // Corrupt counts and unknown references are refused the same way.
        json k = readJson(dir + "/coco.json");
        k["annotations"][0]["segmentation"]["counts"] = "!!";
        writeJson(dir + "/bad2.json", k);
        QVERIFY_THROWS_EXCEPTION(ImportError, importCoco(*c, dir + "/bad2.json"));
        json l = readJson(dir + "/coco.json");
        l["annotations"][0]["image_id"] = 12345;
        writeJson(dir + "/bad3.json", l);
        QVERIFY_THROWS_EXCEPTION(ImportError, importCoco(*c, dir + "/bad3.json"));
        writeFile(dir + "/bad4.json", "{ not json");
        QVERIFY_THROWS_EXCEPTION(ImportError, importCoco(*c, dir + "/bad4.json"));
        expectNothingWritten(*c, 0, structures);
    }

    void polygonsAndUncompressedCounts()
    {
        const QString dir = m_tmp.filePath("foreign");
        QVERIFY(QDir().mkpath(dir));
        saveImagePng(dir + "/a.png", noiseImage(20, 10, 42));
        // 10x20 image; polygon rectangle x 2..6, y 1..4; uncompressed counts for a column strip.
        RleMask strip = RleMask::empty(10, 20);
        strip.counts = {30, 10, 160}; // column 3 fully set
        json j = {{"images", {{{"id", 1}, {"file_name", "a.png"}, {"width", 20}, {"height", 10}}}},
                  {"categories", {{{"id", 7}, {"name", "pancreas"}}, {{"id", 8}, {"name", "Gonadal vessel"}}}},
                  {"annotations",
                   {{{"id", 1}, {"image_id", 1}, {"category_id", 7}, {"iscrowd", 0},
                     {"segmentation", {{2, 1, 6, 1, 6, 4, 2, 4}}}},
                    {{"id", 2}, {"image_id", 1}, {"category_id", 7}, {"iscrowd", 0},
                     {"segmentation", {{"size", {10, 20}}, {"counts", strip.counts}}}},
                    {{"id", 3}, {"image_id", 1}, {"category_id", 8}, {"iscrowd", 1},
                     {"segmentation", {{"size", {10, 20}}, {"counts", strip.toCocoString().toStdString()}}}}}}};
        writeJson(dir + "/coco.json", j);
        auto p = newProject();
        const int before = int(p->structures().size());
        const CocoImportResult r = importCoco(*p, dir + "/coco.json");
        QCOMPARE(r.newFrameIds.size(), size_t(1));
        QCOMPARE(r.newStructureIds.size(), size_t(1)); // "Gonadal vessel" is new
        QCOMPARE(int(p->structures().size()), before + 1);
        const auto gonadal = p->structureByKey("gonadal_vessel");
        QVERIFY(gonadal);
        QCOMPARE(p->mask(r.newFrameIds[0], gonadal->id)->rle, strip);
        const auto pancreas = p->structureByKey("pancreas");
        QVERIFY(pancreas);
        const cv::Mat got = p->mask(r.newFrameIds[0], pancreas->id)->rle.decode();
        cv::Mat want(10, 20, CV_8UC1, cv::Scalar(0));
        want(cv::Rect(2, 1, 5, 4)).setTo(255); // polygon, vertices inclusive
        want.col(3).setTo(255);                // united with the strip
        QCOMPARE(cv::countNonZero(got != want), 0);

        // Refusing unknown categories when asked to.
        auto q = newProject();
        CocoImportOptions strict;
        strict.createMissingStructures = false;
        QVERIFY_THROWS_EXCEPTION(ImportError, importCoco(*q, dir + "/coco.json", strict));
        expectNothingWritten(*q, 0, before);
    }

    void indexMaskRoundTrip()
    {
        const QString dir = m_tmp.filePath("index");
        const IndexMaskExportResult ex = exportIndexMasks(*m_a, dir);
        QCOMPARE(ex.files, 3); // every frame with a mask row (frame 2's is empty)
        QCOMPARE(ex.overlappingPixels, quint64(0));
        QVERIFY(QFile::exists(dir + "/labels.json"));
        const auto st = m_a->structures();
        // Pixel values are the 1-based structure positions.
        const Frame f0 = *m_a->frame(m_frames[0]);
        const cv::Mat idx = loadIndexMask(dir + "/" + QFileInfo(f0.mediaPath).fileName());
        QCOMPARE(idx.type(), CV_8UC1);
        QCOMPARE(int(idx.at<uchar>(5, 5)), 1);   // inside the rectangle of structure 0
        QCOMPARE(int(idx.at<uchar>(18, 28)), 2); // inside the circle of structure 1
        QCOMPARE(int(idx.at<uchar>(0, 39)), 0);

        // A project with the same frames (imported from the copied images) but no masks.
        auto d = newProject();
        QStringList imgs;
        for (qint64 id : m_frames)
            imgs << m_a->absolutePath(m_a->frame(id)->mediaPath);
        importImages(*d, imgs);
        const IndexMaskImportResult im = importIndexMasks(*d, dir, "carol");
        QCOMPARE(im.files, 3);
        QCOMPARE(im.masksSaved, 3);
        for (qint64 id : m_frames) {
            const Frame fa = *m_a->frame(id);
            const Frame fd = *d->frameByContentHash(fa.contentHash);
            auto ma = masksByKey(*m_a, fa.id);
            for (auto it = ma.begin(); it != ma.end();)
                it = it->second.isEmpty() ? ma.erase(it) : std::next(it);
            QCOMPARE(masksByKey(*d, fd.id), ma);
            for (const Mask &m : d->masksForFrame(fd.id))
                QCOMPARE(m.author, QString("carol"));
        }

        // A value without a label, or a mask of the wrong size: refused, nothing written.
        auto e = newProject();
        importImages(*e, imgs);
        const QString bad = m_tmp.filePath("index-bad");
        QVERIFY(QDir().mkpath(bad));
        QFile::copy(dir + "/labels.json", bad + "/labels.json");
        const QString name0 = QFileInfo(f0.mediaPath).fileName();
        cv::Mat v = idx.clone();
        v.at<uchar>(0, 0) = 200;
        saveImagePng(bad + "/" + name0, v);
        QVERIFY_THROWS_EXCEPTION(ImportError, importIndexMasks(*e, bad));
        saveImagePng(bad + "/" + name0, cv::Mat(5, 5, CV_8UC1, cv::Scalar(1)));
        try {
            importIndexMasks(*e, bad);
            QFAIL("wrong-size index mask accepted");
        } catch (const ImportError &err) {
            QVERIFY(err.file().endsWith(name0));
        }
        saveImagePng(bad + "/" + name0, noiseImage(40, 30, 3)); // colour, not an index mask
        QVERIFY_THROWS_EXCEPTION(ImportError, importIndexMasks(*e, bad));
        for (const Frame &f : e->frames())
            QVERIFY(e->masksForFrame(f.id).empty());
    }
};

QTEST_GUILESS_MAIN(TestCoco)
#include "tst_coco.moc"
