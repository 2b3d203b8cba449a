#include "text_model.h"

#include "torch_utils.h"

#include <torch/torch.h>

#include <numeric>
#include <stdexcept>
#include <string>

namespace sd::vlm {

namespace {

// HF repeat_kv: query head h reads key/value head h / (heads / kvHeads).
torch::Tensor repeatKv(const torch::Tensor &x, int64_t rep)
{
    if (rep == 1)
        return x;
    const auto b = x.size(0), h = x.size(1), t = x.size(2), d = x.size(3);
    return x.unsqueeze(2).expand({b, h, rep, t, d}).reshape({b, h * rep, t, d});
}

} // namespace

std::pair<torch::Tensor, torch::Tensor> multimodalRotary(const torch::Tensor &positionIds, const TextConfig &config,
                                                         torch::Dtype dtype)
{
    if (!positionIds.defined() || positionIds.dim() != 3 || positionIds.size(0) != 3)
        throw std::invalid_argument("multimodalRotary: position_ids must be [3, batch, length], got "
                                    + (positionIds.defined() ? shapeString(positionIds.sizes()) : std::string("undefined")));
    const int64_t headDim = config.headDim();
    const auto &sections = config.mropeSection;
    const int64_t sectionSum = std::accumulate(sections.begin(), sections.end(), int64_t{0});
    if (sections.size() != 3 || sectionSum * 2 != headDim)
        throw std::invalid_argument("multimodalRotary: mrope_section must have 3 entries summing to head_dim/2 = "
                                    + std::to_string(headDim / 2));
    const auto fopts = torch::dtype(torch::kFloat32).device(positionIds.device());
    // inv_freq = 1 / theta^(2i / D), as HF computes it (float32).
    const auto invFreq = 1.0 / torch::pow(config.ropeTheta, torch::arange(0, headDim, 2, fopts) / headDim);
    const auto freqs = positionIds.to(torch::kFloat32).unsqueeze(-1) * invFreq; // [3, B, L, D/2]
    const auto emb = torch::cat({freqs, freqs}, -1);                            // [3, B, L, D]
    const auto cosAll = emb.cos(), sinAll = emb.sin();
    // Sections over the two halves: [t, h, w, t, h, w]; chunk i comes from axis i % 3.
    std::vector<torch::Tensor> cosParts, sinParts;
    int64_t offset = 0;
    for (int i = 0; i < 6; ++i) {
        const int64_t len = sections[static_cast<size_t>(i % 3)];
        cosParts.push_back(cosAll[i % 3].narrow(-1, offset, len));
        sinParts.push_back(sinAll[i % 3].narrow(-1, offset, len));
        offset += len;
    }
    return {torch::cat(cosParts, -1).to(dtype), torch::cat(sinParts, -1).to(dtype)};
}

TextAttentionImpl::TextAttentionImpl(const TextConfig &c, int64_t layerIndex)
    : heads_(c.numAttentionHeads), kvHeads_(c.numKeyValueHeads), headDim_(c.headDim()), layerIndex_(layerIndex)
{
    if (heads_ <= 0 || kvHeads_ <= 0 || heads_ % kvHeads_ != 0 || c.hiddenSize % heads_ != 0)
        throw ConfigError("text_config: num_attention_heads (" + std::to_string(heads_)
                          + ") must divide hidden_size and be a multiple of num_key_value_heads ("
                          + std::to_string(kvHeads_) + ")");
    q_proj = register_module("q_proj", Linear(c.hiddenSize, heads_ * headDim_, true));
    k_proj = register_module("k_proj", Linear(c.hiddenSize, kvHeads_ * headDim_, true));
    v_proj = register_module("v_proj", Linear(c.hiddenSize, kvHeads_ * headDim_, true));
    o_proj = register_module("o_proj", Linear(heads_ * headDim_, c.hiddenSize, false));
}

torch::Tensor TextAttentionImpl::forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                                         const torch::Tensor &mask, KVCache *cache)
{
    const int64_t b = x.size(0), l = x.size(1);
    auto q = q_proj->forward(x).view({b, l, heads_, headDim_}).transpose(1, 2);
    auto k = k_proj->forward(x).view({b, l, kvHeads_, headDim_}).transpose(1, 2);
    auto v = v_proj->forward(x).view({b, l, kvHeads_, headDim_}).transpose(1, 2);
    const auto c = cos.unsqueeze(1), s = sin.unsqueeze(1); // broadcast over heads
    q = q * c + rotateHalf(q) * s;
    k = k * c + rotateHalf(k) * s;
    if (cache) {
        auto kv = cache->append(layerIndex_, k, v);
        k = kv.first;
        v = kv.second;
    }
    const int64_t rep = heads_ / kvHeads_;
    auto out = attention(q, repeatKv(k, rep), repeatKv(v, rep), mask, /*causal=*/!mask.defined());
    return o_proj->forward(out.transpose(1, 2).reshape({b, l, heads_ * headDim_}));
}

TextMlpImpl::TextMlpImpl(const TextConfig &c)
{
    if (c.hiddenAct != "silu")
        throw ConfigError("text_config: hidden_act '" + c.hiddenAct + "' is not supported (only silu)");
    gate_proj = register_module("gate_proj", Linear(c.hiddenSize, c.intermediateSize, false));
    up_proj = register_module("up_proj", Linear(c.hiddenSize, c.intermediateSize, false));
    down_proj = register_module("down_proj", Linear(c.intermediateSize, c.hiddenSize, false));
}

