#include "bertscore.h"

#include "checkpoint.h"
#include "json_limits.h"
#include "safetensors.h"
#include "torch_utils.h"
#include "wordpiece.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace sd::vlm {

namespace {

struct BertConfig {
    int64_t vocabSize = 0, hidden = 0, layers = 0, heads = 0, intermediate = 0, maxPositions = 512, typeVocab = 2;
    double eps = 1e-12;
    std::string act = "gelu";
    bool lowerCase = true;
};

int64_t requireInt(const nlohmann::json &j, const char *key, const std::string &file)
{
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<int64_t>() <= 0)
        throw std::runtime_error(file + ": \"" + key + "\" must be a positive integer");
    return j[key].get<int64_t>();
}

BertConfig readConfig(const std::string &dir)
{
    const std::string file = dir + "/config.json";
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("BERTScore encoder folder " + dir + " has no config.json");
    nlohmann::json j;
    try {
        j = parseJsonBounded(in);
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(file + " is not valid JSON: " + e.what());
    }
    const std::string type = j.value("model_type", "");
    if (type != "bert")
        throw std::runtime_error(file + ": model_type \"" + type
                                 + "\" is not supported for BERTScore (a BERT encoder with a WordPiece vocab.txt is)");
    BertConfig c;
    c.vocabSize = requireInt(j, "vocab_size", file);
    c.hidden = requireInt(j, "hidden_size", file);
    c.layers = requireInt(j, "num_hidden_layers", file);
    c.heads = requireInt(j, "num_attention_heads", file);
    c.intermediate = requireInt(j, "intermediate_size", file);
    c.maxPositions = j.value("max_position_embeddings", int64_t{512});
    c.typeVocab = j.value("type_vocab_size", int64_t{2});
    c.eps = j.value("layer_norm_eps", 1e-12);
    c.act = j.value("hidden_act", std::string("gelu"));
    if (c.hidden % c.heads != 0)
        throw std::runtime_error(file + ": hidden_size is not a multiple of num_attention_heads");
    if (c.act != "gelu" && c.act != "relu" && c.act != "gelu_new")
        throw std::runtime_error(file + ": hidden_act \"" + c.act + "\" is not supported");
    // BERT cased models say so in tokenizer_config.json.
    std::ifstream tc(dir + "/tokenizer_config.json");
    if (tc) {
        try {
            c.lowerCase = parseJsonBounded(tc).value("do_lower_case", true);
        } catch (const nlohmann::json::exception &) {
        }
    }
    return c;
}

} // namespace

struct BertScorer::Private {
    BertConfig config;
    std::unique_ptr<WordPieceTokenizer> tokenizer;
    torch::Device device{torch::kCPU};
    std::map<std::string, torch::Tensor> w;
    int layer = 0;
    std::map<int64_t, double> idf; // empty: idf off

    const torch::Tensor &t(const std::string &name) const { return w.at(name); }

    torch::Tensor layerNorm(const torch::Tensor &x, const std::string &prefix) const
    {
        return torch::layer_norm(x, {config.hidden}, t(prefix + ".weight"), t(prefix + ".bias"), config.eps);
    }
    torch::Tensor linear(const torch::Tensor &x, const std::string &prefix) const
    {
        return torch::nn::functional::linear(x, t(prefix + ".weight"), t(prefix + ".bias"));
    }

    // [L+1, T, H]: hidden states of one sequence (no padding, so no attention mask).
    std::vector<torch::Tensor> forward(const std::vector<int64_t> &ids) const
    {
        torch::NoGradGuard noGrad;
        const auto n = static_cast<int64_t>(ids.size());
        const auto idt = torch::tensor(ids, torch::kLong).to(device);
        const auto pos = torch::arange(n, torch::TensorOptions().dtype(torch::kLong).device(device));
        torch::Tensor x = t("embeddings.word_embeddings.weight").index_select(0, idt)
            + t("embeddings.position_embeddings.weight").index_select(0, pos)
            + t("embeddings.token_type_embeddings.weight")[0];
        x = layerNorm(x, "embeddings.LayerNorm");
        std::vector<torch::Tensor> states{x};
        const int64_t headDim = config.hidden / config.heads;
        for (int64_t l = 0; l < config.layers; ++l) {
            const std::string p = "encoder.layer." + std::to_string(l);
            auto heads = [&](const torch::Tensor &y) { return y.view({n, config.heads, headDim}).transpose(0, 1); };
            const auto q = heads(linear(x, p + ".attention.self.query"));
            const auto k = heads(linear(x, p + ".attention.self.key"));
            const auto v = heads(linear(x, p + ".attention.self.value"));
            const auto probs = torch::softmax(torch::matmul(q, k.transpose(1, 2)) / std::sqrt(double(headDim)), -1);
            const auto ctx = torch::matmul(probs, v).transpose(0, 1).reshape({n, config.hidden});
            const auto attn = layerNorm(linear(ctx, p + ".attention.output.dense") + x, p + ".attention.output.LayerNorm");
            auto inter = linear(attn, p + ".intermediate.dense");
            inter = config.act == "relu" ? torch::relu(inter)
                : config.act == "gelu_new" ? torch::gelu(inter, "tanh") : torch::gelu(inter);
            x = layerNorm(linear(inter, p + ".output.dense") + attn, p + ".output.LayerNorm");
            states.push_back(x);
        }
        return states;
    }

