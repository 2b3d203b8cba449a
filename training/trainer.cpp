#include "trainer.h"

#include "checkpoint.h"
#include "config.h"
#include "dpo.h"
#include "image_augment.h"
#include "image_processor.h"
#include "json_limits.h"
#include "lora.h"
#include "optim.h"
#include "qwen2_5_vl.h"
#include "sft.h"
#include "tokenizer.h"
#include "torch_utils.h"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

namespace sd::vlm {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char *kStateDir = "trainer_state";
constexpr const char *kCheckpointPrefix = "checkpoint-";

json readJsonFile(const fs::path &path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    try {
        return parseJsonBounded(in);
    } catch (const json::exception &e) {
        throw std::runtime_error(path.string() + ": invalid JSON: " + e.what());
    }
}

// One prepared DPO pair: prompt ids and the two responses, with the image.
struct DpoItem {
    std::vector<int64_t> prompt, chosen, rejected;
    torch::Tensor pixelValues, gridThw;
};

torch::Tensor sequence(const std::vector<int64_t> &prompt, const std::vector<int64_t> &response)
{
    std::vector<int64_t> ids = prompt;
    ids.insert(ids.end(), response.begin(), response.end());
    return torch::tensor(ids, torch::kInt64);
}

// Pads single-example batches into one (right padding, as makeSftBatch).
SftBatch collate(const std::vector<const SftBatch *> &items, int64_t padId, const torch::Device &device)
{
    int64_t maxLen = 0;
    for (const auto *b : items)
        maxLen = std::max(maxLen, b->inputIds.size(1));
    const auto n = static_cast<int64_t>(items.size());
    SftBatch out;
    out.inputIds = torch::full({n, maxLen}, padId, torch::kInt64);
    out.labels = torch::full({n, maxLen}, kIgnoreIndex, torch::kInt64);
    out.attentionMask = torch::zeros({n, maxLen}, torch::kInt64);
    std::vector<torch::Tensor> pixels, grids;
    for (int64_t i = 0; i < n; ++i) {
        const auto &b = *items[static_cast<size_t>(i)];
        const int64_t l = b.inputIds.size(1);
        out.inputIds[i].narrow(0, 0, l).copy_(b.inputIds[0]);
        out.labels[i].narrow(0, 0, l).copy_(b.labels[0]);
        out.attentionMask[i].narrow(0, 0, l).fill_(1);
        if (b.pixelValues.defined()) {
            pixels.push_back(b.pixelValues);
            grids.push_back(b.imageGridThw);
        }
    }
    out.inputIds = out.inputIds.to(device);
    out.labels = out.labels.to(device);
    out.attentionMask = out.attentionMask.to(device);
    if (!pixels.empty()) {
        out.pixelValues = torch::cat(pixels, 0).to(device);
        out.imageGridThw = torch::cat(grids, 0).to(device);
    }
    return out;
}

RgbImage loadExampleImage(const DatasetExample &ex, const Dataset &data, const TrainEnvironment &env)
{
    if (!env.loadImage)
        throw std::runtime_error(data.path + ":" + std::to_string(ex.line) + ": the example has an image but no image loader was given");
    try {
        return env.loadImage(ex.imagePaths.front());
    } catch (const std::exception &e) {
        throw std::runtime_error(data.path + ":" + std::to_string(ex.line) + ": cannot load image "
                                 + ex.imagePaths.front() + ": " + e.what());
    }
}

class Trainer {
public:
    Trainer(const TrainConfig &config, const Dataset &data, const TrainEnvironment &env)
        : cfg_(config), data_(data), env_(env), device_(parseDevice(env.device)), dtype_(parseDtype(config.dtype))
    {
    }

    TrainResult run();

private:
    void prepareData();
    void buildModel(const std::string &resumeDir);
    void computeReference();
    void saveCheckpoint(int64_t step);
    void emit(const json &event) const
    {
        if (env_.onEvent)
            env_.onEvent(event);
    }
    std::vector<int64_t> microBatch(int64_t micro) const;

