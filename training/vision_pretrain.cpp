#include "vision_pretrain.h"

#include "checkpoint.h"
#include "image_processor.h"
#include "optim.h"
#include "qwen2_5_vl.h"
#include "torch_utils.h"
#include "trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace sd::vlm {

namespace fs = std::filesystem;
using json = nlohmann::json;

void VisionPretrainOptions::validate() const
{
    if (epochs < 1)
        throw std::invalid_argument("vision pre-training: epochs must be >= 1");
    if (batchSize < 1)
        throw std::invalid_argument("vision pre-training: batch size must be >= 1");
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw std::invalid_argument("vision pre-training: lr must be > 0");
    if (!(weightDecay >= 0.0))
        throw std::invalid_argument("vision pre-training: weight decay must be >= 0");
    if (!(maxGradNorm > 0.0))
        throw std::invalid_argument("vision pre-training: max grad norm must be > 0");
    if (labelKey.empty())
        throw std::invalid_argument("vision pre-training: the label key is empty");
    if (!augment.inRange())
        throw std::invalid_argument("vision pre-training: augmentation out of range (crop in (0, 1], brightness and colour in [0, 1))");
}

namespace {

struct LabelledImage {
    RgbImage image; // at the model's size
    int64_t label = -1; // -1: a validation label the head does not know
};

// The distinct first images of the examples that carry a label, in file order.
std::vector<std::pair<const DatasetExample *, std::string>> labelledExamples(const Dataset &data, const std::string &key)
{
    std::vector<std::pair<const DatasetExample *, std::string>> out;
    std::map<std::string, std::string> labelOfImage;
    for (const auto &ex : data.examples) {
        if (ex.imagePaths.empty() || !ex.meta.is_object())
            continue;
        const auto it = ex.meta.find(key);
        if (it == ex.meta.end() || !it->is_string() || it->get<std::string>().empty())
            continue;
        const std::string label = it->get<std::string>();
        const auto [known, inserted] = labelOfImage.emplace(ex.imagePaths.front(), label);
        if (!inserted) {
            if (known->second != label)
                throw DatasetError(data.path + ":" + std::to_string(ex.line) + ": image " + ex.imagePaths.front()
                                   + " is labelled both '" + known->second + "' and '" + label + "'");
            continue;
        }
        out.emplace_back(&ex, label);
    }
    return out;
}

std::vector<LabelledImage> loadImages(const Dataset &data, const std::vector<std::pair<const DatasetExample *, std::string>> &items,
                                      const std::map<std::string, int64_t> &classIndex, const ImageProcessorConfig &imageConfig,
                                      const ImageLoader &load)
{
    std::vector<LabelledImage> out;
    out.reserve(items.size());
    for (const auto &[ex, label] : items) {
        RgbImage image;
        try {
            image = load(ex->imagePaths.front());
        } catch (const std::exception &e) {
            throw std::runtime_error(data.path + ":" + std::to_string(ex->line) + ": cannot load image "
                                     + ex->imagePaths.front() + ": " + e.what());
        }
        const auto it = classIndex.find(label);
        out.push_back({resizeToModelSize(image, imageConfig), it == classIndex.end() ? -1 : it->second});
    }
    return out;
}

// Per-image mean of the merged vision features: [images, outHidden].
torch::Tensor pooledFeatures(Qwen2_5_VLImpl &model, const std::vector<ProcessedImage> &images, const torch::Device &device)
{
    std::vector<torch::Tensor> pixels, grids;
    std::vector<int64_t> tokens;
    const int64_t merge = model.config().vision.spatialMergeSize;
    for (const auto &p : images) {
        pixels.push_back(p.pixelValues);
        grids.push_back(p.gridThw());
        tokens.push_back(p.gridT * p.gridH * p.gridW / (merge * merge));
    }
    const torch::Tensor features = model.visual->forward(torch::cat(pixels).to(device), torch::cat(grids).to(device));
    std::vector<torch::Tensor> pooled;
    int64_t offset = 0;
    for (const int64_t n : tokens) {
        pooled.push_back(features.narrow(0, offset, n).mean(0));
        offset += n;
    }
    return torch::stack(pooled);
}

double accuracyOn(Qwen2_5_VLImpl &model, torch::nn::Linear &head, const std::vector<LabelledImage> &images,
                  const ImageProcessorConfig &imageConfig, const torch::Device &device, int64_t batchSize)
{
    if (images.empty())
        return -1.0;
    torch::NoGradGuard noGrad;
    model.eval();
    int64_t correct = 0;
    for (size_t start = 0; start < images.size(); start += static_cast<size_t>(batchSize)) {
        const size_t end = std::min(images.size(), start + static_cast<size_t>(batchSize));
        std::vector<ProcessedImage> batch;
        for (size_t i = start; i < end; ++i)
            batch.push_back(preprocessImage(images[i].image, imageConfig));
        const torch::Tensor predicted = head->forward(pooledFeatures(model, batch, device)).argmax(1).cpu();
        for (size_t i = start; i < end; ++i)
            correct += predicted[static_cast<int64_t>(i - start)].item<int64_t>() == images[i].label ? 1 : 0;
    }
    model.train();
    return static_cast<double>(correct) / static_cast<double>(images.size());
}

} // namespace

