// Qwen2 pre-tokenizer: the Split regex of Qwen2/Qwen2.5 tokenizer.json, written
// by hand as a scanner over code points (no regex engine), plus the UTF-8
// helpers the byte-level tokenizer shares with it. Torch-free.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sd::vlm {

// The exact pattern string this scanner implements; tokenizer.json must carry it.
extern const char *const kQwen2PretokenizePattern;

// Decodes strict UTF-8 into code points; throws std::invalid_argument naming the
// byte offset of the first malformed sequence.
std::vector<char32_t> decodeUtf8Strict(const std::string &utf8);
void appendUtf8(std::string &out, char32_t cp);

// Lossy decode as Rust's String::from_utf8_lossy: every maximal invalid subpart
// becomes one U+FFFD. When holdIncompleteTail is set, a trailing sequence that
// is a valid but unfinished prefix is not converted; its length is returned in
// *heldBytes (used by the streaming decoder).
std::string utf8Lossy(const std::string &bytes, bool holdIncompleteTail = false, size_t *heldBytes = nullptr);

// Unicode normal forms (the tokenizer.json normalizers NFC, NFD, NFKC, NFKD).
enum class UnicodeForm { NFC, NFD, NFKC, NFKD };

// `text` in the normal form. Takes the length explicitly, so U+0000 is a
// character like any other (utf8proc's NUL-terminated helpers stop there).
// Throws std::invalid_argument for invalid UTF-8.
std::string normalizeUtf8(std::string_view text, UnicodeForm form);

// Splits text into pre-tokens with the leftmost-first semantics of
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// (behaviour Isolated: every character lands in exactly one piece). Returns
// [begin, end) code point index ranges into cps.
std::vector<std::pair<size_t, size_t>> qwen2PretokenRanges(const std::vector<char32_t> &cps);

// Convenience for tests and tools: the pieces as UTF-8 strings.
std::vector<std::string> qwen2Pretokenize(const std::string &utf8);

// GPT-2 bytes_to_unicode (the ByteLevel alphabet): printable Latin-1 bytes map
// to themselves, the rest to U+0100.. in byte order.
std::array<char32_t, 256> gpt2ByteToCodePoint();

// Character classes as the regex sees them (Unicode White_Space, \p{L}, \p{N}).
bool isRegexWhitespace(char32_t cp);
bool isLetter(char32_t cp);
bool isNumber(char32_t cp);

} // namespace sd::vlm
