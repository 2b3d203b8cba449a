// Small conversions between user-facing option strings and libtorch types.
#pragma once

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>
#include <c10/util/ArrayRef.h>

#include <string>

namespace sd::vlm {

// "f32"/"float32", "bf16"/"bfloat16", "f16"/"float16". Throws std::invalid_argument.
c10::ScalarType parseDtype(const std::string &name);
// "cpu", "cuda", "cuda:N". Throws std::runtime_error when this libtorch has no CUDA
// or no such device, saying so in words a user understands.
c10::Device parseDevice(const std::string &name);

// "[102, 732]": tensor shapes in error messages and reports.
std::string shapeString(c10::IntArrayRef sizes);

} // namespace sd::vlm
