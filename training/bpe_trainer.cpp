#include "bpe_trainer.h"

#include "pretokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_map>

namespace sd::vlm {

namespace {

using ojson = nlohmann::ordered_json;

// A word as symbol ids, with how often it occurs in the corpus.
struct Word {
    std::vector<int32_t> symbols;
    int64_t count = 0;
};

uint64_t pairKey(int32_t a, int32_t b) { return (static_cast<uint64_t>(a) << 32) | static_cast<uint32_t>(b); }

} // namespace

const std::vector<std::string> &qwenSpecialTokens()
{
    static const std::vector<std::string> tokens{
        "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
        "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>",
        "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>"};
    return tokens;
}

std::string trainByteLevelBpe(const std::string &corpus, const BpeTrainerOptions &options)
{
    if (options.vocabSize < 256)
        throw std::invalid_argument("trainByteLevelBpe: vocabSize must be >= 256 (the byte alphabet)");
    decodeUtf8Strict(corpus); // throws naming the offset of bad UTF-8
    const std::string text = normalizeUtf8(corpus, UnicodeForm::NFC);

    // Alphabet: the 256 byte symbols, ordered by code point (as `tokenizers` sorts it).
    const auto byteMap = gpt2ByteToCodePoint();
    std::vector<std::pair<char32_t, int>> alphabet;
    for (int b = 0; b < 256; ++b)
        alphabet.emplace_back(byteMap[b], b);
    std::sort(alphabet.begin(), alphabet.end());
    std::vector<std::string> symbols;
    std::array<int32_t, 256> byteSymbol{};
    for (const auto &[cp, b] : alphabet) {
        byteSymbol[b] = static_cast<int32_t>(symbols.size());
        std::string s;
        appendUtf8(s, cp);
        symbols.push_back(s);
    }
    std::unordered_map<std::string, int32_t> symbolId;
    for (size_t i = 0; i < symbols.size(); ++i)
        symbolId[symbols[i]] = static_cast<int32_t>(i);

    // Words of the corpus (the special tokens are never part of the text to merge).
    std::map<std::string, int64_t> wordCounts;
    for (const auto &piece : qwen2Pretokenize(text))
        ++wordCounts[piece];
    std::vector<Word> words;
    for (const auto &[piece, count] : wordCounts) {
        Word w;
        w.count = count;
        for (unsigned char c : piece)
            w.symbols.push_back(byteSymbol[c]);
        words.push_back(std::move(w));
    }

    std::vector<std::pair<std::string, std::string>> merges;
    while (static_cast<int64_t>(symbolId.size()) < options.vocabSize) {
        std::unordered_map<uint64_t, int64_t> pairCounts;
        for (const auto &w : words)
            for (size_t k = 0; k + 1 < w.symbols.size(); ++k)
                pairCounts[pairKey(w.symbols[k], w.symbols[k + 1])] += w.count;
        uint64_t best = 0;
        int64_t bestCount = 0;
        for (const auto &[key, count] : pairCounts)
            if (count > bestCount || (count == bestCount && key < best)) {
                best = key;
                bestCount = count;
            }
        if (bestCount < std::max<int64_t>(1, options.minFrequency))
            break;
        const auto a = static_cast<int32_t>(best >> 32), b = static_cast<int32_t>(best & 0xffffffffu);
        const std::string merged = symbols[static_cast<size_t>(a)] + symbols[static_cast<size_t>(b)];
        merges.emplace_back(symbols[static_cast<size_t>(a)], symbols[static_cast<size_t>(b)]);
        int32_t id;
        if (const auto it = symbolId.find(merged); it != symbolId.end()) {
            id = it->second;
        } else {
            id = static_cast<int32_t>(symbols.size());
            symbols.push_back(merged);
            symbolId[merged] = id;
        }
        for (auto &w : words) {
            auto &s = w.symbols;
            size_t out = 0;
            for (size_t k = 0; k < s.size(); ++k) {
                if (k + 1 < s.size() && s[k] == a && s[k + 1] == b) {
                    s[out++] = id;
                    ++k;
                } else {
                    s[out++] = s[k];
                }
            }
            s.resize(out);
        }
    }

    ojson vocab = ojson::object();
    for (size_t i = 0; i < symbols.size(); ++i)
        vocab[symbols[i]] = i;
    ojson mergeList = ojson::array();
    for (const auto &[x, y] : merges)
        mergeList.push_back(ojson::array({x, y}));
    ojson added = ojson::array();
    for (size_t i = 0; i < options.specialTokens.size(); ++i)
        added.push_back({{"id", symbols.size() + i}, {"content", options.specialTokens[i]}, {"single_word", false},
                         {"lstrip", false}, {"rstrip", false}, {"normalized", false}, {"special", true}});

    ojson j;
    j["version"] = "1.0";
    j["truncation"] = nullptr;
    j["padding"] = nullptr;
    j["added_tokens"] = added;
    j["normalizer"] = {{"type", "NFC"}};
    j["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers",
         ojson::array({{{"type", "Split"}, {"pattern", {{"Regex", kQwen2PretokenizePattern}}}, {"behavior", "Isolated"},
                        {"invert", false}},
                       {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}})}};
    j["post_processor"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
    j["decoder"] = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}};
    j["model"] = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                  {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false},
                  {"ignore_merges", false}, {"vocab", vocab}, {"merges", mergeList}};
    return j.dump(2);
}

} // namespace sd::vlm
