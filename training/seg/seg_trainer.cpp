#include "seg/seg_trainer.h"

#include "checkpoint.h"
#include "json_limits.h"
#include "seg/seg_net.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

namespace sd::seg {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

struct Data {
    torch::Tensor images;  // [N, 3, H, W] normalised
    torch::Tensor targets; // [N, K, H, W] 0..1 (area-resized)
    torch::Tensor known;   // [N, K] 1: the target counts in the loss
    int frameWidth = 0, frameHeight = 0; // 0: the frames differ in size
};

Data prepare(const SegTrainOptions &o, size_t count, const std::function<SegTrainSample(size_t)> &load)
{
    const int k = static_cast<int>(o.structures.size());
    Data d;
    d.images = torch::empty({static_cast<int64_t>(count), 3, o.inputHeight, o.inputWidth});
    d.targets = torch::zeros({static_cast<int64_t>(count), k, o.inputHeight, o.inputWidth});
    d.known = torch::zeros({static_cast<int64_t>(count), k});
    namespace F = torch::nn::functional;
    for (size_t i = 0; i < count; ++i) {
        const SegTrainSample s = load(i);
        const auto idx = static_cast<int64_t>(i);
        if (i == 0)
            d.frameWidth = s.image.width, d.frameHeight = s.image.height;
        else if (s.image.width != d.frameWidth || s.image.height != d.frameHeight)
            d.frameWidth = d.frameHeight = 0;
        d.images[idx] = encodeImage(s.image, o.inputWidth, o.inputHeight);
        for (int c = 0; c < k; ++c) {
            const auto it = s.masks.find(o.structures[static_cast<size_t>(c)]);
            if (it == s.masks.end())
                continue;
            d.known[idx][c] = 1.f;
            if (it->second.empty())
                continue;
            if (it->second.size() != static_cast<size_t>(s.image.width) * s.image.height)
                throw std::invalid_argument("a training mask does not have its frame's size");
            auto m = torch::from_blob(const_cast<uint8_t *>(it->second.data()), {1, 1, s.image.height, s.image.width},
                                      torch::kUInt8)
                         .to(torch::kFloat32)
                         .clamp_max(1.0);
            d.targets[idx][c] = F::interpolate(m, F::InterpolateFuncOptions()
                                                      .size(std::vector<int64_t>{o.inputHeight, o.inputWidth})
                                                      .mode(torch::kArea))
                                    .squeeze(0)
                                    .squeeze(0);
        }
    }
    return d;
}

// A prompt as a person would give it for one structure of one augmented sample:
// usually a box around it (edges moved by up to 10 %), sometimes clicks only;
// a few inside clicks, and outside clicks near it. In input pixel coordinates.
SegPrompt simulatePrompt(const torch::Tensor &mask, std::mt19937_64 &rng)
{
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto a = mask.accessor<float, 2>();
    const int h = static_cast<int>(mask.size(0)), w = static_cast<int>(mask.size(1));
    std::vector<std::pair<int, int>> in, out;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (a[y][x] > 0.5f) {
                in.emplace_back(x, y);
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
            }
    SegPrompt p;
    const double bw = x1 - x0 + 1, bh = y1 - y0 + 1;
    const bool box = u(rng) < 0.8;
    if (box) {
        auto jitter = [&](double size) { return (u(rng) * 2 - 1) * 0.1 * size; };
        p.hasBox = true;
        p.x0 = std::clamp(static_cast<int>(std::lround(x0 + jitter(bw))), 0, w - 1);
        p.y0 = std::clamp(static_cast<int>(std::lround(y0 + jitter(bh))), 0, h - 1);
        p.x1 = std::clamp(static_cast<int>(std::lround(x1 + 1 + jitter(bw))), p.x0 + 1, w);
        p.y1 = std::clamp(static_cast<int>(std::lround(y1 + 1 + jitter(bh))), p.y0 + 1, h);
    }
    const int nIn = box ? static_cast<int>(u(rng) * 3.0) : 1 + static_cast<int>(u(rng) * 3.0);
    for (int i = 0; i < nIn; ++i)
        p.inside.push_back(in[static_cast<size_t>(u(rng) * static_cast<double>(in.size())) % in.size()]);
    const int nOut = u(rng) < 0.5 ? 0 : 1 + static_cast<int>(u(rng) * 2.0);
    for (int i = 0, tries = 0; i < nOut && tries < 50; ++tries) {
        const int x = std::clamp(static_cast<int>(x0 - 0.2 * bw + u(rng) * 1.4 * bw), 0, w - 1);
        const int y = std::clamp(static_cast<int>(y0 - 0.2 * bh + u(rng) * 1.4 * bh), 0, h - 1);
        if (a[y][x] < 0.5f) {
            p.outside.emplace_back(x, y);
            ++i;
        }
    }
    return p;
}

struct Batch {
    torch::Tensor input, target, weight;
};

// Everything random about step `step` comes from (seed, step): resuming repeats it exactly.
Batch makeBatch(const Data &d, const SegTrainOptions &o, int step)
{
    std::mt19937_64 rng(o.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(step) * 0xBF58476D1CE4E5B9ull + 1);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int k = static_cast<int>(o.structures.size());
    const int64_t n = d.images.size(0), b = o.batchSize;
    std::vector<int64_t> pick(static_cast<size_t>(b));
    for (auto &i : pick)
        i = static_cast<int64_t>(u(rng) * static_cast<double>(n)) % n;
    const auto idx = torch::tensor(pick);
    auto images = d.images.index_select(0, idx);
    auto targets = d.targets.index_select(0, idx);
    auto known = d.known.index_select(0, idx);

    // Geometric augmentation: flip, scale 0.85..1.15, shift up to 8 %; colour: contrast and brightness.
    auto theta = torch::zeros({b, 2, 3});
    auto gain = torch::ones({b, 1, 1, 1}), shift = torch::zeros({b, 1, 1, 1});
    for (int64_t i = 0; i < b; ++i) {
        const double s = 0.85 + 0.3 * u(rng), flip = u(rng) < 0.5 ? -1.0 : 1.0;
        theta[i][0][0] = s * flip;
        theta[i][1][1] = s;
        theta[i][0][2] = (u(rng) * 2 - 1) * 0.16;
        theta[i][1][2] = (u(rng) * 2 - 1) * 0.16;
        gain[i] = 0.8 + 0.4 * u(rng);
        shift[i] = (u(rng) * 2 - 1) * 0.4;
    }
    namespace F = torch::nn::functional;
    const auto grid = F::affine_grid(theta, {b, 3 + k, o.inputHeight, o.inputWidth}, false);
    const auto warped = F::grid_sample(torch::cat({images, targets}, 1), grid,
                                       F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kBorder).align_corners(false));
    images = warped.slice(1, 0, 3) * gain + shift;
    targets = warped.slice(1, 3, 3 + k).contiguous();

