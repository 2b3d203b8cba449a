// Basic layers shared by the vision tower and the language model.
// Parameters are registered under Hugging Face's names ("weight", "bias"), so a
// whole model's named_parameters() are exactly the checkpoint's canonical names
// and loading/saving is one generic pass (see checkpoint.h).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>

namespace sd::vlm {

// While alive (one thread), modules are built for immediate loading from a
// checkpoint: parameters are created in `dtype` and Linear skips its random
// init. A 7B model then never exists as a float32 copy (28 GB) before loading.
class ConstructForLoadingGuard {
public:
    explicit ConstructForLoadingGuard(c10::ScalarType dtype);
    ~ConstructForLoadingGuard();
    ConstructForLoadingGuard(const ConstructForLoadingGuard &) = delete;
    ConstructForLoadingGuard &operator=(const ConstructForLoadingGuard &) = delete;
    static bool active();

private:
    caffe2::TypeMeta previous_;
    bool wasActive_;
};

// Low-rank adapter of one Linear (LoRA, Hu et al.; PEFT's semantics):
// y += dropout(x) A^T B^T * alpha / rank. A and B are deliberately NOT registered
// parameters of the Linear, so named_parameters() stay the checkpoint's names
// and loading/saving the base model is unchanged; see lora.h for attaching,
// collecting and merging them.
struct LoraAdapter {
    torch::Tensor a; // [rank, in]
    torch::Tensor b; // [out, rank]
    double scaling = 1.0;
    double dropout = 0.0;
};

// y = x W^T + b. Our own module (not torch::nn::Linear) so that a LoRA adapter
// can be attached to any instance later without changing the call sites.
class LinearImpl : public torch::nn::Module {
public:
    LinearImpl(int64_t in, int64_t out, bool bias);
    torch::Tensor forward(const torch::Tensor &x);

    int64_t inFeatures() const { return in_; }
    int64_t outFeatures() const { return out_; }

    torch::Tensor weight;
    torch::Tensor bias; // undefined when bias == false
    std::shared_ptr<LoraAdapter> lora; // null unless an adapter is attached

private:
    int64_t in_, out_;
};
TORCH_MODULE(Linear);

// Qwen2 RMSNorm: computed in float32, result cast back to the input dtype, then scaled.
class RMSNormImpl : public torch::nn::Module {
public:
    RMSNormImpl(int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor &x);

    torch::Tensor weight;

private:
    double eps_;
};
TORCH_MODULE(RMSNorm);

// Rotates half the last dimension: cat(-x2, x1), as in the HF rotary code.
torch::Tensor rotateHalf(const torch::Tensor &x);

// Scaled dot-product attention on [batch, heads, q, d] x [batch, heads, k, d].
// mask: optional additive float mask broadcastable to [batch, heads, q, k], or a
// bool mask (true = attend). Uses the fused kernel where libtorch has it.
torch::Tensor attention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                        const torch::Tensor &mask, bool causal);

} // namespace sd::vlm
