#include "vision.h"

#include <torch/torch.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

namespace sd::vlm {

namespace {

torch::Tensor activate(const torch::Tensor &x, const std::string &act)
{
    if (act == "silu" || act == "swish")
        return torch::silu(x);
    if (act == "gelu")
        return torch::gelu(x);
    if (act == "gelu_pytorch_tanh" || act == "gelu_new")
        return torch::gelu(x, "tanh");
    if (act == "quick_gelu")
        return x * torch::sigmoid(1.702 * x);
    throw ConfigError("vision_config.hidden_act: unsupported activation \"" + act + "\"");
}

bool isSupportedActivation(const std::string &act)
{
    return act == "silu" || act == "swish" || act == "gelu" || act == "gelu_pytorch_tanh" || act == "gelu_new" ||
           act == "quick_gelu";
}

torch::Tensor indexTensor(const std::vector<int64_t> &values, const torch::Device &device)
{
    return torch::tensor(values, torch::kInt64).to(device);
}

std::vector<int64_t> inversePermutation(const std::vector<int64_t> &perm)
{
    std::vector<int64_t> inverse(perm.size());
    for (size_t i = 0; i < perm.size(); ++i)
        inverse[static_cast<size_t>(perm[i])] = static_cast<int64_t>(i);
    return inverse;
}

} // namespace

std::vector<GridThw> gridsFromTensor(const torch::Tensor &gridThw)
{
    if (!gridThw.defined() || gridThw.dim() != 2 || gridThw.size(1) != 3 || gridThw.size(0) == 0)
        throw std::invalid_argument("grid_thw: expected an int64 tensor [numImages, 3]");
    if (gridThw.is_floating_point() || gridThw.is_complex() || gridThw.scalar_type() == torch::kBool)
        throw std::invalid_argument("grid_thw: expected an integer tensor");
    const auto cpu = gridThw.to(torch::kCPU, torch::kInt64).contiguous();
    const int64_t *p = cpu.data_ptr<int64_t>();
    std::vector<GridThw> grids;
    for (int64_t i = 0; i < cpu.size(0); ++i) {
        GridThw g{p[i * 3], p[i * 3 + 1], p[i * 3 + 2]};
        if (g.t <= 0 || g.h <= 0 || g.w <= 0)
            throw std::invalid_argument("grid_thw[" + std::to_string(i) + "]: entries must be positive");
        grids.push_back(g);
    }
    return grids;
}

WindowIndex computeWindowIndex(const std::vector<GridThw> &grids, int64_t windowSize, int64_t patchSize,
                               int64_t mergeSize)
{
    if (patchSize <= 0 || mergeSize <= 0)
        throw std::invalid_argument("window index: patch and merge sizes must be positive");
    const int64_t win = windowSize / mergeSize / patchSize; // window side in merged patches
    if (win <= 0)
        throw std::invalid_argument("window index: window_size " + std::to_string(windowSize) +
                                    " is smaller than one merged patch");
    const int64_t unit = mergeSize * mergeSize;
    WindowIndex result;
    result.cuWindowSeqlens.push_back(0);
    int64_t offset = 0;
    for (const GridThw &g : grids) {
        if (g.h % mergeSize != 0 || g.w % mergeSize != 0)
            throw std::invalid_argument("window index: grid " + std::to_string(g.h) + "x" + std::to_string(g.w) +
                                        " is not a multiple of the merge size");
        const int64_t lh = g.h / mergeSize, lw = g.w / mergeSize;
        // Windows tile the merged grid from the top-left; the last row/column of
        // windows is partial (HF pads with -100 and drops the padding).
        const int64_t windowsH = lh / win + 1, windowsW = lw / win + 1;
        for (int64_t t = 0; t < g.t; ++t) {
            for (int64_t wy = 0; wy < windowsH; ++wy) {
                for (int64_t wx = 0; wx < windowsW; ++wx) {
                    int64_t count = 0;
                    for (int64_t y = wy * win; y < std::min(lh, (wy + 1) * win); ++y) {
                        for (int64_t x = wx * win; x < std::min(lw, (wx + 1) * win); ++x) {
                            result.windowIndex.push_back(offset + t * lh * lw + y * lw + x);
                            ++count;
                        }
                    }
                    if (count > 0) // empty padding windows would repeat the boundary
                        result.cuWindowSeqlens.push_back(result.cuWindowSeqlens.back() + count * unit);
                }
            }
        }
        offset += g.t * lh * lw;
    }
    return result;
}

std::vector<int64_t> fullAttentionSeqlens(const std::vector<GridThw> &grids)
{
    std::vector<int64_t> cu{0};
    for (const GridThw &g : grids)
        for (int64_t t = 0; t < g.t; ++t)
            cu.push_back(cu.back() + g.h * g.w);
    return cu;
}

torch::Tensor visionPositionIds(const std::vector<GridThw> &grids, int64_t mergeSize)
{
    std::vector<torch::Tensor> parts;
    for (const GridThw &g : grids) {
        auto hpos = torch::arange(g.h, torch::kInt64).unsqueeze(1).expand({g.h, g.w});
        auto wpos = torch::arange(g.w, torch::kInt64).unsqueeze(0).expand({g.h, g.w});
        // Raster order of patches -> order of patches inside 2x2 merge blocks.
        auto toMergeOrder = [&](const torch::Tensor &p) {
            return p.reshape({g.h / mergeSize, mergeSize, g.w / mergeSize, mergeSize}).permute({0, 2, 1, 3}).flatten();
        };
        parts.push_back(torch::stack({toMergeOrder(hpos), toMergeOrder(wpos)}, -1).repeat({g.t, 1}));
    }
    return torch::cat(parts, 0);
}

torch::Tensor segmentedAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                 const std::vector<int64_t> &cuSeqlens)
{
    const int64_t n = q.size(0), heads = q.size(1), dim = q.size(2);
    if (cuSeqlens.size() < 2 || cuSeqlens.front() != 0 || cuSeqlens.back() != n)
        throw std::invalid_argument("segmentedAttention: boundaries must run from 0 to " + std::to_string(n));

    // Segment starts grouped by length, so each group is one batched attention call.
    std::map<int64_t, std::vector<int64_t>> startsByLength;
    for (size_t i = 1; i < cuSeqlens.size(); ++i) {
        const int64_t len = cuSeqlens[i] - cuSeqlens[i - 1];
        if (len < 0)
            throw std::invalid_argument("segmentedAttention: boundaries must not decrease");
        if (len > 0)
            startsByLength[len].push_back(cuSeqlens[i - 1]);
    }

    const auto device = q.device();
    std::vector<torch::Tensor> outputs;
    std::vector<int64_t> order; // token index of each output row
    order.reserve(static_cast<size_t>(n));
    bool identity = startsByLength.size() == 1;
    for (const auto &[len, starts] : startsByLength) {
        const auto count = static_cast<int64_t>(starts.size());
        std::vector<int64_t> rows;
        rows.reserve(static_cast<size_t>(count * len));
        for (int64_t s : starts)
            for (int64_t j = 0; j < len; ++j)
                rows.push_back(s + j);
        torch::Tensor qs, ks, vs;
        if (identity) { // one length: segments are already contiguous in order
            qs = q, ks = k, vs = v;
        } else {
            const auto idx = indexTensor(rows, device);
            qs = q.index_select(0, idx), ks = k.index_select(0, idx), vs = v.index_select(0, idx);
        }
        auto shape = [&](const torch::Tensor &x) { return x.reshape({count, len, heads, dim}).transpose(1, 2); };
        auto out = attention(shape(qs), shape(ks), shape(vs), torch::Tensor(), /*causal=*/false);
        outputs.push_back(out.transpose(1, 2).reshape({count * len, heads, dim}));
        order.insert(order.end(), rows.begin(), rows.end());
    }
    if (identity)
        return outputs.front();
    return torch::cat(outputs, 0).index_select(0, indexTensor(inversePermutation(order), device));
}

