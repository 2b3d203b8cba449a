#include "kv_cache.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace sd::vlm {

KVCache::KVCache(int64_t numLayers, int64_t capacityHint)
    : layers_(static_cast<size_t>(std::max<int64_t>(numLayers, 0))), capacityHint_(std::max<int64_t>(capacityHint, 0))
{
    if (numLayers <= 0)
        throw std::invalid_argument("KVCache: number of layers must be positive, got " + std::to_string(numLayers));
}

int64_t KVCache::length() const
{
    // All layers agree between forward passes; the last layer is the one
    // appended to last, so it is the number of fully processed tokens.
    return layers_.back().length;
}

int64_t KVCache::capacity() const
{
    const auto &l = layers_.front();
    return l.keys.defined() ? l.keys.size(2) : 0;
}

void KVCache::reset()
{
    for (auto &l : layers_)
        l = Layer{};
    ropeDeltas_ = torch::Tensor();
    attentionMask_ = torch::Tensor();
}

std::pair<torch::Tensor, torch::Tensor> KVCache::append(int64_t layer, const torch::Tensor &k, const torch::Tensor &v)
{
    if (layer < 0 || layer >= numLayers())
        throw std::out_of_range("KVCache::append: layer " + std::to_string(layer) + " out of range (cache has "
                                + std::to_string(numLayers()) + ")");
    if (k.dim() != 4 || k.sizes() != v.sizes())
        throw std::invalid_argument("KVCache::append: keys and values must both be [batch, heads, tokens, dim]");
    auto &l = layers_[static_cast<size_t>(layer)];
    const int64_t added = k.size(2);
    if (l.keys.defined()) {
        if (k.size(0) != l.keys.size(0) || k.size(1) != l.keys.size(1) || k.size(3) != l.keys.size(3))
            throw std::invalid_argument("KVCache::append: layer " + std::to_string(layer)
                                        + " got a different batch size, head count or head dim than it holds");
        if (k.scalar_type() != l.keys.scalar_type() || k.device() != l.keys.device())
            throw std::invalid_argument("KVCache::append: layer " + std::to_string(layer)
                                        + " got a different dtype or device than it holds");
    }
    const int64_t needed = l.length + added;
    const int64_t cap = l.keys.defined() ? l.keys.size(2) : 0;
    if (needed > cap) {
        int64_t newCap = std::max({needed, cap * 2, capacityHint_, int64_t{64}});
        auto shape = k.sizes().vec();
        shape[2] = newCap;
        auto keys = torch::empty(shape, k.options());
        auto values = torch::empty(shape, v.options());
        if (l.length > 0) {
            keys.narrow(2, 0, l.length).copy_(l.keys.narrow(2, 0, l.length));
            values.narrow(2, 0, l.length).copy_(l.values.narrow(2, 0, l.length));
        }
        l.keys = keys;
        l.values = values;
    }
    l.keys.narrow(2, l.length, added).copy_(k);
    l.values.narrow(2, l.length, added).copy_(v);
    l.length = needed;
    return {l.keys.narrow(2, 0, needed), l.values.narrow(2, 0, needed)};
}

} // namespace sd::vlm
