// A loaded local VLM ready to answer questions about a frame: model + tokenizer +
// image preprocessing behind one torch-free interface, so the CLI, the Qt views
// and evaluation share it and ui/ never sees a torch header.
#pragma once

#include "rgb_image.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sd::vlm {


struct SessionOptions {
    std::string device = "cpu";   // "cpu" or "cuda" (when the linked libtorch has CUDA)
    std::string dtype = "f32";    // "f32" or "bf16"
    int threads = 0;              // 0 = libtorch default
};

struct AskOptions {
    std::string systemPrompt = "You are a surgical assistant.";
    int maxNewTokens = 256;
    bool doSample = false;
    double temperature = 1.0;
    int topK = 0;
    double topP = 1.0;
    double repetitionPenalty = 1.0;
    uint64_t seed = 0;
};

// One turn of a multi-turn conversation about a frame.
struct ChatTurn {
    std::string role; // "user" or "assistant"
    std::string text;
};

struct AskResult {
    std::string text;
    std::vector<int64_t> tokenIds;
    int promptTokens = 0;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    bool cancelled = false;
};

class VlmSession {
public:
    // Loads config.json, the weights, tokenizer.json and preprocessor_config.json
    // from modelDir. Throws std::runtime_error with a readable message.
    static std::unique_ptr<VlmSession> load(const std::string &modelDir, const SessionOptions &options = {});
    ~VlmSession();

    // One user turn with the image (may be empty: text-only) and the question.
    // onText receives decoded text pieces as they are generated (complete UTF-8);
    // returning false stops generation, as does *cancel becoming true.
    AskResult ask(const RgbImage *image, const std::string &question, const AskOptions &options,
                  const std::function<bool(const std::string &)> &onText = {},
                  const std::atomic<bool> *cancel = nullptr);

    // A conversation: turns alternate freely between "user" and "assistant" and
    // end with a "user" turn; the image (may be null) belongs to the first user
    // turn, as in training. Answers the last user turn; onText/cancel as in ask().
    // Throws std::invalid_argument for an empty conversation, an unknown role or
    // a conversation that does not end with the user.
    AskResult chat(const RgbImage *image, const std::vector<ChatTurn> &turns, const AskOptions &options,
                   const std::function<bool(const std::string &)> &onText = {},
                   const std::atomic<bool> *cancel = nullptr);

    std::string modelDir() const;
    std::string description() const; // e.g. "Qwen2.5-VL, 3 text layers, hidden 128, float32 on cpu"

private:
    VlmSession();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sd::vlm
