#include "reference_check.h"

#include "chat.h"
#include "checkpoint.h"
#include "config.h"
#include "generation.h"
#include "image_processor.h"
#include "json_limits.h"
#include "qwen2_5_vl.h"
#include "rope_index.h"
#include "safetensors.h"
#include "tokenizer.h"
#include "torch_utils.h"
#include "vision.h"

#include <torch/torch.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace sd::vlm {

namespace {

nlohmann::json readJson(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    try {
        return parseJsonBounded(in);
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(path + " is not valid JSON: " + e.what());
    }
}

class Checker {
public:
    Checker(std::vector<ReferenceCheckLine> &lines, const std::function<void(const ReferenceCheckLine &)> &onLine)
        : lines_(lines), onLine_(onLine) {}

    void add(ReferenceCheckLine line)
    {
        lines_.push_back(line);
        if (onLine_)
            onLine_(line);
    }

    void exact(const std::string &quantity, const torch::Tensor &ours, const torch::Tensor &ref, int64_t prefix = -1)
    {
        ReferenceCheckLine line{quantity, prefix >= 0 ? "exact (first " + std::to_string(prefix) + ")" : "exact"};
        auto a = ours.to(torch::kCPU, torch::kLong).flatten();
        auto b = ref.to(torch::kCPU, torch::kLong).flatten();
        if (prefix >= 0) {
            a = a.narrow(0, 0, std::min<int64_t>(prefix, a.numel()));
            b = b.narrow(0, 0, std::min<int64_t>(prefix, b.numel()));
        }
        line.detail = shapeString(ours.sizes());
        if (a.numel() != b.numel()) {
            line.error = 1;
            line.detail += " vs reference " + shapeString(ref.sizes());
        } else {
            const auto diff = a.ne(b).nonzero();
            line.error = static_cast<double>(diff.size(0));
            if (diff.size(0) > 0) {
                const int64_t i = diff[0][0].item<int64_t>();
                line.detail += ", " + std::to_string(diff.size(0)) + " differ; first at " + std::to_string(i) + ": "
                    + std::to_string(a[i].item<int64_t>()) + " vs " + std::to_string(b[i].item<int64_t>());
            }
        }
        line.ok = line.error == 0;
        add(line);
    }

    enum class Measure { MaxAbs, MeanAbs, Relative };

    void close(const std::string &quantity, const torch::Tensor &ours, const torch::Tensor &ref, Measure measure,
               double tolerance)
    {
        static const char *names[] = {"max abs error", "mean abs error", "relative error"};
        ReferenceCheckLine line{quantity, names[static_cast<int>(measure)]};
        line.tolerance = tolerance;
        line.detail = shapeString(ours.sizes());
        const auto a = ours.to(torch::kCPU, torch::kDouble);
        const auto b = ref.to(torch::kCPU, torch::kDouble);
        if (!a.sizes().equals(b.sizes())) {
            line.error = std::numeric_limits<double>::infinity();
            line.detail += " vs reference " + shapeString(ref.sizes());
        } else if (measure == Measure::MaxAbs) {
            line.error = (a - b).abs().max().item<double>();
        } else if (measure == Measure::MeanAbs) {
            line.error = (a - b).abs().mean().item<double>();
        } else {
            line.error = ((a - b).norm() / b.norm()).item<double>();
        }
        line.ok = std::isfinite(line.error) && line.error <= tolerance;
        add(line);
    }

private:
    std::vector<ReferenceCheckLine> &lines_;
    const std::function<void(const ReferenceCheckLine &)> &onLine_;
};

} // namespace

