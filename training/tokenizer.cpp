#include "tokenizer.h"

#include "json_limits.h"
#include "pretokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <queue>
#include <sstream>
#include <unordered_map>
#include <utf8proc.h>

namespace sd::vlm {

namespace {

using json = nlohmann::json;

// Real tokenizers have one normalizer or a flat Sequence of a few; these limits
// keep a hostile file from nesting without end or making every encode crawl.
constexpr int kMaxNormalizerNesting = 4;
constexpr size_t kMaxNormalizers = 16;

struct AddedToken {
    std::string content;  // as matched (NFC-normalized when `normalized`)
    int32_t id = -1;
    bool special = false, lstrip = false, rstrip = false, normalized = false, singleWord = false;
};

// Leftmost-longest matcher over a handful of added tokens, bucketed by first byte.
struct AddedMatcher {
    std::array<std::vector<const AddedToken *>, 256> byFirstByte;
    bool empty = true;

    void add(const AddedToken *t)
    {
        auto &bucket = byFirstByte[static_cast<unsigned char>(t->content[0])];
        bucket.push_back(t);
        std::stable_sort(bucket.begin(), bucket.end(),
                         [](const AddedToken *a, const AddedToken *b) { return a->content.size() > b->content.size(); });
        empty = false;
    }
    const AddedToken *longestAt(const std::string &s, size_t pos) const
    {
        for (const AddedToken *t : byFirstByte[static_cast<unsigned char>(s[pos])])
            if (s.compare(pos, t->content.size(), t->content) == 0) return t;
        return nullptr;
    }
};

bool isWordChar(char32_t cp)
{
    if (cp == U'_' || isLetter(cp) || isNumber(cp)) return true;
    const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME ||
           cat == UTF8PROC_CATEGORY_PC;
}

// Code point ending at byte `pos` (exclusive) / starting at `pos` of valid UTF-8.
char32_t cpBefore(const std::string &s, size_t pos, size_t *start)
{
    size_t b = pos - 1;
    while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
    *start = b;
    return decodeUtf8Strict(s.substr(b, pos - b)).front();
}

char32_t cpAt(const std::string &s, size_t pos, size_t *len)
{
    const auto b0 = static_cast<unsigned char>(s[pos]);
    *len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    return decodeUtf8Strict(s.substr(pos, *len)).front();
}

std::string readWholeFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TokenizerError("tokenizer: cannot open '" + path + "'");
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxJsonFileBytes)
        throw TokenizerError("tokenizer: '" + path + "' has " + std::to_string(size) + " bytes, more than the limit of "
                             + std::to_string(kMaxJsonFileBytes));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw TokenizerError("tokenizer: cannot read '" + path + "'");
    return ss.str();
}

} // namespace

struct Tokenizer::Impl {
    std::string source;

    // Model vocabulary (byte-level strings) and the id tables over model + added tokens.
    std::unordered_map<std::string, int32_t> vocab;
    std::vector<std::string> idToken;   // token string per id ("" = unused id)
    std::vector<std::string> idBytes;   // bytes the id decodes to
    std::vector<uint8_t> idKind;        // 0 unused, 1 model, 2 added, 3 added special

    std::vector<AddedToken> added;
    std::unordered_map<std::string, int32_t> addedByContent;
    AddedMatcher rawMatcher;         // normalized == false: matched on the raw input
    AddedMatcher normalizedMatcher;  // normalized == true: matched after normalization

    std::vector<UnicodeForm> normalizers;

    // BPE
    std::array<int32_t, 256> byteToId{};  // id of each byte's alphabet char, -1 if not in vocab
    std::array<std::string, 256> byteChar;
    std::unordered_map<uint64_t, std::pair<int32_t, int32_t>> merges;  // (left,right) -> (rank, merged id)
    int32_t unkId = -1;
    bool fuseUnk = false;
    bool ignoreMerges = false;

    static constexpr size_t kCacheCapacity = 10000;
    static constexpr size_t kMaxCachedWordBytes = 256;
    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache;

