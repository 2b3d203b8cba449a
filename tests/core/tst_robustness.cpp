// Bounded-time robustness (#16): seeded mutations of images, mask JSON and project files.
// Every case either works or fails with a std::exception carrying a message: no crash,
// no hang, no unbounded allocation. Deterministic (fixed seeds), so a failure reproduces.
#include "demo/demoproject.h"
#include "imageio.h"
#include "rle.h"
#include "store/projectstore.h"

#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <random>

using namespace sd;

namespace {

QByteArray encoded(const cv::Mat &m, const char *ext)
{
    std::vector<uchar> buf;
    cv::imencode(ext, m, buf);
    return QByteArray(reinterpret_cast<const char *>(buf.data()), qsizetype(buf.size()));
}

cv::Mat pattern(int w, int h, int type)
{
    cv::Mat m(h, w, type);
    cv::randu(m, 0, 255);
    return m;
}

// One mutation of `in`: flipped bytes, a truncation, a copied block, a patched 32-bit
// big-endian field (sizes and lengths in PNG/JPEG headers), or an inserted run.
QByteArray mutate(QByteArray in, std::mt19937 &rng)
{
    if (in.isEmpty())
        return in;
    auto pos = [&](qsizetype n) { return qsizetype(std::uniform_int_distribution<qint64>(0, std::max<qsizetype>(n - 1, 0))(rng)); };
    switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
    case 0:
        for (int i = 0, n = std::uniform_int_distribution<int>(1, 16)(rng); i < n; ++i)
            in[pos(in.size())] = char(rng());
        break;
    case 1: in.truncate(pos(in.size())); break;
    case 2: {
        const qsizetype from = pos(in.size()), to = pos(in.size());
        const qsizetype len = std::min<qsizetype>(std::uniform_int_distribution<int>(1, 256)(rng), in.size() - std::max(from, to));
        in.replace(to, len, in.mid(from, len));
        break;
    }
    case 3: {
        const qsizetype at = pos(std::max<qsizetype>(in.size() - 4, 1));
        const quint32 values[] = {0u, 1u, 0x7fffffffu, 0xffffffffu, 65535u, 30000u, quint32(rng())};
        const quint32 v = values[std::uniform_int_distribution<int>(0, 6)(rng)];
        for (int b = 0; b < 4 && at + b < in.size(); ++b)
            in[at + b] = char((v >> (24 - 8 * b)) & 0xff);
        break;
    }
    case 4: in.insert(pos(in.size()), QByteArray(std::uniform_int_distribution<int>(1, 64)(rng), char(rng()))); break;
    default: in[pos(in.size())] = '\0'; break;
    }
    return in;
}

// Runs `fn`; passes when it returns or throws a std::exception with a message.
template<typename Fn>
bool survives(Fn &&fn, QString *why)
{
    try {
        fn();
        return true;
    } catch (const std::exception &e) {
        if (*e.what() == '\0') {
            *why = QStringLiteral("an exception without a message");
            return false;
        }
        return true;
    }
}

} // namespace

class TestRobustness : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void images()
    {
        const std::vector<QByteArray> seeds = {
            encoded(pattern(37, 23, CV_8UC3), ".png"), encoded(pattern(16, 16, CV_8UC1), ".png"),
            encoded(pattern(20, 12, CV_8UC4), ".png"), encoded(pattern(40, 30, CV_8UC3), ".jpg"),
            encoded(pattern(9, 33, CV_8UC1), ".jpg")};
        std::mt19937 rng(16);
        QElapsedTimer timer;
        timer.start();
        int decoded = 0, cases = 0;
        for (; cases < 20000; ++cases) {
            QByteArray bytes = seeds[size_t(cases) % seeds.size()];
            for (int k = 0, n = 1 + cases % 3; k < n; ++k)
                bytes = mutate(bytes, rng);
            QString why;
            QVERIFY2(survives([&] {
                         const cv::Mat m = decodeImage(bytes, QStringLiteral("case %1").arg(cases));
                         QVERIFY(!m.empty() && m.total() <= size_t(kMaxImagePixels));
                         ++decoded;
                     }, &why),
                     qPrintable(QStringLiteral("case %1: %2").arg(cases).arg(why)));
        }
        qInfo("%d mutated images: %d decoded, %d refused, %lld ms", cases, decoded, cases - decoded, timer.elapsed());
        QVERIFY(decoded > 0 && decoded < cases); // the mutations reach both outcomes
    }

    void maskJson()
    {
        const cv::Mat mask = pattern(31, 17, CV_8UC1) > 128;
        const QByteArray seed = RleMask::encode(mask).toJson();
        std::mt19937 rng(17);
        int parsed = 0;
        for (int cases = 0; cases < 20000; ++cases) {
            const QByteArray json = mutate(seed, rng);
            QString why;
            QVERIFY2(survives([&] {
                         const RleMask r = RleMask::fromJson(json);
                         const cv::Mat m = r.decode();
                         QVERIFY(m.type() == CV_8UC1);
                         ++parsed;
                     }, &why),
                     qPrintable(QStringLiteral("case %1: %2").arg(cases).arg(why)));
        }
        QVERIFY(parsed > 0);
    }

    // A small demo project with damaged bytes in project.sqlite: opening and reading
    // everything either works or throws (StoreError and friends).
    void projectFiles()
    {
        DemoOptions d;
        d.frames = 4;
        d.width = 64;
        d.height = 64;
        const QString pristine = createDemoProject(m_tmp.filePath(QStringLiteral("pristine")), d).folder;
        const QByteArray db = testsupport::readFile(pristine + QStringLiteral("/project.sqlite"));
        QVERIFY(db.size() > 4096);
        std::mt19937 rng(18);
        QElapsedTimer timer;
        timer.start();
        int opened = 0;
        const int cases = 600;
        for (int c = 0; c < cases; ++c) {
            const QString folder = m_tmp.filePath(QStringLiteral("case-%1").arg(c));
            QDir().mkpath(folder);
            QFile::link(pristine + QStringLiteral("/media"), folder + QStringLiteral("/media"));
            QByteArray bytes = db;
            for (int k = 0, n = 1 + c % 4; k < n; ++k)
                bytes = mutate(bytes, rng);
            testsupport::writeFile(folder + QStringLiteral("/project.sqlite"), bytes);
            QString why;
            QVERIFY2(survives([&] {
                         auto store = ProjectStore::open(folder);
                         ++opened;
                         store->integrityOk();
                         for (const Frame &f : store->frames())
                             for (const Mask &m : store->masksForFrame(f.id)) {
                                 m.rle.decode();
                                 store->maskHistory(m.id);
                                 store->reviews(m.id);
                             }
                         store->structures();
                         store->videos();
                         store->promptTemplates();
                         for (const TeacherRequest &r : store->teacherRequests())
                             store->teacherAnswers(r.id);
                         store->preferencePairs();
                         store->trainingRuns();
                         store->evaluations();
                         store->savedAnswers();
                         store->tutorResidents();
                         store->checkAuditLog();
                     }, &why),
                     qPrintable(QStringLiteral("case %1: %2").arg(c).arg(why)));
            QDir(folder).removeRecursively();
        }
        qInfo("%d damaged project files: %d opened, %lld ms", cases, opened, timer.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
