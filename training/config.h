// Qwen2.5-VL model configuration, read from config.json in either layout:
//  - "published": text fields at top level, rope_scaling {type: mrope, mrope_section},
//    vision_config with in_chans / spatial_patch_size (Qwen2.5-VL-3B/7B-Instruct);
//  - "nested": text_config {...} with rope_parameters (transformers >= 4.5x / 5.x).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sd::vlm {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ConfigLayout { Published, Nested };

struct TextConfig {
    int64_t vocabSize = 151936;
    int64_t hiddenSize = 2048;
    int64_t intermediateSize = 11008;
    int64_t numHiddenLayers = 36;
    int64_t numAttentionHeads = 16;
    int64_t numKeyValueHeads = 2;
    int64_t headDim() const { return hiddenSize / numAttentionHeads; }
    double rmsNormEps = 1e-6;
    double ropeTheta = 1000000.0;
    std::vector<int64_t> mropeSection{16, 24, 24}; // sums to headDim()/2
    int64_t maxPositionEmbeddings = 128000;
    bool tieWordEmbeddings = true;
    std::string hiddenAct = "silu";
};

struct VisionConfig {
    int64_t depth = 32;
    int64_t hiddenSize = 1280;
    int64_t intermediateSize = 3420;
    int64_t numHeads = 16;
    int64_t inChannels = 3;
    int64_t patchSize = 14;
    int64_t spatialMergeSize = 2;
    int64_t temporalPatchSize = 2;
    int64_t windowSize = 112;
    int64_t outHiddenSize = 2048;
    std::vector<int64_t> fullattBlockIndexes{7, 15, 23, 31};
    double ropeTheta = 10000.0;
    int64_t tokensPerSecond = 2;
    std::string hiddenAct = "silu";
};

struct ModelConfig {
    TextConfig text;
    VisionConfig vision;
    int64_t imageTokenId = 151655;
    int64_t videoTokenId = 151656;
    int64_t visionStartTokenId = 151652;
    int64_t visionEndTokenId = 151653;
    int64_t bosTokenId = 151643;
    std::vector<int64_t> eosTokenIds{151645};
    int64_t padTokenId = -1;
    ConfigLayout layout = ConfigLayout::Nested;
    std::string torchDtype = "float32"; // as written in the file ("bfloat16" for published checkpoints)

    // Throws ConfigError naming the file and the offending field.
    static ModelConfig fromFile(const std::string &path);
    static ModelConfig fromJson(const nlohmann::json &j, const std::string &sourceName = "config.json");
    nlohmann::json toJson(ConfigLayout layout) const;

    // Presets with random weights for benchmarks: "3b", "7b", "tiny"; "cme-tiny" (see cme_tiny.h).
    static ModelConfig preset(const std::string &name);
};

} // namespace sd::vlm
