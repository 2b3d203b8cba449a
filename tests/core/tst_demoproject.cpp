// The synthetic demo project: determinism, ground-truth validity, clean failures.
#include "demo/demoproject.h"
#include "demo/demorender.h"
#include "demo/projecthash.h"
#include "imageio.h"
#include "overlay.h"
#include "store/projectstore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <cmath>
#include <set>

using namespace sd;

class TestDemoProject : public QObject {
    Q_OBJECT

private:
    static QStringList entries(const QString &folder)
    {
        return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    }

    static DemoOptions small(quint64 seed, int frames = 12)
    {
        DemoOptions o;
        o.frames = frames;
        o.seed = seed;
        return o;
    }

private Q_SLOTS:
    void sameSeedGivesIdenticalProject()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const DemoSummary a = createDemoProject(tmp.filePath("a"), small(7));
        const DemoSummary b = createDemoProject(tmp.filePath("b"), small(7));
        QCOMPARE(a.projectHash.size(), 64);
        QCOMPARE(a.projectHash, b.projectHash);
        QCOMPARE(a.masks, b.masks);

        // The hash is recomputed from the stored content, not remembered.
        const auto store = ProjectStore::open(tmp.filePath("b"));
        QCOMPARE(projectContentHash(*store), a.projectHash);

