#include "layers.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <optional>

namespace sd::vlm {

namespace {
thread_local bool constructingForLoading = false;
}

ConstructForLoadingGuard::ConstructForLoadingGuard(c10::ScalarType dtype)
    : previous_(torch::get_default_dtype()), wasActive_(constructingForLoading)
{
    torch::set_default_dtype(c10::scalarTypeToTypeMeta(dtype));
    constructingForLoading = true;
}

ConstructForLoadingGuard::~ConstructForLoadingGuard()
{
    torch::set_default_dtype(previous_);
    constructingForLoading = wasActive_;
}

bool ConstructForLoadingGuard::active()
{
    return constructingForLoading;
}

LinearImpl::LinearImpl(int64_t in, int64_t out, bool hasBias)
    : in_(in), out_(out)
{
    weight = register_parameter("weight", torch::empty({out, in}));
    if (constructingForLoading) {
        if (hasBias)
            bias = register_parameter("bias", torch::empty({out}));
        return;
    }
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    if (hasBias) {
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        bias = register_parameter("bias", torch::empty({out}).uniform_(-bound, bound));
    }
}

torch::Tensor LinearImpl::forward(const torch::Tensor &x)
{
    auto y = bias.defined() ? torch::linear(x, weight, bias) : torch::linear(x, weight);
    if (!lora)
        return y;
    auto h = x;
    if (lora->dropout > 0 && is_training())
        h = torch::dropout(h, lora->dropout, /*train=*/true);
    return y + torch::linear(torch::linear(h.to(lora->a.scalar_type()), lora->a), lora->b).to(y.scalar_type())
                   * lora->scaling;
}

RMSNormImpl::RMSNormImpl(int64_t dim, double eps) : eps_(eps)
{
    weight = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor &x)
{
    const auto inputType = x.scalar_type();
    auto h = x.to(torch::kFloat32);
    const auto variance = h.pow(2).mean(-1, /*keepdim=*/true);
    h = h * torch::rsqrt(variance + eps_);
    return weight * h.to(inputType);
}

torch::Tensor rotateHalf(const torch::Tensor &x)
{
    const int64_t half = x.size(-1) / 2;
    auto x1 = x.narrow(-1, 0, half);
    auto x2 = x.narrow(-1, half, x.size(-1) - half);
    return torch::cat({-x2, x1}, -1);
}

torch::Tensor attention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                        const torch::Tensor &mask, bool causal)
{
#if TORCH_VERSION_MAJOR >= 2
    // is_causal aligns the triangle top-left; with a KV cache (q shorter than k)
    // the query rows are the last ones, so build the bottom-right mask instead.
    std::optional<at::Tensor> m;
    bool useCausalFlag = false;
    if (mask.defined()) {
        m = mask;
    } else if (causal) {
        const int64_t ql = q.size(-2), kl = k.size(-2);
        if (ql == kl)
            useCausalFlag = true;
        else
            m = torch::ones({ql, kl}, torch::dtype(torch::kBool).device(q.device())).tril(kl - ql);
    }
    return at::scaled_dot_product_attention(q, k, v, m, 0.0, useCausalFlag);
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale;
    if (causal && !mask.defined()) {
        const int64_t ql = q.size(-2), kl = k.size(-2);
        auto keep = torch::ones({ql, kl}, torch::dtype(torch::kBool).device(q.device())).tril(kl - ql);
        scores = scores.masked_fill(keep.logical_not(), -std::numeric_limits<float>::infinity());
    } else if (mask.defined()) {
        if (mask.scalar_type() == torch::kBool)
            scores = scores.masked_fill(mask.logical_not(), -std::numeric_limits<float>::infinity());
        else
            scores = scores + mask;
    }
    // Softmax in float32 for stability in bf16, as HF's eager attention does.
    auto probs = torch::softmax(scores.to(torch::kFloat32), -1).to(q.scalar_type());
    return torch::matmul(probs, v);
#endif
}

} // namespace sd::vlm
