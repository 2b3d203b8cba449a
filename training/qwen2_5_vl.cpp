#include "qwen2_5_vl.h"

#include "layers.h"

#include "checkpoint.h"
#include "rope_index.h"

#include "torch_utils.h"

#include <torch/torch.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace sd::vlm {

namespace {

} // namespace

Qwen2_5_VLImpl::Qwen2_5_VLImpl(const ModelConfig &config) : config_(config)
{
    visual = register_module("visual", VisionTransformer(config.vision));
    model = register_module("model", TextModel(config.text));
    if (config.vision.outHiddenSize != config.text.hiddenSize)
        throw ConfigError("vision_config.out_hidden_size (" + std::to_string(config.vision.outHiddenSize)
                          + ") must equal the text hidden_size (" + std::to_string(config.text.hiddenSize) + ")");
    if (!config.text.tieWordEmbeddings)
        lm_head = register_module("lm_head", Linear(config.text.hiddenSize, config.text.vocabSize, false));
}

Qwen2_5_VL Qwen2_5_VLImpl::load(const std::string &modelDir, torch::Dtype dtype, torch::Device device)
{
    const auto configPath = (std::filesystem::path(modelDir) / "config.json").string();
    const ModelConfig config = ModelConfig::fromFile(configPath);
    const WeightStore weights = WeightStore::open(modelDir);
    Qwen2_5_VL m{nullptr};
    {
        ConstructForLoadingGuard forLoading(dtype);
        m = Qwen2_5_VL(config);
    }
    m->to(device, dtype);
    loadModuleWeights(*m, weights);
    m->eval();
    return m;
}

torch::Tensor Qwen2_5_VLImpl::outputEmbeddingWeight() const
{
    return lm_head ? lm_head->weight : model->embed_tokens->weight;
}

torch::Tensor Qwen2_5_VLImpl::logitsFromHidden(const torch::Tensor &hidden)
{
    return lm_head ? lm_head->forward(hidden) : torch::linear(hidden, model->embed_tokens->weight);
}

torch::Tensor Qwen2_5_VLImpl::inputEmbeddings(const torch::Tensor &inputIds, const torch::Tensor &pixelValues,
                                              const torch::Tensor &imageGridThw)
{
    auto embeds = model->embed(inputIds);
    const auto imageMask = inputIds.eq(config_.imageTokenId);
    const int64_t imageTokens = imageMask.sum().item<int64_t>();
    if (!pixelValues.defined()) {
        if (imageTokens > 0)
            throw std::invalid_argument("input_ids contain " + std::to_string(imageTokens)
                                        + " image tokens but no pixel_values were given");
        return embeds;
    }
    if (!imageGridThw.defined())
        throw std::invalid_argument("pixel_values given without image_grid_thw");
    const auto features = visual->forward(pixelValues, imageGridThw); // [N / merge^2, hidden]
    if (features.size(0) != imageTokens)
        throw std::invalid_argument("image features and image tokens do not match: the vision tower gives "
                                    + std::to_string(features.size(0)) + " features (image_grid_thw "
                                    + shapeString(imageGridThw.sizes()) + ") but input_ids contain "
                                    + std::to_string(imageTokens) + " image tokens");
    return embeds.masked_scatter(imageMask.unsqueeze(-1).expand_as(embeds), features.to(embeds.scalar_type()));
}

torch::Tensor Qwen2_5_VLImpl::hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &pixelValues,
                                           const torch::Tensor &imageGridThw, const torch::Tensor &attentionMask,
                                           KVCache *cache)
{
    if (!inputIds.defined() || inputIds.dim() != 2)
        throw std::invalid_argument("Qwen2_5_VL: input_ids must be [batch, length], got "
                                    + (inputIds.defined() ? shapeString(inputIds.sizes()) : std::string("undefined")));
    if (inputIds.size(1) == 0)
        throw std::invalid_argument("Qwen2_5_VL: input_ids is empty");
    const auto device = outputEmbeddingWeight().device();
    const auto ids = inputIds.to(device, torch::kInt64);
    const bool decoding = cache && !cache->empty();
    if (decoding && pixelValues.defined())
        throw std::invalid_argument("Qwen2_5_VL: pixel_values can only be given with the prompt (prefill), "
                                    "not on a decoding step");
    const auto embeds = inputEmbeddings(ids, pixelValues, imageGridThw);

    torch::Tensor positions;
    if (decoding) {
        auto deltas = cache->ropeDeltas();
        if (!deltas.defined())
            deltas = torch::zeros({ids.size(0), 1}, torch::dtype(torch::kInt64));
        if (deltas.size(0) != ids.size(0))
            throw std::invalid_argument("Qwen2_5_VL: batch size " + std::to_string(ids.size(0))
                                        + " differs from the cached prefill's " + std::to_string(deltas.size(0)));
        const auto step = torch::arange(ids.size(1), torch::dtype(torch::kInt64).device(device)) + cache->length();
        positions = (step.unsqueeze(0) + deltas.to(device)).unsqueeze(0).expand({3, ids.size(0), ids.size(1)});
    } else {
        const auto mask2d = attentionMask.defined() && attentionMask.size(-1) == ids.size(1) ? attentionMask
                                                                                              : torch::Tensor();
        const auto index = computeRopeIndex(ids, imageGridThw, config_, mask2d);
        positions = index.positionIds;
        if (cache)
            cache->setRopeDeltas(index.deltas);
    }
    return model->forward(embeds, positions, attentionMask, cache);
}

torch::Tensor Qwen2_5_VLImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &pixelValues,
                                      const torch::Tensor &imageGridThw, const torch::Tensor &attentionMask,
                                      KVCache *cache)
{
    return logitsFromHidden(hiddenStates(inputIds, pixelValues, imageGridThw, attentionMask, cache));
}

torch::Tensor Qwen2_5_VLImpl::lastLogits(const torch::Tensor &inputIds, const torch::Tensor &pixelValues,
                                         const torch::Tensor &imageGridThw, const torch::Tensor &attentionMask,
                                         KVCache *cache)
{
    const auto hidden = hiddenStates(inputIds, pixelValues, imageGridThw, attentionMask, cache);
    return logitsFromHidden(hidden.select(1, hidden.size(1) - 1));
}

} // namespace sd::vlm
