#include "chat.h"

#include <nlohmann/json.hpp>

#include "tokenizer.h"

#include <stdexcept>

namespace sd::vlm {

namespace {

std::string renderImage(const ChatPart &part, int64_t merge)
{
    static const std::string pad = "<|image_pad|>";
    const bool unexpanded = part.gridT == 0 && part.gridH == 0 && part.gridW == 0;
    int64_t count = 1;
    if (!unexpanded) {
        if (part.gridT <= 0 || part.gridH <= 0 || part.gridW <= 0)
            throw std::invalid_argument("renderChat: image grid must be all positive or all zero, got [" +
                                        std::to_string(part.gridT) + "," + std::to_string(part.gridH) + "," +
                                        std::to_string(part.gridW) + "]");
        if (merge <= 0) throw std::invalid_argument("renderChat: spatialMergeSize must be positive");
        const int64_t patches = part.gridT * part.gridH * part.gridW;
        if (part.gridH % merge != 0 || part.gridW % merge != 0)
            throw std::invalid_argument("renderChat: image grid h/w (" + std::to_string(part.gridH) + "x" +
                                        std::to_string(part.gridW) + ") not divisible by spatialMergeSize " +
                                        std::to_string(merge));
        count = patches / (merge * merge);
    }
    std::string out = "<|vision_start|>";
    out.reserve(out.size() + static_cast<size_t>(count) * pad.size() + 16);
    for (int64_t k = 0; k < count; ++k) out += pad;
    out += "<|vision_end|>";
    return out;
}

std::string renderContent(const ChatMessage &m, int64_t merge)
{
    std::string out;
    for (const ChatPart &p : m.parts) out += p.kind == ChatPart::Image ? renderImage(p, merge) : p.text;
    return out;
}

std::string header(const ChatMessage &m)
{
    if (m.role.empty()) throw std::invalid_argument("renderChat: message with an empty role");
    return "<|im_start|>" + m.role + "\n";
}

// The messages the template iterates over, with the default system prompt applied.
std::vector<ChatMessage> withDefaultSystem(const std::vector<ChatMessage> &messages, const std::string &system)
{
    std::vector<ChatMessage> all;
    if (!system.empty() && !messages.empty() && messages.front().role != "system")
        all.push_back({"system", {ChatPart::textPart(system)}});
    all.insert(all.end(), messages.begin(), messages.end());
    return all;
}

} // namespace

ChatPart ChatPart::textPart(std::string text)
{
    ChatPart p;
    p.kind = Text;
    p.text = std::move(text);
    return p;
}

ChatPart ChatPart::imagePart(int64_t gridT, int64_t gridH, int64_t gridW)
{
    ChatPart p;
    p.kind = Image;
    p.gridT = gridT;
    p.gridH = gridH;
    p.gridW = gridW;
    return p;
}

std::string renderChat(const std::vector<ChatMessage> &messages, bool addGenerationPrompt, int64_t spatialMergeSize,
                       const std::string &defaultSystemPrompt)
{
    std::string out;
    for (const ChatMessage &m : withDefaultSystem(messages, defaultSystemPrompt))
        out += header(m) + renderContent(m, spatialMergeSize) + "<|im_end|>\n";
    if (addGenerationPrompt) out += "<|im_start|>assistant\n";
    return out;
}

EncodedChat encodeChatWithAssistantMask(const Tokenizer &tokenizer, const std::vector<ChatMessage> &messages,
                                        int64_t spatialMergeSize, const std::string &defaultSystemPrompt)
{
    EncodedChat result;
    std::string pending;  // non-assistant text, encoded in one piece like the inference prompt
    auto append = [&](const std::string &text, uint8_t mask) {
        const std::vector<int64_t> ids = tokenizer.encode(text);
        result.ids.insert(result.ids.end(), ids.begin(), ids.end());
        result.assistantMask.insert(result.assistantMask.end(), ids.size(), mask);
    };
    for (const ChatMessage &m : withDefaultSystem(messages, defaultSystemPrompt)) {
        if (m.role != "assistant") {
            pending += header(m) + renderContent(m, spatialMergeSize) + "<|im_end|>\n";
            continue;
        }
        for (const ChatPart &p : m.parts)
            if (p.kind == ChatPart::Image)
                throw std::invalid_argument("encodeChatWithAssistantMask: assistant messages cannot contain images");
        pending += header(m);
        append(pending, 0);
        pending.clear();
        append(renderContent(m, spatialMergeSize) + "<|im_end|>\n", 1);
    }
    if (!pending.empty()) append(pending, 0);
    return result;
}

std::vector<ChatMessage> chatMessagesFromJson(const nlohmann::json &messages,
                                              const std::vector<std::array<int64_t, 3>> &imageGrids)
{
    if (!messages.is_array())
        throw std::invalid_argument("messages must be a JSON list");
    std::vector<ChatMessage> out;
    size_t nextImage = 0;
    for (size_t i = 0; i < messages.size(); ++i) {
        const auto &m = messages[i];
        const std::string where = "message " + std::to_string(i);
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content"))
            throw std::invalid_argument(where + " needs a \"role\" string and a \"content\"");
        ChatMessage msg{m["role"].get<std::string>(), {}};
        const auto &content = m["content"];
        if (content.is_string()) {
            msg.parts.push_back(ChatPart::textPart(content.get<std::string>()));
        } else if (content.is_array()) {
            for (const auto &c : content) {
                const std::string type = c.is_object() && c.contains("type") && c["type"].is_string()
                    ? c["type"].get<std::string>() : std::string();
                if (type == "text" && c.contains("text") && c["text"].is_string()) {
                    msg.parts.push_back(ChatPart::textPart(c["text"].get<std::string>()));
                } else if (type == "image") {
                    if (imageGrids.empty()) {
                        msg.parts.push_back(ChatPart::imagePart());
                    } else {
                        if (nextImage >= imageGrids.size())
                            throw std::invalid_argument(where + " has more image parts than images were given");
                        const auto &g = imageGrids[nextImage++];
                        msg.parts.push_back(ChatPart::imagePart(g[0], g[1], g[2]));
                    }
                } else {
                    throw std::invalid_argument(where + " has a content part that is neither text nor image");
                }
            }
        } else {
            throw std::invalid_argument(where + " content must be a string or a list of parts");
        }
        out.push_back(std::move(msg));
    }
    return out;
}

} // namespace sd::vlm
