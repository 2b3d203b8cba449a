#include "pairselection.h"

#include "store/projectstore.h"

namespace sd {

TeacherTask pairSelectionTask(const PairSelectionInput &input)
{
    TeacherTask t;
    t.kind = TeacherTaskKind::Rank;
    t.ranking = input.ranking;
    t.ranking.context.mask = {}; // text only: the mask is not needed to judge answers
    return t;
}

PreferencePair selectPreferencePair(PrivacyFirewall &firewall, const TeacherProvider &provider,
                                    const PairSelectionInput &input, const CallOptions &options)
{
    const TeacherTask task = pairSelectionTask(input);
    const TeacherReply reply = runTeacherCall(firewall, provider, task, options);
    const RankingResult r = parseRankingReply(reply.text, int(input.ranking.candidates.size()));
    PreferencePair p;
    p.frameId = input.frameId;
    p.structureId = input.structureId;
    p.prompt = input.ranking.context.question;
    p.chosen = input.ranking.candidates.at(r.chosen);
    p.rejected = input.ranking.candidates.at(r.rejected);
    p.reason = QStringLiteral("%1 (teacher: %2)").arg(r.reason, provider.id());
    p.status = PairStatus::Proposed;
    firewall.store().addPreferencePair(p);
    return p;
}

} // namespace sd
