// The whole Qwen2.5-VL model (HF Qwen2_5_VLForConditionalGeneration): vision
// tower "visual", language model "model" and "lm_head". named_parameters() are
// exactly the classic checkpoint names (model.layers.0..., visual.blocks.0...,
// lm_head.weight). With tie_word_embeddings there is no lm_head module: logits
// use model.embed_tokens.weight, and lm_head.weight is neither expected nor saved.
#pragma once

#include "config.h"
#include "kv_cache.h"
#include "layers.h"
#include "text_model.h"
#include "vision.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <string>

namespace sd::vlm {

class Qwen2_5_VL;

class Qwen2_5_VLImpl : public torch::nn::Module {
public:
    explicit Qwen2_5_VLImpl(const ModelConfig &config);

    // modelDir/config.json + safetensors weights (single file or shards, either
    // naming). The model is built, converted to dtype/device, then loaded.
    // Throws ConfigError / std::runtime_error naming the file or tensor.
    static Qwen2_5_VL load(const std::string &modelDir, torch::Dtype dtype = torch::kFloat32,
                           torch::Device device = torch::kCPU);

    // inputIds int64 [B, L]; pixelValues [N, C*T*P*P] and imageGridThw int64
    // [images, 3] when the prompt has image tokens; attentionMask [B, past + L]
    // (1 = token, 0 = padding; left padding for generation). With a cache:
    // an empty cache is a prefill (M-RoPE index computed and remembered), a
    // non-empty one a decoding step (positions = cache length + rope delta).
    // Returns logits [B, L, vocab] in the weights' dtype.
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &pixelValues = {},
                          const torch::Tensor &imageGridThw = {}, const torch::Tensor &attentionMask = {},
                          KVCache *cache = nullptr);
    // Same inputs; the final (normed) hidden states [B, L, hidden] (for SFT/DPO losses).
    torch::Tensor hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &pixelValues = {},
                               const torch::Tensor &imageGridThw = {}, const torch::Tensor &attentionMask = {},
                               KVCache *cache = nullptr);
    // Same inputs; logits of the last position only [B, vocab] (saves the
    // [B, L, vocab] tensor on prefill). With padding, rows must be left-padded.
    torch::Tensor lastLogits(const torch::Tensor &inputIds, const torch::Tensor &pixelValues = {},
                             const torch::Tensor &imageGridThw = {}, const torch::Tensor &attentionMask = {},
                             KVCache *cache = nullptr);
    // hidden [..., hidden] -> logits [..., vocab].
    torch::Tensor logitsFromHidden(const torch::Tensor &hidden);

    // Token embeddings with the vision tower's outputs placed at the image
    // tokens. Throws std::invalid_argument when image token and patch counts differ.
    torch::Tensor inputEmbeddings(const torch::Tensor &inputIds, const torch::Tensor &pixelValues,
                                  const torch::Tensor &imageGridThw);

    KVCache makeCache(int64_t capacityHint = 0) const { return KVCache(config_.text.numHiddenLayers, capacityHint); }
    const ModelConfig &config() const { return config_; }
    torch::Tensor outputEmbeddingWeight() const; // lm_head.weight or the tied embedding

    VisionTransformer visual{nullptr};
    TextModel model{nullptr};
    Linear lm_head{nullptr}; // null when tieWordEmbeddings

private:
    ModelConfig config_;
};
TORCH_MODULE(Qwen2_5_VL);

} // namespace sd::vlm
