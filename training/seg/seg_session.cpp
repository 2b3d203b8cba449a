#include "seg/seg_session.h"

#include "seg/seg_net.h"

#include <cmath>

namespace sd::seg {

struct SegSession::Private {
    SegModelInfo info;
    SegNet net{nullptr};
};

SegSession::SegSession() : d(std::make_unique<Private>()) {}
SegSession::~SegSession() = default;

SegModelInfo readSegModelInfo(const std::string &modelDir)
{
    return parseSegConfig(modelDir);
}

std::unique_ptr<SegSession> SegSession::load(const std::string &modelDir, int threads)
{
    if (threads > 0)
        torch::set_num_threads(threads);
    std::unique_ptr<SegSession> s(new SegSession);
    s->d->info = parseSegConfig(modelDir);
    s->d->net = SegNet(static_cast<int>(s->d->info.structures.size()), s->d->info.baseChannels);
    loadSegWeights(modelDir, s->d->net);
    s->d->net->eval();
    return s;
}

const SegModelInfo &SegSession::info() const
{
    return d->info;
}

int SegSession::structureIndex(const std::string &key) const
{
    for (size_t i = 0; i < d->info.structures.size(); ++i)
        if (d->info.structures[i] == key)
            return static_cast<int>(i);
    return -1;
}

namespace {

// Probabilities [K, h, w] at the input size -> bytes at the image size.
std::vector<std::vector<uint8_t>> toImageSize(const torch::Tensor &prob, int width, int height)
{
    namespace F = torch::nn::functional;
    const auto big = F::interpolate(prob.unsqueeze(0), F::InterpolateFuncOptions()
                                                           .size(std::vector<int64_t>{height, width})
                                                           .mode(torch::kBilinear)
                                                           .align_corners(false))
                         .squeeze(0)
                         .mul(255.0)
                         .round()
                         .clamp(0, 255)
                         .to(torch::kUInt8)
                         .contiguous();
    std::vector<std::vector<uint8_t>> out(static_cast<size_t>(big.size(0)));
    const size_t n = static_cast<size_t>(width) * height;
    for (size_t k = 0; k < out.size(); ++k) {
        const uint8_t *p = big[static_cast<int64_t>(k)].data_ptr<uint8_t>();
        out[k].assign(p, p + n);
    }
    return out;
}

// Mean binary entropy (bits) over the pixels near anything the model sees or
// doubts (p > 0.1, grown by 4 input pixels), at least 5 % of the frame, so a
// frame's score reflects how sure the model is about its structures, not how much
// confident background it has.
double uncertaintyOf(const torch::Tensor &prob)
{
    const auto p = prob.clamp(1e-6, 1 - 1e-6);
    const auto h = -(p * torch::log2(p) + (1 - p) * torch::log2(1 - p)); // [K, h, w]
    const auto seen = (prob > 0.1).to(torch::kFloat32).amax(0, true).unsqueeze(0);
    const auto region = torch::max_pool2d(seen, 9, 1, 4).squeeze(0).squeeze(0);
    const double area = std::max(region.sum().item<double>(), 0.05 * static_cast<double>(region.numel()));
    return (h.sum(0) * region).sum().item<double>() / area / static_cast<double>(prob.size(0));
}

} // namespace

namespace {

void checkFrameSize(const SegModelInfo &info, const vlm::RgbImage &image)
{
    if (info.frameWidth > 0 && (image.width != info.frameWidth || image.height != info.frameHeight))
        throw std::invalid_argument("The segmentation model was trained on " + std::to_string(info.frameWidth) + "x"
                                    + std::to_string(info.frameHeight) + " frames; this frame is "
                                    + std::to_string(image.width) + "x" + std::to_string(image.height)
                                    + ". Train a model on frames of this size.");
}

} // namespace

SegPrediction SegSession::predict(const vlm::RgbImage &image) const
{
    checkFrameSize(d->info, image);
    torch::NoGradGuard noGrad;
    const int k = static_cast<int>(d->info.structures.size());
    const auto x = torch::cat({encodeImage(image, d->info.inputWidth, d->info.inputHeight),
                               encodePrompt({}, -1, k, image.width, image.height, d->info.inputWidth,
                                            d->info.inputHeight)})
                       .unsqueeze(0);
    const auto prob = torch::sigmoid(d->net->forward(x)).squeeze(0);
    SegPrediction out;
    out.width = image.width;
    out.height = image.height;
    out.structures = d->info.structures;
    out.probability = toImageSize(prob, image.width, image.height);
    out.uncertainty = uncertaintyOf(prob);
    return out;
}

std::vector<uint8_t> SegSession::predictPrompted(const vlm::RgbImage &image, const SegPrompt &prompt,
                                                 const std::string &structure) const
{
    const int index = structureIndex(structure);
    if (index < 0)
        throw std::invalid_argument("The segmentation model was not trained for the structure '" + structure + "'.");
    if (prompt.isEmpty())
        throw std::invalid_argument("Draw a box or click on the structure first.");
    checkFrameSize(d->info, image);
    if (prompt.hasBox) {
        const int x0 = std::max(prompt.x0, 0), y0 = std::max(prompt.y0, 0);
        const int x1 = std::min(prompt.x1, image.width), y1 = std::min(prompt.y1, image.height);
        if (x1 <= x0 || y1 <= y0)
            throw std::invalid_argument("The box has no area inside the frame.");
    }
    torch::NoGradGuard noGrad;
    const int k = static_cast<int>(d->info.structures.size());
    const auto x = torch::cat({encodeImage(image, d->info.inputWidth, d->info.inputHeight),
                               encodePrompt(prompt, index, k, image.width, image.height, d->info.inputWidth,
                                            d->info.inputHeight)})
                       .unsqueeze(0);
    const auto prob = torch::sigmoid(d->net->forward(x)).squeeze(0).slice(0, index, index + 1);
    std::vector<uint8_t> out = toImageSize(prob, image.width, image.height).front();
    if (prompt.hasBox) { // the person said the structure lies in the box: nothing outside it
        const int x0 = std::max(prompt.x0, 0), y0 = std::max(prompt.y0, 0);
        const int x1 = std::min(prompt.x1, image.width), y1 = std::min(prompt.y1, image.height);
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x)
                if (y < y0 || y >= y1 || x < x0 || x >= x1)
                    out[static_cast<size_t>(y) * image.width + x] = 0;
    }
    return out;
}

} // namespace sd::seg