    // The chosen layer for the whole sequence, [CLS] and [SEP] included.
    std::pair<std::vector<int64_t>, torch::Tensor> tokenStates(const std::string &text) const
    {
        const auto ids = tokenizer->encode(text, static_cast<size_t>(config.maxPositions));
        return {ids, forward(ids)[static_cast<size_t>(layer)].to(torch::kCPU, torch::kFloat64)};
    }

    // Matching weights: 0 for [CLS]/[SEP] (they may still be matched, as in
    // bert_score), 1 or the idf of the piece otherwise.
    torch::Tensor weights(const std::vector<int64_t> &ids) const
    {
        std::vector<double> wts;
        for (int64_t id : ids) {
            if (id == tokenizer->clsId() || id == tokenizer->sepId()) {
                wts.push_back(0.0);
            } else if (idf.empty()) {
                wts.push_back(1.0);
            } else {
                const auto it = idf.find(id);
                wts.push_back(it == idf.end() ? idfUnseen : it->second);
            }
        }
        return torch::tensor(wts, torch::kFloat64);
    }
    double idfUnseen = 0; // log((M + 1) / 1) for pieces absent from every reference
};

BertScorer::BertScorer() : d(std::make_unique<Private>()) {}
BertScorer::~BertScorer() = default;

std::unique_ptr<BertScorer> BertScorer::load(const std::string &encoderDir, const BertScoreOptions &options)
{
    namespace fs = std::filesystem;
    if (!fs::is_directory(encoderDir))
        throw std::runtime_error("BERTScore encoder folder " + encoderDir + " does not exist");
    std::unique_ptr<BertScorer> s(new BertScorer);
    Private &p = *s->d;
    p.config = readConfig(encoderDir);
    p.device = parseDevice(options.device);
    const std::string vocab = encoderDir + "/vocab.txt";
    if (!fs::exists(vocab))
        throw std::runtime_error("BERTScore encoder folder " + encoderDir + " has no vocab.txt (WordPiece vocabulary)");
    p.tokenizer = std::make_unique<WordPieceTokenizer>(WordPieceTokenizer::fromVocabFile(vocab, p.config.lowerCase));
    if (static_cast<int64_t>(p.tokenizer->vocabSize()) > p.config.vocabSize)
        throw std::runtime_error(vocab + " has more entries than config.json's vocab_size");

    const std::string weightsFile = encoderDir + "/model.safetensors";
    if (!fs::exists(weightsFile))
        throw std::runtime_error("BERTScore encoder folder " + encoderDir + " has no model.safetensors");
    const auto file = SafetensorsFile::open(weightsFile);
    // Accept BertModel names and the "bert." prefix of BertFor* checkpoints.
    std::map<std::string, std::string> byName;
    for (const TensorInfo &info : file->tensors()) {
        std::string name = info.name;
        if (name.rfind("bert.", 0) == 0)
            name = name.substr(5);
        byName[name] = info.name;
    }
    const auto &c = p.config;
    std::vector<std::pair<std::string, std::vector<int64_t>>> expected = {
        {"embeddings.word_embeddings.weight", {c.vocabSize, c.hidden}},
        {"embeddings.position_embeddings.weight", {c.maxPositions, c.hidden}},
        {"embeddings.token_type_embeddings.weight", {c.typeVocab, c.hidden}},
        {"embeddings.LayerNorm.weight", {c.hidden}},
        {"embeddings.LayerNorm.bias", {c.hidden}},
    };
    for (int64_t l = 0; l < c.layers; ++l) {
        const std::string pre = "encoder.layer." + std::to_string(l);
        for (const char *lin : {".attention.self.query", ".attention.self.key", ".attention.self.value",
                                ".attention.output.dense"}) {
            expected.push_back({pre + lin + ".weight", {c.hidden, c.hidden}});
            expected.push_back({pre + lin + ".bias", {c.hidden}});
        }
        expected.push_back({pre + ".intermediate.dense.weight", {c.intermediate, c.hidden}});
        expected.push_back({pre + ".intermediate.dense.bias", {c.intermediate}});
        expected.push_back({pre + ".output.dense.weight", {c.hidden, c.intermediate}});
        expected.push_back({pre + ".output.dense.bias", {c.hidden}});
        for (const char *ln : {".attention.output.LayerNorm", ".output.LayerNorm"}) {
            expected.push_back({pre + ln + ".weight", {c.hidden}});
            expected.push_back({pre + ln + ".bias", {c.hidden}});
        }
    }
    for (const auto &[name, shape] : expected) {
        const auto it = byName.find(name);
        if (it == byName.end())
            throw std::runtime_error(weightsFile + " has no tensor " + name);
        const TensorInfo &info = file->at(it->second);
        if (info.shape != shape)
            throw std::runtime_error(weightsFile + ": tensor " + name + " has the wrong shape");
        p.w[name] = tensorFromSafetensors(*file, it->second).to(p.device, torch::kFloat32);
    }
    p.layer = options.layer < 0 ? static_cast<int>(c.layers) : options.layer;
    if (p.layer > c.layers)
        throw std::runtime_error("BERTScore layer " + std::to_string(options.layer) + " is out of range (the encoder has "
                                 + std::to_string(c.layers) + " layers)");
    return s;
}