    [[noreturn]] void fail(const std::string &field, const std::string &what) const
    {
        throw TokenizerError("tokenizer '" + source + "': field '" + field + "': " + what);
    }

    void load(const json &root);
    void loadModel(const json &model);
    void loadAddedTokens(const json &list);
    void loadNormalizer(const json &n, const std::string &field, int nesting = 0);
    void checkPreTokenizer(const json &p);

    std::string normalize(const std::string &s) const;
    void encodeSegment(const std::string &text, bool isNormalizedLevel, std::vector<int64_t> &out) const;
    void encodeOrdinary(const std::string &normalized, std::vector<int64_t> &out) const;
    void bpeWord(const std::string &bytes, std::vector<int32_t> &out) const;
};

// ---------------------------------------------------------------- loading

void Tokenizer::Impl::load(const json &root)
{
    if (!root.is_object()) fail("<root>", "expected a JSON object");
    const auto byteMap = gpt2ByteToCodePoint();
    for (int b = 0; b < 256; ++b) {
        byteChar[b].clear();
        appendUtf8(byteChar[b], byteMap[b]);
    }

    if (!root.contains("model")) fail("model", "missing");
    loadModel(root.at("model"));
    if (root.contains("added_tokens") && !root.at("added_tokens").is_null())
        loadAddedTokens(root.at("added_tokens"));
    if (root.contains("normalizer") && !root.at("normalizer").is_null())
        loadNormalizer(root.at("normalizer"), "normalizer");
    if (!root.contains("pre_tokenizer") || root.at("pre_tokenizer").is_null())
        fail("pre_tokenizer", "missing; only the Qwen2 Split + ByteLevel pre-tokenizer is supported");
    checkPreTokenizer(root.at("pre_tokenizer"));

    const json decoder = root.value("decoder", json());
    if (!decoder.is_object() || decoder.value("type", "") != "ByteLevel")
        fail("decoder", "only the ByteLevel decoder is supported");

    const json post = root.value("post_processor", json());
    if (!post.is_null()) {
        const std::string type = post.value("type", "");
        if (type == "TemplateProcessing") {
            for (const auto &piece : post.value("single", json::array()))
                if (!piece.contains("Sequence"))
                    fail("post_processor.single", "templates that insert special tokens are not supported");
        } else if (type != "ByteLevel") {
            fail("post_processor.type", "unsupported type '" + textExcerpt(type) + "'");
        }
    }

    // Id tables over the model vocabulary and the added tokens.
    int64_t maxId = -1;
    for (const auto &[tok, id] : vocab) maxId = std::max<int64_t>(maxId, id);
    for (const auto &t : added) maxId = std::max<int64_t>(maxId, t.id);
    // Ids index flat tables; reject absurd or very sparse ones instead of allocating
    // gigabytes (real vocabularies are dense and below 300k; 2^21 leaves room).
    constexpr int64_t kMaxId = int64_t(1) << 21;
    const int64_t tokens = static_cast<int64_t>(vocab.size() + added.size());
    if (maxId >= kMaxId)
        fail("model.vocab/added_tokens",
             "token id " + std::to_string(maxId) + " exceeds the supported maximum " + std::to_string(kMaxId - 1));
    if (maxId >= 4 * tokens + 1024)
        fail("model.vocab/added_tokens", "token id " + std::to_string(maxId) + " for only " + std::to_string(tokens)
                                             + " tokens: the ids are too sparse to be a real vocabulary");
    idToken.assign(static_cast<size_t>(maxId + 1), std::string());
    idBytes.assign(static_cast<size_t>(maxId + 1), std::string());
    idKind.assign(static_cast<size_t>(maxId + 1), 0);

    // The byte alphabet lies below U+0144, so a flat table inverts it.
    std::array<int16_t, 0x144> charToByte;
    charToByte.fill(-1);
    for (int b = 0; b < 256; ++b) charToByte[byteMap[b]] = static_cast<int16_t>(b);
    for (const auto &[tok, id] : vocab) {
        idToken[id] = tok;
        idKind[id] = 1;
        // ByteLevel decoder: a token with a char outside the byte alphabet keeps its UTF-8 as is.
        std::string &bytes = idBytes[id];
        bool ok = true;
        for (size_t i = 0; i < tok.size() && ok;) {  // tok is valid UTF-8 (checked by the JSON parser)
            const auto b0 = static_cast<unsigned char>(tok[i]);
            char32_t cp = b0;
            if (b0 < 0x80) {
                i += 1;
            } else if (b0 < 0xE0 && i + 1 < tok.size()) {
                cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(tok[i + 1]) & 0x3Fu);
                i += 2;
            } else {
                ok = false;  // 3/4-byte chars are never in the alphabet
                break;
            }
            if (cp >= charToByte.size() || charToByte[cp] < 0) ok = false;
            else bytes.push_back(static_cast<char>(charToByte[cp]));
        }
        if (!ok) bytes = tok;
    }
    for (const auto &t : added) {
        idToken[t.id] = t.content;
        idBytes[t.id] = t.content;
        idKind[t.id] = t.special ? 3 : 2;
    }

    for (int b = 0; b < 256; ++b) {
        auto it = vocab.find(byteChar[b]);
        byteToId[b] = it == vocab.end() ? -1 : it->second;
    }
}

