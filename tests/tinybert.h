// A tiny random BERT encoder folder (config.json, model.safetensors with
// "bert." names, vocab.txt) written by tests, plus a hand-written forward pass
// of its embeddings and first layer in double precision for checking the engine.
#pragma once

#include "safetensors.h"

#include <QString>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace sd::testsupport {

using sd::vlm::DType;
using sd::vlm::TensorBlob;

constexpr int kHidden = 8, kHeads = 2, kLayers = 2, kInter = 16, kMaxPos = 40;

inline const std::vector<std::string> kVocab = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "inferior", "mesenteric", "vein", "is", "ligated", "at",
    "its", "root", "pancreas", "duodenum", ".", ",", "##s", "left", "right", "plane", "a", "structure", "of", "cme",
    "this", "near", "avoid", "bleeding", "##ing", "preserve"};

using Matrix = std::vector<std::vector<double>>;

struct TinyBert {
    std::map<std::string, std::vector<float>> data;
    std::map<std::string, std::vector<int64_t>> shapes;

    void add(const std::string &name, std::vector<int64_t> shape, std::mt19937 &rng, double scale, double offset = 0)
    {
        size_t n = 1;
        for (auto s : shape)
            n *= size_t(s);
        std::normal_distribution<float> dist(0.0f, float(scale));
        std::vector<float> v(n);
        for (auto &x : v)
            x = float(offset) + dist(rng);
        data[name] = v;
        shapes[name] = shape;
    }

    const std::vector<float> &w(const std::string &name) const { return data.at("bert." + name); }

    // y = x W^T + b for W [out, in].
    Matrix linear(const Matrix &x, const std::string &prefix, int in, int out) const
    {
        const auto &W = w(prefix + ".weight");
        const auto &b = w(prefix + ".bias");
        Matrix y(x.size(), std::vector<double>(size_t(out)));
        for (size_t t = 0; t < x.size(); ++t)
            for (int o = 0; o < out; ++o) {
                double s = b[size_t(o)];
                for (int i = 0; i < in; ++i)
                    s += x[t][size_t(i)] * W[size_t(o * in + i)];
                y[t][size_t(o)] = s;
            }
        return y;
    }

    Matrix layerNorm(const Matrix &x, const std::string &prefix) const
    {
        const auto &g = w(prefix + ".weight");
        const auto &b = w(prefix + ".bias");
        Matrix y = x;
        for (auto &row : y) {
            double mean = 0, var = 0;
            for (double v : row)
                mean += v;
            mean /= row.size();
            for (double v : row)
                var += (v - mean) * (v - mean);
            var /= row.size();
            for (size_t i = 0; i < row.size(); ++i)
                row[i] = (row[i] - mean) / std::sqrt(var + 1e-12) * g[i] + b[i];
        }
        return y;
    }

    // Embeddings + the first encoder layer, written out from the BERT paper's equations.
    Matrix firstLayer(const std::vector<int64_t> &ids) const
    {
        Matrix x(ids.size(), std::vector<double>(kHidden));
        for (size_t t = 0; t < ids.size(); ++t)
            for (int h = 0; h < kHidden; ++h)
                x[t][size_t(h)] = w("embeddings.word_embeddings.weight")[size_t(ids[t] * kHidden + h)]
                    + w("embeddings.position_embeddings.weight")[t * kHidden + size_t(h)]
                    + w("embeddings.token_type_embeddings.weight")[size_t(h)];
        x = layerNorm(x, "embeddings.LayerNorm");
        const std::string p = "encoder.layer.0";
        const Matrix q = linear(x, p + ".attention.self.query", kHidden, kHidden);
        const Matrix k = linear(x, p + ".attention.self.key", kHidden, kHidden);
        const Matrix v = linear(x, p + ".attention.self.value", kHidden, kHidden);
        const int d = kHidden / kHeads;
        Matrix ctx(ids.size(), std::vector<double>(kHidden, 0.0));
        for (int head = 0; head < kHeads; ++head)
            for (size_t i = 0; i < ids.size(); ++i) {
                std::vector<double> s(ids.size());
                double mx = -1e300, sum = 0;
                for (size_t j = 0; j < ids.size(); ++j) {
                    double dot = 0;
                    for (int c = 0; c < d; ++c)
                        dot += q[i][size_t(head * d + c)] * k[j][size_t(head * d + c)];
                    s[j] = dot / std::sqrt(double(d));
                    mx = std::max(mx, s[j]);
                }
                for (auto &e : s)
                    sum += (e = std::exp(e - mx));
                for (size_t j = 0; j < ids.size(); ++j)
                    for (int c = 0; c < d; ++c)
                        ctx[i][size_t(head * d + c)] += s[j] / sum * v[j][size_t(head * d + c)];
            }
        Matrix a = linear(ctx, p + ".attention.output.dense", kHidden, kHidden);
        for (size_t t = 0; t < a.size(); ++t)
            for (int h = 0; h < kHidden; ++h)
                a[t][size_t(h)] += x[t][size_t(h)];
        a = layerNorm(a, p + ".attention.output.LayerNorm");
        Matrix inter = linear(a, p + ".intermediate.dense", kHidden, kInter);
        for (auto &row : inter)
            for (auto &e : row)
                e = 0.5 * e * (1.0 + std::erf(e / std::sqrt(2.0)));
        Matrix o = linear(inter, p + ".output.dense", kInter, kHidden);
        for (size_t t = 0; t < o.size(); ++t)
            for (int h = 0; h < kHidden; ++h)
                o[t][size_t(h)] += a[t][size_t(h)];
        return layerNorm(o, p + ".output.LayerNorm");
    }
};

