#include "demoproject.h"
#include "overlay.h"

#include "democlip.h"
#include "demorandom.h"
#include "demorender.h"
#include "imageio.h"
#include "localprocess.h"
#include "projecthash.h"
#include "store/projectstore.h"
#include "rle.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QThreadPool>
#include <QUuid>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>
#include <vector>

namespace sd {

using demo::DemoRandom;
using demo::DemoStructure;

namespace {

constexpr int kMaxFrames = 100000;
constexpr int kMaxSide = 4096;
constexpr int kMaxVideos = 10;
constexpr int kFramesPerVideo = 30;

const char *const kPhaseAccess = "access_exposure";
const char *const kPhaseVascular = "vascular_dissection";
const char *const kPhaseCme = "cme_mobilisation";

struct VideoPlan {
    QString label;
    Side side = Side::Left;
    double durationSec = 0;
    double phaseStartSec = 0; // CME window
    double phaseEndSec = 0;
    double tissueTint = 0;
    double brightness = 1;
    qint64 id = 0;
};

struct FramePlan {
    int index = 0;
    int video = 0;
    double timestampSec = 0;
    QString phase;
    demo::SceneSpec scene;
    QString mediaPath;
};

// A coherent clip: its frames are rendered together (demo/democlip.h).
struct ClipPlan {
    int video = 0;
    demo::ClipSpec spec;
    std::vector<size_t> frames; // its frames' plans, in order
};

struct FrameResult {
    QByteArray contentHash;
    std::vector<std::pair<DemoStructure, RleMask>> masks;
    bool instrument = false;
    QString error; // set instead of throwing across QtConcurrent
};

// Relative frequencies of the structures in the paper's data set
// (1167 / 1009 / 999 / 184 / 414 frames).
double baseWeight(DemoStructure s)
{
    switch (s) {
    case DemoStructure::PreparationPlane: return 1167;
    case DemoStructure::AngelsHair: return 1009;
    case DemoStructure::Imv: return 999;
    case DemoStructure::Duodenum: return 184;
    case DemoStructure::Pancreas: return 414;
    }
    return 0;
}

// Picks 1-3 distinct structures, plausible for the side and phase: the IMV
// belongs to left-sided resections and to the vascular phase; the duodenum and
// pancreas head are met more often in right-sided CME.
std::vector<DemoStructure> chooseStructures(DemoRandom &rng, Side side, const QString &phase)
{
    const int count = 1 + rng.weighted({0.4, 0.45, 0.15});
    std::vector<double> w(demo::kDemoStructureCount);
    for (int i = 0; i < demo::kDemoStructureCount; ++i)
        w[size_t(i)] = baseWeight(DemoStructure(i));
    auto scale = [&w](DemoStructure s, double f) { w[size_t(s)] *= f; };
    if (side == Side::Right) {
        scale(DemoStructure::Imv, 0);
        scale(DemoStructure::Duodenum, 3);
        scale(DemoStructure::Pancreas, 1.5);
    }
    if (phase == QLatin1String(kPhaseVascular)) {
        scale(DemoStructure::Imv, 3);
        scale(DemoStructure::Pancreas, 1.5);
    } else if (phase == QLatin1String(kPhaseAccess)) {
        scale(DemoStructure::Duodenum, 2);
    } else {
        scale(DemoStructure::PreparationPlane, 1.3);
        scale(DemoStructure::AngelsHair, 1.3);
    }
    std::vector<DemoStructure> chosen;
    for (int i = 0; i < count; ++i) {
        double total = 0;
        for (double v : w)
            total += v;
        if (total <= 0)
            break;
        const DemoStructure s = DemoStructure(rng.weighted(w));
        chosen.push_back(s);
        w[size_t(s)] = 0;
        if (s == DemoStructure::PreparationPlane)
            w[size_t(DemoStructure::AngelsHair)] *= 1.5; // the hair lies in the plane
    }
    return chosen;
}

// The project is built in a hidden sibling folder and renamed into place at the end, so
// a half-built demo is never seen as a project. The name carries the builder's process id:
// a folder left by a killed run (its process gone) is removed by the next run.
QString stagingPrefixFor(const QString &target)
{
    return QStringLiteral(".") + QFileInfo(target).fileName() + QStringLiteral(".creating-");
}

QString stagingFolderFor(const QString &target)
{
    const QString random = QUuid::createUuid().toString(QUuid::Id128).left(12);
    return QFileInfo(target).absolutePath() + QStringLiteral("/") + stagingPrefixFor(target)
        + QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-') + random;
}

// Only folders that hold nothing but what a demo build writes are ever removed.
bool looksLikeDemoStaging(const QString &folder)
{
    const QStringList entries = QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &e : entries)
        if (e != QLatin1String("media") && !e.startsWith(QLatin1String("project.sqlite")))
            return false;
    return true;
}

void removeStaleStagingFolders(const QString &target)
{
    const QString prefix = stagingPrefixFor(target);
    const QDir parent(QFileInfo(target).absolutePath());
    const QFileInfoList candidates =
        parent.entryInfoList({prefix + QLatin1Char('*')}, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &dir : candidates) {
        bool ok = false;
        const qint64 pid = dir.fileName().mid(prefix.size()).section(QLatin1Char('-'), 0, 0).toLongLong(&ok);
        // Without a process id (an older build): stale once it is an hour old.
        const bool stale = ok ? !processAlive(pid)
                              : dir.lastModified().secsTo(QDateTime::currentDateTime()) > 3600;
        if (stale && looksLikeDemoStaging(dir.absoluteFilePath()))
            QDir(dir.absoluteFilePath()).removeRecursively();
    }
}

std::vector<VideoPlan> planVideos(const DemoOptions &o)
{
    std::vector<VideoPlan> videos(size_t(demoVideoCount(o)));
    for (size_t v = 0; v < videos.size(); ++v) {
        DemoRandom rng = DemoRandom::derive(o.seed, {1, v});
        VideoPlan &p = videos[v];
        p.label = QStringLiteral("demo-op-%1").arg(int(v) + 1, 2, 10, QLatin1Char('0'));
        // Mostly left-sided CME, as in the paper's data: one operation in seven is right-sided.
        p.side = v % 7 == 3 ? Side::Right : Side::Left;
        p.durationSec = std::round(rng.uniform(2.5, 4.0) * 3600);
        p.phaseStartSec = std::round(p.durationSec * rng.uniform(0.28, 0.32));
        p.phaseEndSec = std::round(p.durationSec * rng.uniform(0.66, 0.72));
        p.tissueTint = rng.uniform(-1, 1);
        p.brightness = rng.uniform(0.93, 1.07);
    }
    return videos;
}

QString mediaPathOf(int frameIndex)
{
    return QStringLiteral("%1/frame-%2.png")
        .arg(QLatin1String(ProjectStore::kMediaDir))
        .arg(frameIndex + 1, 6, 10, QLatin1Char('0'));
}

std::vector<FramePlan> planFrames(const DemoOptions &o, const std::vector<VideoPlan> &videos)
{
    std::vector<FramePlan> frames;
    frames.reserve(size_t(o.frames));
    const int nv = int(videos.size());
    for (int v = 0; v < nv; ++v) {
        const int first = int(qint64(v) * o.frames / nv), last = int(qint64(v + 1) * o.frames / nv);
        const VideoPlan &vp = videos[size_t(v)];
        for (int i = first; i < last; ++i) {
            DemoRandom rng = DemoRandom::derive(o.seed, {2, uint64_t(i)});
            FramePlan f;
            f.index = i;
            f.video = v;
            // Positions spread over the operation: a few from access/exposure and
            // vascular dissection, most from the CME mobilisation window.
            const double pos = (double(i - first) + rng.uniform(0.1, 0.9)) / double(last - first);
            const double accessStart = vp.durationSec * 0.08;
            const double vascularStart = vp.phaseStartSec - vp.durationSec * 0.12;
            if (pos < 0.1) {
                f.phase = QLatin1String(kPhaseAccess);
                f.timestampSec = accessStart + (vascularStart - accessStart) * (pos / 0.1);
            } else if (pos < 0.3) {
                f.phase = QLatin1String(kPhaseVascular);
                f.timestampSec = vascularStart + (vp.phaseStartSec - vascularStart) * ((pos - 0.1) / 0.2);
            } else {
                f.phase = QLatin1String(kPhaseCme);
                f.timestampSec = vp.phaseStartSec + (vp.phaseEndSec - vp.phaseStartSec) * ((pos - 0.3) / 0.7);
            }
            f.timestampSec = std::round(f.timestampSec * 25.0) / 25.0; // on a 25 fps frame boundary
            f.scene.size = cv::Size(o.width, o.height);
            f.scene.structures = chooseStructures(rng, vp.side, f.phase);
            f.scene.instrument = rng.chance(0.4);
            f.scene.seed = rng.next();
            f.scene.tissueTint = vp.tissueTint;
            f.scene.brightness = vp.brightness;
            f.mediaPath = mediaPathOf(i);
            frames.push_back(std::move(f));
        }
    }
    return frames;
}

// The clips, after the independent frames: clip c in operation c mod videos, in its CME
// window, at a time no other frame of that operation is near, so the clip's frames are
// consecutive in the video. Appends the clips' frames to `frames`.
std::vector<ClipPlan> planClips(const DemoOptions &o, const std::vector<VideoPlan> &videos,
                                std::vector<FramePlan> &frames)
{
    std::vector<ClipPlan> clips;
    const double duration = (o.clipFrames - 1) * kDemoClipStepSec;
    for (int c = 0; c < o.clips; ++c) {
        DemoRandom rng = DemoRandom::derive(o.seed, {3, uint64_t(c)});
        ClipPlan clip;
        clip.video = c % int(videos.size());
        const VideoPlan &vp = videos[size_t(clip.video)];
        auto clashes = [&](double start) {
            for (const FramePlan &f : frames)
                if (f.video == clip.video && f.timestampSec > start - 1.0 && f.timestampSec < start + duration + 1.0)
                    return true;
            return false;
        };
        const double lo = vp.phaseStartSec, hi = std::max(lo, vp.phaseEndSec - duration);
        double start = std::round(rng.uniform(lo, hi) * 25.0) / 25.0;
        for (int tries = 0; clashes(start) && tries < 10000; ++tries)
            start = start + 7.0 > hi ? lo + tries * 0.04 : start + 7.0;
        clip.spec.frames = o.clipFrames;
        clip.spec.scene.size = cv::Size(o.width, o.height);
        clip.spec.scene.structures = chooseStructures(rng, vp.side, QLatin1String(kPhaseCme));
        clip.spec.scene.seed = rng.next();
        clip.spec.scene.tissueTint = vp.tissueTint;
        clip.spec.scene.brightness = vp.brightness;
        for (int t = 0; t < o.clipFrames; ++t) {
            FramePlan f;
            f.index = int(frames.size());
            f.video = clip.video;
            f.timestampSec = std::round((start + t * kDemoClipStepSec) * 25.0) / 25.0;
            f.phase = QLatin1String(kPhaseCme);
            f.scene = clip.spec.scene;
            f.mediaPath = mediaPathOf(f.index);
            clip.frames.push_back(frames.size());
            frames.push_back(std::move(f));
        }
        clips.push_back(std::move(clip));
    }
    return clips;
}

FrameResult writeFrame(const demo::RenderedFrame &frame, const FramePlan &plan, const QString &projectFolder)
{
    FrameResult r;
    saveImagePng(projectFolder + QLatin1Char('/') + plan.mediaPath, frame.bgr);
    r.contentHash = contentHash(frame.bgr);
    r.instrument = frame.instrumentShown;
    for (const auto &m : frame.masks)
        r.masks.emplace_back(m.structure, RleMask::encode(m.mask));
    return r;
}

QString frameError(const FramePlan &plan, const std::exception &e)
{
    return QStringLiteral("frame %1 (%2): %3").arg(plan.index + 1).arg(plan.mediaPath, QString::fromUtf8(e.what()));
}

// Worker: renders, writes the PNG and encodes the masks. Touches no store.
FrameResult renderAndWrite(const FramePlan &plan, const QString &projectFolder)
{
    try {
        return writeFrame(demo::renderDemoFrame(plan.scene), plan, projectFolder);
    } catch (const std::exception &e) {
        FrameResult r;
        r.error = frameError(plan, e);
        return r;
    }
}

// Worker: a whole clip, one result per clip frame (the first carries an error).
std::vector<FrameResult> renderClipAndWrite(const ClipPlan &clip, const std::vector<FramePlan> &plans,
                                            const QString &projectFolder)
{
    std::vector<FrameResult> results;
    try {
        const std::vector<demo::RenderedFrame> frames = demo::renderDemoClip(clip.spec);
        for (size_t t = 0; t < frames.size(); ++t)
            results.push_back(writeFrame(frames[t], plans[clip.frames[t]], projectFolder));
    } catch (const std::exception &e) {
        FrameResult r;
        r.error = frameError(plans[clip.frames.front()], e);
        results.assign(1, r);
    }
    return results;
}

void checkTarget(const QString &folder)
{
    if (folder.trimmed().isEmpty())
        throw DemoError("no folder given for the demo project");
    if (ProjectStore::isProject(folder))
        throw DemoError(QStringLiteral("%1 is already a SurgDistill project; choose a new folder")
                            .arg(QDir::toNativeSeparators(folder)).toStdString());
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        throw DemoError(QStringLiteral("%1 exists and is not a folder").arg(QDir::toNativeSeparators(folder)).toStdString());
    if (info.isDir() && !QDir(folder).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        throw DemoError(QStringLiteral("%1 is not empty; the demo project needs a new or empty folder")
                            .arg(QDir::toNativeSeparators(folder)).toStdString());
}

} // namespace

int demoVideoCount(const DemoOptions &o)
{
    if (o.videos > 0)
        return std::min(o.videos, std::max(1, o.frames));
    const int wanted = (o.frames + kFramesPerVideo - 1) / kFramesPerVideo;
    return std::max(std::min(o.frames, 2), std::min(kMaxVideos, wanted));
}

QString demoOptionsProblem(const DemoOptions &o)
{
    if (o.frames < 1 || o.frames > kMaxFrames)
        return QStringLiteral("frames must be between 1 and %1, got %2").arg(kMaxFrames).arg(o.frames);
    if (o.width < 64 || o.width > kMaxSide || o.height < 64 || o.height > kMaxSide)
        return QStringLiteral("frame size must be between 64x64 and %1x%1, got %2x%3")
            .arg(kMaxSide).arg(o.width).arg(o.height);
    if (o.videos < 0 || o.videos > 1000)
        return QStringLiteral("videos must be between 0 (automatic) and 1000, got %1").arg(o.videos);
    if (o.clips < 0 || o.clips > 100)
        return QStringLiteral("clips must be between 0 and 100, got %1").arg(o.clips);
    if (o.clips > 0 && (o.clipFrames < 2 || o.clipFrames > 100))
        return QStringLiteral("clip frames must be between 2 and 100, got %1").arg(o.clipFrames);
    if (o.name.trimmed().isEmpty())
        return QStringLiteral("the project name must not be empty");
    return {};
}

void renderDemoOverlays(const DemoOptions &options,
                        const std::function<void(const cv::Mat &overlayBgr, const QString &structureKey)> &sink)
{
    if (const QString problem = demoOptionsProblem(options); !problem.isEmpty())
        throw DemoError(problem.toStdString());
    const std::vector<VideoPlan> videos = planVideos(options);
    std::vector<FramePlan> plans = planFrames(options, videos);
    const std::vector<ClipPlan> clips = planClips(options, videos, plans);
    auto overlay = [&sink](const demo::RenderedFrame &frame) {
        for (const auto &m : frame.masks)
            sink(composeOverlay(frame.bgr, m.mask), QString::fromLatin1(demo::demoStructureKey(m.structure)));
    };
    for (int i = 0; i < options.frames; ++i)
        overlay(demo::renderDemoFrame(plans[size_t(i)].scene));
    for (const ClipPlan &clip : clips)
        for (const demo::RenderedFrame &frame : demo::renderDemoClip(clip.spec))
            overlay(frame);
}

DemoSummary createDemoProject(const QString &folder, const DemoOptions &options, const DemoProgress &progress)
{
    if (const QString problem = demoOptionsProblem(options); !problem.isEmpty())
        throw DemoError(problem.toStdString());
    checkTarget(folder);

    const QString target = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    if (!QDir().mkpath(QFileInfo(target).absolutePath()))
        throw DemoError(QStringLiteral("cannot create the parent folder of %1").arg(QDir::toNativeSeparators(target)).toStdString());
    removeStaleStagingFolders(target);
    const QString staging = stagingFolderFor(target);

    std::unique_ptr<ProjectStore> store;
    DemoSummary summary;
    try {
        store = ProjectStore::create(staging, options.name);
        store->setSetting(QStringLiteral("demo_seed"), QString::number(options.seed));
        store->setSetting(QStringLiteral("synthetic"), QStringLiteral("true"));

        std::map<DemoStructure, qint64> structureIds;
        for (int i = 0; i < demo::kDemoStructureCount; ++i) {
            const auto key = QString::fromLatin1(demo::demoStructureKey(DemoStructure(i)));
            const auto s = store->structureByKey(key);
            if (!s)
                throw DemoError(QStringLiteral("the project store has no structure '%1'").arg(key).toStdString());
            structureIds[DemoStructure(i)] = s->id;
        }

        std::vector<VideoPlan> videos = planVideos(options);
        std::vector<FramePlan> plans = planFrames(options, videos);
        const int stills = int(plans.size());
        const std::vector<ClipPlan> clips = planClips(options, videos, plans);
        const int total = int(plans.size());
        const QString reviewer = QString::fromLatin1(kDemoReviewer);

        store->transaction([&] {
            for (size_t v = 0; v < videos.size(); ++v) {
                VideoPlan &vp = videos[v];
                Video video;
                video.label = vp.label;
                video.sourceHash = QCryptographicHash::hash(
                    QStringLiteral("surgdistill-demo/%1/%2").arg(options.seed).arg(v).toUtf8(),
                    QCryptographicHash::Sha256).toHex();
                video.fps = 25;
                video.durationSec = vp.durationSec;
                video.phaseStartSec = vp.phaseStartSec;
                video.phaseEndSec = vp.phaseEndSec;
                video.importedAt = QDateTime::currentDateTimeUtc();
                vp.id = store->addVideo(video);
            }

            int done = 0;
            auto addRows = [&](const FramePlan &p, const FrameResult &r) {
                if (!r.error.isEmpty())
                    throw DemoError(r.error.toStdString());
                const VideoPlan &vp = videos[size_t(p.video)];
                Frame f;
                f.videoId = vp.id;
                f.timestampSec = p.timestampSec;
                f.contentHash = r.contentHash;
                f.width = options.width;
                f.height = options.height;
                f.side = vp.side;
                f.phase = p.phase;
                f.mediaPath = p.mediaPath;
                f.synthetic = true;
                store->addFrame(f);
                for (const auto &[structure, rle] : r.masks) {
                    const Mask m = store->saveMask(f.id, structureIds.at(structure), rle, reviewer);
                    Review review;
                    review.maskId = m.id;
                    review.state = ReviewState::Approved;
                    review.reviewer = reviewer;
                    review.comment = QStringLiteral("Synthetic ground truth of the demo project");
                    review.maskVersion = m.version;
                    store->addReview(review);
                    ++summary.masks;
                    ++summary.masksPerStructure[QString::fromLatin1(demo::demoStructureKey(structure))];
                }
                (vp.side == Side::Right ? summary.rightFrames : summary.leftFrames) += 1;
                summary.framesWithInstrument += r.instrument ? 1 : 0;
                ++done;
                if (progress && !progress(done, total))
                    throw DemoError("cancelled");
            };

            // Render in chunks on the thread pool; rows go in on this thread.
            const int chunk = std::max(8, QThreadPool::globalInstance()->maxThreadCount() * 4);
            for (int first = 0; first < stills; first += chunk) {
                const std::vector<FramePlan> batch(plans.begin() + first,
                                                   plans.begin() + std::min(stills, first + chunk));
                const std::vector<FrameResult> results = QtConcurrent::blockingMapped<std::vector<FrameResult>>(
                    batch, [&staging](const FramePlan &p) { return renderAndWrite(p, staging); });
                for (size_t k = 0; k < batch.size(); ++k)
                    addRows(batch[k], results[k]);
            }
            // The clips, one per worker; their frames go in in clip order.
            const std::vector<std::vector<FrameResult>> clipResults =
                QtConcurrent::blockingMapped<std::vector<std::vector<FrameResult>>>(
                    clips, [&](const ClipPlan &c) { return renderClipAndWrite(c, plans, staging); });
            for (size_t c = 0; c < clips.size(); ++c)
                for (size_t t = 0; t < clipResults[c].size(); ++t)
                    addRows(plans[clips[c].frames[t]], clipResults[c][t]);
        });
        summary.frames = total;
        summary.clips = int(clips.size());
        summary.clipFrames = total - stills;
        summary.videos = int(videos.size());
        summary.projectHash = projectContentHash(*store);
        store.reset(); // closes the database before the folder moves

        if (QFileInfo(target).isDir() && !QDir().rmdir(target))
            throw DemoError(QStringLiteral("cannot replace the empty folder %1").arg(QDir::toNativeSeparators(target)).toStdString());
        if (!QDir().rename(staging, target)) {
            QDir().mkpath(target); // give the caller's empty folder back
            throw DemoError(QStringLiteral("cannot move the new project into %1").arg(QDir::toNativeSeparators(target)).toStdString());
        }
    } catch (const DemoError &) {
        store.reset();
        QDir(staging).removeRecursively();
        throw;
    } catch (const std::exception &e) {
        store.reset();
        QDir(staging).removeRecursively();
        throw DemoError(QStringLiteral("cannot create the demo project in %1: %2")
                            .arg(QDir::toNativeSeparators(target), QString::fromUtf8(e.what())).toStdString());
    }
    summary.folder = target;
    return summary;
}

} // namespace sd
