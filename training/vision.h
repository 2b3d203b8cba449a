// The Qwen2.5-VL vision tower ("visual.*" in a checkpoint): patch embedding,
// transformer blocks with 2D rotary embeddings and window attention (full
// attention in config.fullattBlockIndexes), and the 2x2 patch merger that maps
// into the language model's hidden size. Submodules carry the checkpoint's names
// relative to "visual.", so a parent that registers this module as "visual" has
// exactly the canonical parameter names (see checkpoint.h).
#pragma once

#include "config.h"
#include "layers.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

namespace sd::vlm {

struct GridThw {
    int64_t t = 0, h = 0, w = 0; // in patches; h and w are multiples of the merge size
};

// Reads an int64 [numImages, 3] tensor (any device) into grids; throws
// std::invalid_argument for a bad shape or non-positive entries.
std::vector<GridThw> gridsFromTensor(const torch::Tensor &gridThw);

// Window layout of merged patches, as HF's get_window_index + unique_consecutive:
// windowIndex[i] = raster index (over all images, merge blocks) of the i-th merge
// block in window order; cuWindowSeqlens = window boundaries in patch tokens,
// starting at 0, without repeated entries (empty padding windows removed).
struct WindowIndex {
    std::vector<int64_t> windowIndex;
    std::vector<int64_t> cuWindowSeqlens;
};
WindowIndex computeWindowIndex(const std::vector<GridThw> &grids, int64_t windowSize, int64_t patchSize,
                               int64_t mergeSize);

// Patch token boundaries of full attention: one segment per temporal frame.
std::vector<int64_t> fullAttentionSeqlens(const std::vector<GridThw> &grids);

// (h, w) rotary position of every patch token in merge-block order: [N, 2] int64.
torch::Tensor visionPositionIds(const std::vector<GridThw> &grids, int64_t mergeSize);

// Attention of q, k, v [N, heads, headDim] restricted to the segments given by
// cumulative boundaries cuSeqlens (0 = first, N = last); segments of equal length
// are batched together. Returns [N, heads, headDim].
torch::Tensor segmentedAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                 const std::vector<int64_t> &cuSeqlens);

class VisionAttentionImpl : public torch::nn::Module {
public:
    VisionAttentionImpl(int64_t hidden, int64_t numHeads);
    // x [N, hidden]; cos/sin float32 [N, headDim].
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                          const std::vector<int64_t> &cuSeqlens);

    Linear qkv{nullptr};
    Linear proj{nullptr};

private:
    int64_t numHeads_, headDim_;
};
TORCH_MODULE(VisionAttention);

class VisionMlpImpl : public torch::nn::Module {
public:
    VisionMlpImpl(int64_t hidden, int64_t intermediate, const std::string &act);
    torch::Tensor forward(const torch::Tensor &x);

    Linear gate_proj{nullptr};
    Linear up_proj{nullptr};
    Linear down_proj{nullptr};

private:
    std::string act_;
};
TORCH_MODULE(VisionMlp);

class VisionBlockImpl : public torch::nn::Module {
public:
    explicit VisionBlockImpl(const VisionConfig &config);
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                          const std::vector<int64_t> &cuSeqlens);

    RMSNorm norm1{nullptr};
    RMSNorm norm2{nullptr};
    VisionAttention attn{nullptr};
    VisionMlp mlp{nullptr};
};
TORCH_MODULE(VisionBlock);

// patch_embed.proj is a Conv3d with kernel = stride = patch ([hidden, C, T, P, P], no
// bias); on the flattened rows it is one matrix product, computed as such.
class PatchEmbedImpl : public torch::nn::Module {
public:
    PatchEmbedImpl(int64_t inChannels, int64_t temporalPatch, int64_t patch, int64_t hidden);
    torch::Tensor forward(const torch::Tensor &pixelValues); // [N, C*T*P*P] -> [N, hidden]

    torch::nn::Conv3d proj{nullptr};
};
TORCH_MODULE(PatchEmbed);

// merger.mlp as in HF's nn.Sequential(Linear, GELU, Linear): children "0" and "2".
class MergerMlpImpl : public torch::nn::Module {
public:
    MergerMlpImpl(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor &x);

    Linear fc1{nullptr}; // "0"
    Linear fc2{nullptr}; // "2"
};
TORCH_MODULE(MergerMlp);

class PatchMergerImpl : public torch::nn::Module {
public:
    PatchMergerImpl(int64_t hidden, int64_t outHidden, int64_t mergeSize);
    // [N, hidden] in merge-block order -> [N / merge^2, outHidden]
    torch::Tensor forward(const torch::Tensor &x);

    RMSNorm ln_q{nullptr};
    MergerMlp mlp{nullptr};

private:
    int64_t mergedHidden_;
};
TORCH_MODULE(PatchMerger);

class VisionTransformerImpl : public torch::nn::Module {
public:
    // Throws ConfigError for inconsistent sizes or an unsupported activation.
    explicit VisionTransformerImpl(const VisionConfig &config);

    // pixelValues [N, C*T*P*P] (any float dtype; cast to the weights' dtype),
    // gridThw int64 [numImages, 3] -> [N / merge^2, outHiddenSize] in raster order
    // of merged patches, images one after another. Throws std::invalid_argument
    // when shapes and grids disagree.
    torch::Tensor forward(const torch::Tensor &pixelValues, const torch::Tensor &gridThw);

    const VisionConfig &config() const { return config_; }
    int64_t headDim() const { return config_.hiddenSize / config_.numHeads; }

    PatchEmbed patch_embed{nullptr};
    torch::nn::ModuleList blocks{nullptr};
    PatchMerger merger{nullptr};

private:
    torch::Tensor rotaryTable(int64_t maxPosition, const torch::Device &device) const; // [maxPosition, headDim/4]

    VisionConfig config_;
    torch::Tensor invFreq_; // float32 [headDim/4]; not a parameter and not in checkpoints
};
TORCH_MODULE(VisionTransformer);

} // namespace sd::vlm
