#include "image_processor.h"

#include "json_limits.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace sd::vlm {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string &source, const std::string &message)
{
    throw ImageProcessingError(source + ": " + message);
}

int64_t readInteger(const json &j, const char *key, const std::string &source, const std::string &context = {})
{
    const json &v = j.at(key);
    const std::string field = context.empty() ? key : context + "." + key;
    if (v.is_number_integer() || v.is_number_unsigned())
        return v.get<int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
            return static_cast<int64_t>(d);
    }
    fail(source, "field \"" + field + "\" must be an integer");
}

int64_t readPositive(const json &j, const char *key, const std::string &source, const std::string &context = {})
{
    const int64_t v = readInteger(j, key, source, context);
    if (v <= 0)
        fail(source, "field \"" + (context.empty() ? std::string(key) : context + "." + key) + "\" must be positive");
    return v;
}

double readNumber(const json &v, const std::string &field, const std::string &source)
{
    if (!v.is_number())
        fail(source, "field \"" + field + "\" must be a number");
    const double d = v.get<double>();
    if (!std::isfinite(d))
        fail(source, "field \"" + field + "\" must be finite");
    return d;
}

bool readBool(const json &j, const char *key, const std::string &source)
{
    if (!j.at(key).is_boolean())
        fail(source, std::string("field \"") + key + "\" must be true or false");
    return j.at(key).get<bool>();
}

// mean/std may be a single number (applied to all channels) or three numbers.
void readTriple(const json &j, const char *key, double out[3], const std::string &source)
{
    const json &v = j.at(key);
    if (v.is_number()) {
        out[0] = out[1] = out[2] = readNumber(v, key, source);
        return;
    }
    if (!v.is_array() || v.size() != 3)
        fail(source, std::string("field \"") + key + "\" must be a list of 3 numbers");
    for (int c = 0; c < 3; ++c)
        out[c] = readNumber(v[c], std::string(key) + "[" + std::to_string(c) + "]", source);
}

// PIL's bicubic kernel (Resample.c, a = -0.5).
double bicubicFilter(double x)
{
    constexpr double a = -0.5;
    if (x < 0.0)
        x = -x;
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

constexpr double kBicubicSupport = 2.0;
constexpr int kPilPrecisionBits = 32 - 8 - 2; // PIL's fixed-point precision for 8-bit images

// Per output pixel: first input index, number of taps, fixed-point weights (ksize each).
struct ResampleCoeffs {
    int ksize = 0;
    int bits = kPilPrecisionBits;
    std::vector<int> bounds; // xmin, xcount per output index
    std::vector<int32_t> weights;
};

// PIL's precompute_coeffs() for a full-image box (in0 = 0, in1 = inSize), then the
// fixed-point conversion of the chosen kernel: PIL's normalize_coeffs_8bpc (22 bits)
// or torch's int16 weights whose precision follows the largest weight.
ResampleCoeffs precomputeCoeffs(int inSize, int outSize, ProcessorBackend kernel)
{
    const float in0 = 0.0f, in1 = static_cast<float>(inSize);
    const double scale = static_cast<double>(in1 - in0) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = kBicubicSupport * filterScale;
    ResampleCoeffs c;
    c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.bounds.resize(static_cast<size_t>(outSize) * 2);
    std::vector<double> k(static_cast<size_t>(outSize) * c.ksize, 0.0);
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = in0 + (xx + 0.5) * scale;
        const double ss = 1.0 / filterScale;
        int xmin = static_cast<int>(center - support + 0.5);
        if (xmin < 0)
            xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > inSize)
            xmax = inSize;
        xmax -= xmin;
        double *kx = k.data() + static_cast<size_t>(xx) * c.ksize;
        double ww = 0.0;
        for (int x = 0; x < xmax; ++x) {
            const double w = bicubicFilter((x + xmin - center + 0.5) * ss);
            kx[x] = w;
            ww += w;
        }
        for (int x = 0; x < xmax; ++x) {
            if (ww != 0.0)
                kx[x] /= ww;
        }
        c.bounds[xx * 2] = xmin;
        c.bounds[xx * 2 + 1] = xmax;
    }
    if (kernel == ProcessorBackend::Torchvision) {
        // torch's uint8 antialias kernel: the largest precision (< 22 bits) at which
        // the biggest weight still fits an int16.
        const double wMax = *std::max_element(k.begin(), k.end());
        int bits = 0;
        for (bits = 0; bits < 22; ++bits) {
            if (static_cast<int>(0.5 + wMax * (1 << (bits + 1))) >= (1 << 15))
                break;
        }
        c.bits = bits;
    }
    c.weights.resize(k.size());
    for (size_t i = 0; i < k.size(); ++i) {
        const double scaled = k[i] * (1 << c.bits);
        c.weights[i] = static_cast<int32_t>(k[i] < 0 ? -0.5 + scaled : 0.5 + scaled);
    }
    return c;
}

