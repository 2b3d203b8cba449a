#include "seg/seg_net.h"

#include "atomic_file.h"
#include "json_limits.h"
#include "safetensors.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

namespace sd::seg {

namespace fs = std::filesystem;
using json = nlohmann::json;

SegBlockImpl::SegBlockImpl(int in, int out)
{
    c1 = register_module("c1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
    n1 = register_module("n1", torch::nn::BatchNorm2d(out));
    c2 = register_module("c2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1).bias(false)));
    n2 = register_module("n2", torch::nn::BatchNorm2d(out));
}

torch::Tensor SegBlockImpl::forward(const torch::Tensor &x)
{
    return torch::relu(n2(c2(torch::relu(n1(c1(x))))));
}

int segInputChannels(int structures)
{
    return 6 + structures;
}

SegNetImpl::SegNetImpl(int structures, int base)
{
    const int c = base;
    e0 = register_module("e0", SegBlock(segInputChannels(structures), c));
    e1 = register_module("e1", SegBlock(c, 2 * c));
    e2 = register_module("e2", SegBlock(2 * c, 4 * c));
    e3 = register_module("e3", SegBlock(4 * c, 8 * c));
    d2 = register_module("d2", SegBlock(8 * c + 4 * c, 4 * c));
    d1 = register_module("d1", SegBlock(4 * c + 2 * c, 2 * c));
    d0 = register_module("d0", SegBlock(2 * c + c, c));
    head = register_module("head", torch::nn::Conv2d(torch::nn::Conv2dOptions(c, structures, 1)));
}

namespace {

torch::Tensor up(const torch::Tensor &x, const torch::Tensor &like)
{
    namespace F = torch::nn::functional;
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{like.size(2), like.size(3)})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

} // namespace

torch::Tensor SegNetImpl::forward(const torch::Tensor &x)
{
    const auto a = e0(x);
    const auto b = e1(torch::max_pool2d(a, 2));
    const auto c = e2(torch::max_pool2d(b, 2));
    const auto d = e3(torch::max_pool2d(c, 2));
    auto y = d2(torch::cat({up(d, c), c}, 1));
    y = d1(torch::cat({up(y, b), b}, 1));
    y = d0(torch::cat({up(y, a), a}, 1));
    return head(y);
}

torch::Tensor encodeImage(const vlm::RgbImage &image, int width, int height)
{
    if (image.width <= 0 || image.height <= 0
        || image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw std::invalid_argument("the image is empty or its pixel buffer does not match its size");
    auto t = torch::from_blob(const_cast<uint8_t *>(image.pixels.data()), {1, image.height, image.width, 3},
                              torch::kUInt8)
                 .permute({0, 3, 1, 2})
                 .to(torch::kFloat32)
                 .div(255.0);
    if (image.width != width || image.height != height) {
        namespace F = torch::nn::functional;
        t = F::interpolate(t, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{height, width})
                                  .mode(torch::kArea));
    }
    return t.squeeze(0).sub(0.5).div(0.25).contiguous();
}

torch::Tensor encodePrompt(const SegPrompt &prompt, int structure, int structures, int imageWidth, int imageHeight,
                           int width, int height)
{
    auto planes = torch::zeros({3 + structures, height, width});
    if (structure < 0 || prompt.isEmpty())
        return planes;
    const double sx = static_cast<double>(width) / imageWidth, sy = static_cast<double>(height) / imageHeight;
    auto acc = planes.accessor<float, 3>();
    if (prompt.hasBox) {
        const int x0 = std::clamp(static_cast<int>(std::floor(prompt.x0 * sx)), 0, width);
        const int x1 = std::clamp(static_cast<int>(std::ceil(prompt.x1 * sx)), 0, width);
        const int y0 = std::clamp(static_cast<int>(std::floor(prompt.y0 * sy)), 0, height);
        const int y1 = std::clamp(static_cast<int>(std::ceil(prompt.y1 * sy)), 0, height);
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x)
                acc[0][y][x] = 1.f;
    }
    // Clicks as small Gaussians (sigma 2 input pixels), so a click is seen by a few conv taps.
    auto stamp = [&](int plane, const std::vector<std::pair<int, int>> &points) {
        for (const auto &[px, py] : points) {
            const double cx = (px + 0.5) * sx - 0.5, cy = (py + 0.5) * sy - 0.5;
            for (int y = std::max(0, int(cy) - 6); y <= std::min(height - 1, int(cy) + 6); ++y)
                for (int x = std::max(0, int(cx) - 6); x <= std::min(width - 1, int(cx) + 6); ++x) {
                    const double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    acc[plane][y][x] = std::max(acc[plane][y][x], static_cast<float>(std::exp(-d2 / 8.0)));
                }
        }
    };
    stamp(1, prompt.inside);
    stamp(2, prompt.outside);
    planes[3 + structure].fill_(1.f);
    return planes;
}

namespace {

[[noreturn]] void bad(const std::string &dir, const std::string &why)
{
    throw SegModelError("The segmentation model in " + dir + " cannot be used: " + why + ".");
}

std::vector<std::pair<std::string, torch::Tensor>> savedTensors(SegNet &net)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto &p : net->named_parameters())
        out.emplace_back(p.key(), p.value());
    for (const auto &b : net->named_buffers())
        if (b.key().find("num_batches_tracked") == std::string::npos)
            out.emplace_back(b.key(), b.value());
    return out;
}

} // namespace