// ---------------------------------------------------------------------------

VisionAttentionImpl::VisionAttentionImpl(int64_t hidden, int64_t numHeads)
    : numHeads_(numHeads), headDim_(hidden / numHeads)
{
    qkv = register_module("qkv", Linear(hidden, hidden * 3, true));
    proj = register_module("proj", Linear(hidden, hidden, true));
}

torch::Tensor VisionAttentionImpl::forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                                           const std::vector<int64_t> &cuSeqlens)
{
    const int64_t n = x.size(0);
    auto qkvOut = qkv->forward(x).reshape({n, 3, numHeads_, headDim_}).permute({1, 0, 2, 3});
    auto q = qkvOut[0], k = qkvOut[1], v = qkvOut[2];
    // Rotary embedding in float32, as HF's apply_rotary_pos_emb_vision.
    const auto c = cos.unsqueeze(-2), s = sin.unsqueeze(-2);
    auto rotate = [&](const torch::Tensor &t) {
        const auto f = t.to(torch::kFloat32);
        return (f * c + rotateHalf(f) * s).to(t.scalar_type());
    };
    q = rotate(q);
    k = rotate(k);
    auto out = segmentedAttention(q, k, v.contiguous(), cuSeqlens);
    return proj->forward(out.reshape({n, numHeads_ * headDim_}));
}

