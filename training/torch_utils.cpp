#include "torch_utils.h"

#include <torch/cuda.h>

#include <stdexcept>

namespace sd::vlm {

c10::ScalarType parseDtype(const std::string &name)
{
    if (name == "f32" || name == "float32" || name == "fp32")
        return c10::ScalarType::Float;
    if (name == "bf16" || name == "bfloat16")
        return c10::ScalarType::BFloat16;
    if (name == "f16" || name == "float16" || name == "fp16")
        return c10::ScalarType::Half;
    throw std::invalid_argument("unknown precision '" + name + "' (use f32 or bf16)");
}

c10::Device parseDevice(const std::string &name)
{
    if (name == "cpu")
        return c10::Device(c10::DeviceType::CPU);
    if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
        if (!torch::cuda::is_available())
            throw std::runtime_error("--device " + name
                                     + ": this build's libtorch has no CUDA (or no GPU is visible); use --device cpu");
        const c10::Device device(name);
        if (device.has_index() && device.index() >= static_cast<int>(torch::cuda::device_count()))
            throw std::runtime_error("--device " + name + ": only " + std::to_string(torch::cuda::device_count())
                                     + " CUDA device(s) present");
        return device;
    }
    throw std::invalid_argument("unknown device '" + name + "' (use cpu or cuda)");
}

std::string shapeString(c10::IntArrayRef sizes)
{
    std::string out = "[";
    for (size_t i = 0; i < sizes.size(); ++i)
        out += (i ? ", " : "") + std::to_string(sizes[i]);
    return out + "]";
}

} // namespace sd::vlm