BertScoreResult BertScorer::score(const std::string &candidate, const std::string &reference) const
{
    const auto [candIds, cand] = d->tokenStates(candidate);
    const auto [refIds, ref] = d->tokenStates(reference);
    BertScoreResult r;
    if (candIds.size() <= 2 || refIds.size() <= 2)
        return r; // nothing but [CLS]/[SEP]: no word to match, 0 (bert_score warns and gives 0 too)
    const auto cn = torch::nn::functional::normalize(cand, torch::nn::functional::NormalizeFuncOptions().dim(1));
    const auto rn = torch::nn::functional::normalize(ref, torch::nn::functional::NormalizeFuncOptions().dim(1));
    const auto sim = torch::matmul(cn, rn.t()); // [cand, ref]
    const auto wc = d->weights(candIds), wr = d->weights(refIds);
    const double sc = wc.sum().item<double>(), sr = wr.sum().item<double>();
    r.precision = sc > 0 ? (std::get<0>(sim.max(1)) * wc).sum().item<double>() / sc : 0.0;
    r.recall = sr > 0 ? (std::get<0>(sim.max(0)) * wr).sum().item<double>() / sr : 0.0;
    r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0.0;
    return r;
}

TokenEmbeddings BertScorer::embed(const std::string &text) const
{
    const auto [ids, states] = d->tokenStates(text);
    TokenEmbeddings out;
    const auto f = states.to(torch::kFloat32).contiguous();
    for (size_t i = 0; i < ids.size(); ++i) {
        out.tokens.push_back(d->tokenizer->idToToken(ids[i]));
        const float *row = f[static_cast<int64_t>(i)].data_ptr<float>();
        out.vectors.emplace_back(row, row + f.size(1));
    }
    return out;
}

void BertScorer::setIdfCorpus(const std::vector<std::string> &references)
{
    d->idf.clear();
    if (references.empty())
        return;
    std::map<int64_t, int> df;
    for (const auto &r : references) {
        const auto ids = d->tokenizer->encode(r, static_cast<size_t>(d->config.maxPositions));
        for (int64_t id : std::set<int64_t>(ids.begin() + 1, ids.end() - 1))
            ++df[id];
    }
    const double m = static_cast<double>(references.size());
    for (const auto &[id, n] : df)
        d->idf[id] = std::log((m + 1.0) / (n + 1.0));
    d->idfUnseen = std::log(m + 1.0);
}

int BertScorer::layer() const { return d->layer; }

std::string BertScorer::description() const
{
    return "BERT, " + std::to_string(d->config.layers) + " layers, hidden " + std::to_string(d->config.hidden)
        + ", layer " + std::to_string(d->layer);
}

} // namespace sd::vlm