VisionMlpImpl::VisionMlpImpl(int64_t hidden, int64_t intermediate, const std::string &act) : act_(act)
{
    gate_proj = register_module("gate_proj", Linear(hidden, intermediate, true));
    up_proj = register_module("up_proj", Linear(hidden, intermediate, true));
    down_proj = register_module("down_proj", Linear(intermediate, hidden, true));
}

torch::Tensor VisionMlpImpl::forward(const torch::Tensor &x)
{
    return down_proj->forward(activate(gate_proj->forward(x), act_) * up_proj->forward(x));
}

VisionBlockImpl::VisionBlockImpl(const VisionConfig &config)
{
    norm1 = register_module("norm1", RMSNorm(config.hiddenSize, 1e-6));
    norm2 = register_module("norm2", RMSNorm(config.hiddenSize, 1e-6));
    attn = register_module("attn", VisionAttention(config.hiddenSize, config.numHeads));
    mlp = register_module("mlp", VisionMlp(config.hiddenSize, config.intermediateSize, config.hiddenAct));
}

torch::Tensor VisionBlockImpl::forward(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin,
                                       const std::vector<int64_t> &cuSeqlens)
{
    auto h = x + attn->forward(norm1->forward(x), cos, sin, cuSeqlens);
    return h + mlp->forward(norm2->forward(h));
}

PatchEmbedImpl::PatchEmbedImpl(int64_t inChannels, int64_t temporalPatch, int64_t patch, int64_t hidden)
{
    const std::vector<int64_t> kernel{temporalPatch, patch, patch};
    proj = register_module(
        "proj", torch::nn::Conv3d(torch::nn::Conv3dOptions(inChannels, hidden, kernel).stride(kernel).bias(false)));
}

torch::Tensor PatchEmbedImpl::forward(const torch::Tensor &pixelValues)
{
    const auto &w = proj->weight;
    return torch::linear(pixelValues.to(w.scalar_type()), w.flatten(1));
}

MergerMlpImpl::MergerMlpImpl(int64_t in, int64_t out)
{
    fc1 = register_module("0", Linear(in, in, true));
    fc2 = register_module("2", Linear(in, out, true));
}

torch::Tensor MergerMlpImpl::forward(const torch::Tensor &x)
{
    return fc2->forward(torch::gelu(fc1->forward(x))); // exact (erf) GELU, nn.GELU()
}

PatchMergerImpl::PatchMergerImpl(int64_t hidden, int64_t outHidden, int64_t mergeSize)
    : mergedHidden_(hidden * mergeSize * mergeSize)
{
    ln_q = register_module("ln_q", RMSNorm(hidden, 1e-6));
    mlp = register_module("mlp", MergerMlp(mergedHidden_, outHidden));
}

torch::Tensor PatchMergerImpl::forward(const torch::Tensor &x)
{
    return mlp->forward(ln_q->forward(x).reshape({-1, mergedHidden_}));
}

// ---------------------------------------------------------------------------

VisionTransformerImpl::VisionTransformerImpl(const VisionConfig &config) : config_(config)
{
    const auto &c = config_;
    auto require = [](bool ok, const std::string &what) {
        if (!ok)
            throw ConfigError("vision_config: " + what);
    };
    require(c.depth > 0 && c.hiddenSize > 0 && c.intermediateSize > 0 && c.numHeads > 0 && c.inChannels > 0 &&
                c.patchSize > 0 && c.spatialMergeSize > 0 && c.temporalPatchSize > 0 && c.outHiddenSize > 0,
            "sizes must be positive");
    require(c.hiddenSize % c.numHeads == 0, "hidden_size must be divisible by num_heads");
    require((c.hiddenSize / c.numHeads) % 4 == 0, "head dimension must be divisible by 4 (2D rotary embedding)");
    require(c.windowSize / c.spatialMergeSize / c.patchSize > 0, "window_size must cover at least one merged patch");
    require(c.ropeTheta > 0, "rope_theta must be positive");
    require(isSupportedActivation(c.hiddenAct), "unsupported hidden_act \"" + c.hiddenAct + "\"");
    for (int64_t i : c.fullattBlockIndexes)
        require(i >= 0 && i < c.depth, "fullatt_block_indexes entry " + std::to_string(i) + " is out of range");

    patch_embed = register_module("patch_embed",
                                  PatchEmbed(c.inChannels, c.temporalPatchSize, c.patchSize, c.hiddenSize));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.depth; ++i)
        blocks->push_back(VisionBlock(c));
    merger = register_module("merger", PatchMerger(c.hiddenSize, c.outHiddenSize, c.spatialMergeSize));

    // inv_freq of HF's VisionRotaryEmbedding(dim = headDim / 2), in float32.
    const int64_t rotaryDim = headDim() / 2;
    invFreq_ = 1.0 / torch::pow(torch::tensor(c.ropeTheta, torch::kFloat32),
                                torch::arange(0, rotaryDim, 2, torch::kFloat32) / static_cast<double>(rotaryDim));
}

