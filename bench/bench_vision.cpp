// Times image preprocessing and the Qwen2.5-VL vision tower with random weights.
//   bench_vision [--width 1920] [--height 1080] [--max-pixels 1003520] [--depth 32]
//                [--dtype f32|bf16] [--threads N] [--iters 3]
// Defaults: a full-HD frame and the 3B/7B vision tower (hidden 1280, 32 blocks).
#include "image_processor.h"
#include "vision.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

using namespace sd::vlm;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    int width = 1920, height = 1080, iters = 3, threads = 0;
    int64_t maxPixels = 28 * 28 * 1280, depth = 32;
    std::string dtype = "f32";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--width") width = std::stoi(value);
        else if (key == "--height") height = std::stoi(value);
        else if (key == "--max-pixels") maxPixels = std::stoll(value);
        else if (key == "--depth") depth = std::stoll(value);
        else if (key == "--dtype") dtype = value;
        else if (key == "--threads") threads = std::stoi(value);
        else if (key == "--iters") iters = std::stoi(value);
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    if (threads > 0)
        torch::set_num_threads(threads);
    try {
        RgbImage image{width, height, std::vector<uint8_t>(static_cast<size_t>(width) * height * 3)};
        std::mt19937 rng(1);
        for (auto &p : image.pixels)
            p = static_cast<uint8_t>(rng() & 0xff);

        ImageProcessorConfig config;
        config.maxPixels = maxPixels;
        auto start = std::chrono::steady_clock::now();
        const auto processed = preprocessImage(image, config);
        std::printf("preprocess %dx%d -> grid %lldx%lld (%lld patches): %.1f ms\n", width, height,
                    static_cast<long long>(processed.gridH), static_cast<long long>(processed.gridW),
                    static_cast<long long>(processed.pixelValues.size(0)), secondsSince(start) * 1e3);

        VisionConfig vc; // 3B/7B vision tower
        vc.depth = depth;
        vc.fullattBlockIndexes.erase(std::remove_if(vc.fullattBlockIndexes.begin(), vc.fullattBlockIndexes.end(),
                                                    [&](int64_t b) { return b >= depth; }),
                                     vc.fullattBlockIndexes.end());
        VisionTransformer tower(vc);
        tower->eval();
        const auto type = dtype == "bf16" ? torch::kBFloat16 : torch::kFloat32;
        tower->to(type);
        torch::NoGradGuard noGrad;
        for (int i = 0; i < iters; ++i) {
            start = std::chrono::steady_clock::now();
            auto out = tower->forward(processed.pixelValues, processed.gridThw());
            const double s = secondsSince(start);
            std::printf("vision tower depth %lld %s: %.3f s (%.0f patches/s), out [%lld, %lld]\n",
                        static_cast<long long>(depth), dtype.c_str(), s, processed.pixelValues.size(0) / s,
                        static_cast<long long>(out.size(0)), static_cast<long long>(out.size(1)));
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_vision: %s\n", e.what());
        return 1;
    }
    return 0;
}
