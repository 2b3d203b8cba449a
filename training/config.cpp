#include "config.h"

#include "json_limits.h"

#include <fstream>
#include <numeric>

namespace sd::vlm {

namespace {

using json = nlohmann::json;

class Reader {
public:
    Reader(const std::string &source) : source_(source) {}

    [[noreturn]] void fail(const std::string &field, const std::string &what) const
    {
        throw ConfigError(source_ + ": field '" + field + "' " + what);
    }

    // First object among `scopes` that has `key` wins (nested before top level).
    const json *find(const std::vector<const json *> &scopes, const std::string &key) const
    {
        for (const json *s : scopes)
            if (s && s->is_object()) {
                auto it = s->find(key);
                if (it != s->end() && !it->is_null())
                    return &*it;
            }
        return nullptr;
    }

    int64_t integer(const std::vector<const json *> &scopes, const std::string &key, int64_t fallback,
                    bool required = false) const
    {
        const json *v = find(scopes, key);
        if (!v) {
            if (required)
                fail(key, "is missing");
            return fallback;
        }
        if (!v->is_number_integer())
            fail(key, "must be an integer");
        return v->get<int64_t>();
    }

    double number(const std::vector<const json *> &scopes, const std::string &key, double fallback) const
    {
        const json *v = find(scopes, key);
        if (!v)
            return fallback;
        if (!v->is_number())
            fail(key, "must be a number");
        return v->get<double>();
    }

    bool boolean(const std::vector<const json *> &scopes, const std::string &key, bool fallback) const
    {
        const json *v = find(scopes, key);
        if (!v)
            return fallback;
        if (!v->is_boolean())
            fail(key, "must be true or false");
        return v->get<bool>();
    }

    std::string string(const std::vector<const json *> &scopes, const std::string &key, const std::string &fallback) const
    {
        const json *v = find(scopes, key);
        if (!v)
            return fallback;
        if (!v->is_string())
            fail(key, "must be a string");
        return v->get<std::string>();
    }