void Tokenizer::Impl::loadModel(const json &model)
{
    if (!model.is_object()) fail("model", "expected an object");
    const std::string type = model.value("type", "BPE");
    if (type != "BPE") fail("model.type", "unsupported model type '" + textExcerpt(type) + "' (only BPE)");

    auto nullOrEmpty = [&](const char *key) {
        if (!model.contains(key) || model.at(key).is_null()) return;
        if (!model.at(key).is_string() || !model.at(key).get_ref<const std::string &>().empty())
            fail(std::string("model.") + key, "not supported with a ByteLevel tokenizer");
    };
    nullOrEmpty("continuing_subword_prefix");
    nullOrEmpty("end_of_word_suffix");
    if (model.contains("dropout") && !model.at("dropout").is_null() &&
        !(model.at("dropout").is_number() && model.at("dropout").get<double>() == 0.0))
        fail("model.dropout", "BPE dropout is not supported");
    if (model.value("byte_fallback", false)) fail("model.byte_fallback", "not supported with a ByteLevel tokenizer");
    fuseUnk = model.value("fuse_unk", false);
    ignoreMerges = model.value("ignore_merges", false);

    if (!model.contains("vocab") || !model.at("vocab").is_object()) fail("model.vocab", "missing or not an object");
    const json &v = model.at("vocab");
    vocab.reserve(v.size() * 2);
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0 ||
            it.value().get<int64_t>() > INT32_MAX)
            fail("model.vocab[\"" + textExcerpt(it.key()) + "\"]", "id must be a non-negative integer");
        vocab.emplace(it.key(), static_cast<int32_t>(it.value().get<int64_t>()));
    }

    if (model.contains("unk_token") && !model.at("unk_token").is_null()) {
        if (!model.at("unk_token").is_string()) fail("model.unk_token", "expected a string");
        const auto &unk = model.at("unk_token").get_ref<const std::string &>();
        auto it = vocab.find(unk);
        if (it == vocab.end()) fail("model.unk_token", "'" + textExcerpt(unk) + "' is not in the vocabulary");
        unkId = it->second;
    }

    if (!model.contains("merges") || !model.at("merges").is_array()) fail("model.merges", "missing or not an array");
    const json &m = model.at("merges");
    merges.reserve(m.size() * 2);
    int32_t rank = 0;
    std::string left, right, joined;  // reused buffers: this loop runs ~150k times on real files
    for (const auto &entry : m) {
        auto field = [&] { return "model.merges[" + std::to_string(rank) + "]"; };
        if (entry.is_string()) {  // legacy "a b"
            const auto &s = entry.get_ref<const std::string &>();
            const size_t space = s.find(' ');
            if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
                fail(field(), "expected \"left right\", got \"" + textExcerpt(s) + "\"");
            left.assign(s, 0, space);
            right.assign(s, space + 1, std::string::npos);
        } else if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string()) {
            left = entry[0].get_ref<const std::string &>();
            right = entry[1].get_ref<const std::string &>();
        } else {
            fail(field(), "expected a \"left right\" string or a [left, right] pair");
        }
        joined.assign(left).append(right);
        const auto l = vocab.find(left), r = vocab.find(right), merged = vocab.find(joined);
        if (l == vocab.end() || r == vocab.end() || merged == vocab.end())
            fail(field(), "token of merge \"" + textExcerpt(left + " " + right) + "\" is not in the vocabulary");
        const uint64_t key = (static_cast<uint64_t>(l->second) << 32) | static_cast<uint32_t>(r->second);
        merges.emplace(key, std::make_pair(rank, merged->second));  // first (best) rank wins on duplicates
        ++rank;
    }
}

