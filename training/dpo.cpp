#include "dpo.h"

#include "qwen2_5_vl.h"
#include "tokenizer.h"
#include "torch_utils.h"

#include <cmath>
#include <stdexcept>

namespace sd::vlm {

std::vector<int64_t> encodeResponse(const Tokenizer &tokenizer, const std::string &text)
{
    if (text.empty())
        throw std::invalid_argument("encodeResponse: empty response text");
    return tokenizer.encode(text + "<|im_end|>\n");
}

torch::Tensor sequenceLogProb(Qwen2_5_VLImpl &model, const torch::Tensor &ids, const torch::Tensor &pixelValues,
                              const torch::Tensor &imageGridThw, int64_t responseStart)
{
    if (!ids.defined() || ids.dim() < 1 || ids.dim() > 2 || (ids.dim() == 2 && ids.size(0) != 1))
        throw std::invalid_argument("sequenceLogProb: ids must be [L] or [1, L], got "
                                    + (ids.defined() ? shapeString(ids.sizes()) : std::string("undefined")));
    const auto row = ids.reshape({1, -1}).to(torch::kInt64);
    const int64_t l = row.size(1);
    if (responseStart < 1 || responseStart >= l)
        throw std::invalid_argument("sequenceLogProb: responseStart " + std::to_string(responseStart)
                                    + " outside [1, " + std::to_string(l) + ")");
    const auto hidden = model.hiddenStates(row, pixelValues, imageGridThw);
    // Positions responseStart-1 .. L-2 predict the response tokens.
    const auto h = hidden[0].narrow(0, responseStart - 1, l - responseStart);
    const auto logp = torch::log_softmax(model.logitsFromHidden(h).to(torch::kFloat32), -1);
    const auto targets = row[0].narrow(0, responseStart, l - responseStart).to(logp.device());
    return logp.gather(1, targets.unsqueeze(1)).sum();
}

DpoResult dpoLoss(const torch::Tensor &policyChosen, const torch::Tensor &policyRejected,
                  const torch::Tensor &refChosen, const torch::Tensor &refRejected, double beta)
{
    if (!(beta > 0) || !std::isfinite(beta))
        throw std::invalid_argument("dpoLoss: beta must be > 0, got " + std::to_string(beta));
    const torch::Tensor *all[] = {&policyChosen, &policyRejected, &refChosen, &refRejected};
    const char *names[] = {"policy_chosen", "policy_rejected", "ref_chosen", "ref_rejected"};
    for (int k = 0; k < 4; ++k) {
        if (!all[k]->defined() || all[k]->dim() > 1)
            throw std::invalid_argument(std::string("dpoLoss: ") + names[k] + " must be a scalar or [B] tensor");
        if (all[k]->sizes() != policyChosen.sizes())
            throw std::invalid_argument(std::string("dpoLoss: ") + names[k] + " shape "
                                        + shapeString(all[k]->sizes()) + " differs from policy_chosen "
                                        + shapeString(policyChosen.sizes()));
    }
    const auto pc = policyChosen.reshape({-1}), pr = policyRejected.reshape({-1});
    const auto rc = refChosen.detach().reshape({-1}).to(pc.dtype());
    const auto rr = refRejected.detach().reshape({-1}).to(pr.dtype());
    const auto logits = (pc - pr) - (rc - rr);
    DpoResult r;
    r.losses = -torch::log_sigmoid(beta * logits);
    r.loss = r.losses.mean();
    r.chosenRewards = (beta * (pc - rc)).detach();
    r.rejectedRewards = (beta * (pr - rr)).detach();
    r.rewardChosen = r.chosenRewards.mean().item<double>();
    r.rewardRejected = r.rejectedRewards.mean().item<double>();
    r.rewardMargin = (r.chosenRewards - r.rejectedRewards).mean().item<double>();
    r.rewardAccuracy = r.chosenRewards.gt(r.rejectedRewards).to(torch::kFloat64).mean().item<double>();
    return r;
}

} // namespace sd::vlm
