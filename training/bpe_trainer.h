// Trains a byte-level BPE tokenizer (Qwen2 pre-tokenizer, GPT-2 byte
// alphabet, ranked merges) on a text corpus and writes it as a Hugging Face
// tokenizer.json that Tokenizer (tokenizer.h) and `tokenizers` both load.
// Any text round-trips exactly (every byte is in the alphabet); the merges only
// make the corpus's frequent pieces short.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sd::vlm {

// The Qwen2.5-VL special tokens, in the published order (ids follow the vocabulary).
const std::vector<std::string> &qwenSpecialTokens();

struct BpeTrainerOptions {
    int64_t vocabSize = 2048;  // byte alphabet (256) + merges; special tokens come on top
    int64_t minFrequency = 2;  // pairs seen fewer times are not merged
    std::vector<std::string> specialTokens = qwenSpecialTokens();
};

// Returns the tokenizer.json text. The corpus is NFC-normalised first, as the
// tokenizer's normalizer does. Throws std::invalid_argument for invalid UTF-8
// or vocabSize < 256.
std::string trainByteLevelBpe(const std::string &corpus, const BpeTrainerOptions &options = {});

} // namespace sd::vlm
