// Image and video import into a real project on disk, safe image I/O and the
// green overlay composite, all with files the test writes itself.
#include "framestaging.h"
#include "imageio.h"
#include "mediaimport.h"
#include "overlay.h"
#include "store/projectstore.h"

#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <sys/stat.h>

using namespace sd;

using namespace sd::testsupport;

namespace {

cv::Mat testImage(int w, int h, int seed)
{
    cv::Mat m(h, w, CV_8UC3);
    cv::RNG rng(uint64(seed) + 1);
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    cv::GaussianBlur(m, m, cv::Size(5, 5), 0); // smooth, so JPEG keeps it recognisable
    cv::putText(m, std::to_string(seed), cv::Point(2, h / 2), cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(255, 255, 255));
    return m;
}

QByteArray encode(const cv::Mat &m, const char *ext)
{
    std::vector<uchar> buf;
    if (!cv::imencode(ext, m, buf))
        qFatal("imencode failed");
    return QByteArray(reinterpret_cast<const char *>(buf.data()), qsizetype(buf.size()));
}

// A JPEG carrying an EXIF APP1 segment right after SOI, with a recognisable marker.
QByteArray jpegWithExif(const cv::Mat &m)
{
    const QByteArray jpeg = encode(m, ".jpg");
    QByteArray payload("Exif\0\0", 6);
    payload += QByteArray("II*\0\x08\0\0\0", 8);  // TIFF header, IFD at offset 8
    payload += QByteArray("\0\0\0\0\0\0", 6);     // empty IFD, no next IFD
    payload += "SECRET-EXIF-CAMERA-SERIAL-4711";
    QByteArray app1("\xFF\xE1", 2);
    const int len = int(payload.size()) + 2;
    app1 += char((len >> 8) & 0xFF);
    app1 += char(len & 0xFF);
    app1 += payload;
    return jpeg.left(2) + app1 + jpeg.mid(2);
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    out.sort();
    return out;
}

bool samePixels(const cv::Mat &a, const cv::Mat &b)
{
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    return cv::countNonZero(diff.reshape(1)) == 0;
}

} // namespace