    auto prompts = torch::zeros({b, 3 + k, o.inputHeight, o.inputWidth});
    auto weight = known.unsqueeze(2).unsqueeze(3).expand({b, k, o.inputHeight, o.inputWidth}).clone();
    for (int64_t i = 0; i < b; ++i) {
        if (u(rng) < o.promptDropout)
            continue;
        std::vector<int> present;
        for (int c = 0; c < k; ++c)
            if (known[i][c].item<float>() > 0 && (targets[i][c] > 0.5).sum().item<int64_t>() >= 4)
                present.push_back(c);
        if (present.empty())
            continue;
        const int c = present[static_cast<size_t>(u(rng) * static_cast<double>(present.size())) % present.size()];
        const SegPrompt p = simulatePrompt(targets[i][c], rng);
        prompts[i] = encodePrompt(p, c, k, o.inputWidth, o.inputHeight, o.inputWidth, o.inputHeight);
        weight[i][c].mul_(2.0); // the prompted structure is what the person is waiting for
    }
    return {torch::cat({images, prompts}, 1), targets, weight};
}

struct Checkpointed {
    int step = 0;
    fs::path dir;
};

std::optional<Checkpointed> lastCheckpoint(const fs::path &runDir)
{
    std::optional<Checkpointed> best;
    std::error_code ec;
    if (!fs::is_directory(runDir / "checkpoints", ec))
        return best;
    for (const auto &e : fs::directory_iterator(runDir / "checkpoints", ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("step-", 0) != 0 || name.find('.') != std::string::npos || !fs::exists(e.path() / "state.json"))
            continue;
        const int step = std::atoi(name.c_str() + 5);
        if (step > 0 && (!best || step > best->step))
            best = Checkpointed{step, e.path()};
    }
    return best;
}

