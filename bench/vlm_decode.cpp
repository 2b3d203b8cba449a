// bench/vlm_decode: load time, prefill time for a frame plus prompt, decode tokens/s.
//   vlm_decode --model DIR [--device cuda] [--dtype bf16]
//   vlm_decode --random-config 3b|7b|tiny [--device cuda] [--dtype bf16]
// Random weights measure speed without a download (the output text is noise).
#include "config.h"
#include "generation.h"
#include "image_processor.h"
#include "qwen2_5_vl.h"
#include "torch_utils.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

using namespace sd::vlm;
using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

static void synchronize(const torch::Device &device)
{
    if (device.is_cuda())
        torch::cuda::synchronize();
}

int main(int argc, char **argv)
{
    std::string modelDir, preset, deviceName = "cpu", dtypeName = "f32";
    int width = 640, height = 512, promptTokens = 32, newTokens = 32, threads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--model") modelDir = next();
        else if (a == "--random-config") preset = next();
        else if (a == "--device") deviceName = next();
        else if (a == "--dtype") dtypeName = next();
        else if (a == "--width") width = std::stoi(next());
        else if (a == "--height") height = std::stoi(next());
        else if (a == "--prompt-tokens") promptTokens = std::stoi(next());
        else if (a == "--new-tokens") newTokens = std::stoi(next());
        else if (a == "--threads") threads = std::stoi(next());
        else {
            std::cout << "usage: vlm_decode (--model DIR | --random-config 3b|7b|tiny) [--device cpu|cuda]\n"
                         "                  [--dtype f32|bf16] [--width 640 --height 512] [--prompt-tokens 32]\n"
                         "                  [--new-tokens 32] [--threads N]\n";
            return a == "--help" ? 0 : 2;
        }
    }
    if (modelDir.empty() == preset.empty()) {
        std::cerr << "vlm_decode: give exactly one of --model DIR or --random-config NAME\n";
        return 2;
    }
    try {
        if (threads > 0)
            torch::set_num_threads(threads);
        const auto device = parseDevice(deviceName);
        const auto dtype = parseDtype(dtypeName);
        torch::NoGradGuard noGrad;

        auto t0 = Clock::now();
        Qwen2_5_VL model{nullptr};
        ModelConfig config;
        ImageProcessorConfig processor;
        if (!modelDir.empty()) {
            model = Qwen2_5_VLImpl::load(modelDir, dtype, device);
            config = ModelConfig::fromFile(modelDir + "/config.json");
            processor = ImageProcessorConfig::fromFile(modelDir + "/preprocessor_config.json");
        } else {
            config = ModelConfig::preset(preset);
            torch::manual_seed(0);
            // Build directly in the target precision: a float32 7B copy would not fit in RAM.
            const auto previous = torch::get_default_dtype();
            torch::set_default_dtype(c10::scalarTypeToTypeMeta(dtype));
            model = Qwen2_5_VL(config);
            torch::set_default_dtype(previous);
            model->to(device, dtype);
        }
        model->eval();
        synchronize(device);
        const double loadSeconds = secondsSince(t0);

        // A synthetic frame: the content does not matter for speed, only its size.
        RgbImage image;
        image.width = width;
        image.height = height;
        image.pixels.resize(static_cast<size_t>(width) * height * 3);
        for (size_t i = 0; i < image.pixels.size(); ++i)
            image.pixels[i] = static_cast<uint8_t>((i * 2654435761u) >> 24);
        t0 = Clock::now();
        const auto processed = preprocessImage(image, processor);
        const double preprocessSeconds = secondsSince(t0);

        // <|vision_start|> pads <|vision_end|> then prompt text tokens (ids below the specials).
        const int64_t imageTokens = processed.gridT * processed.gridH * processed.gridW
            / (config.vision.spatialMergeSize * config.vision.spatialMergeSize);
        std::vector<int64_t> ids{config.visionStartTokenId};
        ids.insert(ids.end(), imageTokens, config.imageTokenId);
        ids.push_back(config.visionEndTokenId);
        for (int i = 0; i < promptTokens; ++i)
            ids.push_back(100 + (i * 37) % 1000 % std::max<int64_t>(1, config.imageTokenId - 200));
        const auto inputIds = torch::tensor(ids, torch::kLong).unsqueeze(0).to(device);
        const auto pixels = processed.pixelValues.to(device, dtype);
        const auto grid = processed.gridThw().to(device);

        GenerationOptions options;
        options.maxNewTokens = newTokens;
        options.stopTokenIds = {}; // fixed number of tokens
        int produced = 0;
        Clock::time_point firstTokenAt;
        t0 = Clock::now();
        generate(model, inputIds, pixels, grid, options, [&](int64_t) {
            if (produced++ == 0) {
                synchronize(device);
                firstTokenAt = Clock::now();
            }
            return true;
        });
        synchronize(device);
        const auto end = Clock::now();
        const double prefillSeconds = std::chrono::duration<double>(firstTokenAt - t0).count();
        const double decodeSeconds = std::chrono::duration<double>(end - firstTokenAt).count();

        std::printf("model            %s\n", modelDir.empty() ? ("random " + preset).c_str() : modelDir.c_str());
        std::printf("device / dtype   %s / %s, %d threads\n", device.str().c_str(), dtypeName.c_str(),
                    torch::get_num_threads());
        std::printf("load             %.2f s\n", loadSeconds);
        std::printf("preprocess       %.1f ms (%dx%d -> grid %lldx%lld, %lld image tokens)\n", preprocessSeconds * 1e3,
                    width, height, static_cast<long long>(processed.gridH), static_cast<long long>(processed.gridW),
                    static_cast<long long>(imageTokens));
        std::printf("prefill          %.3f s for %zu tokens (%.1f tokens/s)\n", prefillSeconds, ids.size(),
                    ids.size() / prefillSeconds);
        std::printf("decode           %d tokens in %.3f s: %.2f tokens/s\n", produced - 1, decodeSeconds,
                    produced > 1 ? (produced - 1) / decodeSeconds : 0.0);
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "vlm_decode: " << e.what() << "\n";
        return 1;
    }
}
