#include "blinding.h"

#include "store/projectstore.h"
#include "seededshuffle.h"

#include <QMap>
#include <QStringList>
#include <map>
#include <tuple>

namespace sd::eval {

std::vector<Evaluation> latestEvaluations(const ProjectStore &store)
{
    QStringList order;
    QMap<QString, Evaluation> newest;
    for (const Evaluation &e : store.evaluations()) { // by id: later rows replace earlier ones
        if (!newest.contains(e.modelLabel))
            order << e.modelLabel;
        newest.insert(e.modelLabel, e);
    }
    std::vector<Evaluation> out;
    for (const QString &label : order)
        out.push_back(newest.value(label));
    return out;
}

std::vector<BlindedItem> blindedItems(const ProjectStore &store, const std::vector<Evaluation> &evaluations,
                                      quint64 seed)
{
    using Key = std::tuple<qint64, qint64, QString>;
    std::map<Key, BlindedItem> items;
    for (const Evaluation &e : evaluations)
        for (const EvalAnswer &a : store.evalAnswers(e.id)) {
            BlindedItem &item = items[Key{a.frameId, a.structureId, a.question}];
            item.frameId = a.frameId;
            item.structureId = a.structureId;
            item.question = a.question;
            item.answers.push_back(BlindedAnswer{a.id, a.answer});
        }
    std::vector<BlindedItem> out;
    for (auto &[key, item] : items) {
        if (item.answers.size() < 2)
            continue;
        quint64 itemSeed = seed ^ (quint64(item.frameId) << 20) ^ quint64(item.structureId);
        seededShuffle(item.answers, splitMix64(itemSeed));
        out.push_back(std::move(item));
    }
    return out;
}

} // namespace sd::eval
