#include "train_config.h"

#include "json_limits.h"

#include <cmath>
#include <set>
#include <stdexcept>

namespace sd::vlm {

namespace {

using json = nlohmann::json;

template <typename T>
T typed(const json &j, const std::string &key)
{
    try {
        return j.get<T>();
    } catch (const json::exception &) {
        throw std::invalid_argument("training config: \"" + key + "\" has the wrong type (" + jsonExcerpt(j) + ")");
    }
}

double number(const json &j, const std::string &key)
{
    if (!j.is_number())
        throw std::invalid_argument("training config: \"" + key + "\" must be a number, got " + jsonExcerpt(j));
    return j.get<double>();
}

int64_t integer(const json &j, const std::string &key)
{
    if (!j.is_number_integer())
        throw std::invalid_argument("training config: \"" + key + "\" must be a whole number, got " + jsonExcerpt(j));
    return j.get<int64_t>();
}

bool boolean(const json &j, const std::string &key)
{
    if (!j.is_boolean())
        throw std::invalid_argument("training config: \"" + key + "\" must be true or false, got " + jsonExcerpt(j));
    return j.get<bool>();
}

void requireObject(const json &j, const std::string &key, const std::set<std::string> &allowed)
{
    if (!j.is_object())
        throw std::invalid_argument("training config: \"" + key + "\" must be an object");
    for (const auto &item : j.items())
        if (!allowed.count(item.key()))
            throw std::invalid_argument("training config: unknown key \""
                                        + textExcerpt((key.empty() ? "" : key + ".") + item.key()) + "\"");
}

} // namespace

const char *trainStageName(TrainStage stage) { return stage == TrainStage::Sft ? "sft" : "dpo"; }

TrainConfig TrainConfig::defaults(TrainStage stage)
{
    TrainConfig c;
    c.stage = stage;
    if (stage == TrainStage::Sft) {
        c.freeze.vision = true; // paper: merger and language model trained
        c.lr = 1e-5;
    } else {
        c.lr = 1e-6; // TRL's DPO default; paper: all components trained
    }
    return c;
}

TrainConfig TrainConfig::fromJson(const json &j, TrainStage stage)
{
    TrainConfig c = defaults(stage);
    requireObject(j, "", {"lr", "epochs", "batch_size", "grad_accum", "warmup_ratio", "weight_decay", "max_grad_norm",
                          "seed", "lora", "freeze", "beta", "reference", "save_every", "dtype", "max_steps", "augment"});
    if (j.contains("lr")) c.lr = number(j["lr"], "lr");
    if (j.contains("epochs")) c.epochs = integer(j["epochs"], "epochs");
    if (j.contains("batch_size")) c.batchSize = integer(j["batch_size"], "batch_size");
    if (j.contains("grad_accum")) c.gradAccum = integer(j["grad_accum"], "grad_accum");
    if (j.contains("warmup_ratio")) c.warmupRatio = number(j["warmup_ratio"], "warmup_ratio");
    if (j.contains("weight_decay")) c.weightDecay = number(j["weight_decay"], "weight_decay");
    if (j.contains("max_grad_norm")) c.maxGradNorm = number(j["max_grad_norm"], "max_grad_norm");
    if (j.contains("seed")) {
        const int64_t s = integer(j["seed"], "seed");
        if (s < 0) throw std::invalid_argument("training config: \"seed\" must be >= 0");
        c.seed = static_cast<uint64_t>(s);
    }
    if (j.contains("lora") && !j["lora"].is_null() && !(j["lora"].is_boolean() && !j["lora"].get<bool>())) {
        LoraOptions l;
        if (!j["lora"].is_boolean()) {
            const auto &o = j["lora"];
            requireObject(o, "lora", {"rank", "alpha", "dropout", "targets"});
            if (o.contains("rank")) l.rank = integer(o["rank"], "lora.rank");
            if (o.contains("alpha")) l.alpha = number(o["alpha"], "lora.alpha");
            if (o.contains("dropout")) l.dropout = number(o["dropout"], "lora.dropout");
            if (o.contains("targets")) l.targets = typed<std::string>(o["targets"], "lora.targets");
        }
        c.lora = l;
    }
    if (j.contains("freeze")) {
        const auto &f = j["freeze"];
        requireObject(f, "freeze", {"vision", "merger", "language"});
        if (f.contains("vision")) c.freeze.vision = boolean(f["vision"], "freeze.vision");
        if (f.contains("merger")) c.freeze.merger = boolean(f["merger"], "freeze.merger");
        if (f.contains("language")) c.freeze.language = boolean(f["language"], "freeze.language");
    }
    if (j.contains("beta")) c.beta = number(j["beta"], "beta");
    if (j.contains("reference")) {
        const auto r = typed<std::string>(j["reference"], "reference");
        if (r != "precompute" && r != "model")
            throw std::invalid_argument("training config: \"reference\" must be \"precompute\" or \"model\"");
        c.precomputeReference = r == "precompute";
    }
    if (j.contains("save_every")) c.saveEvery = integer(j["save_every"], "save_every");
    if (j.contains("dtype")) c.dtype = typed<std::string>(j["dtype"], "dtype");
    if (j.contains("max_steps")) c.maxSteps = integer(j["max_steps"], "max_steps");
    if (j.contains("augment") && !j["augment"].is_null() && !(j["augment"].is_boolean() && !j["augment"].get<bool>())) {
        const auto &a = j["augment"];
        requireObject(a, "augment", {"crop", "brightness", "colour"});
        if (a.contains("crop")) c.augment.crop = number(a["crop"], "augment.crop");
        if (a.contains("brightness")) c.augment.brightness = number(a["brightness"], "augment.brightness");
        if (a.contains("colour")) c.augment.colour = number(a["colour"], "augment.colour");
    }
    c.validate();
    return c;
}

void TrainConfig::validate() const
{
    auto fail = [](const std::string &m) { throw std::invalid_argument("training config: " + m); };
    if (!std::isfinite(lr) || lr < 0) fail("\"lr\" must be >= 0");
    if (epochs < 1) fail("\"epochs\" must be >= 1");
    if (batchSize < 1) fail("\"batch_size\" must be >= 1");
    if (gradAccum < 1) fail("\"grad_accum\" must be >= 1");
    if (!(warmupRatio >= 0 && warmupRatio <= 1)) fail("\"warmup_ratio\" must be in [0, 1]");
    if (!std::isfinite(weightDecay) || weightDecay < 0) fail("\"weight_decay\" must be >= 0");
    if (!std::isfinite(maxGradNorm)) fail("\"max_grad_norm\" must be a number");
    if (!(beta > 0) || !std::isfinite(beta)) fail("\"beta\" must be > 0");
    if (saveEvery < 0) fail("\"save_every\" must be >= 0");
    if (maxSteps < 0) fail("\"max_steps\" must be >= 0");
    if (dtype != "f32" && dtype != "bf16") fail("\"dtype\" must be \"f32\" or \"bf16\"");
    if (lora) {
        if (lora->rank < 1) fail("\"lora.rank\" must be >= 1");
        if (!(lora->alpha > 0)) fail("\"lora.alpha\" must be > 0");
        if (!(lora->dropout >= 0 && lora->dropout < 1)) fail("\"lora.dropout\" must be in [0, 1)");
    }
    if (!(augment.crop > 0 && augment.crop <= 1)) fail("\"augment.crop\" must be in (0, 1]");
    if (!(augment.brightness >= 0 && augment.brightness < 1)) fail("\"augment.brightness\" must be in [0, 1)");
    if (!(augment.colour >= 0 && augment.colour < 1)) fail("\"augment.colour\" must be in [0, 1)");
    // DPO compares policy and reference on the same image; its reference log-probs are computed once.
    if (stage == TrainStage::Dpo && augment.enabled()) fail("\"augment\" is for SFT only");
    if (freeze.vision && freeze.merger && freeze.language) fail("every parameter group is frozen: nothing to train");
}

json TrainConfig::toJson() const
{
    json j = {{"stage", trainStageName(stage)}, {"lr", lr}, {"epochs", epochs}, {"batch_size", batchSize},
              {"grad_accum", gradAccum}, {"warmup_ratio", warmupRatio}, {"weight_decay", weightDecay},
              {"max_grad_norm", maxGradNorm}, {"seed", seed},
              {"freeze", {{"vision", freeze.vision}, {"merger", freeze.merger}, {"language", freeze.language}}},
              {"save_every", saveEvery}, {"dtype", dtype}, {"max_steps", maxSteps}};
    j["lora"] = lora ? json{{"rank", lora->rank}, {"alpha", lora->alpha}, {"dropout", lora->dropout},
                            {"targets", lora->targets}}
                     : json(nullptr);
    if (stage == TrainStage::Sft)
        j["augment"] = augment.enabled() ? json{{"crop", augment.crop}, {"brightness", augment.brightness},
                                                {"colour", augment.colour}}
                                         : json(nullptr);
    if (stage == TrainStage::Dpo) {
        j["beta"] = beta;
        j["reference"] = precomputeReference ? "precompute" : "model";
    }
    return j;
}

} // namespace sd::vlm