VisionPretrainResult pretrainVision(const Dataset &train, const Dataset *validation, const VisionPretrainOptions &options,
                                    const VisionPretrainEnvironment &env)
{
    options.validate();
    if (!env.loadImage)
        throw std::invalid_argument("vision pre-training: no image loader was given");
    const auto emit = [&](const json &event) {
        if (env.onEvent)
            env.onEvent(event);
    };
    const torch::Device device = parseDevice(env.device);

    const auto trainItems = labelledExamples(train, options.labelKey);
    std::vector<std::string> classes;
    for (const auto &item : trainItems)
        classes.push_back(item.second);
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    if (classes.size() < 2)
        throw DatasetError(train.path + ": vision pre-training needs images of at least two classes in meta."
                           + options.labelKey + " (found " + std::to_string(classes.size()) + ")");
    std::map<std::string, int64_t> classIndex;
    for (size_t i = 0; i < classes.size(); ++i)
        classIndex[classes[i]] = static_cast<int64_t>(i);

    const auto imageConfig = ImageProcessorConfig::fromFile((fs::path(env.baseModelDir) / "preprocessor_config.json").string());
    const auto images = loadImages(train, trainItems, classIndex, imageConfig, env.loadImage);
    const auto validationImages = validation
        ? loadImages(*validation, labelledExamples(*validation, options.labelKey), classIndex, imageConfig, env.loadImage)
        : std::vector<LabelledImage>{};

    const WeightNaming naming = WeightStore::open(env.baseModelDir).naming();
    auto model = Qwen2_5_VLImpl::load(env.baseModelDir, torch::kFloat32, device);
    torch::manual_seed(options.seed);
    torch::nn::Linear head(model->config().vision.outHiddenSize, static_cast<int64_t>(classes.size()));
    head->to(device);

    // Only the vision tower learns here; the language model is saved as it came.
    std::vector<torch::Tensor> params;
    for (auto &item : model->named_parameters()) {
        const bool vision = item.key().rfind("visual.", 0) == 0;
        item.value().set_requires_grad(vision);
        if (vision)
            params.push_back(item.value());
    }
    for (auto &p : head->parameters())
        params.push_back(p);
    AdamWOptions adamw;
    adamw.lr = options.lr;
    adamw.weightDecay = options.weightDecay;
    const auto optimizer = makeAdamW(params, adamw);

    const auto n = static_cast<int64_t>(images.size());
    const int64_t stepsPerEpoch = (n + options.batchSize - 1) / options.batchSize;
    WarmupCosineSchedule schedule;
    schedule.peakLr = options.lr;
    schedule.totalSteps = stepsPerEpoch * options.epochs;
    schedule.warmupSteps = static_cast<int64_t>(std::ceil(0.05 * static_cast<double>(schedule.totalSteps)));

    VisionPretrainResult result;
    result.classes = classes;
    result.images = n;
    emit({{"event", "start"}, {"stage", "vision"}, {"total_steps", schedule.totalSteps}, {"images", n},
          {"validation_images", validationImages.size()}, {"classes", classes}, {"base_model", env.baseModelDir}});

    model->train();
    const auto t0 = std::chrono::steady_clock::now();
    int64_t step = 0;
    for (int64_t epoch = 0; epoch < options.epochs; ++epoch) {
        const auto order = epochOrder(n, options.seed, epoch);
        double lossSum = 0.0;
        int64_t correct = 0;
        for (int64_t start = 0; start < n; start += options.batchSize) {
            const int64_t end = std::min(n, start + options.batchSize);
            std::vector<ProcessedImage> batch;
            std::vector<int64_t> labels;
            for (int64_t k = start; k < end; ++k) {
                const int64_t i = order[static_cast<size_t>(k)];
                // Seeded per (run, epoch, image): the same run sees the same images.
                const uint64_t seed = options.seed * 6364136223846793005ULL + static_cast<uint64_t>(epoch) * 1442695040888963407ULL
                    + static_cast<uint64_t>(i);
                const auto &item = images[static_cast<size_t>(i)];
                batch.push_back(preprocessImage(options.augment.enabled() ? augmentImage(item.image, options.augment, seed) : item.image,
                                                imageConfig));
                labels.push_back(item.label);
            }
            const double lr = schedule.lrAt(step);
            setLearningRate(*optimizer, lr);
            optimizer->zero_grad();
            const torch::Tensor logits = head->forward(pooledFeatures(*model, batch, device));
            const torch::Tensor target = torch::tensor(labels, torch::kLong).to(device);
            const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, target);
            loss.backward();
            clipGradNorm(params, options.maxGradNorm);
            optimizer->step();
            ++step;

            const double lossValue = loss.item<double>();
            lossSum += lossValue * static_cast<double>(end - start);
            correct += logits.argmax(1).eq(target).sum().item<int64_t>();
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            emit({{"event", "step"}, {"stage", "vision"}, {"step", step}, {"total_steps", schedule.totalSteps},
                  {"epoch", epoch + static_cast<double>(end) / static_cast<double>(n)}, {"loss", lossValue}, {"lr", lr},
                  {"elapsed_s", elapsed},
                  {"eta_s", elapsed / static_cast<double>(step) * static_cast<double>(schedule.totalSteps - step)}});
            if (env.stop && env.stop->load()) {
                result.interrupted = true;
                result.steps = step;
                emit({{"event", "interrupted"}, {"step", step}});
                return result;
            }
        }
        result.trainAccuracy = static_cast<double>(correct) / static_cast<double>(n);
        json event{{"event", "epoch"}, {"epoch", epoch + 1}, {"loss", lossSum / static_cast<double>(n)},
                   {"train_accuracy", result.trainAccuracy}};
        if (!validationImages.empty()) {
            result.validationAccuracy = accuracyOn(*model, head, validationImages, imageConfig, device, options.batchSize);
            event["validation_accuracy"] = result.validationAccuracy;
        }
        emit(event);
    }
    result.steps = step;

    // Write beside the target and rename, so a failure leaves no half-written model.
    const fs::path outDir(env.outDir);
    writeFolderAtomically(outDir.string(), [&](const std::string &tmp) {
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto &item : model->named_parameters())
            tensors.emplace_back(item.key(), item.value().detach());
        saveWeights(tmp, tensors, naming);
        copyModelSideFiles(env.baseModelDir, tmp);
        json record{{"base_model", fs::absolute(env.baseModelDir).string()}, {"dataset", train.path},
                    {"label", options.labelKey}, {"classes", classes}, {"images", n}, {"epochs", options.epochs},
                    {"batch_size", options.batchSize}, {"lr", options.lr}, {"seed", options.seed},
                    {"train_accuracy", result.trainAccuracy}};
        if (result.validationAccuracy >= 0.0)
            record["validation_accuracy"] = result.validationAccuracy;
        writeJsonFile(tmp + "/vision_pretrain.json", record);
    });
    emit({{"event", "finished"}, {"step", step}, {"path", outDir.string()}, {"train_accuracy", result.trainAccuracy},
          {"validation_accuracy", result.validationAccuracy}});
    return result;
}

} // namespace sd::vlm
