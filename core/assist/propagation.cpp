#include "assist/propagation.h"

#include "imageio.h"
#include "rle.h"

#include <QCoreApplication>

#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <algorithm>

namespace sd {

namespace {

struct Propagation {
    Q_DECLARE_TR_FUNCTIONS(sd::Propagation)
};

cv::Mat greyForFlow(const cv::Mat &bgr, double scale)
{
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    if (scale < 1.0)
        cv::resize(grey, grey, cv::Size(), scale, scale, cv::INTER_AREA);
    return grey;
}

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load();
}

cv::Mat1f toSoft(const cv::Mat &mask)
{
    cv::Mat1f soft;
    mask.convertTo(soft, CV_32F, mask.depth() == CV_8U ? 1.0 / 255.0 : 1.0);
    return soft;
}

} // namespace

cv::Mat1f warpMaskByFlow(const cv::Mat &fromBgr, const cv::Mat &toBgr, const cv::Mat &mask,
                         const PropagationOptions &options)
{
    if (fromBgr.empty() || fromBgr.type() != CV_8UC3 || toBgr.type() != CV_8UC3 || fromBgr.size() != toBgr.size())
        throw std::invalid_argument("propagation needs two colour frames of the same size");
    if (mask.size() != fromBgr.size() || mask.channels() != 1)
        throw std::invalid_argument("the mask to propagate does not have its frame's size");
    const double scale = options.flowWidth > 0 && fromBgr.cols > options.flowWidth
                             ? double(options.flowWidth) / fromBgr.cols
                             : 1.0;
    const cv::Mat from = greyForFlow(fromBgr, scale), to = greyForFlow(toBgr, scale);
    // Where each pixel of the new frame was on the old one: backward warping leaves no holes.
    cv::Mat flow;
    cv::DISOpticalFlow::create(cv::DISOpticalFlow::PRESET_MEDIUM)->calc(to, from, flow);
    if (scale < 1.0) {
        cv::resize(flow, flow, fromBgr.size(), 0, 0, cv::INTER_LINEAR);
        flow *= 1.0 / scale;
    }
    cv::Mat1f mapX(fromBgr.size()), mapY(fromBgr.size());
    for (int y = 0; y < flow.rows; ++y) {
        const cv::Vec2f *f = flow.ptr<cv::Vec2f>(y);
        for (int x = 0; x < flow.cols; ++x) {
            mapX(y, x) = float(x) + f[x][0];
            mapY(y, x) = float(y) + f[x][1];
        }
    }
    cv::Mat1f warped;
    cv::remap(toSoft(mask), warped, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    return warped;
}

cv::Mat cleanPropagatedMask(const cv::Mat1f &soft, const PropagationOptions &options)
{
    cv::Mat bin = soft > 0.5f;
    // The flow smears borders by a pixel or two: close the gaps that leaves.
    const int k = std::max(3, (std::min(bin.cols, bin.rows) / 100) | 1);
    cv::morphologyEx(bin, bin, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(k, k)));
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(bin, labels, stats, centroids, 8, CV_32S);
    int largest = 0;
    for (int i = 1; i < n; ++i)
        largest = std::max(largest, stats.at<int>(i, cv::CC_STAT_AREA));
    cv::Mat out(bin.size(), CV_8UC1, cv::Scalar(0));
    for (int i = 1; i < n; ++i)
        if (stats.at<int>(i, cv::CC_STAT_AREA) >= options.minComponentShare * largest)
            out.setTo(255, labels == i);
    return out;
}

cv::Mat refinePropagatedMask(const cv::Mat &frameBgr, const cv::Mat &warped, MaskProposer &refiner,
                             const QString &structureKey, const PropagationOptions &options)
{
    if (cv::countNonZero(warped) == 0)
        return warped;
    const cv::Rect b = cv::boundingRect(warped);
    const int mx = std::max(1, b.width / 20), my = std::max(1, b.height / 20);
    MaskPrompt prompt;
    prompt.box = QRect(b.x - mx, b.y - my, b.width + 2 * mx, b.height + 2 * my)
                     .intersected(QRect(0, 0, frameBgr.cols, frameBgr.rows));
    try {
        const cv::Mat proposal = refiner.propose(frameBgr, prompt, structureKey);
        if (proposal.size() == warped.size()
            && iou(RleMask::encode(proposal), RleMask::encode(warped)) >= options.refineMinIou)
            return proposal;
    } catch (const std::invalid_argument &) {
        // The refiner does not know the structure or refuses the box: the flow's mask stays.
    }
    return warped;
}

std::vector<cv::Mat> propagateMask(const std::function<cv::Mat(size_t)> &frame, size_t count,
                                   const cv::Mat &sourceMask, MaskProposer *refiner, const QString &structureKey,
                                   const PropagationOptions &options, const std::atomic<bool> *cancel,
                                   const std::function<void(int, int)> &progress)
{
    cv::Mat anchor = frame(0);
    cv::Mat1f anchorMask = toSoft(sourceMask);
    std::vector<cv::Mat> out;
    for (size_t i = 1; i <= count; ++i) {
        if (cancelled(cancel))
            return {};
        const cv::Mat next = frame(i);
        // Soft: a moved anchor keeps its edge instead of losing area to a threshold at each step.
        const cv::Mat1f soft = warpMaskByFlow(anchor, next, anchorMask, options);
        cv::Mat mask = cleanPropagatedMask(soft, options);
        if (refiner)
            mask = refinePropagatedMask(next, mask, *refiner, structureKey, options);
        if (options.anchorEvery > 0 && i % size_t(options.anchorEvery) == 0) {
            anchor = next;
            anchorMask = refiner ? toSoft(mask) : soft; // a refined mask is the better start
        }
        out.push_back(mask);
        if (progress)
            progress(int(i), int(count));
    }
    return cancelled(cancel) ? std::vector<cv::Mat>{} : out;
}

