// Bounded JSON input: every document that comes from outside (data sets,
// configs, tokenizer.json, checkpoint indexes, HTTP replies) is parsed here.
// nlohmann's parser is iterative, but copying, comparing and dumping a value
// recurse once per nesting level, so a deeply nested document parses fine and
// overflows the stack later; a limit at the door keeps every later use safe.
// Torch-free and Qt-free: core/ links this library too (cmake/LayerRules.cmake).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace sd {

// Real documents nest less than 10 levels; 64 is far above that and far below
// what the recursive copy and dump can take on a default thread stack.
inline constexpr int kMaxJsonDepth = 64;
// A whole JSON file read from disk: Qwen's tokenizer.json is 7 MB, the largest
// known tokenizers are ~35 MB; parsing takes about ten times the file size in memory.
inline constexpr std::uint64_t kMaxJsonFileBytes = 64ull << 20;

// Input over a limit or not UTF-8. A nlohmann::json::exception, so a caller's
// `catch (const json::exception &)` reports it as it reports a syntax error.
// The message never quotes the input.
class JsonInputError : public nlohmann::json::exception {
public:
    explicit JsonInputError(const std::string &what) : nlohmann::json::exception(600, what.c_str()) {}
};

// Byte offset of the first malformed UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF included), or npos when valid.
std::size_t invalidUtf8Offset(std::string_view text);

// Parses `text`; throws JsonInputError for invalid UTF-8, nesting deeper than
// maxDepth or a syntax error (nlohmann's message, cut short: it quotes the
// token it stopped at, which may be megabytes or half a character).
nlohmann::json parseJsonBounded(std::string_view text, int maxDepth = kMaxJsonDepth);

// Reads the rest of `in` (at most maxBytes, else JsonInputError) and parses it as above.
nlohmann::json parseJsonBounded(std::istream &in, std::uint64_t maxBytes = kMaxJsonFileBytes,
                                int maxDepth = kMaxJsonDepth);

// Serialises for logs, progress lines and messages: invalid UTF-8 (a file
// name, an exception text) becomes U+FFFD instead of throwing type_error 316.
std::string dumpJsonLossy(const nlohmann::json &j, int indent = -1);

// Input quoted in an error message: invalid UTF-8 becomes U+FFFD, and the text
// is cut to about maxBytes (at a character boundary, marked with "...").
std::string textExcerpt(std::string_view text, std::size_t maxBytes = 120);
// A JSON value quoted in an error message, as textExcerpt of its lossy dump.
std::string jsonExcerpt(const nlohmann::json &j, std::size_t maxBytes = 120);

} // namespace sd
