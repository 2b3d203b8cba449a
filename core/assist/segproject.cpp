#include "assist/segproject.h"

#include "reviewworkflow.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <set>

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