torch::Tensor VisionTransformerImpl::rotaryTable(int64_t maxPosition, const torch::Device &device) const
{
    auto positions = torch::arange(maxPosition, torch::kFloat32);
    return torch::outer(positions, invFreq_).to(device);
}

torch::Tensor VisionTransformerImpl::forward(const torch::Tensor &pixelValues, const torch::Tensor &gridThw)
{
    const auto &c = config_;
    const auto grids = gridsFromTensor(gridThw);
    const int64_t rowSize = c.inChannels * c.temporalPatchSize * c.patchSize * c.patchSize;
    if (!pixelValues.defined() || pixelValues.dim() != 2 || pixelValues.size(1) != rowSize)
        throw std::invalid_argument("pixel_values: expected [N, " + std::to_string(rowSize) + "]");
    if (!pixelValues.is_floating_point())
        throw std::invalid_argument("pixel_values: expected a floating point tensor");
    int64_t expected = 0, maxSide = 0;
    for (const GridThw &g : grids) {
        if (g.h % c.spatialMergeSize != 0 || g.w % c.spatialMergeSize != 0)
            throw std::invalid_argument("grid_thw: " + std::to_string(g.h) + "x" + std::to_string(g.w) +
                                        " is not a multiple of the merge size");
        expected += g.t * g.h * g.w;
        maxSide = std::max({maxSide, g.h, g.w});
    }
    const int64_t n = pixelValues.size(0);
    if (n != expected)
        throw std::invalid_argument("pixel_values: " + std::to_string(n) + " rows but grid_thw describes " +
                                    std::to_string(expected) + " patches");

    const auto device = patch_embed->proj->weight.device();
    const int64_t unit = c.spatialMergeSize * c.spatialMergeSize;
    auto hidden = patch_embed->forward(pixelValues.to(device));

    // 2D rotary: [N, headDim/2] = (h frequencies, w frequencies) per token.
    const auto table = rotaryTable(maxSide, device);
    const auto pos = visionPositionIds(grids, c.spatialMergeSize).to(device);
    auto rotary = torch::cat({table.index_select(0, pos.select(1, 0)), table.index_select(0, pos.select(1, 1))}, -1);

    // Reorder merge blocks into window order; undone after the merger.
    const WindowIndex windows = computeWindowIndex(grids, c.windowSize, c.patchSize, c.spatialMergeSize);
    const auto windowIdx = indexTensor(windows.windowIndex, device);
    auto toWindowOrder = [&](const torch::Tensor &x) {
        return x.reshape({n / unit, unit, x.size(-1)}).index_select(0, windowIdx).reshape({n, x.size(-1)});
    };
    hidden = toWindowOrder(hidden);
    rotary = toWindowOrder(rotary);
    const auto emb = torch::cat({rotary, rotary}, -1);
    const auto cos = emb.cos(), sin = emb.sin();

    const auto fullSeqlens = fullAttentionSeqlens(grids);
    const auto &fullBlocks = c.fullattBlockIndexes;
    for (size_t i = 0; i < blocks->size(); ++i) {
        const bool full = std::find(fullBlocks.begin(), fullBlocks.end(), static_cast<int64_t>(i)) != fullBlocks.end();
        hidden = blocks->ptr<VisionBlockImpl>(i)->forward(hidden, cos, sin,
                                                          full ? fullSeqlens : windows.cuWindowSeqlens);
    }
    auto merged = merger->forward(hidden);
    return merged.index_select(0, indexTensor(inversePermutation(windows.windowIndex), device));
}

} // namespace sd::vlm