torch::Tensor TextMlpImpl::forward(const torch::Tensor &x)
{
    return down_proj->forward(torch::silu(gate_proj->forward(x)) * up_proj->forward(x));
}

DecoderLayerImpl::DecoderLayerImpl(const TextConfig &c, int64_t layerIndex)
{
    self_attn = register_module("self_attn", TextAttention(c, layerIndex));
    mlp = register_module("mlp", TextMlp(c));
    input_layernorm = register_module("input_layernorm", RMSNorm(c.hiddenSize, c.rmsNormEps));
    post_attention_layernorm = register_module("post_attention_layernorm", RMSNorm(c.hiddenSize, c.rmsNormEps));
}

torch::Tensor DecoderLayerImpl::forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                                        const torch::Tensor &mask, KVCache *cache)
{
    auto h = x + self_attn->forward(input_layernorm->forward(x), cos, sin, mask, cache);
    return h + mlp->forward(post_attention_layernorm->forward(h));
}

TextModelImpl::TextModelImpl(const TextConfig &c) : config_(c)
{
    if (c.vocabSize <= 0 || c.hiddenSize <= 0 || c.numHiddenLayers <= 0)
        throw ConfigError("text_config: vocab_size, hidden_size and num_hidden_layers must be positive");
    embed_tokens = register_module("embed_tokens",
                                   torch::nn::Embedding(torch::nn::EmbeddingOptions(c.vocabSize, c.hiddenSize)));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.numHiddenLayers; ++i) {
        decoderLayers_.push_back(DecoderLayer(c, i));
        layers->push_back(decoderLayers_.back());
    }
    norm = register_module("norm", RMSNorm(c.hiddenSize, c.rmsNormEps));
}

torch::Tensor TextModelImpl::forward(const torch::Tensor &inputsEmbeds, const torch::Tensor &positionIds,
                                     const torch::Tensor &attentionMask, KVCache *cache)
{
    if (!inputsEmbeds.defined() || inputsEmbeds.dim() != 3 || inputsEmbeds.size(2) != config_.hiddenSize)
        throw std::invalid_argument("TextModel: inputs_embeds must be [batch, length, "
                                    + std::to_string(config_.hiddenSize) + "], got "
                                    + (inputsEmbeds.defined() ? shapeString(inputsEmbeds.sizes()) : std::string("undefined")));
    const int64_t b = inputsEmbeds.size(0), l = inputsEmbeds.size(1);
    if (!positionIds.defined() || positionIds.dim() != 3 || positionIds.size(0) != 3 || positionIds.size(1) != b
        || positionIds.size(2) != l)
        throw std::invalid_argument("TextModel: position_ids must be [3, " + std::to_string(b) + ", "
                                    + std::to_string(l) + "], got "
                                    + (positionIds.defined() ? shapeString(positionIds.sizes()) : std::string("undefined")));
    if (cache && cache->numLayers() != numLayers())
        throw std::invalid_argument("TextModel: KV cache has " + std::to_string(cache->numLayers())
                                    + " layers, the model " + std::to_string(numLayers()));
    const int64_t past = cache ? cache->length() : 0;
    const int64_t total = past + l;

    // The 2-D keep mask over all keys (past + new), if there is padding anywhere.
    torch::Tensor keys2d;
    if (attentionMask.defined()) {
        if (attentionMask.dim() != 2 || attentionMask.size(0) != b || attentionMask.size(1) != total)
            throw std::invalid_argument("TextModel: attention_mask must be [" + std::to_string(b) + ", "
                                        + std::to_string(total) + "] (cached + new tokens), got "
                                        + shapeString(attentionMask.sizes()));
        keys2d = attentionMask.to(inputsEmbeds.device()).ne(0);
    } else if (cache && cache->attentionMask().defined()) {
        keys2d = torch::cat({cache->attentionMask(),
                             torch::ones({b, l}, torch::dtype(torch::kBool).device(inputsEmbeds.device()))},
                            1);
    }
    if (cache)
        cache->setAttentionMask(keys2d);

    torch::Tensor mask; // undefined: plain causal (no padding)
    if (keys2d.defined() && !keys2d.all().item<bool>()) {
        const auto iopts = torch::dtype(torch::kInt64).device(inputsEmbeds.device());
        const auto queryPos = (torch::arange(l, iopts) + past).unsqueeze(1); // [L, 1]
        const auto keyPos = torch::arange(total, iopts).unsqueeze(0);        // [1, T]
        const auto causal = keyPos.le(queryPos);                             // [L, T]
        mask = causal.unsqueeze(0).logical_and(keys2d.unsqueeze(1)); // [B, L, T]
        // A padded query would see no key at all (NaN rows that then poison the
        // padded keys' values); letting every query see itself avoids that and
        // changes nothing for real tokens, which always see themselves.
        mask = mask.logical_or(keyPos.eq(queryPos).unsqueeze(0)).unsqueeze(1); // [B, 1, L, T]
    }

    const auto rot = multimodalRotary(positionIds.to(inputsEmbeds.device()), config_,
                                      inputsEmbeds.scalar_type());
    auto h = inputsEmbeds;
    for (auto &layer : decoderLayers_)
        h = layer->forward(h, rot.first, rot.second, mask, cache);
    return norm->forward(h);
}

} // namespace sd::vlm
