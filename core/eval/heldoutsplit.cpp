#include "heldoutsplit.h"

#include "store/projectstore.h"
#include "seededshuffle.h"

#include <QStringList>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace sd::eval {

QString splitGroupKey(const std::optional<qint64> &videoId, qint64 frameId)
{
    return videoId ? QStringLiteral("video-%1").arg(*videoId) : QStringLiteral("frame-%1").arg(frameId);
}

QSet<QString> chooseTestGroups(const QMap<QString, int> &groupSizes, double testShare, quint64 seed)
{
    if (!(testShare >= 0.0 && testShare <= 1.0))
        throw std::invalid_argument("the test share must be between 0 and 1");
    QStringList keys = groupSizes.keys(); // sorted: the shuffle starts from a fixed order
    seededShuffle(keys, seed);
    int total = 0;
    for (int n : groupSizes)
        total += n;
    const double target = testShare * total;

    QSet<QString> test;
    int testFrames = 0;
    for (const QString &key : keys) {
        const int n = groupSizes.value(key);
        if (std::abs(testFrames + n - target) < std::abs(testFrames - target)) {
            test.insert(key);
            testFrames += n;
        }
    }
    if (keys.size() >= 2 && testShare > 0.0 && testShare < 1.0) {
        if (test.isEmpty())
            test.insert(keys.front());
        else if (test.size() == keys.size())
            test.remove(keys.back());
    }
    return test;
}

SplitSummary assignHeldOutSplit(ProjectStore &store, double testShare, quint64 seed)
{
    std::vector<Frame> frames = store.frames();
    QMap<QString, int> sizes;
    for (const Frame &f : frames)
        ++sizes[splitGroupKey(f.videoId, f.id)];
    const QSet<QString> testGroups = chooseTestGroups(sizes, testShare, seed);

    SplitSummary summary;
    summary.testGroups = testGroups.size();
    summary.trainGroups = sizes.size() - testGroups.size();
    store.transaction([&] {
        for (Frame &f : frames) {
            const bool test = testGroups.contains(splitGroupKey(f.videoId, f.id));
            f.split = test ? QStringLiteral("test") : QStringLiteral("train");
            ++(test ? summary.testFrames : summary.trainFrames);
            store.updateFrame(f);
        }
    });
    return summary;
}

} // namespace sd::eval