SegModelInfo parseSegConfig(const std::string &modelDir)
{
    const fs::path configPath = fs::path(modelDir) / "config.json";
    std::ifstream in(configPath, std::ios::binary);
    if (!in)
        bad(modelDir, "config.json is missing (is this a segmentation model folder?)");
    json j;
    try {
        j = parseJsonBounded(in);
    } catch (const std::exception &) {
        bad(modelDir, "config.json is not valid JSON (damaged or cut short)");
    }
    if (!j.is_object() || j.value("format", std::string()) != kSegFormat)
        bad(modelDir, "config.json is not a SurgDistill segmentation model's");
    SegModelInfo info;
    info.dir = modelDir;
    try {
        if (j.at("version").get<int>() != kSegFormatVersion)
            bad(modelDir, "it was written by another version of SurgDistill (format version "
                              + std::to_string(j.at("version").get<int>()) + ")");
        info.id = j.at("id").get<std::string>();
        info.structures = j.at("structures").get<std::vector<std::string>>();
        info.inputWidth = j.at("input_width").get<int>();
        info.inputHeight = j.at("input_height").get<int>();
        info.baseChannels = j.at("base_channels").get<int>();
        info.step = j.value("step", 0);
        info.frameWidth = j.value("frame_width", 0);
        info.frameHeight = j.value("frame_height", 0);
    } catch (const SegModelError &) {
        throw;
    } catch (const std::exception &) {
        bad(modelDir, "config.json lacks a field or has one of the wrong type");
    }
    std::set<std::string> unique(info.structures.begin(), info.structures.end());
    if (info.structures.empty() || unique.size() != info.structures.size() || unique.count(std::string()))
        bad(modelDir, "its structure list is empty or repeats a structure");
    if (info.inputWidth < 32 || info.inputHeight < 32 || info.inputWidth > 1024 || info.inputHeight > 1024
        || info.inputWidth % 8 || info.inputHeight % 8)
        bad(modelDir, "its input size " + std::to_string(info.inputWidth) + "x" + std::to_string(info.inputHeight)
                          + " is not a multiple of 8 between 32 and 1024");
    if (info.baseChannels < 4 || info.baseChannels > 128)
        bad(modelDir, "its channel width " + std::to_string(info.baseChannels) + " is out of range");
    return info;
}

json segConfigJson(const SegModelInfo &info)
{
    return {{"format", kSegFormat},          {"version", kSegFormatVersion},       {"id", info.id},
            {"structures", info.structures}, {"input_width", info.inputWidth},     {"input_height", info.inputHeight},
            {"base_channels", info.baseChannels}, {"step", info.step}, {"frame_width", info.frameWidth}, {"frame_height", info.frameHeight},
            {"architecture", "unet4"}};
}

void writeSegModel(const std::string &dir, const SegModelInfo &info, SegNet &net)
{
    fs::create_directories(dir);
    const auto tensors = savedTensors(net);
    std::vector<torch::Tensor> keep;
    std::vector<vlm::TensorBlob> blobs;
    for (const auto &[name, t] : tensors) {
        keep.push_back(t.detach().to(torch::kCPU, torch::kFloat32).contiguous());
        vlm::TensorBlob b;
        b.name = name;
        b.dtype = vlm::DType::F32;
        b.shape = keep.back().sizes().vec();
        b.data = keep.back().data_ptr();
        b.nbytes = static_cast<size_t>(keep.back().numel()) * sizeof(float);
        blobs.push_back(b);
    }
    vlm::writeSafetensors((fs::path(dir) / "model.safetensors").string(), blobs);
    writeFileAtomically((fs::path(dir) / "config.json").string(), segConfigJson(info).dump(2));
}

void loadSegWeights(const std::string &dir, SegNet &net)
{
    std::shared_ptr<vlm::SafetensorsFile> file;
    try {
        file = vlm::SafetensorsFile::open((fs::path(dir) / "model.safetensors").string());
    } catch (const std::exception &e) {
        bad(dir, std::string("its weights file model.safetensors is missing or damaged (") + e.what() + ")");
    }
    const auto tensors = savedTensors(net);
    if (file->tensors().size() != tensors.size())
        bad(dir, "its weights do not match its config.json (other structures or architecture)");
    for (const auto &[name, t] : tensors) {
        const vlm::TensorInfo *info = file->find(name);
        if (!info || info->dtype != vlm::DType::F32 || info->shape != t.sizes().vec())
            bad(dir, "its weights do not match its config.json (tensor " + name + ")");
    }
    torch::NoGradGuard noGrad;
    for (const auto &[name, t] : tensors) {
        const vlm::TensorInfo &info = file->at(name);
        std::memcpy(t.data_ptr(), file->data(info), info.nbytes());
    }
}

} // namespace sd::seg