void Tokenizer::Impl::loadAddedTokens(const json &list)
{
    if (!list.is_array()) fail("added_tokens", "expected an array");
    added.reserve(list.size());
    for (size_t k = 0; k < list.size(); ++k) {
        const json &e = list[k];
        const std::string field = "added_tokens[" + std::to_string(k) + "]";
        if (!e.is_object() || !e.contains("id") || !e.at("id").is_number_integer() || e.at("id").get<int64_t>() < 0 ||
            e.at("id").get<int64_t>() > INT32_MAX || !e.contains("content") || !e.at("content").is_string())
            fail(field, "needs an integer 'id' and a string 'content'");
        AddedToken t;
        t.id = static_cast<int32_t>(e.at("id").get<int64_t>());
        t.content = e.at("content").get<std::string>();
        if (t.content.empty()) fail(field + ".content", "empty");
        try {
            decodeUtf8Strict(t.content);
        } catch (const std::invalid_argument &ex) {
            fail(field + ".content", ex.what());
        }
        t.special = e.value("special", false);
        t.lstrip = e.value("lstrip", false);
        t.rstrip = e.value("rstrip", false);
        t.singleWord = e.value("single_word", false);
        t.normalized = e.value("normalized", !t.special);
        added.push_back(std::move(t));
    }
    // Normalized tokens are matched against normalized text, so their content is normalized too
    // (after the normalizer is known; see Tokenizer::fromJsonString).
}

void Tokenizer::Impl::loadNormalizer(const json &n, const std::string &field, int nesting)
{
    const json &typeValue = n.is_object() && n.contains("type") ? n.at("type") : json();
    const std::string type = typeValue.is_string() ? typeValue.get<std::string>() : "";
    if (type != "Sequence" && normalizers.size() >= kMaxNormalizers)
        fail(field, "more than " + std::to_string(kMaxNormalizers) + " normalizers");
    if (type == "NFC") normalizers.push_back(UnicodeForm::NFC);
    else if (type == "NFD") normalizers.push_back(UnicodeForm::NFD);
    else if (type == "NFKC") normalizers.push_back(UnicodeForm::NFKC);
    else if (type == "NFKD") normalizers.push_back(UnicodeForm::NFKD);
    else if (type == "Sequence" && n.contains("normalizers") && n.at("normalizers").is_array()) {
        if (nesting >= kMaxNormalizerNesting)
            fail(field, "Sequence normalizers nested deeper than " + std::to_string(kMaxNormalizerNesting) + " levels");
        size_t k = 0;
        for (const auto &sub : n.at("normalizers"))
            loadNormalizer(sub, field + ".normalizers[" + std::to_string(k++) + "]", nesting + 1);
    } else {
        fail(field, "unsupported normalizer '" + textExcerpt(type) + "' (NFC, NFD, NFKC, NFKD or Sequence)");
    }
}