    const TrainConfig &cfg_;
    const Dataset &data_;
    const TrainEnvironment &env_;
    torch::Device device_;
    torch::Dtype dtype_;
    std::unique_ptr<Tokenizer> tok_;
    ImageProcessorConfig imageConfig_;
    ModelConfig modelConfig_;
    WeightNaming naming_ = WeightNaming::Classic;
    int64_t padId_ = 0;
    Qwen2_5_VL model_{nullptr};
    Qwen2_5_VL reference_{nullptr};
    std::vector<torch::Tensor> params_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    std::vector<SftBatch> sft_;
    std::vector<std::optional<RgbImage>> sftImages_; // kept only when the config augments images
    std::vector<DpoItem> dpo_;
    std::vector<double> refChosen_, refRejected_;
    int64_t batchesPerEpoch_ = 0, totalMicro_ = 0, totalSteps_ = 0;
};

void Trainer::prepareData()
{
    tok_ = std::make_unique<Tokenizer>(Tokenizer::fromFile((fs::path(env_.baseModelDir) / "tokenizer.json").string()));
    imageConfig_ = ImageProcessorConfig::fromFile((fs::path(env_.baseModelDir) / "preprocessor_config.json").string());
    padId_ = modelConfig_.padTokenId >= 0 ? modelConfig_.padTokenId : tok_->tokenToId("<|endoftext|>");
    if (padId_ < 0)
        padId_ = 0;
    SftEncodingOptions enc;
    enc.padTokenId = padId_;
    enc.spatialMergeSize = modelConfig_.vision.spatialMergeSize;
    const bool sft = cfg_.stage == TrainStage::Sft;
    if ((data_.kind == DatasetKind::Sft) != sft)
        throw std::invalid_argument(data_.path + ": the dataset is for " + (sft ? "DPO" : "SFT") + " but the stage is "
                                    + trainStageName(cfg_.stage));
    for (const auto &ex : data_.examples) {
        const std::string where = data_.path + ":" + std::to_string(ex.line) + ": ";
        try {
            std::optional<RgbImage> image;
            if (!ex.imagePaths.empty())
                image = loadExampleImage(ex, data_, env_);
            if (sft) {
                SftExample s{ex.messages, image};
                sft_.push_back(makeSftBatch(*tok_, {s}, imageConfig_, enc));
                if (cfg_.augment.enabled())
                    sftImages_.push_back(image ? std::optional<RgbImage>(resizeToModelSize(*image, imageConfig_)) : std::nullopt);
                continue;
            }
            DpoItem item;
            auto messages = ex.messages;
            if (image) {
                const ProcessedImage img = preprocessImage(*image, imageConfig_);
                for (auto &m : messages)
                    for (auto &p : m.parts)
                        if (p.kind == ChatPart::Image) {
                            p.gridT = img.gridT;
                            p.gridH = img.gridH;
                            p.gridW = img.gridW;
                        }
                item.pixelValues = img.pixelValues.to(device_);
                item.gridThw = img.gridThw().to(device_);
            }
            item.prompt = tok_->encode(renderChat(messages, true, enc.spatialMergeSize));
            item.chosen = encodeResponse(*tok_, ex.chosen);
            item.rejected = encodeResponse(*tok_, ex.rejected);
            dpo_.push_back(std::move(item));
        } catch (const DatasetError &) {
            throw;
        } catch (const std::exception &e) {
            const std::string msg = e.what();
            throw std::runtime_error(msg.rfind(data_.path, 0) == 0 ? msg : where + msg);
        }
    }
    const auto n = static_cast<int64_t>(data_.examples.size());
    batchesPerEpoch_ = (n + cfg_.batchSize - 1) / cfg_.batchSize;
    totalMicro_ = batchesPerEpoch_ * cfg_.epochs;
    totalSteps_ = (totalMicro_ + cfg_.gradAccum - 1) / cfg_.gradAccum;
}

std::vector<int64_t> Trainer::microBatch(int64_t micro) const
{
    const auto n = static_cast<int64_t>(data_.examples.size());
    const int64_t epoch = micro / batchesPerEpoch_, j = micro % batchesPerEpoch_;
    const auto order = epochOrder(n, cfg_.seed, epoch);
    const int64_t begin = j * cfg_.batchSize, end = std::min(n, begin + cfg_.batchSize);
    return {order.begin() + begin, order.begin() + end};
}

void Trainer::buildModel(const std::string &resumeDir)
{
    // LoRA adapters are created right after seeding, so their init depends on the seed only.
    const bool lora = cfg_.lora.has_value();
    model_ = Qwen2_5_VLImpl::load(lora || resumeDir.empty() ? env_.baseModelDir : resumeDir, dtype_, device_);
    torch::manual_seed(cfg_.seed);
    if (lora)
        attachLora(*model_, *cfg_.lora, cfg_.freeze);
    applyFreeze(*model_, cfg_.freeze, lora);
    if (lora) {
        for (auto &[name, t] : loraTensors(*model_))
            params_.push_back(t);
        if (!resumeDir.empty()) {
            torch::serialize::InputArchive archive;
            archive.load_from((fs::path(resumeDir) / kStateDir / "adapters.pt").string());
            torch::NoGradGuard noGrad;
            for (auto &[name, t] : loraTensors(*model_)) {
                torch::Tensor saved;
                archive.read(name, saved);
                t.copy_(saved);
            }
        }
    } else {
        for (const auto &p : model_->parameters())
            if (p.requires_grad())
                params_.push_back(p);
    }
    AdamWOptions o;
    o.lr = cfg_.lr;
    o.weightDecay = cfg_.weightDecay;
    optimizer_ = makeAdamW(params_, o);
    if (!resumeDir.empty())
        loadOptimizerState(*optimizer_, (fs::path(resumeDir) / kStateDir / "optimizer.pt").string());
    model_->train();
}

void Trainer::computeReference()
{
    const fs::path file = fs::path(env_.runDir) / "reference_logps.json";
    if (fs::exists(file)) {
        const json j = readJsonFile(file);
        refChosen_ = j.at("chosen").get<std::vector<double>>();
        refRejected_ = j.at("rejected").get<std::vector<double>>();
        if (refChosen_.size() != dpo_.size() || refRejected_.size() != dpo_.size())
            throw std::runtime_error(file.string() + " was made for a dataset of " + std::to_string(refChosen_.size())
                                     + " pairs, this one has " + std::to_string(dpo_.size()));
        return;
    }
    // The policy before its first step is the reference (base + zero LoRA B).
    torch::NoGradGuard noGrad;
    model_->eval();
    for (const auto &item : dpo_) {
        const auto start = static_cast<int64_t>(item.prompt.size());
        refChosen_.push_back(sequenceLogProb(*model_, sequence(item.prompt, item.chosen).to(device_), item.pixelValues,
                                             item.gridThw, start).item<double>());
        refRejected_.push_back(sequenceLogProb(*model_, sequence(item.prompt, item.rejected).to(device_),
                                               item.pixelValues, item.gridThw, start).item<double>());
    }
    model_->train();
    writeJsonFile(file.string(), json{{"chosen", refChosen_}, {"rejected", refRejected_}});
}

void Trainer::saveCheckpoint(int64_t step)
{
    const fs::path finalDir = fs::path(env_.runDir) / (kCheckpointPrefix + std::to_string(step));
    // All or nothing: a full disk leaves no checkpoint-N and the earlier ones untouched.
    writeFolderAtomically(finalDir.string(), [&](const std::string &dir) {
        const fs::path tmp(dir);
        fs::create_directories(tmp / kStateDir);
        const auto tensors = cfg_.lora ? mergedNamedTensors(*model_) : [&] {
            std::vector<std::pair<std::string, torch::Tensor>> all;
            for (const auto &item : model_->named_parameters())
                all.emplace_back(item.key(), item.value().detach());
            return all;
        }();
        saveWeights(tmp.string(), tensors, naming_);
        copyModelSideFiles(env_.baseModelDir, tmp.string());
        saveOptimizerState(*optimizer_, (tmp / kStateDir / "optimizer.pt").string());
        if (cfg_.lora) {
            torch::serialize::OutputArchive archive;
            for (auto &[name, t] : loraTensors(*model_))
                archive.write(name, t.detach().cpu());
            saveArchive(archive, (tmp / kStateDir / "adapters.pt").string());
        }
        // state.json last: its presence marks a complete checkpoint.
        writeJsonFile((tmp / kStateDir / "state.json").string(),
                      json{{"step", step}, {"total_steps", totalSteps_}, {"examples", data_.examples.size()},
                           {"stage", trainStageName(cfg_.stage)}, {"config", cfg_.toJson()},
                           {"base_model", fs::absolute(env_.baseModelDir).string()}});
    });
    emit({{"event", "checkpoint"}, {"step", step}, {"path", finalDir.string()}});
}

TrainResult Trainer::run()
{
    cfg_.validate();
    fs::create_directories(env_.runDir);
    modelConfig_ = ModelConfig::fromFile((fs::path(env_.baseModelDir) / "config.json").string());
    naming_ = WeightStore::open(env_.baseModelDir).naming();
    prepareData();

    TrainResult result;
    result.totalSteps = totalSteps_;
    int64_t startStep = 0;
    const std::string resumeDir = latestCheckpoint(env_.runDir, &startStep);
    if (!resumeDir.empty()) {
        const json state = readJsonFile(fs::path(resumeDir) / kStateDir / "state.json");
        if (state.value("stage", "") != trainStageName(cfg_.stage))
            throw std::runtime_error(env_.runDir + " holds a " + state.value("stage", std::string("?"))
                                     + " run; cannot resume it as " + trainStageName(cfg_.stage));
        if (state.value("examples", size_t(0)) != data_.examples.size() || state.value("total_steps", int64_t(0)) != totalSteps_)
            throw std::runtime_error(env_.runDir + " was trained on a different dataset or schedule ("
                                     + std::to_string(state.value("examples", size_t(0))) + " examples, "
                                     + std::to_string(state.value("total_steps", int64_t(0)))
                                     + " steps); use a new run folder");
    }
    result.resumedFrom = startStep;
    buildModel(resumeDir);
    if (cfg_.stage == TrainStage::Dpo) {
        if (cfg_.precomputeReference) {
            computeReference();
        } else {
            reference_ = Qwen2_5_VLImpl::load(env_.baseModelDir, dtype_, device_);
            reference_->eval();
            for (auto &p : reference_->parameters())
                p.set_requires_grad(false);
        }
    }

    WarmupCosineSchedule schedule;
    schedule.peakLr = cfg_.lr;
    schedule.totalSteps = totalSteps_;
    schedule.warmupSteps = static_cast<int64_t>(std::ceil(cfg_.warmupRatio * static_cast<double>(totalSteps_)));
    const int64_t stopAt = cfg_.maxSteps > 0 ? std::min(cfg_.maxSteps, totalSteps_) : totalSteps_;
    int64_t trainable = 0;
    for (const auto &p : params_)
        trainable += p.numel();
    emit({{"event", "start"}, {"stage", trainStageName(cfg_.stage)}, {"total_steps", totalSteps_},
          {"examples", data_.examples.size()}, {"resumed_from", startStep}, {"trainable_parameters", trainable},
          {"base_model", env_.baseModelDir}, {"device", env_.device}, {"config", cfg_.toJson()}});

    const auto t0 = std::chrono::steady_clock::now();
    int64_t step = startStep;
    std::string lastSaved = resumeDir;
    while (step < stopAt) {
        const auto stepStart = std::chrono::steady_clock::now();
        const double lr = schedule.lrAt(step);
        setLearningRate(*optimizer_, lr);
        optimizer_->zero_grad();
        // Dropout draws depend on the step only, so a resumed run draws the same.
        torch::manual_seed(cfg_.seed * 7919ULL + static_cast<uint64_t>(step));
        const int64_t firstMicro = step * cfg_.gradAccum;
        const int64_t micros = std::min(cfg_.gradAccum, totalMicro_ - firstMicro);
        double lossSum = 0, rc = 0, rr = 0, margin = 0, acc = 0;
        int64_t tokens = 0;
        for (int64_t m = 0; m < micros; ++m) {
            const auto indices = microBatch(firstMicro + m);
            if (cfg_.stage == TrainStage::Sft) {
                const int64_t epoch = (firstMicro + m) / batchesPerEpoch_;
                std::vector<SftBatch> augmented;
                augmented.reserve(indices.size());
                std::vector<const SftBatch *> items;
                for (int64_t i : indices) {
                    const SftBatch &prepared = sft_[static_cast<size_t>(i)];
                    const std::optional<RgbImage> *image =
                        cfg_.augment.enabled() ? &sftImages_[static_cast<size_t>(i)] : nullptr;
                    if (!image || !image->has_value()) {
                        items.push_back(&prepared);
                        continue;
                    }
                    // Same size after augmenting, so only the pixels change, not the tokens.
                    const uint64_t seed = cfg_.seed * 6364136223846793005ULL
                                          + static_cast<uint64_t>(epoch) * 1000003ULL + static_cast<uint64_t>(i);
                    augmented.push_back(prepared);
                    augmented.back().pixelValues =
                        preprocessImage(augmentImage(**image, cfg_.augment, seed), imageConfig_).pixelValues;
                    items.push_back(&augmented.back());
                }
                const SftBatch batch = collate(items, padId_, device_);
                tokens += batch.attentionMask.sum().item<int64_t>();
                const auto loss = sftLoss(*model_, batch);
                (loss / static_cast<double>(micros)).backward();
                lossSum += loss.item<double>();
            } else {
                std::vector<torch::Tensor> pc, pr, rcs, rrs;
                for (int64_t i : indices) {
                    const auto &item = dpo_[static_cast<size_t>(i)];
                    const auto start = static_cast<int64_t>(item.prompt.size());
                    const auto chosen = sequence(item.prompt, item.chosen).to(device_);
                    const auto rejected = sequence(item.prompt, item.rejected).to(device_);
                    tokens += chosen.numel() + rejected.numel();
                    pc.push_back(sequenceLogProb(*model_, chosen, item.pixelValues, item.gridThw, start));
                    pr.push_back(sequenceLogProb(*model_, rejected, item.pixelValues, item.gridThw, start));
                    if (cfg_.precomputeReference) {
                        rcs.push_back(torch::tensor(refChosen_[static_cast<size_t>(i)], torch::kFloat32));
                        rrs.push_back(torch::tensor(refRejected_[static_cast<size_t>(i)], torch::kFloat32));
                    } else {
                        torch::NoGradGuard noGrad;
                        rcs.push_back(sequenceLogProb(*reference_, chosen, item.pixelValues, item.gridThw, start).cpu());
                        rrs.push_back(sequenceLogProb(*reference_, rejected, item.pixelValues, item.gridThw, start).cpu());
                    }
                }
                const auto r = dpoLoss(torch::stack(pc), torch::stack(pr), torch::stack(rcs).to(device_),
                                       torch::stack(rrs).to(device_), cfg_.beta);
                (r.loss / static_cast<double>(micros)).backward();
                lossSum += r.loss.item<double>();
                rc += r.rewardChosen;
                rr += r.rewardRejected;
                margin += r.rewardMargin;
                acc += r.rewardAccuracy;
            }
        }
        if (cfg_.maxGradNorm > 0)
            clipGradNorm(params_, cfg_.maxGradNorm);
        optimizer_->step();
        ++step;

        const auto now = std::chrono::steady_clock::now();
        const double stepSeconds = std::chrono::duration<double>(now - stepStart).count();
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        const double perStep = elapsed / static_cast<double>(step - startStep);
        json event = {{"event", "step"}, {"stage", trainStageName(cfg_.stage)}, {"step", step},
                      {"total_steps", totalSteps_},
                      {"epoch", static_cast<double>(std::min(totalMicro_, step * cfg_.gradAccum))
                                    / static_cast<double>(batchesPerEpoch_)},
                      {"loss", lossSum / static_cast<double>(micros)}, {"lr", lr},
                      {"tokens_per_s", stepSeconds > 0 ? static_cast<double>(tokens) / stepSeconds : 0.0},
                      {"elapsed_s", elapsed}, {"eta_s", perStep * static_cast<double>(stopAt - step)}};
        if (cfg_.stage == TrainStage::Dpo) {
            const auto k = static_cast<double>(micros);
            event["reward_chosen"] = rc / k;
            event["reward_rejected"] = rr / k;
            event["reward_margin"] = margin / k;
            event["reward_accuracy"] = acc / k;
        }
        emit(event);

        const bool stopRequested = env_.stop && env_.stop->load();
        if (step == stopAt || stopRequested || (cfg_.saveEvery > 0 && step % cfg_.saveEvery == 0)) {
            saveCheckpoint(step);
            lastSaved = (fs::path(env_.runDir) / (kCheckpointPrefix + std::to_string(step))).string();
        }
        if (stopRequested && step < stopAt) {
            emit({{"event", "interrupted"}, {"step", step}, {"path", lastSaved}});
            result.interrupted = true;
            result.step = step;
            result.modelDir = lastSaved;
            return result;
        }
    }
    result.step = step;
    result.modelDir = lastSaved;
    emit({{"event", "finished"}, {"step", step}, {"path", lastSaved}});
    return result;
}

} // namespace

