#include "tutorprogress.h"

#include <algorithm>

namespace sd::tutor {

std::vector<StructureProgress> summarizeProgress(const std::vector<TutorAttempt> &attempts)
{
    std::vector<StructureProgress> out;
    std::vector<std::vector<bool>> results;
    std::vector<std::pair<int, int>> points;
    for (const TutorAttempt &a : attempts) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const StructureProgress &p) { return p.structureId == a.structureId; });
        if (it == out.end()) {
            out.push_back({});
            out.back().structureId = a.structureId;
            results.emplace_back();
            points.emplace_back(0, 0);
            it = out.end() - 1;
        }
        const size_t i = size_t(it - out.begin());
        const bool ok = a.structureCorrect && a.sideCorrect;
        results[i].push_back(ok);
        points[i].first += a.pointsFound;
        points[i].second += a.pointsTotal;
        it->attempts += 1;
        it->correct += ok ? 1 : 0;
        it->history.emplace_back(a.createdAt, double(it->correct) / it->attempts);
    }
    for (size_t i = 0; i < out.size(); ++i) {
        StructureProgress &p = out[i];
        p.accuracy = double(p.correct) / p.attempts;
        const size_t n = std::min<size_t>(kRecentAttempts, results[i].size());
        const auto recentCorrect = std::count(results[i].end() - long(n), results[i].end(), true);
        p.recentAccuracy = double(recentCorrect) / double(n);
        p.keyPointShare = points[i].second > 0 ? double(points[i].first) / points[i].second : 0;
        p.revisit = p.recentAccuracy < kRevisitBelow || !results[i].back();
    }
    return out;
}

} // namespace sd::tutor