void Tokenizer::Impl::checkPreTokenizer(const json &p)
{
    const char *expect = "a Sequence of Split(Qwen2 pattern, Isolated) and ByteLevel(use_regex=false)";
    if (!p.is_object() || p.value("type", "") != "Sequence" || !p.contains("pretokenizers") ||
        !p.at("pretokenizers").is_array() || p.at("pretokenizers").size() != 2)
        fail("pre_tokenizer", std::string("only ") + expect + " is supported");
    const json &split = p.at("pretokenizers")[0];
    const json &byteLevel = p.at("pretokenizers")[1];
    if (!split.is_object() || split.value("type", "") != "Split")
        fail("pre_tokenizer.pretokenizers[0]", "expected a Split pre-tokenizer");
    const json pattern = split.value("pattern", json());
    if (!pattern.is_object() || !pattern.contains("Regex") || !pattern.at("Regex").is_string() ||
        pattern.at("Regex").get<std::string>() != kQwen2PretokenizePattern)
        fail("pre_tokenizer.pretokenizers[0].pattern", "only the Qwen2 regex is supported");
    if (split.value("behavior", "") != "Isolated" || split.value("invert", false))
        fail("pre_tokenizer.pretokenizers[0].behavior", "expected Isolated, invert=false");
    if (!byteLevel.is_object() || byteLevel.value("type", "") != "ByteLevel")
        fail("pre_tokenizer.pretokenizers[1]", "expected a ByteLevel pre-tokenizer");
    if (byteLevel.value("add_prefix_space", false) || byteLevel.value("use_regex", true))
        fail("pre_tokenizer.pretokenizers[1]", "expected add_prefix_space=false and use_regex=false");
}

// ---------------------------------------------------------------- encoding

std::string Tokenizer::Impl::normalize(const std::string &s) const
{
    if (normalizers.empty()) return s;
    if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return s;  // every normal form is the identity on ASCII
    std::string cur = s;
    for (UnicodeForm form : normalizers) {
        try {
            cur = normalizeUtf8(cur, form);
        } catch (const std::invalid_argument &e) {
            throw TokenizerError("tokenizer '" + source + "': " + e.what());
        }
    }
    return cur;
}

// Splits `text` on the added tokens of one level (raw or normalized) following
// tokenizers' AddedVocabulary::find_matches, encoding the gaps further.
void Tokenizer::Impl::encodeSegment(const std::string &text, bool normalizedLevel, std::vector<int64_t> &out) const
{
    const AddedMatcher &matcher = normalizedLevel ? normalizedMatcher : rawMatcher;
    auto emitGap = [&](size_t b, size_t e) {
        if (b >= e) return;
        const std::string gap = text.substr(b, e - b);
        if (normalizedLevel) encodeOrdinary(gap, out);
        else encodeSegment(normalize(gap), true, out);
    };
    if (matcher.empty) {
        emitGap(0, text.size());
        return;
    }
    size_t gapStart = 0, pos = 0;
    while (pos < text.size()) {
        const AddedToken *t = matcher.longestAt(text, pos);
        if (!t) {
            ++pos;
            continue;
        }
        size_t start = pos, stop = pos + t->content.size();
        if (t->singleWord) {
            size_t tmp = 0;
            const bool startOk = start == 0 || !isWordChar(cpBefore(text, start, &tmp));
            const bool stopOk = stop == text.size() || !isWordChar(cpAt(text, stop, &tmp));
            if (!startOk || !stopOk) {
                pos = stop;  // the automaton consumed this match
                continue;
            }
        }
        if (t->lstrip) {
            while (start > gapStart) {
                size_t prev = 0;
                if (!isRegexWhitespace(cpBefore(text, start, &prev))) break;
                start = prev;
            }
        }
        if (t->rstrip) {
            while (stop < text.size()) {
                size_t len = 0;
                if (!isRegexWhitespace(cpAt(text, stop, &len))) break;
                stop += len;
            }
        }
        emitGap(gapStart, start);
        out.push_back(t->id);
        gapStart = pos = stop;
    }
    emitGap(gapStart, text.size());
}