std::vector<int64_t> epochOrder(int64_t n, uint64_t seed, int64_t epoch)
{
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[static_cast<size_t>(i)] = i;
    std::mt19937_64 rng(seed * 1000003ULL + static_cast<uint64_t>(epoch) + 1);
    for (int64_t i = n - 1; i > 0; --i) {
        const auto j = static_cast<int64_t>(rng() % static_cast<uint64_t>(i + 1));
        std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(j)]);
    }
    return order;
}

std::string latestCheckpoint(const std::string &runDir, int64_t *step)
{
    std::string best;
    int64_t bestStep = -1;
    if (fs::is_directory(runDir)) {
        for (const auto &entry : fs::directory_iterator(runDir)) {
            const std::string name = entry.path().filename().string();
            if (!entry.is_directory() || name.rfind(kCheckpointPrefix, 0) != 0)
                continue;
            const std::string digits = name.substr(std::string(kCheckpointPrefix).size());
            if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
                continue;
            if (!fs::exists(entry.path() / kStateDir / "state.json"))
                continue;
            const int64_t s = std::stoll(digits);
            if (s > bestStep) {
                bestStep = s;
                best = entry.path().string();
            }
        }
    }
    if (step)
        *step = std::max<int64_t>(0, bestStep);
    return best;
}

TrainResult runTraining(const TrainConfig &config, const Dataset &data, const TrainEnvironment &env)
{
    Trainer trainer(config, data, env);
    return trainer.run();
}

} // namespace sd::vlm
