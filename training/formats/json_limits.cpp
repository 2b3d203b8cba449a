#include "json_limits.h"

#include <algorithm>
#include <istream>

namespace sd {

namespace {

bool inRange(unsigned char c, unsigned char lo, unsigned char hi)
{
    return c >= lo && c <= hi;
}

// Deepest array/object nesting, scanning only brackets outside strings. For
// any text the parser accepts this is the exact depth, so checking it first is
// enough: what it miscounts in broken text the parser rejects anyway.
void checkDepth(std::string_view text, int maxDepth)
{
    int depth = 0;
    bool inString = false, escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                throw JsonInputError("JSON nested deeper than " + std::to_string(maxDepth) + " levels (at byte "
                                     + std::to_string(i) + ")");
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
}

} // namespace

std::size_t invalidUtf8Offset(std::string_view text)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        // Second-byte range and length per Unicode table 3-7 (well-formed UTF-8).
        unsigned char lo = 0x80, hi = 0xBF;
        size_t len = 0;
        if (inRange(b, 0xC2, 0xDF))
            len = 2;
        else if (b == 0xE0)
            len = 3, lo = 0xA0;
        else if (b == 0xED)
            len = 3, hi = 0x9F;
        else if (inRange(b, 0xE1, 0xEF))
            len = 3;
        else if (b == 0xF0)
            len = 4, lo = 0x90;
        else if (b == 0xF4)
            len = 4, hi = 0x8F;
        else if (inRange(b, 0xF1, 0xF3))
            len = 4;
        else
            return i;
        if (i + len > n || !inRange(s[i + 1], lo, hi))
            return i;
        for (size_t k = 2; k < len; ++k)
            if (!inRange(s[i + k], 0x80, 0xBF))
                return i;
        i += len;
    }
    return std::string_view::npos;
}

nlohmann::json parseJsonBounded(std::string_view text, int maxDepth)
{
    if (const size_t bad = invalidUtf8Offset(text); bad != std::string_view::npos)
        throw JsonInputError("not valid UTF-8 (byte " + std::to_string(bad) + ")");
    checkDepth(text, maxDepth);
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error &e) {
        throw JsonInputError(textExcerpt(e.what(), 300));
    }
}

nlohmann::json parseJsonBounded(std::istream &in, std::uint64_t maxBytes, int maxDepth)
{
    std::string text;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<size_t>(in.gcount()));
        if (text.size() > maxBytes)
            throw JsonInputError("JSON input larger than the limit of " + std::to_string(maxBytes) + " bytes");
    }
    if (in.bad())
        throw JsonInputError("read error");
    return parseJsonBounded(text, maxDepth);
}

std::string dumpJsonLossy(const nlohmann::json &j, int indent)
{
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string textExcerpt(std::string_view text, std::size_t maxBytes)
{
    const bool cutShort = text.size() > maxBytes;
    text = text.substr(0, maxBytes + 4); // a character split here is cut off below
    std::string out;
    for (;;) {
        const size_t bad = invalidUtf8Offset(text);
        out.append(text.substr(0, bad));
        if (bad == std::string_view::npos)
            break;
        out += "\xEF\xBF\xBD"; // U+FFFD for each malformed byte
        text.remove_prefix(bad + 1);
    }
    if (!cutShort && out.size() <= maxBytes)
        return out;
    size_t cut = std::min(maxBytes, out.size());
    while (cut > 0 && cut < out.size() && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
        --cut; // never split a character
    out.resize(cut);
    return out + "...";
}

std::string jsonExcerpt(const nlohmann::json &j, std::size_t maxBytes)
{
    return textExcerpt(dumpJsonLossy(j), maxBytes);
}

} // namespace sd
