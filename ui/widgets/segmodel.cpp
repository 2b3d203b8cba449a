#include "widgets/segmodel.h"

#include "imageio.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QDir>
#include <map>
#include <set>

namespace sd {

std::unique_ptr<seg::SegSession> loadProjectSegModel(const ProjectStore &store, const QString &modelDir, int threads)
{
    const QString dir = modelDir.isEmpty() ? currentSegModelFolder(store) : modelDir;
    if (dir.isEmpty())
        throw seg::SegModelError("This project has no segmentation model yet: train one first "
                                 "(Model > Segmentation model > Train segmentation model, or surgdistill seg train).");
    auto session = seg::SegSession::load(QDir::cleanPath(dir).toStdString(), threads);
    QStringList unknown;
    int known = 0;
    for (const std::string &key : session->info().structures) {
        if (store.structureByKey(QString::fromStdString(key)))
            ++known;
        else
            unknown << QString::fromStdString(key);
    }
    if (known == 0)
        throw seg::SegModelError("The segmentation model in " + dir.toStdString()
                                 + " was trained for structures this project does not have ("
                                 + unknown.join(QStringLiteral(", ")).toStdString() + ").");
    return session;
}

vlm::RgbImage frameRgb(const ProjectStore &store, const Frame &frame)
{
    const cv::Mat bgr = loadImage(store.absolutePath(frame.mediaPath));
    return vlm::rgbImageFromBgr(bgr.data, bgr.cols, bgr.rows, bgr.step);
}

std::vector<std::string> segTrainStructures(const ProjectStore &store, const std::vector<SegTrainingFrame> &frames)
{
    std::vector<std::string> structures;
    for (const Structure &s : store.structures())
        for (const SegTrainingFrame &f : frames)
            if (const auto it = f.masks.find(s.key); it != f.masks.end() && it->second) {
                structures.push_back(s.key.toStdString());
                break;
            }
    return structures;
}

seg::SegTrainSample segTrainSample(const ProjectStore &store, const SegTrainingFrame &frame)
{
    seg::SegTrainSample s;
    s.image = frameRgb(store, frame.frame);
    for (const auto &[key, rle] : frame.masks) {
        std::vector<uint8_t> bytes;
        if (rle && !rle->isEmpty()) {
            const cv::Mat m = rle->decode();
            if (m.cols != s.image.width || m.rows != s.image.height || !m.isContinuous())
                throw std::invalid_argument("the mask of " + key.toStdString() + " on frame "
                                            + std::to_string(frame.frame.id) + " does not have the frame's size");
            bytes.assign(m.datastart, m.dataend);
        }
        s.masks[key.toStdString()] = std::move(bytes);
    }
    return s;
}

cv::Mat probabilityToMask(const std::vector<uint8_t> &probability, int width, int height)
{
    cv::Mat mask(height, width, CV_8UC1);
    for (int y = 0; y < height; ++y) {
        uint8_t *row = mask.ptr<uint8_t>(y);
        const uint8_t *p = probability.data() + static_cast<size_t>(y) * width;
        for (int x = 0; x < width; ++x)
            row[x] = p[x] >= 128 ? 255 : 0;
    }
    return mask;
}

namespace {

QStringList modelKeys(const seg::SegSession &session)
{
    QStringList keys;
    for (const std::string &k : session.info().structures)
        keys << QString::fromStdString(k);
    return keys;
}

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load();
}

} // namespace

std::vector<ModelDraft> predictDrafts(const ProjectStore &store, const seg::SegSession &session,
                                      const std::vector<qint64> &frameIds, const std::atomic<bool> *cancel,
                                      const SegProgress &progress)
{
    const std::vector<MaskSlot> slots = slotsWithoutMask(store, modelKeys(session), frameIds, !frameIds.empty());
    std::map<qint64, std::vector<MaskSlot>> byFrame;
    for (const MaskSlot &s : slots)
        byFrame[s.frameId].push_back(s);
    std::vector<ModelDraft> drafts;
    int done = 0;
    for (const auto &[frameId, frameSlots] : byFrame) {
        if (cancelled(cancel))
            return {};
        const auto frame = store.frame(frameId);
        if (!frame)
            continue;
        const seg::SegPrediction p = session.predict(frameRgb(store, *frame));
        for (const MaskSlot &slot : frameSlots) {
            const int k = session.structureIndex(slot.structureKey.toStdString());
            const cv::Mat mask = probabilityToMask(p.probability[static_cast<size_t>(k)], p.width, p.height);
            if (cv::countNonZero(mask) > 0)
                drafts.push_back({slot, RleMask::encode(mask)});
        }
        if (progress)
            progress(++done, static_cast<int>(byFrame.size()));
    }
    return cancelled(cancel) ? std::vector<ModelDraft>{} : drafts;
}

namespace {

// A frame's signature for comparing frames: a 16x12 thumbnail in Lab (what the scene
// looks like, robust to small motion) and each structure's probability map at the same
// size (what the model makes of it), all in 0..1. Two frames of the same moment of an
// operation come out close; a different view or different anatomy far apart.
std::vector<float> labellingSignature(const cv::Mat &bgr, const seg::SegPrediction &p)
{
    const cv::Size thumb(16, 12);
    std::vector<float> f;
    cv::Mat small, lab;
    cv::resize(bgr, small, thumb, 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, lab, cv::COLOR_BGR2Lab);
    for (int y = 0; y < lab.rows; ++y)
        for (int x = 0; x < lab.cols; ++x)
            for (int c = 0; c < 3; ++c)
                f.push_back(float(lab.at<cv::Vec3b>(y, x)[c]) / 255.f);
    for (const auto &prob : p.probability) {
        const cv::Mat full(p.height, p.width, CV_8UC1, const_cast<uint8_t *>(prob.data()));
        cv::resize(full, small, thumb, 0, 0, cv::INTER_AREA);
        for (int y = 0; y < small.rows; ++y)
            for (int x = 0; x < small.cols; ++x)
                f.push_back(float(small.at<uint8_t>(y, x)) / 255.f);
    }
    return f;
}

} // namespace