std::vector<ReferenceCheckLine> runReferenceCheck(const std::string &dir, const ImageLoader &loadImage,
                                                  const ReferenceCheckOptions &options,
                                                  const std::function<void(const ReferenceCheckLine &)> &onLine)
{
    const std::string modelDir = dir + "/model";
    const auto reference = readJson(dir + "/reference.json");
    const auto tensors = SafetensorsFile::open(dir + "/reference.safetensors");
    const auto ref = [&](const std::string &name) { return tensorFromSafetensors(*tensors, name); };

    const bool bf16 = options.dtype == "bf16";
    const torch::Dtype dtype = parseDtype(options.dtype);
    const torch::Device device = parseDevice(options.device);
    const double closeTolerance = bf16 ? 2e-2 : 1e-4;

    std::vector<ReferenceCheckLine> lines;
    Checker check(lines, onLine);
    torch::NoGradGuard noGrad;

    // Inputs: images and prompt, rebuilt from the files.
    const auto processorConfig = ImageProcessorConfig::fromFile(modelDir + "/preprocessor_config.json");
    std::vector<ProcessedImage> images;
    for (const auto &file : reference.at("image_files"))
        images.push_back(preprocessImage(loadImage(dir + "/" + file.get<std::string>()), processorConfig));
    if (images.empty())
        throw std::runtime_error(dir + "/reference.json lists no image_files");
    std::vector<torch::Tensor> grids, pixels;
    for (const auto &img : images) {
        grids.push_back(img.gridThw());
        pixels.push_back(img.pixelValues);
    }
    const auto gridThw = torch::cat(grids, 0);
    const auto pixelValues = torch::cat(pixels, 0);
    check.exact("image_grid_thw", gridThw, ref("image_grid_thw"));
    check.close("pixel_values", pixelValues, ref("pixel_values"), Checker::Measure::MaxAbs, 1e-4);

    if (reference.contains("resize_image_file")) {
        const auto resized = preprocessImage(loadImage(dir + "/" + reference.at("resize_image_file").get<std::string>()),
                                             processorConfig);
        check.exact("resize image_grid_thw", resized.gridThw(), ref("resize_image_grid_thw"));
        check.close("resize pixel_values", resized.pixelValues, ref("resize_pixel_values"), Checker::Measure::MeanAbs,
                    0.03);
    }

    const auto tokenizer = Tokenizer::fromFile(modelDir + "/tokenizer.json");
    const auto config = ModelConfig::fromFile(modelDir + "/config.json");
    std::vector<std::array<int64_t, 3>> imageGrids;
    for (const auto &img : images)
        imageGrids.push_back({img.gridT, img.gridH, img.gridW});
    const auto messages = chatMessagesFromJson(reference.at("messages"), imageGrids);
    const std::string prompt = renderChat(messages, /*addGenerationPrompt=*/true, config.vision.spatialMergeSize);
    const auto ids = tokenizer.encode(prompt);
    const auto inputIds = torch::tensor(ids, torch::kLong).unsqueeze(0);
    check.exact("input_ids", inputIds, ref("input_ids"));

    const auto rope = computeRopeIndex(inputIds, gridThw, config);
    check.exact("position_ids", rope.positionIds, ref("position_ids"));
    check.exact("rope_deltas", rope.deltas, ref("rope_deltas"));

    // The model, in the requested precision.
    auto model = Qwen2_5_VLImpl::load(modelDir, dtype, device);
    model->eval();
    const auto pixelsOnDevice = pixelValues.to(device, dtype);
    const auto gridOnDevice = gridThw.to(device);
    const auto visionEmbeds = model->visual->forward(pixelsOnDevice, gridOnDevice);
    check.close("vision_embeds", visionEmbeds, ref("vision_embeds"), Checker::Measure::Relative, closeTolerance);

    const auto logits = model->forward(inputIds.to(device), pixelsOnDevice, gridOnDevice);
    check.close("logits", logits.squeeze(0), ref("logits"), Checker::Measure::Relative, closeTolerance);

    GenerationOptions generation;
    const auto referenceIds = ref("generated_ids");
    generation.maxNewTokens = referenceIds.numel();
    generation.stopTokenIds = config.eosTokenIds;
    const auto generated = generate(model, inputIds.to(device), pixelsOnDevice, gridOnDevice, generation);
    check.exact("generated_ids (greedy)", torch::tensor(generated, torch::kLong), referenceIds, bf16 ? 8 : -1);
    return lines;
}

std::string formatReferenceLine(const ReferenceCheckLine &line)
{
    char buf[256];
    if (line.measure.rfind("exact", 0) == 0) {
        std::snprintf(buf, sizeof buf, "  %-24s %-28s %-20s %s", line.quantity.c_str(), line.measure.c_str(),
                      line.ok ? "equal" : "DIFFERENT", line.ok ? "ok  " : "FAIL");
    } else {
        std::snprintf(buf, sizeof buf, "  %-24s %-15s %9.2e <= %-9.0e %s", line.quantity.c_str(),
                      line.measure.c_str(), line.error, line.tolerance, line.ok ? "ok  " : "FAIL");
    }
    return std::string(buf) + "  " + line.detail;
}

} // namespace sd::vlm
