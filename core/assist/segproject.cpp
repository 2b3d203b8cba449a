#include "assist/segproject.h"

#include "reviewworkflow.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

namespace sd {

std::vector<SegTrainingFrame> segTrainingFrames(const ProjectStore &store)
{
    const std::vector<Structure> structures = store.structures();
    std::vector<SegTrainingFrame> out;
    for (const Frame &f : store.frames()) {
        if (f.split == QLatin1String("test"))
            continue;
        SegTrainingFrame t;
        t.frame = f;
        for (const Structure &s : structures)
            t.masks[s.key] = std::nullopt;
        bool anyApproved = false;
        for (const Mask &m : store.masksForFrame(f.id)) {
            const auto s = store.structure(m.structureId);
            if (!s)
                continue;
            if (reviewState(store, m.id) == ReviewState::Approved) {
                t.masks[s->key] = m.rle;
                anyApproved = true;
            } else {
                t.masks.erase(s->key);
            }
        }
        if (anyApproved)
            out.push_back(std::move(t));
    }
    return out;
}

QString currentSegModelFolder(const ProjectStore &store)
{
    std::vector<TrainingRun> runs = store.trainingRuns();
    std::sort(runs.begin(), runs.end(), [](const TrainingRun &a, const TrainingRun &b) {
        return a.startedAt != b.startedAt ? a.startedAt > b.startedAt : a.id > b.id;
    });
    for (const TrainingRun &r : runs) {
        if (r.kind != QLatin1String(kSegRunKind)
            || (r.status != RunStatus::Finished && r.status != RunStatus::Interrupted))
            continue;
        const QString runDir = QDir(store.folder()).absoluteFilePath(r.runDir);
        const QString model = QDir(runDir).filePath(QStringLiteral("model"));
        if (QFileInfo::exists(QDir(model).filePath(QStringLiteral("config.json"))))
            return QDir::cleanPath(model);
    }
    return {};
}

std::vector<MaskSlot> slotsWithoutMask(const ProjectStore &store, const QStringList &structureKeys,
                                       const std::vector<qint64> &frameIds, bool includeTest)
{
    std::vector<Structure> structures;
    for (const QString &key : structureKeys)
        if (const auto s = store.structureByKey(key))
            structures.push_back(*s);
    std::vector<Frame> frames;
    if (frameIds.empty())
        frames = store.frames();
    else
        for (qint64 id : frameIds)
            if (const auto f = store.frame(id))
                frames.push_back(*f);
    std::vector<MaskSlot> out;
    for (const Frame &f : frames) {
        if (!includeTest && f.split == QLatin1String("test"))
            continue;
        std::set<qint64> has;
        for (const Mask &m : store.masksForFrame(f.id))
            has.insert(m.structureId);
        for (const Structure &s : structures)
            if (!has.count(s.id))
                out.push_back({f.id, s.id, s.key});
    }
    return out;
}

int saveModelDrafts(ProjectStore &store, const std::vector<ModelDraft> &drafts, const QString &author,
                    const QString &modelId)
{
    int written = 0;
    store.transaction([&] {
        for (const ModelDraft &d : drafts) {
            if (store.mask(d.slot.frameId, d.slot.structureId))
                continue; // a person (or an earlier run) drew it meanwhile: theirs stays
            store.saveMask(d.slot.frameId, d.slot.structureId, d.rle, author,
                           MaskOrigin{MaskOriginKind::Model, modelId});
            ++written;
        }
    });
    return written;
}

namespace {

double squaredDistance(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size())
        throw std::invalid_argument("labelling signatures of different lengths");
    double d = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const double x = double(a[i]) - double(b[i]);
        d += x * x;
    }
    return d;
}

} // namespace

std::vector<FrameSuggestion> diverseLabellingOrder(const std::vector<LabellingCandidate> &candidates,
                                                   const std::vector<std::vector<float>> &labelled, int diversePicks)
{
    const size_t n = candidates.size();
    double maxU = 0;
    for (const LabellingCandidate &c : candidates)
        maxU = std::max(maxU, c.uncertainty);
    // Distance to the nearest labelled or picked frame; infinite while there is none,
    // so the first pick of a project without labels is simply the most uncertain frame.
    std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
    for (size_t i = 0; i < n; ++i)
        for (const auto &l : labelled)
            nearest[i] = std::min(nearest[i], squaredDistance(candidates[i].feature, l));
    std::vector<bool> taken(n, false);
    std::vector<FrameSuggestion> order;
    order.reserve(n);
    const size_t greedy = std::min(n, size_t(std::max(0, diversePicks)));
    for (size_t pick = 0; pick < greedy; ++pick) {
        size_t best = n;
        double bestValue = -1;
        for (size_t i = 0; i < n; ++i) {
            if (taken[i])
                continue;
            // Uncertainty weighs in, but only by up to a factor of two: a weak model's
            // most uncertain frames are often the ones it cannot read at all.
            const double weight = 0.5 + 0.5 * (maxU > 0 ? candidates[i].uncertainty / maxU : 0);
            const double distance = std::isinf(nearest[i]) ? 1e30 : std::sqrt(nearest[i]);
            const double value = weight * distance;
            if (value > bestValue) {
                bestValue = value;
                best = i;
            }
        }
        taken[best] = true;
        order.push_back({candidates[best].frameId, candidates[best].uncertainty});
        for (size_t i = 0; i < n; ++i)
            if (!taken[i])
                nearest[i] = std::min(nearest[i], squaredDistance(candidates[i].feature, candidates[best].feature));
    }
    std::vector<size_t> rest;
    for (size_t i = 0; i < n; ++i)
        if (!taken[i])
            rest.push_back(i);
    std::stable_sort(rest.begin(), rest.end(),
                     [&](size_t a, size_t b) { return candidates[a].uncertainty > candidates[b].uncertainty; });
    for (size_t i : rest)
        order.push_back({candidates[i].frameId, candidates[i].uncertainty});
    return order;
}

void saveSegSuggestions(ProjectStore &store, const QString &modelId, const std::vector<FrameSuggestion> &ranked)
{
    QJsonArray list;
    for (const FrameSuggestion &s : ranked)
        list.append(QJsonObject{{QStringLiteral("frame"), s.frameId}, {QStringLiteral("score"), s.score}});
    const QJsonObject doc{{QStringLiteral("model"), modelId}, {QStringLiteral("frames"), list}};
    store.transaction([&] {
        store.setSetting(QLatin1String(kSegSuggestionsSetting),
                         QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Compact)));
    });
}

std::vector<FrameSuggestion> segSuggestions(const ProjectStore &store)
{
    const QJsonObject doc = QJsonDocument::fromJson(store.setting(QLatin1String(kSegSuggestionsSetting)).toUtf8()).object();
    std::vector<FrameSuggestion> out;
    for (const QJsonValue &v : doc.value(QStringLiteral("frames")).toArray())
        out.push_back({v.toObject().value(QStringLiteral("frame")).toInteger(),
                       v.toObject().value(QStringLiteral("score")).toDouble()});
    return out;
}

} // namespace sd