void Tokenizer::Impl::encodeOrdinary(const std::string &normalized, std::vector<int64_t> &out) const
{
    const std::vector<char32_t> cps = decodeUtf8Strict(normalized);
    std::vector<int32_t> ids;
    std::string word;
    for (const auto &[b, e] : qwen2PretokenRanges(cps)) {
        word.clear();
        for (size_t k = b; k < e; ++k) appendUtf8(word, cps[k]);
        ids.clear();
        bpeWord(word, ids);
        out.insert(out.end(), ids.begin(), ids.end());
    }
}

void Tokenizer::Impl::bpeWord(const std::string &bytes, std::vector<int32_t> &out) const
{
    const bool cacheable = bytes.size() <= kMaxCachedWordBytes;
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex);
        auto it = cache.find(bytes);
        if (it != cache.end()) {
            out = it->second;
            return;
        }
    }
    if (ignoreMerges) {
        std::string mapped;
        for (unsigned char b : bytes) mapped += byteChar[b];
        auto it = vocab.find(mapped);
        if (it != vocab.end()) {
            out.assign(1, it->second);
            return;
        }
    }

    struct Symbol {
        int32_t id;
        int32_t prev, next;
        bool alive;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(bytes.size());
    int32_t pendingUnk = -1;  // unk id waiting to be added (fuse_unk joins runs)
    auto addSymbol = [&](int32_t id) {
        const auto n = static_cast<int32_t>(symbols.size());
        if (n > 0) symbols.back().next = n;
        symbols.push_back({id, n - 1, -1, true});
    };
    for (unsigned char b : bytes) {
        const int32_t id = byteToId[b];
        if (id >= 0) {
            if (pendingUnk >= 0) addSymbol(pendingUnk), pendingUnk = -1;
            addSymbol(id);
        } else if (unkId >= 0) {
            if (pendingUnk >= 0 && !fuseUnk) addSymbol(pendingUnk);
            pendingUnk = unkId;
        }  // no unk token: the byte is dropped, as tokenizers does
    }
    if (pendingUnk >= 0) addSymbol(pendingUnk);

    struct Candidate {
        int32_t rank, pos, newId;
        bool operator<(const Candidate &o) const  // std::priority_queue is a max-heap
        {
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    auto lookup = [&](int32_t a, int32_t b) -> const std::pair<int32_t, int32_t> * {
        auto it = merges.find((static_cast<uint64_t>(a) << 32) | static_cast<uint32_t>(b));
        return it == merges.end() ? nullptr : &it->second;
    };
    std::priority_queue<Candidate> queue;
    for (size_t k = 0; k + 1 < symbols.size(); ++k)
        if (const auto *m = lookup(symbols[k].id, symbols[k + 1].id))
            queue.push({m->first, static_cast<int32_t>(k), m->second});
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol &cur = symbols[top.pos];
        if (!cur.alive || cur.next < 0) continue;
        Symbol &right = symbols[cur.next];
        const auto *m = lookup(cur.id, right.id);
        if (!m || m->second != top.newId) continue;  // stale entry
        cur.id = top.newId;
        right.alive = false;
        cur.next = right.next;
        if (cur.next >= 0) symbols[cur.next].prev = top.pos;
        if (cur.prev >= 0)
            if (const auto *mp = lookup(symbols[cur.prev].id, cur.id)) queue.push({mp->first, cur.prev, mp->second});
        if (cur.next >= 0)
            if (const auto *mn = lookup(cur.id, symbols[cur.next].id)) queue.push({mn->first, top.pos, mn->second});
    }
    out.clear();
    for (const Symbol &s : symbols)
        if (s.alive) out.push_back(s.id);

    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex);
        if (cache.size() < kCacheCapacity) cache.emplace(bytes, out);
    }
}

// ---------------------------------------------------------------- public API

