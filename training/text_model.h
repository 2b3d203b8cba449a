// The Qwen2.5-VL language model (Hugging Face Qwen2_5_VLTextModel): token
// embeddings, decoder layers with grouped-query attention and multimodal
// rotary embeddings (M-RoPE), and the final RMSNorm. Submodules and parameters
// carry HF's names (embed_tokens, layers.N.self_attn.q_proj, ..., norm) so that
// "model." + named_parameters() are the checkpoint names.
#pragma once

#include "config.h"
#include "kv_cache.h"
#include "layers.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/pimpl.h>

#include <utility>
#include <vector>

namespace sd::vlm {

// cos/sin [B, L, headDim] for M-RoPE: the temporal, height and width position
// axes each rotate their own section of frequencies (mrope_section, repeated
// over both halves of headDim, as HF's apply_multimodal_rotary_pos_emb).
// Computed in float32 and returned in `dtype`.
std::pair<torch::Tensor, torch::Tensor> multimodalRotary(const torch::Tensor &positionIds /*[3,B,L]*/,
                                                         const TextConfig &config, torch::Dtype dtype);

class TextAttentionImpl : public torch::nn::Module {
public:
    TextAttentionImpl(const TextConfig &config, int64_t layerIndex);
    // x [B, L, H]; cos/sin [B, L, D]; mask: bool [B, 1, L, T] (true = attend) or undefined for plain causal.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                          const torch::Tensor &mask, KVCache *cache);

    Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};

private:
    int64_t heads_, kvHeads_, headDim_, layerIndex_;
};
TORCH_MODULE(TextAttention);

class TextMlpImpl : public torch::nn::Module {
public:
    explicit TextMlpImpl(const TextConfig &config);
    torch::Tensor forward(const torch::Tensor &x);

    Linear gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};
TORCH_MODULE(TextMlp);

class DecoderLayerImpl : public torch::nn::Module {
public:
    DecoderLayerImpl(const TextConfig &config, int64_t layerIndex);
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                          const torch::Tensor &mask, KVCache *cache);

    RMSNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
    TextAttention self_attn{nullptr};
    TextMlp mlp{nullptr};
};
TORCH_MODULE(DecoderLayer);

class TextModelImpl : public torch::nn::Module {
public:
    explicit TextModelImpl(const TextConfig &config);

    torch::Tensor embed(const torch::Tensor &inputIds) { return embed_tokens->forward(inputIds); }

    // inputsEmbeds [B, L, H]; positionIds int64 [3, B, L]; attentionMask [B, past + L]
    // (1 = token, 0 = padding) or undefined. With a cache, past = cache->length(),
    // the new keys/values are appended, and a mask given at prefill is remembered
    // and extended by ones on later steps when none is passed.
    // Returns the normed hidden states [B, L, H].
    torch::Tensor forward(const torch::Tensor &inputsEmbeds, const torch::Tensor &positionIds,
                          const torch::Tensor &attentionMask = {}, KVCache *cache = nullptr);

    const TextConfig &config() const { return config_; }
    int64_t numLayers() const { return static_cast<int64_t>(decoderLayers_.size()); }
    DecoderLayer layer(int64_t i) const { return decoderLayers_.at(static_cast<size_t>(i)); }

    torch::nn::Embedding embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RMSNorm norm{nullptr};

private:
    TextConfig config_;
    std::vector<DecoderLayer> decoderLayers_;
};
TORCH_MODULE(TextModel);

} // namespace sd::vlm
