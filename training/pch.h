// Precompiled header for the engine: libtorch's headers dominate build time.
#pragma once
#include <torch/torch.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