inline TinyBert writeTinyBert(const QString &dir, const std::string &modelType = "bert", bool dropOne = false)
{
    std::mt19937 rng(1234);
    TinyBert m;
    const int vocab = int(kVocab.size());
    m.add("bert.embeddings.word_embeddings.weight", {vocab, kHidden}, rng, 1.0);
    m.add("bert.embeddings.position_embeddings.weight", {kMaxPos, kHidden}, rng, 0.3);
    m.add("bert.embeddings.token_type_embeddings.weight", {2, kHidden}, rng, 0.3);
    m.add("bert.embeddings.LayerNorm.weight", {kHidden}, rng, 0.1, 1.0);
    m.add("bert.embeddings.LayerNorm.bias", {kHidden}, rng, 0.1);
    for (int l = 0; l < kLayers; ++l) {
        const std::string p = "bert.encoder.layer." + std::to_string(l);
        for (const char *lin : {".attention.self.query", ".attention.self.key", ".attention.self.value",
                                ".attention.output.dense"}) {
            m.add(p + lin + ".weight", {kHidden, kHidden}, rng, 0.5);
            m.add(p + lin + ".bias", {kHidden}, rng, 0.1);
        }
        m.add(p + ".intermediate.dense.weight", {kInter, kHidden}, rng, 0.5);
        m.add(p + ".intermediate.dense.bias", {kInter}, rng, 0.1);
        m.add(p + ".output.dense.weight", {kHidden, kInter}, rng, 0.5);
        m.add(p + ".output.dense.bias", {kHidden}, rng, 0.1);
        for (const char *ln : {".attention.output.LayerNorm", ".output.LayerNorm"}) {
            m.add(p + ln + ".weight", {kHidden}, rng, 0.1, 1.0);
            m.add(p + ln + ".bias", {kHidden}, rng, 0.1);
        }
    }
    m.add("cls.predictions.bias", {vocab}, rng, 0.1); // a head BERTScore must ignore
    std::vector<TensorBlob> blobs;
    for (const auto &[name, values] : m.data) {
        if (dropOne && name == "bert.encoder.layer.1.output.dense.bias")
            continue;
        blobs.push_back(TensorBlob{name, DType::F32, m.shapes[name], values.data(), values.size() * sizeof(float)});
    }
    const std::string d = dir.toStdString();
    sd::vlm::writeSafetensors(d + "/model.safetensors", blobs);
    std::ofstream(d + "/config.json") << "{\"model_type\": \"" << modelType << "\", \"vocab_size\": " << vocab
                                      << ", \"hidden_size\": " << kHidden << ", \"num_hidden_layers\": " << kLayers
                                      << ", \"num_attention_heads\": " << kHeads << ", \"intermediate_size\": "
                                      << kInter << ", \"max_position_embeddings\": " << kMaxPos
                                      << ", \"type_vocab_size\": 2, \"layer_norm_eps\": 1e-12, \"hidden_act\": \"gelu\"}";
    std::ofstream vocabFile(d + "/vocab.txt");
    for (const auto &t : kVocab)
        vocabFile << t << "\n";
    return m;
}

} // namespace sd::testsupport
