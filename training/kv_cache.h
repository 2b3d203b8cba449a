// Key/value cache for incremental decoding with the Qwen2.5-VL language model.
// Per layer, keys and values [batch, kvHeads, T, headDim] live in preallocated
// buffers that grow by doubling, so a step appends by copying only the new
// token instead of re-concatenating the whole history (O(n) instead of O(n^2)).
// Inference only: appends write the buffers in place.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace sd::vlm {

class KVCache {
public:
    // capacityHint: tokens to reserve on the first append (prompt + new tokens).
    explicit KVCache(int64_t numLayers, int64_t capacityHint = 0);

    int64_t numLayers() const { return static_cast<int64_t>(layers_.size()); }
    // Tokens held (padding included), i.e. the position of the next token in the row.
    int64_t length() const;
    int64_t capacity() const;
    bool empty() const { return length() == 0; }
    void reset();

    // Appends k/v [batch, kvHeads, newTokens, headDim] to `layer` and returns the
    // whole history (views into the buffers). Throws std::invalid_argument when
    // batch, heads, headDim, dtype or device differ from what the cache holds.
    std::pair<torch::Tensor, torch::Tensor> append(int64_t layer, const torch::Tensor &k, const torch::Tensor &v);

    // M-RoPE deltas [batch, 1] from the prefill (computeRopeIndex): decoding
    // positions are length() + delta on all three axes.
    const torch::Tensor &ropeDeltas() const { return ropeDeltas_; }
    void setRopeDeltas(const torch::Tensor &deltas) { ropeDeltas_ = deltas; }

    // 2-D attention mask [batch, length()] of the tokens held (1 = token,
    // 0 = padding), kept only when the prefill had padding; undefined otherwise.
    const torch::Tensor &attentionMask() const { return attentionMask_; }
    void setAttentionMask(const torch::Tensor &mask) { attentionMask_ = mask; }

private:
    struct Layer {
        torch::Tensor keys, values; // [B, H, capacity, D]
        int64_t length = 0;
    };
    std::vector<Layer> layers_;
    int64_t capacityHint_;
    torch::Tensor ropeDeltas_;
    torch::Tensor attentionMask_;
};

} // namespace sd::vlm
