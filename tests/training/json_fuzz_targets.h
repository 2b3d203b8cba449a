// The torch-free JSON readers under the mutation fuzzer (#16): a "messages"
// JSONL data set, tokenizer.json and config.json, each read the way the
// commands read them. Every mutant must either load or throw a std::exception
// whose message is non-empty, valid UTF-8 and short enough to print; the
// slowest case is reported so a near-hang shows. Shared by tst_json_fuzz
// (which adds the torch-side configs) and asan_json_fuzz.
#pragma once

#include "bpe_trainer.h"
#include "chat.h"
#include "config.h"
#include "dataset_jsonl.h"
#include "json_fuzz_cases.h"
#include "json_limits.h"
#include "tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace sd::testcases {

struct FuzzTarget {
    std::string name;
    std::vector<std::string> seeds;
    std::function<void(const std::string &mutant)> load; // throws for input it rejects
};

struct FuzzOutcome {
    int accepted = 0, rejected = 0, failed = 0;
    double slowestSeconds = 0;
};

inline void writeBytes(const std::string &path, const std::string &bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs `count` mutants of the target's seeds; failures are printed. The seeds
// themselves must load, or the mutants would only test the first error path.
inline FuzzOutcome fuzzTarget(const FuzzTarget &target, int count, uint64_t rngSeed)
{
    FuzzOutcome out;
    for (const auto &seed : target.seeds) {
        try {
            target.load(seed);
        } catch (const std::exception &e) {
            ++out.failed;
            std::printf("FAIL %s: the seed is rejected: %s\n", target.name.c_str(), e.what());
        }
    }
    forEachJsonMutant(target.seeds, count, rngSeed, [&](const std::string &mutant) {
        const auto start = std::chrono::steady_clock::now();
        std::string problem, message;
        try {
            target.load(mutant);
            ++out.accepted;
        } catch (const std::exception &e) {
            const std::string what = e.what();
            message = what;
            if (what.empty())
                problem = "an exception without a message";
            else if (invalidUtf8Offset(what) != std::string::npos)
                problem = "a message that is not valid UTF-8";
            else if (what.size() > 4096)
                problem = "a message of " + std::to_string(what.size()) + " bytes";
            else
                ++out.rejected;
        } catch (...) {
            problem = "an exception that is no std::exception";
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        out.slowestSeconds = std::max(out.slowestSeconds, seconds);
        if (!problem.empty()) {
            ++out.failed;
            std::printf("FAIL %s: %s for a mutant of %zu bytes starting %s\n  message: %s\n", target.name.c_str(),
                        problem.c_str(), mutant.size(), dumpJsonLossy(mutant.substr(0, 80)).c_str(),
                        dumpJsonLossy(message.substr(0, 300)).c_str());
        }
    });
    return out;
}

// A small tokenizer.json as `model create-tiny` writes one.
inline std::string smallTokenizerJson()
{
    std::string corpus;
    for (int k = 0; k < 20; ++k)
        corpus += "The inferior mesenteric vein lies left of the artery. Größe der Vena 42. ";
    vlm::BpeTrainerOptions o;
    o.vocabSize = 300;
    return vlm::trainByteLevelBpe(corpus, o);
}

inline std::vector<FuzzTarget> torchFreeFuzzTargets(const std::string &workDir)
{
    const std::string sft =
        R"({"messages":[{"role":"system","content":[{"type":"text","text":"You are a surgical assistant."}]},)"
        R"({"role":"user","content":[{"type":"image"},{"type":"text","text":"Identify it."}]},)"
        R"({"role":"assistant","content":[{"type":"text","text":"This is the pancreas."}]}],)"
        R"("images":["images/000001_a.png"],"meta":{"frame_id":1,"structure":"pancreas","split":"train"}})";
    const std::string sftText =
        R"({"messages":[{"role":"user","content":"What is CME?"},{"role":"assistant","content":"Complete mesocolic excision."}]})";
    const std::string dpo =
        R"({"prompt":[{"role":"system","content":[{"type":"text","text":"S"}]},)"
        R"({"role":"user","content":[{"type":"image"},{"type":"text","text":"Q"}]}],)"
        R"("chosen":[{"role":"assistant","content":[{"type":"text","text":"good"}]}],)"
        R"("rejected":[{"role":"assistant","content":[{"type":"text","text":"bad"}]}],"images":["x.png"],"meta":{}})";
    const std::string jsonl = workDir + "/fuzz.jsonl";
    const std::string configPath = workDir + "/config.json";

    std::vector<FuzzTarget> targets;
    targets.push_back({"dataset JSONL", {sft + "\n" + sftText + "\n", dpo + "\n", sftText + "\n" + sft}, [=](const std::string &m) {
        writeBytes(jsonl, m);
        const auto kind = m.find("\"prompt\"") != std::string::npos ? vlm::DatasetKind::Dpo : vlm::DatasetKind::Sft;
        const vlm::Dataset d = vlm::readDatasetJsonl(jsonl, kind);
        for (const auto &ex : d.examples) { // what training does with an example next
            (void)vlm::renderChat(ex.messages, kind == vlm::DatasetKind::Dpo);
            (void)dumpJsonLossy(ex.meta);
        }
    }});

    targets.push_back({"tokenizer.json", {smallTokenizerJson()}, [](const std::string &m) {
        const vlm::Tokenizer t = vlm::Tokenizer::fromJsonString(m, "fuzz/tokenizer.json");
        for (const std::string text : {std::string("Größe der Vena mesenterica 😀"), std::string("a\0\xC3\xA4 b", 6),
                                       std::string("<|im_start|>user\nHi<|im_end|>")}) {
            const auto ids = t.encode(text);
            (void)t.decode(ids);
        }
    }});

    const std::string published = vlm::ModelConfig::preset("tiny").toJson(vlm::ConfigLayout::Published).dump(1);
    const std::string nested = vlm::ModelConfig::preset("tiny").toJson(vlm::ConfigLayout::Nested).dump(1);
    targets.push_back({"config.json", {published, nested}, [=](const std::string &m) {
        writeBytes(configPath, m);
        (void)vlm::ModelConfig::fromFile(configPath);
    }});

    targets.push_back({"bounded JSON parse", {sft, published}, [](const std::string &m) {
        (void)dumpJsonLossy(parseJsonBounded(m));
    }});
    return targets;
}

} // namespace sd::testcases
