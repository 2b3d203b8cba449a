// BERTScore (Zhang et al. 2020, as the bert_score package computes it) with a
// user-supplied BERT-family encoder: contextual token embeddings from one
// hidden layer, cosine similarity, greedy matching. Precision averages each
// candidate token's best match in the reference, recall each reference token's
// best match in the candidate, F1 their harmonic mean; [CLS]/[SEP] weigh 0 in
// the averages but can be matched (as in bert_score). Optional idf weighting (off by default) as bert_score's idf=True; no
// baseline rescaling. Torch-free interface (pimpl) for core/, app/ and ui/.
//
// The encoder folder holds config.json (model_type "bert"), model.safetensors
// (BertModel names, optionally under "bert.") and vocab.txt (WordPiece).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace sd::vlm {

struct BertScoreOptions {
    int layer = -1;           // hidden state index: 0 = embeddings, 1..L = after layer l; -1 = last layer
    std::string device = "cpu";
};

struct BertScoreResult {
    double precision = 0;
    double recall = 0;
    double f1 = 0;
};

struct TokenEmbeddings {
    std::vector<std::string> tokens;          // word pieces, with [CLS] first and [SEP] last
    std::vector<std::vector<float>> vectors;  // one hidden-state row per token (not normalised)
};

class BertScorer {
public:
    // Throws std::runtime_error with a readable message (missing file, unsupported
    // model type, tensor missing or of the wrong shape, layer out of range).
    static std::unique_ptr<BertScorer> load(const std::string &encoderDir, const BertScoreOptions &options = {});
    ~BertScorer();

    BertScoreResult score(const std::string &candidate, const std::string &reference) const;

    // Embeddings of the configured layer (exposed for tests and inspection).
    TokenEmbeddings embed(const std::string &text) const;

    // idf weights from a reference corpus, as bert_score: log((M + 1) / (df + 1)) per
    // word piece, M = number of references; an empty corpus switches idf off again.
    void setIdfCorpus(const std::vector<std::string> &references);

    int layer() const;
    std::string description() const; // e.g. "BERT, 12 layers, hidden 768, layer 9"

private:
    BertScorer();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sd::vlm
