#include "wordpiece.h"

#include <utf8proc.h>

#include <fstream>

namespace sd::vlm {

namespace {

constexpr size_t kMaxCharsPerWord = 100;

std::vector<int32_t> decodeUtf8(const std::string &s)
{
    std::vector<int32_t> out;
    const auto *p = reinterpret_cast<const utf8proc_uint8_t *>(s.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0)
            throw std::runtime_error("WordPiece: text is not valid UTF-8");
        out.push_back(cp);
        p += n;
        left -= n;
    }
    return out;
}

std::string encodeUtf8(const std::vector<int32_t> &cps)
{
    std::string out;
    utf8proc_uint8_t buf[4];
    for (int32_t cp : cps)
        out.append(reinterpret_cast<const char *>(buf), static_cast<size_t>(utf8proc_encode_char(cp, buf)));
    return out;
}

bool isWhitespace(int32_t c)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return true;
    return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

bool isControl(int32_t c)
{
    if (c == '\t' || c == '\n' || c == '\r')
        return false;
    const auto cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF;
}

bool isPunctuation(int32_t c)
{
    // BERT treats all non-letter/number ASCII as punctuation, plus Unicode P*.
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
        return true;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
        return true;
    default:
        return false;
    }
}

bool isCjk(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// Lower case, then NFD without combining marks (BertTokenizer's strip_accents).
std::vector<int32_t> lowerAndStripAccents(const std::vector<int32_t> &word)
{
    std::vector<int32_t> out;
    for (int32_t c : word) {
        utf8proc_int32_t decomposed[8];
        int lastBoundClass = 0;
        const utf8proc_ssize_t n = utf8proc_decompose_char(utf8proc_tolower(c), decomposed, 8, UTF8PROC_DECOMPOSE,
                                                           &lastBoundClass);
        for (utf8proc_ssize_t i = 0; i < n && i < 8; ++i)
            if (utf8proc_category(decomposed[i]) != UTF8PROC_CATEGORY_MN)
                out.push_back(decomposed[i]);
    }
    return out;
}

} // namespace

WordPieceTokenizer WordPieceTokenizer::fromVocabFile(const std::string &path, bool lowerCase)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read the WordPiece vocabulary " + path);
    WordPieceTokenizer t;
    t.lowerCase_ = lowerCase;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        t.ids_.emplace(line, static_cast<int64_t>(t.vocab_.size()));
        t.vocab_.push_back(line);
    }
    t.cls_ = t.tokenToId("[CLS]");
    t.sep_ = t.tokenToId("[SEP]");
    t.unk_ = t.tokenToId("[UNK]");
    if (t.cls_ < 0 || t.sep_ < 0 || t.unk_ < 0)
        throw std::runtime_error("WordPiece vocabulary " + path + " lacks [CLS], [SEP] or [UNK]");
    return t;
}

int64_t WordPieceTokenizer::tokenToId(const std::string &token) const
{
    const auto it = ids_.find(token);
    return it == ids_.end() ? -1 : it->second;
}

const std::string &WordPieceTokenizer::idToToken(int64_t id) const
{
    static const std::string none;
    return id >= 0 && id < static_cast<int64_t>(vocab_.size()) ? vocab_[static_cast<size_t>(id)] : none;
}

std::vector<std::string> WordPieceTokenizer::tokenize(const std::string &utf8) const
{
    // Basic tokenisation: clean, space out CJK, split on whitespace, then punctuation.
    std::vector<std::vector<int32_t>> words;
    std::vector<int32_t> current;
    auto flush = [&] {
        if (!current.empty())
            words.push_back(std::move(current));
        current.clear();
    };
    for (int32_t c : decodeUtf8(utf8)) {
        if (c == 0 || c == 0xFFFD || isControl(c))
            continue;
        if (isWhitespace(c)) {
            flush();
        } else if (isCjk(c)) {
            flush();
            words.push_back({c});
        } else {
            current.push_back(c);
        }
    }
    flush();

    std::vector<std::string> pieces;
    for (auto word : words) {
        if (lowerCase_)
            word = lowerAndStripAccents(word);
        std::vector<std::vector<int32_t>> parts;
        std::vector<int32_t> part;
        for (int32_t c : word) {
            if (isPunctuation(c)) {
                if (!part.empty())
                    parts.push_back(std::move(part));
                part.clear();
                parts.push_back({c});
            } else {
                part.push_back(c);
            }
        }
        if (!part.empty())
            parts.push_back(std::move(part));

        for (const auto &p : parts) {
            if (p.size() > kMaxCharsPerWord) {
                pieces.push_back(vocab_[static_cast<size_t>(unk_)]);
                continue;
            }
            // Greedy longest match first.
            std::vector<std::string> sub;
            size_t start = 0;
            bool bad = false;
            while (start < p.size()) {
                size_t end = p.size();
                std::string found;
                while (start < end) {
                    std::string candidate = encodeUtf8(std::vector<int32_t>(p.begin() + long(start), p.begin() + long(end)));
                    if (start > 0)
                        candidate = "##" + candidate;
                    if (ids_.count(candidate)) {
                        found = candidate;
                        break;
                    }
                    --end;
                }
                if (found.empty()) {
                    bad = true;
                    break;
                }
                sub.push_back(found);
                start = end;
            }
            if (bad)
                pieces.push_back(vocab_[static_cast<size_t>(unk_)]);
            else
                pieces.insert(pieces.end(), sub.begin(), sub.end());
        }
    }
    return pieces;
}

std::vector<int64_t> WordPieceTokenizer::encode(const std::string &utf8, size_t maxLength) const
{
    std::vector<int64_t> ids{cls_};
    for (const std::string &piece : tokenize(utf8)) {
        if (ids.size() + 1 >= maxLength)
            break;
        ids.push_back(tokenToId(piece));
    }
    ids.push_back(sep_);
    return ids;
}

} // namespace sd::vlm
