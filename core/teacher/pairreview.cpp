#include "pairreview.h"

#include "answerreview.h"
#include "store/projectstore.h"

#include <functional>

namespace sd {
namespace {

PreferencePair decide(ProjectStore &store, qint64 pairId, const QString &reviewer,
                      const std::function<void(PreferencePair &)> &change)
{
    if (reviewer.trimmed().isEmpty())
        throw ReviewError("a pair decision needs the reviewer's name");
    PreferencePair result;
    store.transaction([&] {
        for (const PreferencePair &p : store.preferencePairs()) {
            if (p.id != pairId)
                continue;
            result = p;
            change(result);
            result.reviewer = reviewer;
            store.updatePreferencePair(result);
            return;
        }
        throw ReviewError("there is no preference pair " + std::to_string(pairId));
    });
    return result;
}

} // namespace

PreferencePair approvePair(ProjectStore &store, qint64 pairId, const QString &reviewer)
{
    return decide(store, pairId, reviewer, [](PreferencePair &p) { p.status = PairStatus::Approved; });
}

PreferencePair swapAndApprovePair(ProjectStore &store, qint64 pairId, const QString &reviewer)
{
    return decide(store, pairId, reviewer, [&](PreferencePair &p) {
        std::swap(p.chosen, p.rejected);
        p.reason = QStringLiteral("Swapped by %1; the teacher's reason was: %2").arg(reviewer, p.reason);
        p.status = PairStatus::Approved;
    });
}

PreferencePair discardPair(ProjectStore &store, qint64 pairId, const QString &reason, const QString &reviewer)
{
    return decide(store, pairId, reviewer, [&](PreferencePair &p) {
        if (!reason.trimmed().isEmpty())
            p.reason = QStringLiteral("Discarded: %1; the teacher's reason was: %2").arg(reason, p.reason);
        p.status = PairStatus::Discarded;
    });
}

bool hasOnlySyntheticFrames(const ProjectStore &store)
{
    for (const Frame &f : store.frames())
        if (!f.synthetic)
            return false;
    return true;
}

int autoApprovePairsAsDemoReviewer(ProjectStore &store)
{
    int n = 0;
    store.transaction([&] {
        for (PreferencePair p : store.preferencePairs(PairStatus::Proposed)) {
            p.status = PairStatus::Approved;
            p.reviewer = QString::fromLatin1(kDemoAutoReviewer);
            store.updatePreferencePair(p);
            ++n;
        }
    });
    return n;
}

} // namespace sd
