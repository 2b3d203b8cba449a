// Multimodal rotary position ids for Qwen2.5-VL (the "M-RoPE" index), as
// Hugging Face's Qwen2_5_VLModel.get_rope_index computes them for images.
// Text tokens advance all three axes (temporal, height, width) by one; the
// tokens of an image take (t, h, w) grid coordinates (h, w after the spatial
// merge) offset by the running text position; text after an image continues at
// max + 1. Positions of padded tokens (attention mask 0) are 1, as in HF.
#pragma once

#include <torch/types.h>

namespace sd::vlm {

struct ModelConfig;

struct RopeIndex {
    torch::Tensor positionIds; // int64 [3, B, L]
    // int64 [B, 1]: max position + 1 - L per row. During decoding the position
    // of the next token is (tokens seen so far, padding included) + delta.
    torch::Tensor deltas;
};

// inputIds: int64 [B, L]. imageGridThw: int64 [nImages, 3] (all images of the
// batch in order) or undefined. attentionMask: [B, L] (1 = token, 0 = padding,
// left or right) or undefined. Throws std::invalid_argument naming the tensor
// when shapes or image token counts do not agree. Results are on inputIds' device.
RopeIndex computeRopeIndex(const torch::Tensor &inputIds, const torch::Tensor &imageGridThw,
                           const ModelConfig &config, const torch::Tensor &attentionMask = {});

} // namespace sd::vlm
