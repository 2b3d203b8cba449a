#include "dataset_jsonl.h"

#include "json_limits.h"

#include <filesystem>
#include <fstream>
#include <istream>

namespace sd::vlm {

namespace {

using json = nlohmann::json;

// The single assistant text of a "chosen"/"rejected" list (or plain string).
std::string assistantText(const json &value, const char *field)
{
    const auto messages = chatMessagesFromJson(value);
    if (messages.size() != 1 || messages[0].role != "assistant")
        throw std::invalid_argument(std::string("\"") + field + "\" must hold exactly one assistant message");
    std::string text;
    for (const auto &p : messages[0].parts) {
        if (p.kind != ChatPart::Text)
            throw std::invalid_argument(std::string("\"") + field + "\" may not contain images");
        text += p.text;
    }
    if (text.empty())
        throw std::invalid_argument(std::string("\"") + field + "\" has an empty answer");
    return text;
}

int imagePartCount(const std::vector<ChatMessage> &messages)
{
    int n = 0;
    for (const auto &m : messages)
        for (const auto &p : m.parts)
            n += p.kind == ChatPart::Image ? 1 : 0;
    return n;
}

// Whether `path` (already absolute and normalised) lies inside `folder`, symbolic links
// resolved as far as the path exists.
bool insideFolder(const std::filesystem::path &path, const std::filesystem::path &folder)
{
    std::error_code ec;
    const auto real = std::filesystem::weakly_canonical(path, ec);
    const auto root = std::filesystem::weakly_canonical(folder, ec);
    if (ec)
        return false;
    const auto rel = real.lexically_relative(root);
    return !rel.empty() && *rel.begin() != ".." && !rel.is_absolute();
}

DatasetExample parseExample(const json &j, DatasetKind kind, const std::filesystem::path &folder, ImagePaths images)
{
    if (!j.is_object())
        throw std::invalid_argument("an example must be a JSON object");
    DatasetExample ex;
    if (kind == DatasetKind::Sft) {
        if (!j.contains("messages"))
            throw std::invalid_argument("missing \"messages\" (is this a DPO file? it has no SFT examples)");
        ex.messages = chatMessagesFromJson(j.at("messages"));
        if (ex.messages.empty() || ex.messages.back().role != "assistant")
            throw std::invalid_argument("the last message must be the assistant's answer");
    } else {
        for (const char *f : {"prompt", "chosen", "rejected"})
            if (!j.contains(f))
                throw std::invalid_argument(std::string("missing \"") + f + "\" (DPO examples need prompt, chosen, rejected)");
        ex.messages = chatMessagesFromJson(j.at("prompt"));
        if (ex.messages.empty() || ex.messages.back().role != "user")
            throw std::invalid_argument("the prompt must end with a user message");
        ex.chosen = assistantText(j.at("chosen"), "chosen");
        ex.rejected = assistantText(j.at("rejected"), "rejected");
    }
    if (j.contains("images")) {
        if (!j.at("images").is_array())
            throw std::invalid_argument("\"images\" must be a list of file paths");
        for (const auto &p : j.at("images")) {
            if (!p.is_string() || p.get<std::string>().empty())
                throw std::invalid_argument("\"images\" entries must be non-empty strings");
            const std::filesystem::path given(p.get<std::string>());
            const auto path = (given.is_absolute() ? given : folder / given).lexically_normal();
            if (images == ImagePaths::InsideFolder && !insideFolder(path, folder))
                throw std::invalid_argument("the image \"" + textExcerpt(given.string())
                                            + "\" lies outside the data set's folder; only images inside it are read "
                                              "(--allow-external-images reads others)");
            ex.imagePaths.push_back(path.string());
        }
    }
    const int parts = imagePartCount(ex.messages);
    if (parts != static_cast<int>(ex.imagePaths.size()))
        throw std::invalid_argument("the messages have " + std::to_string(parts) + " image part(s) but \"images\" lists "
                                    + std::to_string(ex.imagePaths.size()));
    if (parts > 1)
        throw std::invalid_argument("more than one image per example is not supported");
    if (j.contains("meta")) {
        if (!j.at("meta").is_object())
            throw std::invalid_argument("\"meta\" must be an object");
        ex.meta = j.at("meta");
    }
    return ex;
}

// std::getline that stops storing after kMaxDatasetLineBytes; false at the end
// of the input. *tooLong tells that the line was cut (the rest is skipped).
bool readLine(std::istream &in, std::string &line, bool *tooLong)
{
    line.clear();
    *tooLong = false;
    std::streambuf *buf = in.rdbuf();
    bool any = false;
    for (;;) {
        const int c = buf->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in.setstate(std::ios::eofbit);
            return any;
        }
        any = true;
        if (c == '\n')
            return true;
        if (line.size() < kMaxDatasetLineBytes)
            line.push_back(static_cast<char>(c));
        else
            *tooLong = true;
    }
}

} // namespace

Dataset readDatasetJsonl(const std::string &path, DatasetKind kind, ImagePaths images)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DatasetError(path + ": cannot open the dataset file");
    Dataset data;
    data.kind = kind;
    data.path = path;
    const auto folder = std::filesystem::absolute(path).parent_path();
    std::string text;
    int lineNo = 0;
    bool tooLong = false;
    while (readLine(in, text, &tooLong)) {
        ++lineNo;
        const std::string where = path + ":" + std::to_string(lineNo) + ": ";
        if (tooLong)
            throw DatasetError(where + "the line is longer than " + std::to_string(kMaxDatasetLineBytes >> 20)
                               + " MiB; one example is a few kB");
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        if (text.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (const size_t bad = invalidUtf8Offset(text); bad != std::string::npos)
            throw DatasetError(where + "not valid UTF-8 (byte " + std::to_string(bad + 1) + " of the line)");
        try {
            DatasetExample ex = parseExample(parseJsonBounded(text), kind, folder, images);
            ex.line = lineNo;
            data.examples.push_back(std::move(ex));
        } catch (const json::exception &e) {
            throw DatasetError(where + "invalid JSON: " + e.what());
        } catch (const std::invalid_argument &e) {
            throw DatasetError(where + e.what());
        }
    }
    if (in.bad())
        throw DatasetError(path + ": read error");
    if (data.examples.empty())
        throw DatasetError(path + ": no examples");
    return data;
}

} // namespace sd::vlm
