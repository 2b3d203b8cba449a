// DPO pair selection through the teacher, text only: the question, the
// context (structure, side; no mask, no image), the ground-truth answer and
// the candidates the SFT model sampled go out; the teacher names one chosen
// and one rejected candidate with a reason, stored as a proposed
// PreferencePair for the expert's approve / swap / discard screen.
#pragma once

#include "teachercall.h"

namespace sd {

struct PairSelectionInput {
    qint64 frameId = 0;
    qint64 structureId = 0;
    RankingInput ranking;        // ranking.context.question is the pair's prompt
};

// The task that selection sends (for a preview of the exact payload, or to run it asynchronously with
// TeacherCall and read the reply with parseRankingReply).
TeacherTask pairSelectionTask(const PairSelectionInput &input);

// Runs the selection (blocking, in a local event loop) and stores the proposed pair.
// Throws PolicyError / ProviderError / std::runtime_error (unusable reply); nothing is stored then.
PreferencePair selectPreferencePair(PrivacyFirewall &firewall, const TeacherProvider &provider,
                                    const PairSelectionInput &input, const CallOptions &options = {});

} // namespace sd