        // And the frame files are byte-identical.
        QFile fa(tmp.filePath("a/media/frame-000005.png")), fb(tmp.filePath("b/media/frame-000005.png"));
        QVERIFY(fa.open(QIODevice::ReadOnly));
        QVERIFY(fb.open(QIODevice::ReadOnly));
        QCOMPARE(fa.readAll(), fb.readAll());
    }

    void differentSeedGivesDifferentProject()
    {
        QTemporaryDir tmp;
        const DemoSummary a = createDemoProject(tmp.filePath("a"), small(1, 4));
        const DemoSummary b = createDemoProject(tmp.filePath("b"), small(2, 4));
        QVERIFY(a.projectHash != b.projectHash);
    }

    void groundTruthIsValid()
    {
        QTemporaryDir tmp;
        const DemoSummary s = createDemoProject(tmp.filePath("p"), small(3));
        QCOMPARE(s.frames, 12);
        QCOMPARE(s.videos, 2);
        QCOMPARE(s.folder, QFileInfo(tmp.filePath("p")).absoluteFilePath());

        const auto store = ProjectStore::open(tmp.filePath("p"));
        QCOMPARE(store->frameCount(), 12);
        QCOMPARE(int(store->videos().size()), 2);
        std::map<qint64, QString> keys;
        for (const Structure &st : store->structures())
            keys[st.id] = st.key;
        const int minArea = demo::minimumMaskArea(cv::Size(640, 512));
        int masks = 0;
        for (const Frame &f : store->frames()) {
            QVERIFY2(f.synthetic, qPrintable(QString("frame %1 not marked synthetic").arg(f.id)));
            QCOMPARE(f.width, 640);
            QCOMPARE(f.height, 512);
            QVERIFY(f.side == Side::Left || f.side == Side::Right);
            QVERIFY(!f.phase.isEmpty());
            QVERIFY(f.videoId.has_value());
            const cv::Mat img = loadImage(store->absolutePath(f.mediaPath));
            QCOMPARE(img.cols, 640);
            QCOMPARE(img.rows, 512);
            QCOMPARE(contentHash(img), f.contentHash);

            const std::vector<Mask> fm = store->masksForFrame(f.id);
            QVERIFY2(fm.size() >= 1 && fm.size() <= 3,
                     qPrintable(QString("frame %1 has %2 masks").arg(f.id).arg(fm.size())));
            std::set<qint64> distinct;
            for (const Mask &m : fm) {
                ++masks;
                distinct.insert(m.structureId);
                QVERIFY(keys.count(m.structureId));
                QVERIFY(m.rle.isValid());
                QCOMPARE(m.rle.height, 512);
                QCOMPARE(m.rle.width, 640);
                QVERIFY2(!m.rle.isEmpty(), qPrintable(QString("empty %1 mask on frame %2").arg(keys[m.structureId]).arg(f.id)));
                QVERIFY(m.rle.area() >= quint64(minArea));
                const QRect box = m.rle.boundingBox();
                QVERIFY(QRect(0, 0, 640, 512).contains(box));
                QCOMPARE(m.author, QString(kDemoReviewer));
                const auto review = store->latestReview(m.id);
                QVERIFY(review.has_value());
                QCOMPARE(review->state, ReviewState::Approved);
                QCOMPARE(review->reviewer, QString(kDemoReviewer));
                QCOMPARE(review->maskVersion, m.version);
            }
            QCOMPARE(distinct.size(), fm.size());
        }
        QCOMPARE(masks, s.masks);
        QCOMPARE(s.leftFrames + s.rightFrames, 12);
    }

    void allStructuresAppearAndSidesAreMostlyLeft()
    {
        QTemporaryDir tmp;
        DemoOptions o = small(1, 40);
        o.width = 256;
        o.height = 208;
        o.videos = 7;
        const DemoSummary s = createDemoProject(tmp.filePath("p"), o);
        QCOMPARE(int(s.masksPerStructure.size()), 5);
        for (const auto &[key, n] : s.masksPerStructure)
            QVERIFY2(n > 0, qPrintable(key));
        QVERIFY(s.rightFrames > 0);               // operation 4 of 7 is right-sided
        QVERIFY(s.leftFrames > 4 * s.rightFrames); // most are left-sided, as in the paper
        const auto store = ProjectStore::open(tmp.filePath("p"));
        for (const Frame &f : store->frames()) {
            QCOMPARE(f.width, 256);
            QCOMPARE(f.height, 208);
        }
    }

    // The pre-training pictures are exactly the project's frames with each approved mask overlaid,
    // as the dataset export composes them, in frame order, labelled with the mask's structure.
    void overlaysMatchTheProject()
    {
        QTemporaryDir tmp;
        const DemoOptions o = small(5, 6);
        createDemoProject(tmp.filePath("p"), o);
        const auto store = ProjectStore::open(tmp.filePath("p"));
        std::map<qint64, QString> keys;
        for (const Structure &st : store->structures())
            keys[st.id] = st.key;
        std::vector<std::pair<cv::Mat, QString>> expected;
        for (const Frame &f : store->frames()) {
            const cv::Mat frame = loadImage(store->absolutePath(f.mediaPath));
            for (const Mask &m : store->masksForFrame(f.id))
                expected.emplace_back(composeOverlay(frame, m.rle.decode()), keys[m.structureId]);
        }
        std::vector<std::pair<cv::Mat, QString>> rendered;
        renderDemoOverlays(o, [&](const cv::Mat &bgr, const QString &key) { rendered.emplace_back(bgr.clone(), key); });
        QCOMPARE(rendered.size(), expected.size());
        // Masks of a frame may be stored in another order: match each rendered overlay to one expected.
        std::multiset<QByteArray> want, got;
        for (const auto &[img, key] : expected)
            want.insert(contentHash(img) + key.toUtf8());
        for (const auto &[img, key] : rendered)
            got.insert(contentHash(img) + key.toUtf8());
        QVERIFY(want == got);
        QVERIFY_THROWS_EXCEPTION(DemoError, renderDemoOverlays(small(1, 0), [](const cv::Mat &, const QString &) {}));
    }

    // Clips come after the independent frames and leave those as they were; each clip's
    // frames are consecutive in their operation (nothing else in between), 0.2 s apart,
    // with ground truth on every one; the same options give the same project.
    void clipsAreConsecutiveFramesWithGroundTruth()
    {
        QTemporaryDir tmp;
        DemoOptions o = small(4, 6);
        const DemoSummary plain = createDemoProject(tmp.filePath("plain"), o);
        o.clips = 2;
        o.clipFrames = 5;
        const DemoSummary a = createDemoProject(tmp.filePath("a"), o);
        const DemoSummary b = createDemoProject(tmp.filePath("b"), o);
        QCOMPARE(a.projectHash, b.projectHash);
        QVERIFY(a.projectHash != plain.projectHash);
        QCOMPARE(a.frames, 16);
        QCOMPARE(a.clips, 2);
        QCOMPARE(a.clipFrames, 10);

        const auto withClips = ProjectStore::open(tmp.filePath("a"));
        const auto without = ProjectStore::open(tmp.filePath("plain"));
        const std::vector<Frame> frames = withClips->frames();
        QCOMPARE(int(frames.size()), 16);
        for (int i = 0; i < 6; ++i) { // the independent frames are unchanged
            QCOMPARE(frames[size_t(i)].contentHash, without->frames()[size_t(i)].contentHash);
            QCOMPARE(frames[size_t(i)].timestampSec, without->frames()[size_t(i)].timestampSec);
        }
        const int minArea = demo::minimumMaskArea(cv::Size(640, 512));
        for (int c = 0; c < 2; ++c) {
            std::vector<Frame> clip(frames.begin() + 6 + 5 * c, frames.begin() + 11 + 5 * c);
            std::set<QByteArray> hashes;
            for (size_t t = 0; t < clip.size(); ++t) {
                QCOMPARE(clip[t].videoId, clip[0].videoId);
                QCOMPARE(clip[t].timestampSec, clip[0].timestampSec + 0.2 * double(t));
                hashes.insert(clip[t].contentHash);
                const auto masks = withClips->masksForFrame(clip[t].id);
                QVERIFY(!masks.empty() && masks.size() <= 3);
                for (const Mask &m : masks) {
                    QVERIFY(m.rle.area() >= quint64(minArea));
                    QCOMPARE(withClips->latestReview(m.id)->state, ReviewState::Approved);
                }
            }
            QCOMPARE(int(hashes.size()), 5); // the camera moves: no two frames alike
            for (const Frame &f : frames)
                if (f.videoId == clip[0].videoId && f.id < clip[0].id)
                    QVERIFY2(f.timestampSec < clip[0].timestampSec || f.timestampSec > clip.back().timestampSec,
                             qPrintable(QString("frame %1 lies inside clip %2").arg(f.id).arg(c)));
            // A structure seen at both ends of the clip moved, smoothly: its mask differs, its box
            // moved less than a fifth of the frame (a camera pan of 6-11 % of the width, zoom, roll).
            const auto first = withClips->masksForFrame(clip.front().id);
            for (const Mask &m : first)
                if (const auto end = withClips->mask(clip.back().id, m.structureId)) {
                    QVERIFY(!(end->rle == m.rle));
                    const QPointF shift = QRectF(end->rle.boundingBox()).center() - QRectF(m.rle.boundingBox()).center();
                    QVERIFY2(std::hypot(shift.x(), shift.y()) < 128, qPrintable(QString::number(shift.x())));
                }
        }
        o.clipFrames = 1;
        QVERIFY(!demoOptionsProblem(o).isEmpty());
        o.clipFrames = 5;
        o.clips = 101;
        QVERIFY(!demoOptionsProblem(o).isEmpty());
    }

    void refusesExistingProject()
    {
        QTemporaryDir tmp;
        const DemoSummary first = createDemoProject(tmp.filePath("p"), small(5, 2));
        QVERIFY_THROWS_EXCEPTION(DemoError, createDemoProject(tmp.filePath("p"), small(6, 2)));
        const auto store = ProjectStore::open(tmp.filePath("p"));
        QCOMPARE(projectContentHash(*store), first.projectHash);
    }

    void refusesNonEmptyFolderAndLeavesNoTrace()
    {
        QTemporaryDir tmp;
        QVERIFY(QDir(tmp.path()).mkdir("p"));
        QFile f(tmp.filePath("p/notes.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
        f.close();
        try {
            createDemoProject(tmp.filePath("p"), small(1, 2));
            QFAIL("a non-empty folder was accepted");
        } catch (const DemoError &e) {
            QVERIFY2(QString(e.what()).contains("not empty"), e.what());
        }
        QCOMPARE(entries(tmp.filePath("p")), QStringList{"notes.txt"});
        QCOMPARE(entries(tmp.path()), QStringList{"p"});
    }

    void emptyExistingFolderIsUsed()
    {
        QTemporaryDir tmp;
        QVERIFY(QDir(tmp.path()).mkdir("p"));
        createDemoProject(tmp.filePath("p"), small(1, 2));
        QVERIFY(ProjectStore::isProject(tmp.filePath("p")));
        QCOMPARE(entries(tmp.path()), QStringList{"p"});
    }

    void cancelLeavesNothing()
    {
        QTemporaryDir tmp;
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(DemoError, createDemoProject(tmp.filePath("p"), small(1, 6), [&](int done, int total) {
                                     ++calls;
                                     return !(done == 3 && total == 6);
                                 }));
        QCOMPARE(calls, 3);
        QVERIFY(entries(tmp.path()).isEmpty()); // neither the project nor its staging folder
    }

    void progressReportsEveryFrame()
    {
        QTemporaryDir tmp;
        std::vector<int> seen;
        createDemoProject(tmp.filePath("p"), small(2, 5), [&](int done, int total) {
            if (total != 5)
                return false;
            seen.push_back(done);
            return true;
        });
        QCOMPARE(seen, (std::vector<int>{1, 2, 3, 4, 5}));
    }

    void invalidOptionsAreRejected_data()
    {
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no frames") << 0 << 640 << 512 << "frames";
        QTest::newRow("too many") << 100001 << 640 << 512 << "frames";
        QTest::newRow("too narrow") << 3 << 32 << 512 << "size";
        QTest::newRow("too high") << 3 << 640 << 5000 << "size";
    }

    void invalidOptionsAreRejected()
    {
        QFETCH(int, frames);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        DemoOptions o;
        o.frames = frames;
        o.width = width;
        o.height = height;
        try {
            createDemoProject(tmp.filePath("p"), o);
            QFAIL("invalid options accepted");
        } catch (const DemoError &e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
        QVERIFY(entries(tmp.path()).isEmpty());
    }

    void rendererIsDeterministicAndChecksItsInput()
    {
        demo::SceneSpec spec;
        spec.size = cv::Size(200, 160);
        spec.seed = 42;
        spec.structures = {demo::DemoStructure::Imv, demo::DemoStructure::Pancreas};
        spec.instrument = true;
        const demo::RenderedFrame a = demo::renderDemoFrame(spec);
        const demo::RenderedFrame b = demo::renderDemoFrame(spec);
        QCOMPARE(contentHash(a.bgr), contentHash(b.bgr));
        QVERIFY(!a.masks.empty());
        for (const auto &m : a.masks) {
            QCOMPARE(m.mask.type(), CV_8UC1);
            QCOMPARE(m.mask.size(), spec.size);
            QVERIFY(cv::countNonZero(m.mask) >= demo::minimumMaskArea(spec.size));
        }
        spec.seed = 43;
        QVERIFY(contentHash(demo::renderDemoFrame(spec).bgr) != contentHash(a.bgr));

        spec.structures = {demo::DemoStructure::Imv, demo::DemoStructure::Imv};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, demo::renderDemoFrame(spec));
        spec.structures = {};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, demo::renderDemoFrame(spec));
        spec.structures = {demo::DemoStructure::Duodenum};
        spec.size = cv::Size(10, 10);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, demo::renderDemoFrame(spec));
    }
};

QTEST_GUILESS_MAIN(TestDemoProject)
#include "tst_demoproject.moc"