std::vector<FrameSuggestion> rankFramesForLabelling(const ProjectStore &store, const seg::SegSession &session,
                                                    const std::vector<Frame> &candidates,
                                                    const std::vector<Frame> &labelled,
                                                    const std::atomic<bool> *cancel, const SegProgress &progress)
{
    const int total = static_cast<int>(candidates.size() + labelled.size());
    int done = 0;
    auto predictOne = [&](const Frame &f, double *uncertainty) {
        const cv::Mat bgr = loadImage(store.absolutePath(f.mediaPath));
        const seg::SegPrediction p = session.predict(vlm::rgbImageFromBgr(bgr.data, bgr.cols, bgr.rows, bgr.step));
        if (uncertainty)
            *uncertainty = p.uncertainty;
        if (progress)
            progress(++done, total);
        return labellingSignature(bgr, p);
    };
    std::vector<LabellingCandidate> pool;
    for (const Frame &f : candidates) {
        if (cancelled(cancel))
            return {};
        LabellingCandidate c;
        c.frameId = f.id;
        c.feature = predictOne(f, &c.uncertainty);
        pool.push_back(std::move(c));
    }
    std::vector<std::vector<float>> known;
    for (const Frame &f : labelled) {
        if (cancelled(cancel))
            return {};
        known.push_back(predictOne(f, nullptr));
    }
    return diverseLabellingOrder(pool, known);
}

std::vector<FrameSuggestion> rankUnannotatedFrames(const ProjectStore &store, const seg::SegSession &session,
                                                   const std::atomic<bool> *cancel, const SegProgress &progress)
{
    std::vector<Frame> candidates, labelled;
    for (const Frame &f : store.frames()) {
        if (f.split == QLatin1String("test"))
            continue;
        (store.masksForFrame(f.id).empty() ? candidates : labelled).push_back(f);
    }
    return rankFramesForLabelling(store, session, candidates, labelled, cancel, progress);
}

SegModelProposer::SegModelProposer(std::shared_ptr<const seg::SegSession> session) : m_session(std::move(session)) {}

QString SegModelProposer::name() const
{
    return QString::fromStdString(m_session->info().id);
}

cv::Mat SegModelProposer::propose(const cv::Mat &frameBgr, const MaskPrompt &prompt, const QString &structureKey)
{
    if (frameBgr.empty() || frameBgr.type() != CV_8UC3)
        throw std::invalid_argument("The frame could not be read.");
    seg::SegPrompt p;
    if (!prompt.box.isNull()) {
        p.hasBox = true;
        const QRect b = prompt.box.normalized();
        p.x0 = b.left(), p.y0 = b.top(), p.x1 = b.left() + b.width(), p.y1 = b.top() + b.height();
    }
    for (const QPoint &q : prompt.inside)
        p.inside.emplace_back(q.x(), q.y());
    for (const QPoint &q : prompt.outside)
        p.outside.emplace_back(q.x(), q.y());
    const vlm::RgbImage image = vlm::rgbImageFromBgr(frameBgr.data, frameBgr.cols, frameBgr.rows, frameBgr.step);
    const auto prob = m_session->predictPrompted(image, p, structureKey.toStdString());
    return probabilityToMask(prob, frameBgr.cols, frameBgr.rows);
}

ProposedMask proposeStructureMask(const ProjectStore &store, qint64 frameId, qint64 structureId, QString *why)
{
    auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return ProposedMask{};
    };
    const auto frame = store.frame(frameId);
    const auto structure = store.structure(structureId);
    if (!frame || !structure)
        return fail(QStringLiteral("no such frame or structure"));
    try {
        const auto session = loadProjectSegModel(store);
        const int k = session->structureIndex(structure->key.toStdString());
        if (k < 0)
            return fail(QStringLiteral("the segmentation model was not trained for this structure"));
        const seg::SegPrediction p = session->predict(frameRgb(store, *frame));
        ProposedMask out{probabilityToMask(p.probability[size_t(k)], p.width, p.height),
                         QString::fromStdString(session->info().id)};
        if (cv::countNonZero(out.mask) == 0)
            return fail(QStringLiteral("the segmentation model does not find this structure on the frame"));
        return out;
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what()));
    }
}

std::unique_ptr<SegModelProposer> propagationRefiner(const ProjectStore &store, const QString &structureKey,
                                                     const QString &modelDir, int threads)
{
    std::shared_ptr<const seg::SegSession> session;
    if (!modelDir.isEmpty())
        session = loadProjectSegModel(store, modelDir, threads);
    else if (!currentSegModelFolder(store).isEmpty()) {
        try {
            session = loadProjectSegModel(store, {}, threads);
        } catch (const std::exception &) {
            return nullptr; // a damaged current model: propagate with the flow alone
        }
    }
    if (!session || session->structureIndex(structureKey.toStdString()) < 0)
        return nullptr;
    return std::make_unique<SegModelProposer>(session);
}

std::unique_ptr<SegModelProposer> currentSegModelProposer(const ProjectStore &store)
{
    try {
        return std::make_unique<SegModelProposer>(std::shared_ptr<const seg::SegSession>(loadProjectSegModel(store)));
    } catch (const std::exception &) {
        return nullptr;
    }
}

} // namespace sd