inline uint8_t clip8(int64_t acc, int bits)
{
    const int64_t v = acc >> bits; // arithmetic shift = floor, as the C code
    return static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

RgbImage resampleHorizontal(const RgbImage &in, int outWidth, ProcessorBackend kernel)
{
    const ResampleCoeffs c = precomputeCoeffs(in.width, outWidth, kernel);
    RgbImage out{outWidth, in.height, std::vector<uint8_t>(static_cast<size_t>(outWidth) * in.height * 3)};
    for (int y = 0; y < in.height; ++y) {
        const uint8_t *row = in.pixels.data() + static_cast<size_t>(y) * in.width * 3;
        uint8_t *dst = out.pixels.data() + static_cast<size_t>(y) * outWidth * 3;
        for (int xx = 0; xx < outWidth; ++xx) {
            const int xmin = c.bounds[xx * 2], count = c.bounds[xx * 2 + 1];
            const int32_t *k = c.weights.data() + static_cast<size_t>(xx) * c.ksize;
            int64_t s0 = int64_t(1) << (c.bits - 1), s1 = s0, s2 = s0;
            for (int x = 0; x < count; ++x) {
                const uint8_t *p = row + static_cast<size_t>(x + xmin) * 3;
                s0 += p[0] * static_cast<int64_t>(k[x]);
                s1 += p[1] * static_cast<int64_t>(k[x]);
                s2 += p[2] * static_cast<int64_t>(k[x]);
            }
            dst[xx * 3] = clip8(s0, c.bits);
            dst[xx * 3 + 1] = clip8(s1, c.bits);
            dst[xx * 3 + 2] = clip8(s2, c.bits);
        }
    }
    return out;
}

RgbImage resampleVertical(const RgbImage &in, int outHeight, ProcessorBackend kernel)
{
    const ResampleCoeffs c = precomputeCoeffs(in.height, outHeight, kernel);
    const size_t rowBytes = static_cast<size_t>(in.width) * 3;
    RgbImage out{in.width, outHeight, std::vector<uint8_t>(rowBytes * outHeight)};
    for (int yy = 0; yy < outHeight; ++yy) {
        const int ymin = c.bounds[yy * 2], count = c.bounds[yy * 2 + 1];
        const int32_t *k = c.weights.data() + static_cast<size_t>(yy) * c.ksize;
        uint8_t *dst = out.pixels.data() + rowBytes * yy;
        for (size_t i = 0; i < rowBytes; ++i) {
            int64_t s = int64_t(1) << (c.bits - 1);
            for (int y = 0; y < count; ++y)
                s += in.pixels[rowBytes * (y + ymin) + i] * static_cast<int64_t>(k[y]);
            dst[i] = clip8(s, c.bits);
        }
    }
    return out;
}

void validateImage(const RgbImage &image)
{
    if (image.width <= 0 || image.height <= 0)
        throw ImageProcessingError("image: invalid size " + std::to_string(image.width) + "x" +
                                   std::to_string(image.height));
    const size_t expected = static_cast<size_t>(image.width) * image.height * 3;
    if (image.pixels.size() != expected)
        throw ImageProcessingError("image: " + std::to_string(image.pixels.size()) + " bytes of pixels, expected " +
                                   std::to_string(expected) + " for " + std::to_string(image.width) + "x" +
                                   std::to_string(image.height) + " RGB");
}

void validateConfig(const ImageProcessorConfig &c)
{
    if (c.patchSize <= 0 || c.mergeSize <= 0 || c.temporalPatchSize <= 0)
        throw ImageProcessingError("image processor: patch, merge and temporal patch sizes must be positive");
    if (c.minPixels <= 0 || c.maxPixels <= 0 || c.minPixels > c.maxPixels)
        throw ImageProcessingError("image processor: need 0 < minPixels <= maxPixels (got " +
                                   std::to_string(c.minPixels) + ", " + std::to_string(c.maxPixels) + ")");
    if (c.doRescale && !(std::isfinite(c.rescaleFactor) && c.rescaleFactor > 0))
        throw ImageProcessingError("image processor: rescale_factor must be positive");
    for (int ch = 0; ch < 3; ++ch) {
        if (c.doNormalize && (c.std[ch] == 0.0 || !std::isfinite(c.std[ch]) || !std::isfinite(c.mean[ch])))
            throw ImageProcessingError("image processor: image_std must be finite and non-zero");
    }
}

} // namespace

