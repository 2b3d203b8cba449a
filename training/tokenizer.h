// Byte-level BPE tokenizer with the semantics of Hugging Face `tokenizers` for
// Qwen2 / Qwen2.5-VL tokenizer.json files: added tokens first, NFC, the Qwen2
// split regex, GPT-2 byte alphabet, ranked merges. Torch-free and thread-safe
// (encode/decode are const; the word cache is internally locked). Copies are
// cheap and share the loaded tables.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sd::vlm {

class TokenizerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Tokenizer {
public:
    // Parses tokenizer.json; throws TokenizerError naming the file and the field
    // at fault (unsupported model/normalizer/pre-tokenizer types are rejected
    // rather than silently tokenized differently).
    static Tokenizer fromFile(const std::string &tokenizerJsonPath);
    // Same from the JSON text; `sourceName` is used in error messages.
    static Tokenizer fromJsonString(const std::string &json, const std::string &sourceName = "<memory>");

    // Throws TokenizerError if utf8 is not well-formed UTF-8.
    std::vector<int64_t> encode(const std::string &utf8) const;
    // Ids outside the vocabulary are skipped (as tokenizers does); invalid UTF-8
    // produced by partial byte tokens becomes U+FFFD.
    std::string decode(const std::vector<int64_t> &ids, bool skipSpecialTokens = false) const;

    int64_t tokenToId(const std::string &token) const;  // -1 if absent
    std::string idToToken(int64_t id) const;             // "" if absent
    // One past the largest id of the vocabulary and the added tokens.
    int64_t vocabSize() const;
    bool isSpecial(int64_t id) const;

private:
    struct Impl;
    explicit Tokenizer(std::shared_ptr<const Impl> impl);
    // Raw bytes a token decodes to, or nullptr if the id is unknown / skipped.
    const std::string *tokenBytes(int64_t id, bool skipSpecialTokens) const;

    std::shared_ptr<const Impl> m_impl;
    friend class StreamDecoder;
};

// Incremental decoding for generation: push() returns only text that is
// complete UTF-8 and holds back a trailing unfinished multi-byte sequence;
// flush() returns what is held (U+FFFD for an incomplete sequence). The
// concatenation of all outputs equals Tokenizer::decode of all ids.
class StreamDecoder {
public:
    explicit StreamDecoder(const Tokenizer &tokenizer, bool skipSpecialTokens = false);
    std::string push(int64_t id);
    std::string flush();

private:
    Tokenizer m_tokenizer;
    bool m_skipSpecial;
    std::string m_pending;
};

} // namespace sd::vlm