    std::vector<int64_t> integers(const json &v, const std::string &key) const
    {
        std::vector<int64_t> out;
        if (v.is_number_integer()) {
            out.push_back(v.get<int64_t>());
            return out;
        }
        if (!v.is_array())
            fail(key, "must be a list of integers");
        for (const auto &e : v) {
            if (!e.is_number_integer())
                fail(key, "must be a list of integers");
            out.push_back(e.get<int64_t>());
        }
        return out;
    }

private:
    std::string source_;
};

void requirePositive(const Reader &r, const std::string &field, int64_t v)
{
    if (v <= 0)
        r.fail(field, "must be positive (is " + std::to_string(v) + ")");
}

} // namespace

ModelConfig ModelConfig::fromFile(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw ConfigError("cannot read " + path);
    json j;
    try {
        j = parseJsonBounded(in);
    } catch (const json::exception &e) {
        throw ConfigError(path + " is not valid JSON: " + e.what());
    }
    return fromJson(j, path);
}

ModelConfig ModelConfig::fromJson(const json &j, const std::string &sourceName)
{
    Reader r(sourceName);
    if (!j.is_object())
        throw ConfigError(sourceName + " is not a JSON object");
    ModelConfig c;
    const json *textScope = j.contains("text_config") && j["text_config"].is_object() ? &j["text_config"] : nullptr;
    c.layout = textScope ? ConfigLayout::Nested : ConfigLayout::Published;
    const std::vector<const json *> text{textScope, &j};

    auto &t = c.text;
    t.vocabSize = r.integer(text, "vocab_size", t.vocabSize, true);
    t.hiddenSize = r.integer(text, "hidden_size", t.hiddenSize, true);
    t.intermediateSize = r.integer(text, "intermediate_size", t.intermediateSize, true);
    t.numHiddenLayers = r.integer(text, "num_hidden_layers", t.numHiddenLayers, true);
    t.numAttentionHeads = r.integer(text, "num_attention_heads", t.numAttentionHeads, true);
    t.numKeyValueHeads = r.integer(text, "num_key_value_heads", t.numAttentionHeads);
    t.rmsNormEps = r.number(text, "rms_norm_eps", t.rmsNormEps);
    t.maxPositionEmbeddings = r.integer(text, "max_position_embeddings", t.maxPositionEmbeddings);
    t.hiddenAct = r.string(text, "hidden_act", t.hiddenAct);
    // tie_word_embeddings: the top level is authoritative in both layouts.
    t.tieWordEmbeddings = r.boolean({&j, textScope}, "tie_word_embeddings", false);

    // RoPE: rope_parameters (new) or rope_scaling + rope_theta (published).
    const json *rope = r.find(text, "rope_parameters");
    if (!rope)
        rope = r.find(text, "rope_scaling");
    const std::vector<const json *> ropeScopes{rope, textScope, &j};
    t.ropeTheta = r.number(ropeScopes, "rope_theta", t.ropeTheta);
    if (const json *section = r.find({rope}, "mrope_section"))
        t.mropeSection = r.integers(*section, "mrope_section");
    else
        r.fail("rope_scaling.mrope_section", "is missing (Qwen2.5-VL needs multimodal RoPE sections)");

    const json *vision = j.contains("vision_config") ? &j["vision_config"] : nullptr;
    if (!vision || !vision->is_object())
        r.fail("vision_config", "is missing");
    auto &v = c.vision;
    const std::vector<const json *> vs{vision};
    v.depth = r.integer(vs, "depth", v.depth, true);
    v.hiddenSize = r.integer(vs, "hidden_size", r.integer(vs, "embed_dim", v.hiddenSize));
    v.intermediateSize = r.integer(vs, "intermediate_size", v.intermediateSize, true);
    v.numHeads = r.integer(vs, "num_heads", v.numHeads, true);
    v.inChannels = r.integer(vs, "in_channels", r.integer(vs, "in_chans", v.inChannels));
    v.patchSize = r.integer(vs, "patch_size", r.integer(vs, "spatial_patch_size", v.patchSize));
    v.spatialMergeSize = r.integer(vs, "spatial_merge_size", v.spatialMergeSize);
    v.temporalPatchSize = r.integer(vs, "temporal_patch_size", v.temporalPatchSize);
    v.windowSize = r.integer(vs, "window_size", v.windowSize);
    v.outHiddenSize = r.integer(vs, "out_hidden_size", t.hiddenSize);
    v.tokensPerSecond = r.integer(vs, "tokens_per_second", v.tokensPerSecond);
    v.hiddenAct = r.string(vs, "hidden_act", v.hiddenAct);
    if (const json *idx = r.find(vs, "fullatt_block_indexes"))
        v.fullattBlockIndexes = r.integers(*idx, "vision_config.fullatt_block_indexes");
    const json *visionRope = r.find(vs, "rope_parameters");
    v.ropeTheta = r.number({visionRope, vision}, "rope_theta", v.ropeTheta);

    const std::vector<const json *> top{&j, textScope};
    c.imageTokenId = r.integer(top, "image_token_id", c.imageTokenId);
    c.videoTokenId = r.integer(top, "video_token_id", c.videoTokenId);
    c.visionStartTokenId = r.integer(top, "vision_start_token_id", c.visionStartTokenId);
    c.visionEndTokenId = r.integer(top, "vision_end_token_id", c.visionEndTokenId);
    c.bosTokenId = r.integer(top, "bos_token_id", c.bosTokenId);
    if (const json *eos = r.find(top, "eos_token_id"))
        c.eosTokenIds = r.integers(*eos, "eos_token_id");
    if (const json *pad = r.find(top, "pad_token_id"); pad && pad->is_number_integer())
        c.padTokenId = pad->get<int64_t>();
    c.torchDtype = r.string({&j}, "dtype", r.string({&j}, "torch_dtype", "float32"));

    // Validation: catch a wrong or truncated config before building tensors from it.
    for (const auto &[field, value] :
         std::vector<std::pair<std::string, int64_t>>{{"vocab_size", t.vocabSize},
                                                      {"hidden_size", t.hiddenSize},
                                                      {"intermediate_size", t.intermediateSize},
                                                      {"num_hidden_layers", t.numHiddenLayers},
                                                      {"num_attention_heads", t.numAttentionHeads},
                                                      {"num_key_value_heads", t.numKeyValueHeads},
                                                      {"vision_config.depth", v.depth},
                                                      {"vision_config.hidden_size", v.hiddenSize},
                                                      {"vision_config.num_heads", v.numHeads},
                                                      {"vision_config.patch_size", v.patchSize},
                                                      {"vision_config.spatial_merge_size", v.spatialMergeSize},
                                                      {"vision_config.temporal_patch_size", v.temporalPatchSize},
                                                      {"vision_config.out_hidden_size", v.outHiddenSize}})
        requirePositive(r, field, value);
    if (t.hiddenSize % t.numAttentionHeads != 0)
        r.fail("num_attention_heads", "must divide hidden_size");
    if (t.numAttentionHeads % t.numKeyValueHeads != 0)
        r.fail("num_key_value_heads", "must divide num_attention_heads");
    if (v.hiddenSize % v.numHeads != 0)
        r.fail("vision_config.num_heads", "must divide vision_config.hidden_size");
    const int64_t sectionSum = std::accumulate(t.mropeSection.begin(), t.mropeSection.end(), int64_t{0});
    if (t.mropeSection.size() != 3 || sectionSum * 2 != t.headDim())
        r.fail("mrope_section", "must have 3 entries summing to head_dim/2 = " + std::to_string(t.headDim() / 2));
    for (auto i : v.fullattBlockIndexes)
        if (i < 0 || i >= v.depth)
            r.fail("vision_config.fullatt_block_indexes", "has index " + std::to_string(i) + " outside the depth");
    if (v.windowSize % (v.patchSize * v.spatialMergeSize) != 0)
        r.fail("vision_config.window_size", "must be a multiple of patch_size * spatial_merge_size");
    std::vector<std::pair<std::string, int64_t>> tokenIds{{"image_token_id", c.imageTokenId},
                                                         {"video_token_id", c.videoTokenId},
                                                         {"vision_start_token_id", c.visionStartTokenId},
                                                         {"vision_end_token_id", c.visionEndTokenId}};
    for (int64_t id : c.eosTokenIds)
        tokenIds.emplace_back("eos_token_id", id);
    for (const auto &[field, id] : tokenIds)
        if (id < 0 || id >= t.vocabSize)
            r.fail(field, "is " + std::to_string(id) + ", outside the vocabulary of " + std::to_string(t.vocabSize));
    if (t.hiddenAct != "silu")
        r.fail("hidden_act", "'" + textExcerpt(t.hiddenAct) + "' is not supported (Qwen2.5-VL uses silu)");
    return c;
}

nlohmann::json ModelConfig::toJson(ConfigLayout layout) const
{
    const auto &t = text;
    const auto &v = vision;
    json visionJson = {
        {"depth", v.depth},
        {"hidden_size", v.hiddenSize},
        {"intermediate_size", v.intermediateSize},
        {"num_heads", v.numHeads},
        {"patch_size", v.patchSize},
        {"spatial_merge_size", v.spatialMergeSize},
        {"temporal_patch_size", v.temporalPatchSize},
        {"window_size", v.windowSize},
        {"out_hidden_size", v.outHiddenSize},
        {"fullatt_block_indexes", v.fullattBlockIndexes},
        {"tokens_per_second", v.tokensPerSecond},
        {"hidden_act", v.hiddenAct},
        {"model_type", "qwen2_5_vl"},
    };
    json textFields = {
        {"vocab_size", t.vocabSize},
        {"hidden_size", t.hiddenSize},
        {"intermediate_size", t.intermediateSize},
        {"num_hidden_layers", t.numHiddenLayers},
        {"num_attention_heads", t.numAttentionHeads},
        {"num_key_value_heads", t.numKeyValueHeads},
        {"rms_norm_eps", t.rmsNormEps},
        {"max_position_embeddings", t.maxPositionEmbeddings},
        {"hidden_act", t.hiddenAct},
        {"bos_token_id", bosTokenId},
        {"eos_token_id", eosTokenIds.size() == 1 ? json(eosTokenIds[0]) : json(eosTokenIds)},
    };
    if (padTokenId >= 0)
        textFields["pad_token_id"] = padTokenId;
    json j = {
        {"architectures", {"Qwen2_5_VLForConditionalGeneration"}},
        {"model_type", "qwen2_5_vl"},
        {"image_token_id", imageTokenId},
        {"video_token_id", videoTokenId},
        {"vision_start_token_id", visionStartTokenId},
        {"vision_end_token_id", visionEndTokenId},
        {"tie_word_embeddings", t.tieWordEmbeddings},
    };
    if (layout == ConfigLayout::Published) {
        j.update(textFields);
        j["rope_theta"] = t.ropeTheta;
        j["rope_scaling"] = {{"type", "mrope"}, {"mrope_section", t.mropeSection}};
        j["torch_dtype"] = torchDtype;
        visionJson["in_chans"] = v.inChannels;
        visionJson["spatial_patch_size"] = v.patchSize;
        visionJson["rope_theta"] = v.ropeTheta;
    } else {
        textFields["model_type"] = "qwen2_5_vl_text";
        textFields["tie_word_embeddings"] = t.tieWordEmbeddings;
        textFields["rope_parameters"] = {
            {"type", "mrope"}, {"rope_type", "default"}, {"mrope_section", t.mropeSection}, {"rope_theta", t.ropeTheta}};
        j["text_config"] = textFields;
        j["dtype"] = torchDtype;
        visionJson["in_channels"] = v.inChannels;
        visionJson["rope_parameters"] = {{"rope_theta", v.ropeTheta}, {"rope_type", "axial"}};
    }
    j["vision_config"] = visionJson;
    return j;
}

ModelConfig ModelConfig::preset(const std::string &name)
{
    ModelConfig c; // defaults are Qwen2.5-VL-3B-Instruct
    c.layout = ConfigLayout::Published;
    c.torchDtype = "bfloat16";
    // As in the hub config.json (generation_config.json adds 151643 <|endoftext|>).
    c.eosTokenIds = {151645};
    if (name == "3b") {
        c.text.tieWordEmbeddings = true;
        return c;
    }
    if (name == "7b") {
        c.text.vocabSize = 152064;
        c.text.hiddenSize = 3584;
        c.text.intermediateSize = 18944;
        c.text.numHiddenLayers = 28;
        c.text.numAttentionHeads = 28;
        c.text.numKeyValueHeads = 4;
        c.text.tieWordEmbeddings = false;
        c.vision.outHiddenSize = 3584;
        return c;
    }
    if (name == "tiny") { // the fixture's shape, for quick benchmarks
        c.text.vocabSize = 732;
        c.text.hiddenSize = 128;
        c.text.intermediateSize = 256;
        c.text.numHiddenLayers = 3;
        c.text.numAttentionHeads = 4;
        c.text.numKeyValueHeads = 2;
        c.text.mropeSection = {4, 6, 6};
        c.text.tieWordEmbeddings = false;
        c.vision.depth = 4;
        c.vision.hiddenSize = 64;
        c.vision.intermediateSize = 128;
        c.vision.numHeads = 4;
        c.vision.outHiddenSize = 128;
        c.vision.fullattBlockIndexes = {1, 3};
        c.imageTokenId = 730;
        c.videoTokenId = 731;
        c.visionStartTokenId = 727;
        c.visionEndTokenId = 728;
        c.bosTokenId = 718;
        c.eosTokenIds = {720};
        c.torchDtype = "float32";
        return c;
    }
    if (name == "cme-tiny") { // the default local model (see cme_tiny.h); vocabulary and token ids set from its tokenizer
        c.layout = ConfigLayout::Nested;
        c.torchDtype = "float32";
        c.text.vocabSize = 2048 + 14;
        c.text.hiddenSize = 256;
        c.text.intermediateSize = 768;
        c.text.numHiddenLayers = 4;
        c.text.numAttentionHeads = 4;
        c.text.numKeyValueHeads = 2;
        c.text.mropeSection = {8, 12, 12};
        c.text.maxPositionEmbeddings = 4096;
        c.text.tieWordEmbeddings = true;
        c.vision.depth = 4;
        c.vision.hiddenSize = 128;
        c.vision.intermediateSize = 256;
        c.vision.numHeads = 4;
        c.vision.outHiddenSize = 256;
        c.vision.fullattBlockIndexes = {1, 3};
        c.bosTokenId = 2048;
        c.eosTokenIds = {2050};
        c.visionStartTokenId = 2048 + 9;
        c.visionEndTokenId = 2048 + 10;
        c.imageTokenId = 2048 + 12;
        c.videoTokenId = 2048 + 13;
        return c;
    }
    throw ConfigError("unknown model preset '" + name + "' (use 3b, 7b, tiny or cme-tiny)");
}

} // namespace sd::vlm