std::string stepName(int step)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "step-%06d", step);
    return buf;
}

} // namespace

SegTrainResult trainSegModel(const SegTrainOptions &o, size_t count, const std::function<SegTrainSample(size_t)> &load)
{
    if (o.structures.empty())
        throw std::invalid_argument("no structures to train");
    if (count == 0)
        throw std::invalid_argument("no training frames with approved masks");
    if (o.steps < 1 || o.batchSize < 1 || o.saveEvery < 1 || o.lr <= 0)
        throw std::invalid_argument("steps, batch size, save interval and learning rate must be positive");
    if (o.inputWidth % 8 || o.inputHeight % 8 || o.inputWidth < 32 || o.inputHeight < 32)
        throw std::invalid_argument("the input size must be a multiple of 8, at least 32x32");
    if (o.threads > 0)
        torch::set_num_threads(o.threads);
    const fs::path runDir(o.runDir);
    fs::create_directories(runDir / "checkpoints");
    auto emit = [&](const json &e) {
        if (o.onEvent)
            o.onEvent(e);
    };

    SegModelInfo info;
    info.structures = o.structures;
    info.inputWidth = o.inputWidth;
    info.inputHeight = o.inputHeight;
    info.baseChannels = o.baseChannels;
    const std::string runName = o.runName.empty() ? runDir.filename().string() : o.runName;

    torch::manual_seed(o.seed);
    SegNet net(static_cast<int>(o.structures.size()), o.baseChannels);
    torch::optim::AdamW optimizer(net->parameters(), torch::optim::AdamWOptions(o.lr).weight_decay(1e-4));
    SegTrainResult result;
    int step = 0;
    if (const auto last = lastCheckpoint(runDir)) {
        const SegModelInfo saved = parseSegConfig(last->dir.string());
        if (saved.structures != o.structures || saved.inputWidth != o.inputWidth || saved.inputHeight != o.inputHeight
            || saved.baseChannels != o.baseChannels)
            throw SegModelError("The run folder " + o.runDir
                                + " holds a segmentation model for other structures or another input size; "
                                  "use a new run folder.");
        loadSegWeights(last->dir.string(), net);
        try {
            torch::serialize::InputArchive archive;
            archive.load_from((last->dir / "optimizer.pt").string());
            optimizer.load(archive);
        } catch (const std::exception &) {
            throw SegModelError("The checkpoint " + last->dir.string() + " is damaged (optimizer.pt); remove it to resume from an earlier one.");
        }
        step = last->step;
        result.resumed = true;
    }

    const Data data = prepare(o, count, load);
    info.frameWidth = data.frameWidth;
    info.frameHeight = data.frameHeight;
    const auto t0 = std::chrono::steady_clock::now();
    const int startStep = step;
    emit({{"event", "start"}, {"stage", "seg"}, {"total_steps", o.steps}, {"start_step", step},
          {"frames", count}, {"structures", o.structures}, {"input_width", o.inputWidth},
          {"input_height", o.inputHeight}, {"seed", o.seed}});

    auto save = [&](int atStep) {
        info.step = atStep;
        info.id = "seg:" + runName + "@" + std::to_string(atStep);
        const fs::path dir = runDir / "checkpoints" / stepName(atStep);
        vlm::writeFolderAtomically(dir.string(), [&](const std::string &tmp) {
            writeSegModel(tmp, info, net);
            torch::serialize::OutputArchive archive;
            optimizer.save(archive);
            vlm::saveArchive(archive, (fs::path(tmp) / "optimizer.pt").string());
            vlm::writeJsonFile((fs::path(tmp) / "state.json").string(), {{"step", atStep}, {"seed", o.seed}});
        });
        vlm::writeFolderAtomically((runDir / "model").string(),
                                   [&](const std::string &tmp) { writeSegModel(tmp, info, net); });
        result.modelDir = (runDir / "model").string();
        emit({{"event", "checkpoint"}, {"step", atStep}, {"path", dir.string()}});
    };

    net->train();
    double lossEma = 0;
    bool timeUp = false;
    while (step < o.steps) {
        if (o.stop && o.stop->load()) {
            save(step);
            result.interrupted = true;
            emit({{"event", "interrupted"}, {"step", step}, {"path", result.modelDir}});
            result.step = step;
            return result;
        }
        // With a time budget the learning rate decays over whichever budget runs out first,
        // so a run cut short by --minutes still ends annealed.
        double progress = static_cast<double>(step) / o.steps;
        if (o.maxMinutes > 0)
            progress = std::max(progress, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                                              / (o.maxMinutes * 60.0));
        progress = std::min(progress, 1.0);
        const double warm = std::min(1.0, (step + 1) / 50.0);
        const double lr = o.lr * warm * 0.5 * (1.0 + std::cos(M_PI * progress));
        for (auto &g : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions &>(g.options()).lr(lr);

        torch::manual_seed(o.seed + static_cast<uint64_t>(step));
        const Batch batch = makeBatch(data, o, step);
        const auto logits = net->forward(batch.input);
        const auto bce = torch::binary_cross_entropy_with_logits(logits, batch.target, batch.weight, {},
                                                                 at::Reduction::Sum)
                         / batch.weight.sum().clamp_min(1.0);
        const auto prob = torch::sigmoid(logits);
        const auto known = (batch.weight.amax({2, 3}) > 0).to(torch::kFloat32); // [B, K]
        const auto inter = (prob * batch.target).sum({2, 3});
        const auto dice = 1 - (2 * inter + 1) / (prob.sum({2, 3}) + batch.target.sum({2, 3}) + 1);
        const auto diceLoss = (dice * known).sum() / known.sum().clamp_min(1.0);
        const auto loss = bce + diceLoss;
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        ++step;

        const double l = loss.item<double>();
        lossEma = step == startStep + 1 ? l : 0.9 * lossEma + 0.1 * l;
        double iou = 0;
        {
            torch::NoGradGuard g;
            const auto pb = (prob > 0.5).to(torch::kFloat32), tb = (batch.target > 0.5).to(torch::kFloat32);
            const auto i = (pb * tb).sum({2, 3}), un = ((pb + tb) > 0).to(torch::kFloat32).sum({2, 3});
            const auto valid = known * (tb.sum({2, 3}) > 0).to(torch::kFloat32);
            iou = ((i / un.clamp_min(1.0)) * valid).sum().item<double>() / std::max(1.0, valid.sum().item<double>());
        }
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double perStep = elapsed / (step - startStep);
        result.lastLoss = l;
        emit({{"event", "step"}, {"stage", "seg"}, {"step", step}, {"total_steps", o.steps},
              {"epoch", static_cast<double>(step) * o.batchSize / static_cast<double>(count)},
              {"loss", l}, {"loss_ema", lossEma}, {"iou", iou}, {"lr", lr}, {"elapsed_s", elapsed},
              {"eta_s", perStep * (o.steps - step)}});
        timeUp = o.maxMinutes > 0 && elapsed >= o.maxMinutes * 60.0;
        if (step % o.saveEvery == 0 || step == o.steps || timeUp)
            save(step);
        if (timeUp)
            break;
    }
    if (result.modelDir.empty()) // resumed at the last step: nothing left to train
        save(step);
    result.step = step;
    emit({{"event", "finished"}, {"step", step}, {"path", result.modelDir}, {"time_limited", timeUp}});
    return result;
}

} // namespace sd::seg