Tokenizer::Tokenizer(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

Tokenizer Tokenizer::fromFile(const std::string &tokenizerJsonPath)
{
    return fromJsonString(readWholeFile(tokenizerJsonPath), tokenizerJsonPath);
}

Tokenizer Tokenizer::fromJsonString(const std::string &text, const std::string &sourceName)
{
    auto impl = std::make_shared<Impl>();
    impl->source = sourceName;
    json root;
    try {
        root = parseJsonBounded(text);
    } catch (const json::exception &e) {
        throw TokenizerError("tokenizer '" + sourceName + "': malformed JSON: " + e.what());
    }
    try {
        impl->load(root);
    } catch (const json::exception &e) {  // wrong value types deep inside
        throw TokenizerError("tokenizer '" + sourceName + "': unexpected JSON value: " + e.what());
    }
    for (AddedToken &t : impl->added) {
        if (t.normalized) t.content = impl->normalize(t.content);
        impl->addedByContent[t.content] = t.id;
    }
    for (const AddedToken &t : impl->added) (t.normalized ? impl->normalizedMatcher : impl->rawMatcher).add(&t);
    return Tokenizer(std::move(impl));
}

std::vector<int64_t> Tokenizer::encode(const std::string &utf8) const
{
    try {
        decodeUtf8Strict(utf8);
    } catch (const std::invalid_argument &e) {
        throw TokenizerError(std::string("Tokenizer::encode: input is not valid UTF-8: ") + e.what());
    }
    std::vector<int64_t> out;
    out.reserve(utf8.size() / 3 + 4);
    m_impl->encodeSegment(utf8, false, out);
    return out;
}

const std::string *Tokenizer::tokenBytes(int64_t id, bool skipSpecialTokens) const
{
    if (id < 0 || id >= static_cast<int64_t>(m_impl->idKind.size())) return nullptr;
    const uint8_t kind = m_impl->idKind[static_cast<size_t>(id)];
    if (kind == 0 || (skipSpecialTokens && kind == 3)) return nullptr;
    return &m_impl->idBytes[static_cast<size_t>(id)];
}

std::string Tokenizer::decode(const std::vector<int64_t> &ids, bool skipSpecialTokens) const
{
    std::string bytes;
    for (int64_t id : ids)
        if (const std::string *b = tokenBytes(id, skipSpecialTokens)) bytes += *b;
    return utf8Lossy(bytes);
}

int64_t Tokenizer::tokenToId(const std::string &token) const
{
    auto a = m_impl->addedByContent.find(token);
    if (a != m_impl->addedByContent.end()) return a->second;
    auto v = m_impl->vocab.find(token);
    return v == m_impl->vocab.end() ? -1 : v->second;
}

std::string Tokenizer::idToToken(int64_t id) const
{
    if (id < 0 || id >= static_cast<int64_t>(m_impl->idToken.size())) return {};
    return m_impl->idToken[static_cast<size_t>(id)];
}

int64_t Tokenizer::vocabSize() const { return static_cast<int64_t>(m_impl->idKind.size()); }

bool Tokenizer::isSpecial(int64_t id) const
{
    return id >= 0 && id < vocabSize() && m_impl->idKind[static_cast<size_t>(id)] == 3;
}

StreamDecoder::StreamDecoder(const Tokenizer &tokenizer, bool skipSpecialTokens)
    : m_tokenizer(tokenizer), m_skipSpecial(skipSpecialTokens)
{
}

std::string StreamDecoder::push(int64_t id)
{
    if (const std::string *b = m_tokenizer.tokenBytes(id, m_skipSpecial)) m_pending += *b;
    size_t held = 0;
    std::string text = utf8Lossy(m_pending, true, &held);
    m_pending.erase(0, m_pending.size() - held);
    return text;
}

std::string StreamDecoder::flush()
{
    std::string text = utf8Lossy(m_pending);
    m_pending.clear();
    return text;
}

} // namespace sd::vlm
