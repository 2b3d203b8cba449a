#include "rope_index.h"

#include "config.h"

#include "torch_utils.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace sd::vlm {

namespace {

void checkInputs(const torch::Tensor &inputIds, const torch::Tensor &imageGridThw,
                 const torch::Tensor &attentionMask)
{
    if (!inputIds.defined() || inputIds.dim() != 2)
        throw std::invalid_argument("computeRopeIndex: input_ids must be [batch, length], got "
                                    + (inputIds.defined() ? shapeString(inputIds.sizes()) : std::string("undefined")));
    if (imageGridThw.defined() && (imageGridThw.dim() != 2 || imageGridThw.size(1) != 3))
        throw std::invalid_argument("computeRopeIndex: image_grid_thw must be [images, 3], got "
                                    + shapeString(imageGridThw.sizes()));
    if (attentionMask.defined() && attentionMask.sizes() != inputIds.sizes())
        throw std::invalid_argument("computeRopeIndex: attention_mask " + shapeString(attentionMask.sizes())
                                    + " does not match input_ids " + shapeString(inputIds.sizes()));
}

// Text-only path: positions count real tokens, padding gets 1.
RopeIndex textOnly(const torch::Tensor &inputIds, const torch::Tensor &attentionMask)
{
    const int64_t batch = inputIds.size(0), length = inputIds.size(1);
    const auto opts = torch::dtype(torch::kInt64).device(inputIds.device());
    RopeIndex r;
    if (!attentionMask.defined()) {
        r.positionIds = torch::arange(length, opts).view({1, 1, length}).expand({3, batch, length}).contiguous();
        r.deltas = torch::zeros({batch, 1}, opts);
        return r;
    }
    const auto keep = attentionMask.to(inputIds.device()).ne(0);
    auto pos = keep.to(torch::kInt64).cumsum(-1) - 1;
    pos.masked_fill_(keep.logical_not(), 1);
    r.positionIds = pos.unsqueeze(0).expand({3, batch, length}).contiguous();
    r.deltas = std::get<0>(pos.max(-1, /*keepdim=*/true)) + 1 - length;
    return r;
}

} // namespace

RopeIndex computeRopeIndex(const torch::Tensor &inputIds, const torch::Tensor &imageGridThw,
                           const ModelConfig &config, const torch::Tensor &attentionMask)
{
    checkInputs(inputIds, imageGridThw, attentionMask);
    if (!imageGridThw.defined() || imageGridThw.size(0) == 0)
        return textOnly(inputIds, attentionMask);

    const int64_t batch = inputIds.size(0), length = inputIds.size(1);
    const int64_t merge = config.vision.spatialMergeSize;
    const auto ids = inputIds.to(torch::kCPU, torch::kInt64).contiguous();
    const auto grid = imageGridThw.to(torch::kCPU, torch::kInt64).contiguous();
    const auto keep = attentionMask.defined() ? attentionMask.to(torch::kCPU).ne(0).contiguous()
                                              : torch::ones({batch, length}, torch::kBool);
    const auto idsA = ids.accessor<int64_t, 2>();
    const auto keepA = keep.accessor<bool, 2>();
    const auto gridA = grid.accessor<int64_t, 2>();
    const int64_t nImages = grid.size(0);

    auto positions = torch::ones({3, batch, length}, torch::kInt64);
    auto posA = positions.accessor<int64_t, 3>();
    auto deltas = torch::zeros({batch, 1}, torch::kInt64);
    int64_t imageIndex = 0;

    for (int64_t b = 0; b < batch; ++b) {
        // The real (unpadded) tokens of this row and where they sit in the row.
        std::vector<int64_t> tokens, slots;
        for (int64_t i = 0; i < length; ++i) {
            if (keepA[b][i]) {
                tokens.push_back(idsA[b][i]);
                slots.push_back(i);
            }
        }
        const int64_t n = static_cast<int64_t>(tokens.size());
        // Images are counted as HF does: a vision-start token followed by an image token.
        int64_t imagesInRow = 0;
        for (int64_t i = 0; i + 1 < n; ++i)
            if (tokens[i] == config.visionStartTokenId && tokens[i + 1] == config.imageTokenId)
                ++imagesInRow;

        std::vector<int64_t> t(n), h(n), w(n);
        int64_t st = 0;      // next unassigned token
        int64_t next = 0;    // next text position (max so far + 1)
        for (int64_t img = 0; img < imagesInRow; ++img) {
            const auto it = std::find(tokens.begin() + st, tokens.end(), config.imageTokenId);
            if (it == tokens.end())
                throw std::invalid_argument("computeRopeIndex: input_ids row " + std::to_string(b)
                                            + " has fewer image tokens than vision-start/image pairs");
            if (imageIndex >= nImages)
                throw std::invalid_argument("computeRopeIndex: input_ids contain more images than the "
                                            + std::to_string(nImages) + " rows of image_grid_thw");
            const int64_t ed = it - tokens.begin();
            const int64_t gt = gridA[imageIndex][0], gh = gridA[imageIndex][1] / merge,
                          gw = gridA[imageIndex][2] / merge;
            if (gt <= 0 || gh <= 0 || gw <= 0 || gridA[imageIndex][1] % merge || gridA[imageIndex][2] % merge)
                throw std::invalid_argument("computeRopeIndex: image_grid_thw row " + std::to_string(imageIndex)
                                            + " is not a positive grid divisible by the spatial merge size");
            ++imageIndex;
            for (int64_t i = st; i < ed; ++i)
                t[i] = h[i] = w[i] = next + (i - st);
            const int64_t base = next + (ed - st);
            const int64_t count = gt * gh * gw;
            if (ed + count > n)
                throw std::invalid_argument("computeRopeIndex: image " + std::to_string(imageIndex - 1)
                                            + " needs " + std::to_string(count)
                                            + " image tokens but input_ids row " + std::to_string(b)
                                            + " ends first");
            int64_t maxPos = base;
            for (int64_t k = 0; k < count; ++k) {
                // Images have no time step (second_per_grid_t = 0 in HF): t is the text offset.
                const int64_t hh = (k / gw) % gh, ww = k % gw;
                t[ed + k] = base;
                h[ed + k] = base + hh;
                w[ed + k] = base + ww;
                maxPos = std::max({maxPos, base + hh, base + ww});
            }
            next = maxPos + 1;
            st = ed + count;
        }
        for (int64_t i = st; i < n; ++i)
            t[i] = h[i] = w[i] = next + (i - st);
        int64_t rowMax = -1;
        for (int64_t i = 0; i < n; ++i) {
            posA[0][b][slots[i]] = t[i];
            posA[1][b][slots[i]] = h[i];
            posA[2][b][slots[i]] = w[i];
            rowMax = std::max({rowMax, t[i], h[i], w[i]});
        }
        deltas[b][0] = rowMax + 1 - length;
    }
    return {positions.to(inputIds.device()), deltas.to(inputIds.device())};
}

} // namespace sd::vlm
