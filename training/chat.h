// Qwen2.5-VL chat rendering (the im_start/im_end template) and SFT encoding
// with an assistant-token mask. Torch-free.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sd::vlm {

class Tokenizer;

// System prompt the published Qwen2.5-VL template inserts when none is given.
inline constexpr const char *kQwenDefaultSystemPrompt = "You are a helpful assistant.";

struct ChatPart {
    enum Kind { Text, Image };
    Kind kind = Text;
    std::string text;
    // Image grid in patches (t, h, w) as the image processor reports it. All
    // zero renders the template's single <|image_pad|> placeholder, unexpanded.
    int64_t gridT = 0, gridH = 0, gridW = 0;

    static ChatPart textPart(std::string text);
    static ChatPart imagePart(int64_t gridT = 0, int64_t gridH = 0, int64_t gridW = 0);
};

struct ChatMessage {
    std::string role;
    std::vector<ChatPart> parts;
};

// Renders "<|im_start|>role\n" + content + "<|im_end|>\n" per message, images as
// <|vision_start|> + t*h*w/merge^2 x <|image_pad|> + <|vision_end|>, then
// "<|im_start|>assistant\n" if addGenerationPrompt. A non-empty
// defaultSystemPrompt is inserted as a system message when the first message is
// not one (the published Qwen template passes kQwenDefaultSystemPrompt).
// Throws std::invalid_argument for an empty role or an inconsistent image grid.
// Hugging Face "messages" JSON (content a string, or a list of {"type": "text", "text"}
// and {"type": "image"} parts), as in reference.json and TRL/LLaMA-Factory JSONL.
// Image parts take imageGrids {t, h, w} in order; with none given they stay
// unexpanded (grid 0). Throws std::invalid_argument naming the message.
std::vector<ChatMessage> chatMessagesFromJson(const nlohmann::json &messages,
                                              const std::vector<std::array<int64_t, 3>> &imageGrids = {});

std::string renderChat(const std::vector<ChatMessage> &messages, bool addGenerationPrompt,
                       int64_t spatialMergeSize = 2, const std::string &defaultSystemPrompt = {});

struct EncodedChat {
    std::vector<int64_t> ids;
    std::vector<uint8_t> assistantMask;  // 1 on assistant answer tokens incl. <|im_end|> and the "\n" after it
};

// Encodes a conversation for supervised fine-tuning. Everything except the
// assistant answers is encoded exactly as encode(renderChat(...)) would; each
// answer ("content<|im_end|>\n") is encoded on its own after the
// "<|im_start|>assistant\n" header, i.e. as the model produces it at generation
// time. Assistant messages may not contain images (std::invalid_argument).
EncodedChat encodeChatWithAssistantMask(const Tokenizer &tokenizer, const std::vector<ChatMessage> &messages,
                                        int64_t spatialMergeSize = 2, const std::string &defaultSystemPrompt = {});

} // namespace sd::vlm