class TestMediaImport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_projects = 0;

    std::unique_ptr<ProjectStore> newProject()
    {
        return ProjectStore::create(m_tmp.filePath(QStringLiteral("project-%1").arg(++m_projects)), "test");
    }

    QString src(const QString &name) const { return m_tmp.filePath(QStringLiteral("src/") + name); }

    // The import must fail naming `bad`, with no frame row and no file left behind.
    void expectRejected(ProjectStore &store, const QStringList &files, const QString &bad)
    {
        const int frames = store.frameCount();
        const QStringList media = filesUnder(store.mediaFolder());
        bool threw = false;
        try {
            importImages(store, files);
        } catch (const ImportError &e) {
            threw = true;
            QCOMPARE(e.file(), bad);
            QVERIFY2(!e.reason().isEmpty(), e.what());
        }
        QVERIFY2(threw, qPrintable(bad));
        QCOMPARE(store.frameCount(), frames);
        QCOMPARE(filesUnder(store.mediaFolder()), media);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QDir().mkpath(m_tmp.filePath("src")));
    }

    void importStripsMetadataAndNames()
    {
        auto store = newProject();
        const cv::Mat a = testImage(64, 48, 1), b = testImage(64, 48, 2);
        const QString png = src("patient-MUELLER-2024-03-01.png");
        const QString jpg = src("patient-SCHMIDT-op-room-3.jpg");
        writeFile(png, encode(a, ".png"));
        writeFile(jpg, jpegWithExif(b));
        QVERIFY(readFile(jpg).contains("SECRET-EXIF"));

        ImageImportOptions opt;
        opt.side = Side::Left;
        opt.phase = "cme_mobilisation";
        const ImportResult r = importImages(*store, {png, jpg}, opt);
        QCOMPARE(r.frameIds.size(), size_t(2));
        QCOMPARE(r.skippedDuplicates, 0);
        QCOMPARE(store->frameCount(), 2);

        const QStringList sources{png, jpg};
        for (size_t i = 0; i < 2; ++i) {
            const auto f = store->frame(r.frameIds[i]);
            QVERIFY(f);
            QVERIFY2(QRegularExpression("^media/frame-\\d{6}\\.png$").match(f->mediaPath).hasMatch(),
                     qPrintable(f->mediaPath));
            QCOMPARE(f->side, Side::Left);
            QCOMPARE(f->phase, QString("cme_mobilisation"));
            QCOMPARE(f->width, 64);
            QCOMPARE(f->height, 48);
            const QString stored = store->absolutePath(f->mediaPath);
            const QByteArray bytes = readFile(stored);
            QCOMPARE(detectImageFormat(bytes), ImageFormat::Png);
            QVERIFY(!bytes.contains("Exif"));
            QVERIFY(!bytes.contains("SECRET"));
            QVERIFY(!bytes.contains("MUELLER") && !bytes.contains("SCHMIDT") && !bytes.contains("patient"));
            QVERIFY(!f->mediaPath.contains("patient"));
            // Pixels are exactly the decoded source, and the hash is over those pixels.
            const cv::Mat decodedSource = loadImage(sources[int(i)]);
            QVERIFY(samePixels(loadImage(stored), decodedSource));
            QCOMPARE(f->contentHash, contentHash(decodedSource));
        }
        QVERIFY(samePixels(loadImage(png), a));
        // No temporary files are left in media/.
        for (const QString &f : filesUnder(store->mediaFolder()))
            QVERIFY2(QFileInfo(f).fileName().startsWith("frame-"), qPrintable(f));
        QCOMPARE(filesUnder(store->mediaFolder()).size(), 2);
    }

    void duplicatesSkipped()
    {
        auto store = newProject();
        const cv::Mat a = testImage(32, 32, 3), b = testImage(32, 32, 4);
        writeFile(src("dup-a.png"), encode(a, ".png"));
        writeFile(src("dup-b.png"), encode(b, ".png"));
        // Same pixels, different file (other compression, other name).
        std::vector<uchar> buf;
        cv::imencode(".png", a, buf, {cv::IMWRITE_PNG_COMPRESSION, 9});
        writeFile(src("dup-a-copy.png"), QByteArray(reinterpret_cast<const char *>(buf.data()), int(buf.size())));

        ImportResult r = importImages(*store, {src("dup-a.png"), src("dup-a-copy.png")});
        QCOMPARE(r.frameIds.size(), size_t(1));
        QCOMPARE(r.skippedDuplicates, 1);
        r = importImages(*store, {src("dup-a.png"), src("dup-b.png")});
        QCOMPARE(r.frameIds.size(), size_t(1));
        QCOMPARE(r.skippedDuplicates, 1);
        QCOMPARE(store->frameCount(), 2);
        r = importImages(*store, {src("dup-b.png")});
        QVERIFY(r.frameIds.empty());
        QCOMPARE(r.skippedDuplicates, 1);
        QCOMPARE(filesUnder(store->mediaFolder()).size(), 2);
    }

    void folderImport()
    {
        auto store = newProject();
        const QString dir = m_tmp.filePath("folder");
        QVERIFY(QDir().mkpath(dir + "/sub"));
        writeFile(dir + "/b.PNG", encode(testImage(20, 10, 5), ".png"));
        writeFile(dir + "/a.jpeg", encode(testImage(20, 10, 6), ".jpg"));
        writeFile(dir + "/notes.txt", "not an image");
        writeFile(dir + "/sub/c.png", encode(testImage(20, 10, 7), ".png"));
        QCOMPARE(imageFilesInFolder(dir).size(), 2);
        QCOMPARE(imageFilesInFolder(dir, true).size(), 3);
        const ImportResult r = importImages(*store, {dir});
        QCOMPARE(r.frameIds.size(), size_t(2));
        QVERIFY_THROWS_EXCEPTION(ImportError, importImages(*store, {m_tmp.filePath("no-such-folder")}));
    }

    void brokenFilesRejectedWithNothingWritten()
    {
        auto store = newProject();
        const QString good = src("good.png");
        writeFile(good, encode(testImage(40, 30, 8), ".png"));
        const QByteArray png = encode(testImage(40, 30, 9), ".png");
        const QByteArray jpg = encode(testImage(40, 30, 10), ".jpg");

        writeFile(src("trunc-half.png"), png.left(png.size() / 2));
        writeFile(src("trunc-noiend.png"), png.left(png.size() - 12)); // only IEND missing
        writeFile(src("trunc-half.jpg"), jpg.left(jpg.size() / 2));
        writeFile(src("trunc-noeoi.jpg"), jpg.left(jpg.size() - 2));  // only EOI missing
        writeFile(src("garbage.png"), QByteArray("this is not an image at all").repeated(20));
        writeFile(src("empty.jpg"), QByteArray());
        QByteArray corrupt = png;
        for (int i = 60; i < corrupt.size() - 20; ++i) // damage the compressed data, keep the chunk layout
            corrupt[i] = char(corrupt[i] ^ 0x5a);
        writeFile(src("corrupt-data.png"), corrupt);

        for (const char *bad : {"trunc-half.png", "trunc-noiend.png", "trunc-half.jpg", "trunc-noeoi.jpg",
                                "garbage.png", "empty.jpg", "corrupt-data.png"})
            expectRejected(*store, {good, src(bad)}, src(bad));
        expectRejected(*store, {good, src("missing.png")}, src("missing.png"));
        QCOMPARE(store->frameCount(), 0);
        QVERIFY(filesUnder(store->mediaFolder()).isEmpty());

        // loadImage itself names the file.
        try {
            loadImage(src("trunc-noeoi.jpg"));
            QFAIL("truncated JPEG accepted");
        } catch (const ImageError &e) {
            QVERIFY(QString(e.what()).contains("trunc-noeoi.jpg"));
            QVERIFY(QString(e.what()).contains("EOI"));
        }
        QCOMPARE(imageContainerProblem(png), QString());
        QCOMPARE(imageContainerProblem(jpegWithExif(testImage(16, 16, 1))), QString());
        // Progressive scans and restart markers are walked correctly, and stay
        // detectable as truncated without their EOI.
        std::vector<uchar> buf;
        QVERIFY(cv::imencode(".jpg", testImage(64, 64, 2), buf, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}));
        const QByteArray progressive(reinterpret_cast<const char *>(buf.data()), int(buf.size()));
        QCOMPARE(imageContainerProblem(progressive), QString());
        QVERIFY(!imageContainerProblem(progressive.left(progressive.size() - 2)).isEmpty());
        QVERIFY(cv::imencode(".jpg", testImage(64, 64, 3), buf, {cv::IMWRITE_JPEG_RST_INTERVAL, 2}));
        const QByteArray restarts(reinterpret_cast<const char *>(buf.data()), int(buf.size()));
        QCOMPARE(imageContainerProblem(restarts), QString());
        QVERIFY(!imageContainerProblem(restarts.left(restarts.size() / 2)).isEmpty());
        // Trailing bytes after EOI (some cameras pad files) are tolerated.
        QCOMPARE(imageContainerProblem(restarts + QByteArray(16, '\0')), QString());
    }

    void cancelWritesNothing()
    {
        auto store = newProject();
        writeFile(src("c1.png"), encode(testImage(16, 16, 11), ".png"));
        writeFile(src("c2.png"), encode(testImage(16, 16, 12), ".png"));
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(ImportError, importImages(*store, {src("c1.png"), src("c2.png")}, {},
                                                           [&](int, int) { return ++calls < 2; }));
        QCOMPARE(store->frameCount(), 0);
        QVERIFY(filesUnder(store->mediaFolder()).isEmpty());
    }

    void failureInsideTransactionRemovesFiles()
    {
        // The last step of every import: rows and renamed files inside one
        // transaction. A failure there must roll back and remove the files.
        auto store = newProject();
        {
            FrameStaging staging(*store);
            for (int i = 0; i < 2; ++i) {
                const cv::Mat img = testImage(16, 8, 30 + i);
                Frame f;
                f.contentHash = contentHash(img);
                f.width = img.cols;
                f.height = img.rows;
                staging.stage(img, f);
            }
            QCOMPARE(filesUnder(store->mediaFolder()).size(), 2); // temporary names
            QVERIFY_THROWS_EXCEPTION(std::runtime_error, store->transaction([&] {
                const auto ids = staging.insertFrames();
                QCOMPARE(ids.size(), size_t(2));
                QCOMPARE(store->frameCount(), 2);
                throw std::runtime_error("simulated failure after the rows were added");
            }));
        }
        QCOMPARE(store->frameCount(), 0);
        QVERIFY(filesUnder(store->mediaFolder()).isEmpty());
    }

    void videoImport()
    {
        const QString path = src("op-video-patient.avi");
        {
            cv::VideoWriter w(path.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0, cv::Size(64, 48));
            if (!w.isOpened())
                QSKIP("this OpenCV build cannot write MJPG/AVI");
            for (int i = 0; i < 50; ++i) { // 5 s at 10 fps, every frame different
                cv::Mat f(48, 64, CV_8UC3, cv::Scalar(i * 5, 128, 255 - i * 5));
                cv::putText(f, std::to_string(i), cv::Point(5, 30), cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 2);
                w.write(f);
            }
        }
        auto store = newProject();
        VideoImportOptions opt;
        opt.intervalSec = 1.0;
        opt.phaseStartSec = 1.0;
        opt.phaseEndSec = 3.5;
        opt.side = Side::Right;
        int progressCalls = 0;
        const ImportResult r = importVideo(*store, path, opt, [&](int done, int total) {
            ++progressCalls;
            return done <= total;
        });
        QVERIFY(progressCalls > 0);
        QVERIFY(r.videoId);
        QCOMPARE(r.frameIds.size(), size_t(3));
        const double expected[] = {1.0, 2.0, 3.0};
        for (size_t i = 0; i < 3; ++i) {
            const auto f = store->frame(r.frameIds[i]);
            QVERIFY(f);
            QCOMPARE(f->videoId, r.videoId);
            QVERIFY2(qAbs(f->timestampSec - expected[i]) < 1e-9, qPrintable(QString::number(f->timestampSec)));
            QCOMPARE(f->side, Side::Right);
            QCOMPARE(f->phase, QString("cme_mobilisation"));
            QCOMPARE(f->width, 64);
            QCOMPARE(f->height, 48);
            QVERIFY(!f->mediaPath.contains("patient"));
            QVERIFY(QFile::exists(store->absolutePath(f->mediaPath)));
        }
        const auto v = store->video(*r.videoId);
        QVERIFY(v);
        QCOMPARE(v->label, QString("video-0001"));
        QVERIFY(!v->label.contains("patient"));
        QCOMPARE(v->fps, 10.0);
        QVERIFY(qAbs(v->durationSec - 5.0) < 0.11);
        QCOMPARE(v->phaseStartSec, 1.0);
        QCOMPARE(v->phaseEndSec, 3.5);
        QCOMPARE(v->sourceHash.size(), 64);

        // The same file again is refused; nothing changes.
        QVERIFY_THROWS_EXCEPTION(ImportError, importVideo(*store, path, opt));
        QCOMPARE(store->videos().size(), size_t(1));
        QCOMPARE(store->frameCount(), 3);

        // Whole video, 2 s interval, in a fresh project: 0, 2, 4 s.
        auto store2 = newProject();
        VideoImportOptions all;
        all.intervalSec = 2.0;
        const ImportResult r2 = importVideo(*store2, path, all);
        QCOMPARE(r2.frameIds.size(), size_t(3));
        QCOMPARE(store2->frame(r2.frameIds[2])->timestampSec, 4.0);

        // A window past the end of the video gives a clear error and nothing written.
        auto store3 = newProject();
        VideoImportOptions late;
        late.phaseStartSec = 100;
        late.phaseEndSec = 200;
        try {
            importVideo(*store3, path, late);
            QFAIL("empty window accepted");
        } catch (const ImportError &e) {
            QCOMPARE(e.file(), path);
        }
        QVERIFY(store3->videos().empty());
        QCOMPARE(store3->frameCount(), 0);
        QVERIFY(filesUnder(store3->mediaFolder()).isEmpty());

        // Cancelling a video import writes nothing.
        QVERIFY_THROWS_EXCEPTION(ImportError, importVideo(*store3, path, all, [](int done, int) { return done < 1; }));
        QVERIFY(store3->videos().empty());
        QVERIFY(filesUnder(store3->mediaFolder()).isEmpty());

        // Bad options.
        VideoImportOptions bad;
        bad.intervalSec = 0;
        QVERIFY_THROWS_EXCEPTION(ImportError, importVideo(*store3, path, bad));
    }

    void undecodableVideoRejected()
    {
        auto store = newProject();
        const QString garbage = src("broken.avi");
        writeFile(garbage, QByteArray("RIFF\x10\x00\x00\x00" "AVI LIST garbage", 24).repeated(100));
        const QString text = src("notes.mp4");
        writeFile(text, "definitely not a video");
        for (const QString &p : {garbage, text}) {
            try {
                importVideo(*store, p);
                QFAIL("undecodable video accepted");
            } catch (const ImportError &e) {
                QCOMPARE(e.file(), p);
            }
        }
        QVERIFY_THROWS_EXCEPTION(ImportError, importVideo(*store, src("missing.avi")));
        QVERIFY(store->videos().empty());
        QCOMPARE(store->frameCount(), 0);
        QVERIFY(filesUnder(store->mediaFolder()).isEmpty());
    }

    void overlayColourValues()
    {
        cv::Mat frame(2, 3, CV_8UC3, cv::Scalar(0, 0, 0));
        frame.at<cv::Vec3b>(0, 0) = cv::Vec3b(10, 100, 200);
        frame.at<cv::Vec3b>(1, 2) = cv::Vec3b(255, 255, 255);
        frame.at<cv::Vec3b>(0, 1) = cv::Vec3b(50, 60, 70);
        cv::Mat mask(2, 3, CV_8UC1, cv::Scalar(0));
        mask.at<uchar>(0, 0) = 255;
        mask.at<uchar>(1, 2) = 1; // any non-zero value counts
        mask.at<uchar>(1, 0) = 255;

        QCOMPARE(kDefaultOverlayAlpha, 0.4);
        const cv::Mat out = composeOverlay(frame, mask);
        QCOMPARE(out.type(), CV_8UC3);
        // (1-0.4)*pixel + 0.4*(0,255,0)
        QCOMPARE(out.at<cv::Vec3b>(0, 0), cv::Vec3b(6, 162, 120));
        QCOMPARE(out.at<cv::Vec3b>(1, 2), cv::Vec3b(153, 255, 153));
        QCOMPARE(out.at<cv::Vec3b>(1, 0), cv::Vec3b(0, 102, 0));
        QCOMPARE(out.at<cv::Vec3b>(0, 1), cv::Vec3b(50, 60, 70)); // outside the mask: untouched
        QCOMPARE(frame.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 100, 200)); // input untouched

        QVERIFY(samePixels(composeOverlay(frame, mask, 0.0), frame));
        QCOMPARE(composeOverlay(frame, mask, 1.0).at<cv::Vec3b>(0, 0), cv::Vec3b(0, 255, 0));
        QCOMPARE(composeOverlay(frame, mask, 0.5).at<cv::Vec3b>(0, 0), cv::Vec3b(5, 178, 100)); // 177.5 rounds up

        // RGB and raw-buffer variants give the same numbers (green is the middle channel).
        QVERIFY(samePixels(composeOverlayRgb(frame, mask), out));
        cv::Mat buf = frame.clone();
        composeOverlayInPlace(buf.data, mask.data, 2, 3);
        QVERIFY(samePixels(buf, out));

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, composeOverlay(frame, cv::Mat(3, 2, CV_8UC1)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, composeOverlay(frame, cv::Mat(2, 3, CV_8UC3)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, composeOverlay(cv::Mat(2, 3, CV_8UC1), mask));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, composeOverlay(cv::Mat(), cv::Mat()));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, composeOverlay(frame, mask, 1.5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, composeOverlay(frame, mask, std::nan("")));
    }

    void imageIoBasics()
    {
        const cv::Mat a = testImage(33, 17, 20);
        const QString path = m_tmp.filePath("io/sub/out.png");
        saveImagePng(path, a);
        QVERIFY(samePixels(loadImage(path), a));
        QVERIFY(!QFile::exists(path + ".tmp"));
        QCOMPARE(contentHash(loadImage(path)), contentHash(a));
        QCOMPARE(contentHash(a).size(), 64);
        QVERIFY(contentHash(a) != contentHash(testImage(33, 17, 21)));
        // Same bytes in another shape hash differently.
        QVERIFY(contentHash(cv::Mat(2, 6, CV_8UC1, cv::Scalar(1))) != contentHash(cv::Mat(3, 4, CV_8UC1, cv::Scalar(1))));
        // Grey PNGs load as BGR.
        writeFile(m_tmp.filePath("io/grey.png"), encode(cv::Mat(4, 4, CV_8UC1, cv::Scalar(77)), ".png"));
        const cv::Mat g = loadImage(m_tmp.filePath("io/grey.png"));
        QCOMPARE(g.type(), CV_8UC3);
        QCOMPARE(g.at<cv::Vec3b>(1, 1), cv::Vec3b(77, 77, 77));
        QVERIFY_THROWS_EXCEPTION(ImageError, saveImagePng(m_tmp.filePath("io/x.png"), cv::Mat()));
        QVERIFY(!QFile::exists(m_tmp.filePath("io/x.png")));
    }

    // #16: a pipe or device instead of an image must not hang or eat memory, and a
    // small file that declares a huge picture is refused before it is decoded.
    void hostileImagesRefusedBeforeDecoding()
    {
        const QString fifo = m_tmp.filePath("io/pipe.png");
        QDir().mkpath(m_tmp.filePath("io"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        QVERIFY_THROWS_EXCEPTION(ImageError, loadImage(fifo));
        QVERIFY_THROWS_EXCEPTION(ImageError, loadIndexMask(fifo));
        QVERIFY_THROWS_EXCEPTION(ImageError, loadImage(QStringLiteral("/dev/zero")));
        try {
            loadImage(QStringLiteral("/dev/zero"));
        } catch (const ImageError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("not a regular file")), e.what());
        }

        // Header sizes match the real ones for both formats.
        const cv::Mat small = testImage(33, 17, 5);
        QCOMPARE(imageHeaderSize(encode(small, ".png")).width, 33);
        QCOMPARE(imageHeaderSize(encode(small, ".png")).height, 17);
        QByteArray jpeg = encode(small, ".jpg");
        QCOMPARE(imageHeaderSize(jpeg).width, 33);
        QCOMPARE(imageHeaderSize(jpeg).height, 17);

        // A 9000 x 9000 PNG of ~80 kB would decode to 243 MB.
        const QByteArray bomb = encode(cv::Mat(9000, 9000, CV_8UC1, cv::Scalar(0)), ".png");
        QVERIFY(bomb.size() < 1024 * 1024);
        writeFile(m_tmp.filePath("io/bomb.png"), bomb);
        try {
            loadImage(m_tmp.filePath("io/bomb.png"));
            QFAIL("a 81-megapixel PNG was decoded");
        } catch (const ImageError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("9000 x 9000")), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(ImageError, loadIndexMask(m_tmp.filePath("io/bomb.png")));

        // A JPEG whose frame header claims 30000 x 30000.
        const qsizetype sof = jpeg.indexOf(QByteArray("\xFF\xC0", 2));
        QVERIFY(sof > 0);
        for (int i : {5, 7}) { // height, width after marker (2), length (2), precision (1)
            jpeg[sof + i] = char(30000 >> 8);
            jpeg[sof + i + 1] = char(30000 & 0xFF);
        }
        QCOMPARE(imageHeaderSize(jpeg).width, 30000);
        QVERIFY_THROWS_EXCEPTION(ImageError, decodeImage(jpeg, QStringLiteral("bomb.jpg")));

        // Importing the pipe names it and writes nothing.
        auto store = ProjectStore::create(m_tmp.filePath("hostile-project"), QStringLiteral("hostile"));
        QVERIFY_THROWS_EXCEPTION(ImportError, importImages(*store, {fifo}, {}));
        QCOMPARE(store->frameCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMediaImport)
#include "tst_mediaimport.moc"
