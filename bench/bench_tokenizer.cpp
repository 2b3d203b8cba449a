// Tokenizer load and encode timings on a Qwen2.5-sized tokenizer.json.
//   bench_tokenizer [tokenizer.json]
// Without an argument a synthetic file with 151,643 vocabulary entries and
// ~151k merges (the size of Qwen2.5-VL's) is generated in the temp directory.
#include "pretokenizer.h"
#include "tokenizer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <unordered_set>

using namespace sd::vlm;
using Clock = std::chrono::steady_clock;

static double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

static std::string writeSyntheticTokenizer()
{
    using json = nlohmann::json;
    std::vector<std::string> tokens;
    std::unordered_set<std::string> seen;
    for (int b = 0; b < 256; ++b) {
        const bool direct = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        static char32_t next = 256;
        std::string s;
        appendUtf8(s, direct ? static_cast<char32_t>(b) : next++);
        tokens.push_back(s);
        seen.insert(s);
    }
    json merges = json::array();
    std::mt19937 rng(7);
    const size_t target = 151643;
    while (tokens.size() < target) {
        // Bias towards short, frequent pieces like a real merge list.
        const std::string &a = tokens[std::min<size_t>(tokens.size() - 1, rng() % (tokens.size() / 4 + 256))];
        const std::string &b = tokens[rng() % tokens.size()];
        std::string m = a + b;
        if (m.size() > 24 || !seen.insert(m).second) continue;
        merges.push_back(json::array({a, b}));
        tokens.push_back(std::move(m));
    }
    json vocab = json::object();
    for (size_t k = 0; k < tokens.size(); ++k) vocab[tokens[k]] = k;
    json added = json::array();
    for (const char *t : {"<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>", "<|image_pad|>"})
        added.push_back({{"id", static_cast<int64_t>(target + added.size())}, {"content", t}, {"special", true},
                         {"lstrip", false}, {"rstrip", false}, {"normalized", false}, {"single_word", false}});
    json root = {{"version", "1.0"}, {"added_tokens", added}, {"normalizer", {{"type", "NFC"}}},
                 {"pre_tokenizer",
                  {{"type", "Sequence"},
                   {"pretokenizers",
                    json::array({{{"type", "Split"}, {"pattern", {{"Regex", kQwen2PretokenizePattern}}},
                                  {"behavior", "Isolated"}, {"invert", false}},
                                 {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}}})}}},
                 {"decoder", {{"type", "ByteLevel"}}},
                 {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}, {"ignore_merges", false}}}};
    const auto path = (std::filesystem::temp_directory_path() / "surgdistill_bench_tokenizer.json").string();
    std::ofstream(path) << root.dump();
    return path;
}

int main(int argc, char **argv)
{
    try {
        const std::string path = argc > 1 ? argv[1] : writeSyntheticTokenizer();
        std::printf("tokenizer file: %s (%.1f MB)\n", path.c_str(), std::filesystem::file_size(path) / 1e6);
        auto t0 = Clock::now();
        const Tokenizer tok = Tokenizer::fromFile(path);
        std::printf("load: %.1f ms, vocabSize %lld\n", msSince(t0), static_cast<long long>(tok.vocabSize()));

        // Distinct words per paragraph so the word cache does not hide BPE cost.
        std::mt19937 rng(1);
        const char *words[] = {"mesocolic", "excision", "Präparation", "Faszie", "vein", "dissection", "的", "12.5",
                               "plane", "Gerota's", "-", "(IMV)", "\n"};
        const int paragraphs = 200;
        size_t bytes = 0, ids = 0;
        double ms = 0;
        for (int p = 0; p < paragraphs; ++p) {
            std::string text;
            while (text.size() < 2048) {
                text += words[rng() % 13];
                text += std::to_string(rng() % 1000) + (rng() % 3 ? "xq " : " ");
            }
            t0 = Clock::now();
            ids += tok.encode(text).size();
            ms += msSince(t0);
            bytes += text.size();
        }
        std::printf("encode: %.3f ms per 2 kB paragraph (%zu bytes, %zu ids in total)\n", ms / paragraphs, bytes, ids);
        if (argc <= 1 && !std::getenv("KEEP")) std::filesystem::remove(path);
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_tokenizer: %s\n", e.what());
        return 1;
    }
}
