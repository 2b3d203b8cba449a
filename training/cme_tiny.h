// cme-tiny: the default local model for new users and CI, a Qwen2.5-VL of a
// few million parameters (ModelConfig::preset("cme-tiny"): hidden 256, 4 text
// layers, vision depth 4, patch 14; images resized to at most 224*224 pixels,
// i.e. <= 64 image tokens) with a byte-level BPE tokenizer trained on a text
// corpus, randomly initialised from a seed and written in Hugging Face layout.
// It learns the demo project in minutes on a CPU; it is not clinically meaningful.
#pragma once

#include <cstdint>
#include <string>

namespace sd::vlm {

struct TinyModelOptions {
    uint64_t seed = 1;
    int64_t vocabSize = 2048;        // BPE vocabulary before the special tokens
    int64_t maxPixels = 224 * 224;   // preprocessor max_pixels
    int64_t minPixels = 56 * 56;
    double initStd = 0.02;           // normal init of weights and embeddings (HF initializer_range)
};

struct TinyModelSummary {
    int64_t parameters = 0;
    int64_t vocabSize = 0; // including the special tokens
    int64_t merges = 0;
};

// Trains the tokenizer on `corpus` (UTF-8 text), builds the model and writes
// config.json, model.safetensors, tokenizer.json, tokenizer_config.json,
// generation_config.json and preprocessor_config.json into outDir (created;
// existing files of those names are replaced). Throws std::runtime_error /
// std::invalid_argument with a readable message.
TinyModelSummary createTinyModel(const std::string &corpus, const std::string &outDir,
                                 const TinyModelOptions &options = {});

} // namespace sd::vlm