PropagationPlan planPropagation(const ProjectStore &store, qint64 frameId, qint64 structureId, int next)
{
    PropagationPlan plan;
    const auto frame = store.frame(frameId);
    if (!frame)
        throw PropagationError(PropagationProblem::NoFrame,
                               Propagation::tr("There is no frame %1 in this project.").arg(frameId));
    const auto structure = store.structure(structureId);
    if (!structure)
        throw PropagationError(PropagationProblem::NoStructure, Propagation::tr("There is no such structure in this project."));
    if (next < 1)
        throw PropagationError(PropagationProblem::BadCount,
                               Propagation::tr("Propagate to at least one following frame (got %1).").arg(next));
    if (!frame->videoId)
        throw PropagationError(PropagationProblem::NotInVideo,
                               Propagation::tr("Frame %1 is not part of a video: a mask can only follow the "
                                               "frames after it in the same video. Nothing was written.")
                                   .arg(frameId));
    plan.source = *frame;
    plan.structure = *structure;
    std::vector<Frame> later;
    for (const Frame &f : store.frames())
        if (f.videoId == frame->videoId && f.id != frame->id
            && (f.timestampSec > frame->timestampSec || (f.timestampSec == frame->timestampSec && f.id > frame->id)))
            later.push_back(f);
    std::stable_sort(later.begin(), later.end(), [](const Frame &a, const Frame &b) {
        return a.timestampSec != b.timestampSec ? a.timestampSec < b.timestampSec : a.id < b.id;
    });
    if (later.empty())
        throw PropagationError(PropagationProblem::NoFollowingFrames,
                               Propagation::tr("Frame %1 is the last frame of its video in this project: there are "
                                               "no following frames to propagate to. Nothing was written.")
                                   .arg(frameId));
    if (later.size() > size_t(next))
        later.resize(size_t(next));
    const auto mask = store.mask(frameId, structureId);
    if (!mask)
        throw PropagationError(PropagationProblem::NoSourceMask,
                               Propagation::tr("Frame %1 has no mask of %2 to propagate. Nothing was written.")
                                   .arg(frameId)
                                   .arg(structure->name));
    if (mask->rle.isEmpty())
        throw PropagationError(PropagationProblem::EmptySourceMask,
                               Propagation::tr("The mask of %2 on frame %1 is empty: there is nothing to propagate. "
                                               "Nothing was written.")
                                   .arg(frameId)
                                   .arg(structure->name));
    plan.sourceMask = mask->rle;
    plan.targets = std::move(later);
    for (const Frame &f : plan.targets)
        if (store.mask(f.id, structureId))
            plan.occupied.push_back(f.id);
    return plan;
}

std::vector<PropagatedDraft> computePropagation(const ProjectStore &store, const PropagationPlan &plan,
                                                MaskProposer *refiner, const PropagationOptions &options,
                                                const std::atomic<bool> *cancel,
                                                const std::function<void(int, int)> &progress)
{
    auto frame = [&](size_t i) {
        const Frame &f = i == 0 ? plan.source : plan.targets[i - 1];
        return loadImage(store.absolutePath(f.mediaPath));
    };
    const std::vector<cv::Mat> masks = propagateMask(frame, plan.targets.size(), plan.sourceMask.decode(), refiner,
                                                     plan.structure.key, options, cancel, progress);
    std::vector<PropagatedDraft> drafts;
    for (size_t i = 0; i < masks.size(); ++i)
        drafts.push_back({plan.targets[i].id, RleMask::encode(masks[i])});
    return drafts;
}

QString propagationModelName(const MaskProposer *refiner)
{
    return refiner ? QStringLiteral("flow+") + refiner->name() : QStringLiteral("flow");
}

PropagationWrite savePropagatedDrafts(ProjectStore &store, qint64 structureId,
                                      const std::vector<PropagatedDraft> &drafts, const QString &author,
                                      const QString &modelName, bool overwrite)
{
    PropagationWrite result;
    store.transaction([&] {
        for (const PropagatedDraft &d : drafts) {
            const auto existing = store.mask(d.frameId, structureId);
            if (existing && !overwrite) {
                ++result.skipped;
                continue;
            }
            if (d.rle.isEmpty() && !existing) {
                ++result.empty; // no empty mask where there was none: it would claim "absent"
                continue;
            }
            store.saveMask(d.frameId, structureId, d.rle, author, MaskOrigin{MaskOriginKind::Propagated, modelName},
                           existing ? std::optional<int>(existing->version) : std::nullopt);
            ++(existing ? result.overwritten : result.written);
        }
    });
    return result;
}

} // namespace sd
