#include "honeypots.h"

#include "reviewworkflow.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <random>

namespace sd::consensus {

std::vector<qint64> approvedFrames(const ProjectStore &store)
{
    FrameFilter filter;
    filter.reviewState = ReviewState::Approved;
    std::vector<qint64> out;
    for (const Frame &f : store.frames(filter)) {
        const std::vector<Mask> masks = store.masksForFrame(f.id);
        const bool allApproved = !masks.empty() && std::all_of(masks.begin(), masks.end(), [&](const Mask &m) {
            return reviewState(store, m.id) == ReviewState::Approved;
        });
        if (allApproved)
            out.push_back(f.id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

HoneypotSelection markHoneypots(ProjectStore &store, double share, qint64 seed, const QString &markedBy)
{
    if (!(share > 0 && share <= 1))
        throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow",
                                                      "The honeypot share must be above 0 and at most 1 (e.g. 0.1).")
                              .toStdString());
    HoneypotSelection out;
    store.transaction([&] {
        const std::vector<qint64> approved = approvedFrames(store);
        if (approved.empty())
            throw ReviewError(QCoreApplication::translate("sd::ConsensusWorkflow",
                                                          "No frame has all its masks approved yet: honeypots need "
                                                          "an approved reference.")
                                  .toStdString());
        out.approvedFrames = int(approved.size());
        out.target = std::max(1, int(std::lround(share * double(approved.size()))));
        std::vector<qint64> unmarked;
        for (qint64 id : approved) {
            if (store.isHoneypot(id))
                ++out.alreadyMarked;
            else
                unmarked.push_back(id);
        }
        const int missing = std::min(int(unmarked.size()), out.target - out.alreadyMarked);
        if (missing <= 0)
            return;
        std::mt19937_64 generator{quint64(seed)}; // its output is fixed by the standard, unlike std::shuffle's use of it
        for (size_t i = unmarked.size() - 1; i > 0; --i)
            std::swap(unmarked[i], unmarked[size_t(generator() % (i + 1))]);
        out.newlyMarked.assign(unmarked.begin(), unmarked.begin() + missing);
        std::sort(out.newlyMarked.begin(), out.newlyMarked.end());
        store.addHoneypots(out.newlyMarked, markedBy, seed);
    });
    return out;
}

} // namespace sd::consensus
