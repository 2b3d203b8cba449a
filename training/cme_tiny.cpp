#include "cme_tiny.h"

#include "atomic_file.h"
#include "bpe_trainer.h"
#include "checkpoint.h"
#include "config.h"
#include "json_limits.h"
#include "qwen2_5_vl.h"
#include "tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>

namespace sd::vlm {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

void writeText(const fs::path &path, const std::string &text)
{
    writeFileAtomically(path.string(), text);
}

int64_t requireToken(const Tokenizer &tok, const char *token)
{
    const int64_t id = tok.tokenToId(token);
    if (id < 0)
        throw std::runtime_error(std::string("the trained tokenizer lacks ") + token);
    return id;
}

} // namespace

TinyModelSummary createTinyModel(const std::string &corpus, const std::string &outDir, const TinyModelOptions &options)
{
    if (corpus.find_first_not_of(" \t\r\n") == std::string::npos)
        throw std::invalid_argument("createTinyModel: the corpus is empty");
    BpeTrainerOptions bpe;
    bpe.vocabSize = options.vocabSize;
    const std::string tokenizerJson = trainByteLevelBpe(corpus, bpe);
    const Tokenizer tok = Tokenizer::fromJsonString(tokenizerJson, "trained tokenizer");

    ModelConfig config = ModelConfig::preset("cme-tiny");
    config.text.vocabSize = tok.vocabSize();
    config.bosTokenId = requireToken(tok, "<|endoftext|>");
    config.eosTokenIds = {requireToken(tok, "<|im_end|>")};
    config.padTokenId = config.bosTokenId;
    config.visionStartTokenId = requireToken(tok, "<|vision_start|>");
    config.visionEndTokenId = requireToken(tok, "<|vision_end|>");
    config.imageTokenId = requireToken(tok, "<|image_pad|>");
    config.videoTokenId = requireToken(tok, "<|video_pad|>");

    torch::manual_seed(options.seed);
    Qwen2_5_VL model(config);
    {
        torch::NoGradGuard noGrad;
        for (auto &item : model->named_parameters()) {
            auto &p = item.value();
            const std::string &name = item.key();
            const bool norm = name.find("norm") != std::string::npos || name.find("ln_q") != std::string::npos;
            if (norm)
                p.fill_(1.0);
            else if (p.dim() == 1)
                p.zero_(); // biases
            else
                p.normal_(0.0, options.initStd);
        }
    }

    fs::create_directories(outDir);
    const fs::path dir(outDir);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    int64_t parameters = 0;
    for (const auto &item : model->named_parameters()) {
        tensors.emplace_back(item.key(), item.value().detach());
        parameters += item.value().numel();
    }
    saveWeights(outDir, tensors, WeightNaming::Classic);
    nlohmann::json cfg = config.toJson(ConfigLayout::Nested);
    cfg["cme_tiny"] = {{"seed", options.seed}, {"note", "SurgDistill cme-tiny: a toy model, not clinically meaningful"}};
    writeText(dir / "config.json", cfg.dump(2) + "\n");
    writeText(dir / "tokenizer.json", tokenizerJson + "\n");
    writeText(dir / "tokenizer_config.json",
              ojson{{"eos_token", "<|im_end|>"}, {"pad_token", "<|endoftext|>"}, {"model_max_length", 4096},
                    {"tokenizer_class", "Qwen2TokenizerFast"}, {"clean_up_tokenization_spaces", false}}
                      .dump(2) + "\n");
    writeText(dir / "generation_config.json",
              ojson{{"bos_token_id", config.bosTokenId},
                    {"eos_token_id", {config.eosTokenIds.front(), config.bosTokenId}},
                    {"pad_token_id", config.bosTokenId}, {"do_sample", false}}
                      .dump(2) + "\n");
    writeText(dir / "preprocessor_config.json",
              ojson{{"do_convert_rgb", true}, {"do_normalize", true}, {"do_rescale", true}, {"do_resize", true},
                    {"image_mean", {0.48145466, 0.4578275, 0.40821073}},
                    {"image_processor_type", "Qwen2VLImageProcessor"},
                    {"image_std", {0.26862954, 0.26130258, 0.27577711}}, {"merge_size", 2},
                    {"min_pixels", options.minPixels}, {"max_pixels", options.maxPixels}, {"patch_size", 14},
                    {"resample", 3}, {"rescale_factor", 1.0 / 255.0},
                    {"size", {{"longest_edge", options.maxPixels}, {"shortest_edge", options.minPixels}}},
                    {"temporal_patch_size", 2}}
                      .dump(2) + "\n");

    TinyModelSummary summary;
    summary.parameters = parameters;
    summary.vocabSize = tok.vocabSize();
    const auto parsed = parseJsonBounded(tokenizerJson);
    summary.merges = static_cast<int64_t>(parsed.at("model").at("merges").size());
    return summary;
}

} // namespace sd::vlm