ImageProcessorConfig ImageProcessorConfig::fromJsonText(const std::string &text, const std::string &source)
{
    json j;
    try {
        j = parseJsonBounded(text);
    } catch (const json::exception &e) {
        fail(source, std::string("invalid JSON: ") + e.what());
    }
    if (!j.is_object())
        fail(source, "expected a JSON object");

    ImageProcessorConfig c;
    // "size" first, then the older top-level keys override it (HF's precedence).
    if (j.contains("size") && !j["size"].is_null()) {
        const json &size = j["size"];
        if (!size.is_object())
            fail(source, "field \"size\" must be an object");
        bool any = false;
        for (auto [key, alias] : {std::pair{"shortest_edge", "min_pixels"}, std::pair{"longest_edge", "max_pixels"}}) {
            int64_t &target = std::string(key) == "shortest_edge" ? c.minPixels : c.maxPixels;
            if (size.contains(key)) {
                target = readPositive(size, key, source, "size");
                any = true;
            } else if (size.contains(alias)) {
                target = readPositive(size, alias, source, "size");
                any = true;
            }
        }
        if (!any)
            fail(source, "field \"size\" must contain \"shortest_edge\" and \"longest_edge\"");
    }
    if (j.contains("min_pixels") && !j["min_pixels"].is_null())
        c.minPixels = readPositive(j, "min_pixels", source);
    if (j.contains("max_pixels") && !j["max_pixels"].is_null())
        c.maxPixels = readPositive(j, "max_pixels", source);

    if (j.contains("patch_size"))
        c.patchSize = readPositive(j, "patch_size", source);
    if (j.contains("merge_size"))
        c.mergeSize = readPositive(j, "merge_size", source);
    if (j.contains("temporal_patch_size"))
        c.temporalPatchSize = readPositive(j, "temporal_patch_size", source);
    if (j.contains("image_mean") && !j["image_mean"].is_null())
        readTriple(j, "image_mean", c.mean, source);
    if (j.contains("image_std") && !j["image_std"].is_null())
        readTriple(j, "image_std", c.std, source);
    if (j.contains("rescale_factor"))
        c.rescaleFactor = readNumber(j["rescale_factor"], "rescale_factor", source);
    if (j.contains("do_resize"))
        c.doResize = readBool(j, "do_resize", source);
    if (j.contains("do_rescale"))
        c.doRescale = readBool(j, "do_rescale", source);
    if (j.contains("do_normalize"))
        c.doNormalize = readBool(j, "do_normalize", source);
    if (j.contains("resample") && !j["resample"].is_null()) {
        // Only PIL's BICUBIC (3) is implemented; it is what every Qwen2-VL checkpoint uses.
        if (readInteger(j, "resample", source) != 3)
            fail(source, "field \"resample\": only 3 (bicubic) is supported");
    }
    try {
        validateConfig(c);
    } catch (const ImageProcessingError &e) {
        fail(source, e.what());
    }
    return c;
}

ImageProcessorConfig ImageProcessorConfig::fromFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ImageProcessingError(path + ": cannot open file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw ImageProcessingError(path + ": read error");
    return fromJsonText(buffer.str(), path);
}

std::pair<int64_t, int64_t> smartResize(int64_t height, int64_t width, int64_t factor, int64_t minPixels,
                                        int64_t maxPixels)
{
    if (height <= 0 || width <= 0 || factor <= 0)
        throw ImageProcessingError("smartResize: height, width and factor must be positive (got " +
                                   std::to_string(height) + "x" + std::to_string(width) + ", factor " +
                                   std::to_string(factor) + ")");
    const double ratio = static_cast<double>(std::max(height, width)) / static_cast<double>(std::min(height, width));
    if (ratio > 200.0)
        throw ImageProcessingError("smartResize: absolute aspect ratio must be smaller than 200, got " +
                                   std::to_string(ratio));
    const auto h = static_cast<double>(height), w = static_cast<double>(width), f = static_cast<double>(factor);
    // Python's round() rounds halves to even, as does nearbyint in the default mode.
    int64_t hBar = static_cast<int64_t>(std::nearbyint(h / f)) * factor;
    int64_t wBar = static_cast<int64_t>(std::nearbyint(w / f)) * factor;
    if (hBar * wBar > maxPixels) {
        const double beta = std::sqrt(h * w / static_cast<double>(maxPixels));
        hBar = std::max(factor, static_cast<int64_t>(std::floor(h / beta / f)) * factor);
        wBar = std::max(factor, static_cast<int64_t>(std::floor(w / beta / f)) * factor);
    } else if (hBar * wBar < minPixels) {
        const double beta = std::sqrt(static_cast<double>(minPixels) / (h * w));
        hBar = static_cast<int64_t>(std::ceil(h * beta / f)) * factor;
        wBar = static_cast<int64_t>(std::ceil(w * beta / f)) * factor;
    }
    return {hBar, wBar};
}

