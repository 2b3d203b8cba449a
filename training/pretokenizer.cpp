#include "pretokenizer.h"

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <utf8proc.h>

namespace sd::vlm {

const char *const kQwen2PretokenizePattern =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|"
    "\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

namespace {

// Second-byte ranges and total lengths from Unicode Table 3-7 (well-formed UTF-8).
struct LeadInfo {
    int length;            // 0 = never valid as a lead byte
    unsigned char lo, hi;  // allowed range of the second byte
};

LeadInfo leadInfo(unsigned char b)
{
    if (b < 0x80) return {1, 0, 0};
    if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
    if (b == 0xE0) return {3, 0xA0, 0xBF};
    if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return {3, 0x80, 0xBF};
    if (b == 0xED) return {3, 0x80, 0x9F};
    if (b == 0xF0) return {4, 0x90, 0xBF};
    if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
    if (b == 0xF4) return {4, 0x80, 0x8F};
    return {0, 0, 0};
}

enum Outcome { Valid, Invalid, Truncated };

// Checks the sequence at bytes[i]; `consumed` is its length when valid, else the
// length of the maximal invalid subpart (at least 1).
Outcome checkSequence(const std::string &bytes, size_t i, size_t &consumed)
{
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const LeadInfo info = leadInfo(b0);
    if (info.length == 0) {
        consumed = 1;
        return Invalid;
    }
    for (int k = 1; k < info.length; ++k) {
        if (i + k >= bytes.size()) {
            consumed = bytes.size() - i;
            return Truncated;
        }
        const auto b = static_cast<unsigned char>(bytes[i + k]);
        const unsigned char lo = k == 1 ? info.lo : 0x80;
        const unsigned char hi = k == 1 ? info.hi : 0xBF;
        if (b < lo || b > hi) {
            consumed = static_cast<size_t>(k);
            return Invalid;
        }
    }
    consumed = static_cast<size_t>(info.length);
    return Valid;
}

enum CharClass : unsigned char { kOther = 0, kWs = 1, kLetter = 2, kNumber = 4, kCrLf = 8 };

unsigned char classify(char32_t cp)
{
    unsigned char c = kOther;
    if (cp == U'\r' || cp == U'\n') c |= kCrLf;
    if (isRegexWhitespace(cp)) c |= kWs;
    else if (isLetter(cp)) c |= kLetter;
    else if (isNumber(cp)) c |= kNumber;
    return c;
}

char32_t lowerAscii(char32_t c) { return (c >= U'A' && c <= U'Z') ? c + 32 : c; }

// Case-insensitive match of one contraction letter; U+017F (long s) folds to 's'.
bool foldEq(char32_t c, char32_t lower)
{
    if (lowerAscii(c) == lower) return true;
    return lower == U's' && c == 0x017F;
}

// Length of (?i:'s|'t|'re|'ve|'m|'ll|'d) at i, or 0.
size_t matchContraction(const std::vector<char32_t> &cps, size_t i)
{
    const size_t n = cps.size();
    if (cps[i] != U'\'' || i + 1 >= n) return 0;
    const char32_t a = cps[i + 1];
    if (foldEq(a, U's') || foldEq(a, U't') || foldEq(a, U'm') || foldEq(a, U'd')) return 2;
    if (i + 2 < n) {
        const char32_t b = cps[i + 2];
        if ((foldEq(a, U'r') || foldEq(a, U'v')) && foldEq(b, U'e')) return 3;
        if (foldEq(a, U'l') && foldEq(b, U'l')) return 3;
    }
    return 0;
}

} // namespace

bool isRegexWhitespace(char32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool isLetter(char32_t cp)
{
    if (cp < 0x80) return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z');
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return true;
    default:
        return false;
    }
}

bool isNumber(char32_t cp)
{
    if (cp < 0x80) return cp >= U'0' && cp <= U'9';
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::vector<char32_t> decodeUtf8Strict(const std::string &utf8)
{
    std::vector<char32_t> cps;
    cps.reserve(utf8.size());
    size_t i = 0;
    while (i < utf8.size()) {
        size_t len = 0;
        if (checkSequence(utf8, i, len) != Valid)
            throw std::invalid_argument("invalid UTF-8 at byte offset " + std::to_string(i));
        const auto b0 = static_cast<unsigned char>(utf8[i]);
        char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
        for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        cps.push_back(cp);
        i += len;
    }
    return cps;
}

std::string normalizeUtf8(std::string_view text, UnicodeForm form)
{
    if (text.empty())
        return {};
    int options = UTF8PROC_STABLE;
    switch (form) {
    case UnicodeForm::NFC: options |= UTF8PROC_COMPOSE; break;
    case UnicodeForm::NFD: options |= UTF8PROC_DECOMPOSE; break;
    case UnicodeForm::NFKC: options |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
    case UnicodeForm::NFKD: options |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
    }
    utf8proc_uint8_t *out = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(text.data()),
                                            static_cast<utf8proc_ssize_t>(text.size()), &out,
                                            static_cast<utf8proc_option_t>(options));
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
    if (n < 0)
        throw std::invalid_argument(std::string("Unicode normalization failed: ") + utf8proc_errmsg(n));
    return std::string(reinterpret_cast<const char *>(out), static_cast<size_t>(n));
}

std::string utf8Lossy(const std::string &bytes, bool holdIncompleteTail, size_t *heldBytes)
{
    static const char kReplacement[] = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(bytes.size());
    if (heldBytes) *heldBytes = 0;
    size_t i = 0;
    while (i < bytes.size()) {
        size_t len = 0;
        switch (checkSequence(bytes, i, len)) {
        case Valid:
            out.append(bytes, i, len);
            break;
        case Truncated:
            if (holdIncompleteTail) {
                if (heldBytes) *heldBytes = len;
                return out;
            }
            out += kReplacement;
            break;
        case Invalid:
            out += kReplacement;
            break;
        }
        i += len;
    }
    return out;
}

std::vector<std::pair<size_t, size_t>> qwen2PretokenRanges(const std::vector<char32_t> &cps)
{
    const size_t n = cps.size();
    std::vector<unsigned char> cls(n);
    for (size_t k = 0; k < n; ++k) cls[k] = classify(cps[k]);
    auto is = [&](size_t k, unsigned char c) { return k < n && (cls[k] & c) != 0; };
    // "other" of [^\s\p{L}\p{N}]: neither whitespace, letter nor number.
    auto isOther = [&](size_t k) { return k < n && (cls[k] & (kWs | kLetter | kNumber)) == 0; };
    auto letterRunEnd = [&](size_t k) { while (is(k, kLetter)) ++k; return k; };

    std::vector<std::pair<size_t, size_t>> out;
    size_t i = 0;
    while (i < n) {
        size_t end = 0;
        // 1. contractions
        if (size_t len = matchContraction(cps, i)) {
            end = i + len;
        }
        // 2. [^\r\n\p{L}\p{N}]?\p{L}+ (the optional prefix is tried first)
        else if (!is(i, kCrLf | kLetter | kNumber) && is(i + 1, kLetter)) {
            end = letterRunEnd(i + 1);
        } else if (is(i, kLetter)) {
            end = letterRunEnd(i);
        }
        // 3. \p{N}
        else if (is(i, kNumber)) {
            end = i + 1;
        }
        // 4. ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        else if ((cps[i] == U' ' && isOther(i + 1)) || isOther(i)) {
            size_t k = cps[i] == U' ' ? i + 1 : i;
            while (isOther(k)) ++k;
            while (is(k, kCrLf)) ++k;
            end = k;
        } else {
            // Only whitespace is left here: alternatives 5-7 over the run [i, j).
            size_t j = i;
            while (is(j, kWs)) ++j;
            size_t lastCrLf = n;
            for (size_t k = i; k < j; ++k)
                if (cls[k] & kCrLf) lastCrLf = k;
            if (lastCrLf != n) {
                end = lastCrLf + 1;                      // 5. \s*[\r\n]+ backtracks to the last newline
            } else if (j == n) {
                end = j;                                 // 6. \s+(?!\S) at end of text
            } else if (j - i >= 2) {
                end = j - 1;                             // 6. leave one space for the next word
            } else {
                end = j;                                 // 7. \s+
            }
        }
        out.emplace_back(i, end);
        i = end;
    }
    return out;
}

std::vector<std::string> qwen2Pretokenize(const std::string &utf8)
{
    const std::vector<char32_t> cps = decodeUtf8Strict(utf8);
    std::vector<std::string> pieces;
    for (const auto &[b, e] : qwen2PretokenRanges(cps)) {
        std::string s;
        for (size_t k = b; k < e; ++k) appendUtf8(s, cps[k]);
        pieces.push_back(std::move(s));
    }
    return pieces;
}

std::array<char32_t, 256> gpt2ByteToCodePoint()
{
    std::array<char32_t, 256> map{};
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool direct = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        map[b] = direct ? static_cast<char32_t>(b) : next++;
    }
    return map;
}

} // namespace sd::vlm
