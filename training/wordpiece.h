// BERT's WordPiece tokenizer from a vocab.txt (one token a line, id = line
// number), with the semantics of Hugging Face's BertTokenizer: clean text,
// split CJK characters, optional lower-casing with accent stripping, split on
// whitespace and punctuation, then greedy longest-match-first word pieces
// ("##" continuation, [UNK] for words it cannot cover or longer than 100
// characters). Torch-free.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace sd::vlm {

class WordPieceTokenizer {
public:
    // Throws std::runtime_error when the file cannot be read or lacks [CLS], [SEP] or [UNK].
    static WordPieceTokenizer fromVocabFile(const std::string &path, bool lowerCase);

    // Word pieces of the text, without [CLS]/[SEP]. Throws on invalid UTF-8.
    std::vector<std::string> tokenize(const std::string &utf8) const;
    // [CLS] pieces [SEP] as ids, truncated so the whole sequence has at most maxLength ids.
    std::vector<int64_t> encode(const std::string &utf8, size_t maxLength = 512) const;

    int64_t tokenToId(const std::string &token) const; // -1 if absent
    const std::string &idToToken(int64_t id) const;
    int64_t clsId() const { return cls_; }
    int64_t sepId() const { return sep_; }
    size_t vocabSize() const { return vocab_.size(); }

private:
    std::vector<std::string> vocab_;
    std::unordered_map<std::string, int64_t> ids_;
    bool lowerCase_ = true;
    int64_t cls_ = -1, sep_ = -1, unk_ = -1;
};

} // namespace sd::vlm