RgbImage resizeBicubic(const RgbImage &image, int newWidth, int newHeight, ProcessorBackend kernel)
{
    validateImage(image);
    if (newWidth <= 0 || newHeight <= 0)
        throw ImageProcessingError("resize: invalid target size " + std::to_string(newWidth) + "x" +
                                   std::to_string(newHeight));
    // Both kernels resample horizontally first, then vertically, each only when
    // needed; the 8-bit intermediate is part of their result.
    RgbImage out = image;
    if (newWidth != out.width)
        out = resampleHorizontal(out, newWidth, kernel);
    if (newHeight != out.height)
        out = resampleVertical(out, newHeight, kernel);
    return out;
}

torch::Tensor ProcessedImage::gridThw() const
{
    return torch::tensor({gridT, gridH, gridW}, torch::kInt64).view({1, 3});
}

std::pair<int64_t, int64_t> modelImageSize(int64_t height, int64_t width, const ImageProcessorConfig &config)
{
    if (!config.doResize)
        return {height, width};
    const auto size = smartResize(height, width, config.patchSize * config.mergeSize, config.minPixels, config.maxPixels);
    if (size.first > 65535 || size.second > 65535)
        throw ImageProcessingError("image: resized size " + std::to_string(size.second) + "x" + std::to_string(size.first) +
                                   " is too large");
    return size;
}

RgbImage resizeToModelSize(const RgbImage &image, const ImageProcessorConfig &config)
{
    const auto [h, w] = modelImageSize(image.height, image.width, config);
    return resizeBicubic(image, static_cast<int>(w), static_cast<int>(h), config.backend);
}

ProcessedImage preprocessImage(const RgbImage &input, const ImageProcessorConfig &config)
{
    validateImage(input);
    validateConfig(config);
    const int64_t factor = config.patchSize * config.mergeSize;

    int64_t height = input.height, width = input.width;
    RgbImage resized;
    const RgbImage *image = &input;
    if (config.doResize) {
        std::tie(height, width) = modelImageSize(input.height, input.width, config);
        if (height != input.height || width != input.width) {
            resized = resizeBicubic(input, static_cast<int>(width), static_cast<int>(height), config.backend);
            image = &resized;
        }
    } else if (height % factor != 0 || width % factor != 0) {
        throw ImageProcessingError("image: " + std::to_string(width) + "x" + std::to_string(height) +
                                   " is not a multiple of " + std::to_string(factor) + " and resizing is disabled");
    }

    // Rescale in double then store float32, normalize in float32 (numpy's order;
    // folding the rescale into mean/std matches the fixture less closely).
    const size_t n = static_cast<size_t>(height) * width;
    auto hwc = torch::empty({height, width, 3}, torch::kFloat32);
    float *dst = hwc.data_ptr<float>();
    float mean[3], stdv[3];
    for (int c = 0; c < 3; ++c) {
        mean[c] = static_cast<float>(config.mean[c]);
        stdv[c] = static_cast<float>(config.std[c]);
    }
    const uint8_t *src = image->pixels.data();
    for (size_t i = 0; i < n * 3; ++i) {
        float v = config.doRescale ? static_cast<float>(src[i] * config.rescaleFactor) : static_cast<float>(src[i]);
        if (config.doNormalize) {
            const int c = static_cast<int>(i % 3);
            v = (v - mean[c]) / stdv[c];
        }
        dst[i] = v;
    }

    // A still image fills all temporalPatchSize frames of the single temporal patch.
    const int64_t t = config.temporalPatchSize, p = config.patchSize, m = config.mergeSize;
    const int64_t gridH = height / p, gridW = width / p;
    auto chw = hwc.permute({2, 0, 1});
    auto frames = chw.unsqueeze(0).expand({t, 3, height, width});
    auto patches = frames.reshape({1, t, 3, gridH / m, m, p, gridW / m, m, p})
                       .permute({0, 3, 6, 4, 7, 2, 1, 5, 8})
                       .reshape({gridH * gridW, 3 * t * p * p})
                       .contiguous();
    ProcessedImage result;
    result.pixelValues = patches;
    result.gridT = 1;
    result.gridH = gridH;
    result.gridW = gridW;
    return result;
}

} // namespace sd::vlm
