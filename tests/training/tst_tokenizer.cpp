// Byte-level BPE tokenizer: the fixture's HF-generated cases, the pre-tokenizer
// scanner against hand-derived regex splits, streaming decode, and the
// tokenizer.json features the fixture does not exercise (synthetic files).
#include "bpe_trainer.h"
#include "pretokenizer.h"
#include "tokenizer.h"

#include <nlohmann/json.hpp>

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

using namespace sd::vlm;
using json = nlohmann::json;

using namespace sd::testsupport;

namespace {

std::string byteChar(unsigned char b)
{
    // GPT-2 byte alphabet, written independently of the implementation.
    const bool direct = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    int next = 256;
    for (int k = 0; k < b; ++k) {
        const bool d = (k >= '!' && k <= '~') || (k >= 0xA1 && k <= 0xAC) || (k >= 0xAE);
        if (!d) ++next;
    }
    std::string s;
    appendUtf8(s, direct ? static_cast<char32_t>(b) : static_cast<char32_t>(next));
    return s;
}

// A small tokenizer.json: the full byte alphabet (minus some bytes), a few
// merges in the legacy "a b" form, and added tokens with strip flags.
json syntheticTokenizer(bool ignoreMerges, bool fuseUnk, const std::string &missingBytes = "z")
{
    json vocab = json::object();
    int id = 0;
    for (int b = 0; b < 256; ++b)
        if (missingBytes.find(static_cast<char>(b)) == std::string::npos) vocab[byteChar(static_cast<unsigned char>(b))] = id++;
    for (const char *t : {"ab", "abc", "abd", "<unk>", "\xC4\xA0" "b"}) vocab[t] = id++;
    json addedTokens = json::array();
    addedTokens.push_back({{"id", id++}, {"content", "<sep>"}, {"special", true}, {"lstrip", true}, {"rstrip", true},
                           {"normalized", false}, {"single_word", false}});
    addedTokens.push_back({{"id", id++}, {"content", "[W]"}, {"special", false}, {"lstrip", false}, {"rstrip", false},
                           {"normalized", false}, {"single_word", true}});
    json model = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", "<unk>"}, {"fuse_unk", fuseUnk},
                  {"byte_fallback", false}, {"ignore_merges", ignoreMerges}, {"vocab", vocab},
                  {"merges", json::array({"a b", "ab c", "\xC4\xA0 b"})}};
    return {{"version", "1.0"},
            {"added_tokens", addedTokens},
            {"normalizer", {{"type", "NFC"}}},
            {"pre_tokenizer",
             {{"type", "Sequence"},
              {"pretokenizers",
               json::array({{{"type", "Split"}, {"pattern", {{"Regex", kQwen2PretokenizePattern}}},
                             {"behavior", "Isolated"}, {"invert", false}},
                            {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true},
                             {"use_regex", false}}})}}},
            {"post_processor", nullptr},
            {"decoder", {{"type", "ByteLevel"}}},
            {"model", model}};
}

void expectLoadError(const std::string &text, const char *fragment)
{
    try {
        Tokenizer::fromJsonString(text, "synthetic.json");
        QFAIL(qPrintable(QStringLiteral("no error, expected one mentioning ") + QLatin1String(fragment)));
    } catch (const TokenizerError &e) {
        const std::string what = e.what();
        QVERIFY2(what.find(fragment) != std::string::npos, e.what());
        QVERIFY2(what.find("synthetic.json") != std::string::npos, e.what());
    }
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Tokenizer> m_tok;

    bool loadFixture()
    {
        const QString path = fixtureDir() + QStringLiteral("/model/tokenizer.json");
        if (!QFile::exists(path)) return false;
        if (!m_tok) m_tok = std::make_unique<Tokenizer>(Tokenizer::fromFile(path.toStdString()));
        return true;
    }

private Q_SLOTS:
    void pretokenizerSplits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("pieces");
        auto row = [](const char *name, const char *text, QStringList pieces) {
            QTest::newRow(name) << QString::fromUtf8(text) << pieces;
        };
        row("empty", "", {});
        row("words", "Hello world", {"Hello", " world"});
        row("leading spaces", "  hello", {" ", " hello"});
        row("inner double space", "a  b", {"a", " ", " b"});
        row("only spaces", "   ", {"   "});
        row("trailing spaces", "hi   ", {"hi", "   "});
        row("digits one by one", "12345", {"1", "2", "3", "4", "5"});
        row("space before digit", "a 1", {"a", " ", "1"});
        row("contraction", "don't", {"don", "'t"});
        row("uppercase contraction", "I'LL", {"I", "'LL"});
        row("mixed case contraction", "WE'Re", {"WE", "'Re"});
        row("long s folds to s", "it'\u017F", {"it", "'\u017F"});
        row("apostrophe before word", "'hello", {"'hello"});
        row("double apostrophe", "''s", {"''", "s"});
        row("crlf run", "x\r\n\r\ny", {"x", "\r\n\r\n", "y"});
        row("punct takes newlines", "end.\n\n", {"end", ".\n\n"});
        row("space newline space", "a \n b", {"a", " \n", " b"});
        row("tabs", "\t\ttext", {"\t", "\ttext"});
        row("operators", "x = 1;", {"x", " =", " ", "1", ";"});
        row("space punct run", " ?\?!\n", {" ?\?!\n"});
        row("nbsp prefixes word", "abc\u00A0def", {"abc", "\u00A0def"});
        row("ideographic spaces", "a\u3000\u3000b", {"a", "\u3000", "\u3000b"});
        row("fraction is a number", "1\u00BD", {"1", "\u00BD"});
        row("zero width space is not space", "x\u200By", {"x", "\u200By"});
        row("combining mark", "e\u0301t", {"e", "\u0301t"});
        row("cjk letters", "日本語のテキスト", {"日本語のテキスト"});
        row("newline then spaces then word", "a\n  b", {"a", "\n", " ", " b"});
        row("nel is whitespace", "a\u0085b", {"a", "\u0085b"});
        row("mixed scripts", "Gefäß – 中文", {"Gefäß", " –", " 中文"});
    }

    void pretokenizerSplits()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, pieces);
        QStringList got;
        for (const std::string &p : qwen2Pretokenize(text.toStdString())) got << QString::fromStdString(p);
        QCOMPARE(got, pieces);
    }

    void fixtureCases()
    {
        if (!loadFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const json cases = readJson(fixtureDir() + QStringLiteral("/tokenizer_cases.json"));
        QVERIFY(cases.size() >= 20);
        for (const json &c : cases) {
            const std::string text = c.at("text");
            const auto expected = c.at("ids").get<std::vector<int64_t>>();
            const std::vector<int64_t> ids = m_tok->encode(text);
            QVERIFY2(ids == expected, text.c_str());
            std::vector<std::string> tokens;
            for (int64_t id : ids) tokens.push_back(m_tok->idToToken(id));
            QVERIFY2(tokens == c.at("tokens").get<std::vector<std::string>>(), text.c_str());
            QCOMPARE(QString::fromStdString(m_tok->decode(ids)), QString::fromStdString(c.at("decoded")));
        }
    }

    void vocabularyQueries()
    {
        if (!loadFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const json ref = readJson(fixtureDir() + QStringLiteral("/reference.json"));
        QCOMPARE(m_tok->vocabSize(), ref.at("vocab_size").get<int64_t>());
        for (auto it = ref.at("special_token_ids").begin(); it != ref.at("special_token_ids").end(); ++it) {
            QCOMPARE(m_tok->tokenToId(it.key()), it.value().get<int64_t>());
            QCOMPARE(m_tok->idToToken(it.value().get<int64_t>()), it.key());
            QVERIFY(m_tok->isSpecial(it.value().get<int64_t>()));
        }
        QCOMPARE(m_tok->tokenToId("\xC4\xA0"), int64_t(220));  // "Ġ"
        QVERIFY(!m_tok->isSpecial(220));
        QCOMPARE(m_tok->tokenToId("no such token"), int64_t(-1));
        QCOMPARE(m_tok->idToToken(-3), std::string());
        QCOMPARE(m_tok->idToToken(1 << 20), std::string());
    }

    void edgeCases()
    {
        if (!loadFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const Tokenizer &t = *m_tok;
        QVERIFY(t.encode("").empty());
        QCOMPARE(t.decode({}), std::string());
        auto roundTrip = [&](const std::string &s) { return t.decode(t.encode(s)) == s; };
        for (const char *s : {"   ", "\r\n", "Mixed Deutsch Gefäß, 中文 und English 123!", "I'LL", "\n\n\n", "a\u00A0b"})
            QVERIFY2(roundTrip(s), s);

        // Digits are single pre-tokens and the tiny vocabulary has no digit merges.
        const auto digits = t.encode("12345");
        QCOMPARE(digits.size(), size_t(5));
        QCOMPARE(t.idToToken(digits[0]), std::string("1"));

        // Uppercase contraction: "'LL" is its own pre-token, merges are case-sensitive.
        const auto ill = t.encode("I'LL");
        QCOMPARE(t.decode(ill), std::string("I'LL"));
        QCOMPARE(t.idToToken(ill[0]), std::string("I"));
        QCOMPARE(t.idToToken(ill[1]), std::string("'"));

        // Special token inside text splits it; skipSpecialTokens drops it on decode.
        const auto ab = t.encode("a<|im_end|>b");
        QCOMPARE(ab, (std::vector<int64_t>{t.tokenToId("a"), 720, t.tokenToId("b")}));
        QCOMPARE(t.decode(ab, true), std::string("ab"));
        QCOMPARE(t.decode(ab, false), std::string("a<|im_end|>b"));
        // A special token's text split across pieces is not matched.
        const auto partial = t.encode("<|im_end");
        QVERIFY(partial.size() > 1);
        QVERIFY(std::find(partial.begin(), partial.end(), 720) == partial.end());

        // NFC normalization of decomposed input.
        QCOMPARE(t.encode("e\u0301"), t.encode("\u00E9"));

        // Invalid UTF-8 input is rejected with a clear error.
        for (const std::string bad : {std::string("abc\xC3"), std::string("\xFF"), std::string("\xED\xA0\x80")}) {
            try {
                t.encode(bad);
                QFAIL("invalid UTF-8 accepted");
            } catch (const TokenizerError &e) {
                QVERIFY2(std::string(e.what()).find("UTF-8") != std::string::npos, e.what());
            }
        }

        // Byte tokens that do not form UTF-8 decode to U+FFFD like tokenizers' from_utf8_lossy.
        const int64_t c3 = t.tokenToId(byteChar(0xC3)), a9 = t.tokenToId(byteChar(0xA9));
        const int64_t ff = t.tokenToId(byteChar(0xFF)), e4 = t.tokenToId(byteChar(0xE4)), b8 = t.tokenToId(byteChar(0xB8));
        QVERIFY(c3 >= 0 && a9 >= 0 && ff >= 0);
        QCOMPARE(t.decode({c3, a9}), std::string("\u00E9"));
        QCOMPARE(t.decode({c3}), std::string("\uFFFD"));
        QCOMPARE(t.decode({c3, t.tokenToId("a")}), std::string("\uFFFDa"));
        QCOMPARE(t.decode({ff, ff}), std::string("\uFFFD\uFFFD"));
        QCOMPARE(t.decode({e4, b8}), std::string("\uFFFD"));  // one maximal subpart
        // Unknown ids are skipped, as tokenizers does.
        QCOMPARE(t.decode({t.tokenToId("a"), 99999, -1, t.tokenToId("b")}), std::string("ab"));
    }

    void streamDecoder()
    {
        if (!loadFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const std::string text = "é 中文 mix 😀👍🏽 done<|im_end|>";
        const auto ids = m_tok->encode(text);
        StreamDecoder stream(*m_tok);
        std::string joined;
        int heldBack = 0;
        for (int64_t id : ids) {
            const std::string piece = stream.push(id);
            decodeUtf8Strict(piece);  // every chunk is complete UTF-8 (throws otherwise)
            if (piece.empty()) ++heldBack;
            joined += piece;
        }
        joined += stream.flush();
        QCOMPARE(QString::fromStdString(joined), QString::fromStdString(text));
        QVERIFY2(heldBack > 0, "multi-byte characters split over tokens should be held back");

        StreamDecoder skipping(*m_tok, true);
        std::string noSpecial;
        for (int64_t id : ids) noSpecial += skipping.push(id);
        QCOMPARE(noSpecial + skipping.flush(), std::string("é 中文 mix 😀👍🏽 done"));

        // Byte by byte: nothing until the sequence completes; an orphan flushes to U+FFFD.
        StreamDecoder bytes(*m_tok);
        QCOMPARE(bytes.push(m_tok->tokenToId(byteChar(0xE4))), std::string());
        QCOMPARE(bytes.push(m_tok->tokenToId(byteChar(0xB8))), std::string());
        QCOMPARE(bytes.push(m_tok->tokenToId(byteChar(0xAD))), std::string("中"));
        QCOMPARE(bytes.push(m_tok->tokenToId(byteChar(0xF0))), std::string());
        QCOMPARE(bytes.push(m_tok->tokenToId("a")), std::string("\uFFFDa"));  // broken sequence, then text
        QCOMPARE(bytes.push(m_tok->tokenToId(byteChar(0xC3))), std::string());
        QCOMPARE(bytes.flush(), std::string("\uFFFD"));
        QCOMPARE(bytes.flush(), std::string());
    }

    void syntheticFeatures()
    {
        const Tokenizer t = Tokenizer::fromJsonString(syntheticTokenizer(false, true).dump(), "synthetic.json");
        const int64_t unk = t.tokenToId("<unk>"), sep = t.tokenToId("<sep>"), w = t.tokenToId("[W]");
        QVERIFY(unk >= 0 && sep >= 0 && w >= 0);
        QVERIFY(t.isSpecial(sep));
        QVERIFY(!t.isSpecial(w));
        // Legacy "a b" merges by rank.
        QCOMPARE(t.encode("abc"), std::vector<int64_t>{t.tokenToId("abc")});
        QCOMPARE(t.encode("abd"), (std::vector<int64_t>{t.tokenToId("ab"), t.tokenToId("d")}));
        QCOMPARE(t.encode(" b"), std::vector<int64_t>{t.tokenToId("\xC4\xA0" "b")});
        // Bytes missing from the alphabet become <unk>, fused when fuse_unk is set.
        QCOMPARE(t.encode("zz"), std::vector<int64_t>{unk});
        QCOMPARE(t.encode("azz"), (std::vector<int64_t>{t.tokenToId("a"), unk}));
        const Tokenizer unfused = Tokenizer::fromJsonString(syntheticTokenizer(false, false).dump(), "synthetic.json");
        QCOMPARE(unfused.encode("zz"), (std::vector<int64_t>{unk, unk}));
        // ignore_merges: a word found in the vocabulary is taken as is.
        const Tokenizer ignoring = Tokenizer::fromJsonString(syntheticTokenizer(true, true).dump(), "synthetic.json");
        QCOMPARE(ignoring.encode("abd"), std::vector<int64_t>{t.tokenToId("abd")});
        // lstrip/rstrip swallow the surrounding whitespace.
        QCOMPARE(t.encode("a  <sep>  b"), (std::vector<int64_t>{t.tokenToId("a"), sep, t.tokenToId("b")}));
        // single_word: only matched between non-word characters.
        const auto alone = t.encode("a [W] b");
        QVERIFY(std::find(alone.begin(), alone.end(), w) != alone.end());
        const auto glued = t.encode("a[W]b");
        QVERIFY(std::find(glued.begin(), glued.end(), w) == glued.end());
        QCOMPARE(t.decode(glued), std::string("a[W]b"));
        // Without unk_token unknown bytes are dropped (tokenizers' behaviour), so
        // their neighbours become adjacent and merge.
        json noUnk = syntheticTokenizer(false, true);
        noUnk["model"]["unk_token"] = nullptr;
        QCOMPARE(Tokenizer::fromJsonString(noUnk.dump(), "x").encode("azb"), std::vector<int64_t>{t.tokenToId("ab")});
        // Pair-form merges give the same result as string-form ones.
        json pairs = syntheticTokenizer(false, true);
        pairs["model"]["merges"] = json::array({json::array({"a", "b"}), json::array({"ab", "c"})});
        QCOMPARE(Tokenizer::fromJsonString(pairs.dump(), "x").encode("abc"), std::vector<int64_t>{t.tokenToId("abc")});
    }

    void loadErrors()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string missing = QDir(dir.path()).filePath(QStringLiteral("nope.json")).toStdString();
        try {
            Tokenizer::fromFile(missing);
            QFAIL("missing file accepted");
        } catch (const TokenizerError &e) {
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
        // A truncated file on disk.
        const QString truncatedPath = QDir(dir.path()).filePath(QStringLiteral("truncated.json"));
        {
            QFile f(truncatedPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const std::string full = syntheticTokenizer(false, true).dump();
            f.write(full.data(), static_cast<qint64>(full.size() / 2));
        }
        try {
            Tokenizer::fromFile(truncatedPath.toStdString());
            QFAIL("truncated file accepted");
        } catch (const TokenizerError &e) {
            QVERIFY2(std::string(e.what()).find("malformed JSON") != std::string::npos, e.what());
        }

        expectLoadError("{", "malformed JSON");
        expectLoadError("[]", "<root>");
        json j = syntheticTokenizer(false, true);
        j.erase("model");
        expectLoadError(j.dump(), "'model'");
        j = syntheticTokenizer(false, true);
        j["model"]["merges"].push_back("a q9");
        expectLoadError(j.dump(), "model.merges[3]");
        j = syntheticTokenizer(false, true);
        j["model"]["merges"].push_back("abc");
        expectLoadError(j.dump(), "model.merges[3]");
        j = syntheticTokenizer(false, true);
        j["model"]["vocab"]["neg"] = -4;
        expectLoadError(j.dump(), "model.vocab[\"neg\"]");
        j = syntheticTokenizer(false, true);
        j["model"]["vocab"].erase("<unk>");
        expectLoadError(j.dump(), "model.unk_token");
        j = syntheticTokenizer(false, true);
        j["model"]["type"] = "WordPiece";
        expectLoadError(j.dump(), "model.type");
        j = syntheticTokenizer(false, true);
        j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\s+";
        expectLoadError(j.dump(), "pre_tokenizer");
        j = syntheticTokenizer(false, true);
        j["normalizer"] = {{"type", "Lowercase"}};
        expectLoadError(j.dump(), "normalizer");
        j = syntheticTokenizer(false, true);
        j["added_tokens"][0].erase("id");
        expectLoadError(j.dump(), "added_tokens[0]");
        j = syntheticTokenizer(false, true);
        j["added_tokens"][0]["id"] = int64_t(2000000000);
        expectLoadError(j.dump(), "exceeds the supported maximum");
        j = syntheticTokenizer(false, true);
        j["added_tokens"][0]["id"] = int64_t(2000000); // below the maximum, but ~100 MB of tables for a few tokens
        expectLoadError(j.dump(), "too sparse");
        j = syntheticTokenizer(false, true);
        j["model"]["vocab"] = json::array();
        expectLoadError(j.dump(), "model.vocab");
    }

    // #16: U+0000 next to non-ASCII text. Normalisation went through a
    // NUL-terminated utf8proc call and lost everything after the NUL.
    void nulInNormalizedText()
    {
        const Tokenizer t = Tokenizer::fromJsonString(syntheticTokenizer(false, true).dump(), "synthetic.json");
        const std::string text("a\0\xC3\xA4 b", 6); // "a\0ä b"
        const auto ids = t.encode(text);
        QCOMPARE(t.decode(ids), text);
        QVERIFY2(ids.size() >= 4, "the text after the NUL is encoded too"); // a, NUL, ä (2 bytes), " b"
        QCOMPARE(t.encode(std::string("\0e\xCC\x81", 4)), t.encode(std::string("\0\xC3\xA9", 3))); // NFC past the NUL
        if (loadFixture())
            QCOMPARE(m_tok->decode(m_tok->encode(text)), text);

        // The BPE trainer normalises its corpus the same way: words after a NUL are learnt.
        BpeTrainerOptions o;
        o.vocabSize = 256 + 8;
        o.specialTokens.clear();
        std::string corpus("x\0", 2);
        for (int k = 0; k < 20; ++k) corpus += "\xC3\xB6\xC3\xB6\xC3\xB6 "; // "ööö "
        const Tokenizer trained = Tokenizer::fromJsonString(trainByteLevelBpe(corpus, o), "trained");
        QVERIFY2(trained.encode("\xC3\xB6\xC3\xB6\xC3\xB6").size() < 6, "merges learnt from the text after the NUL");
    }

    // #16: nested normalizer Sequences used gigabytes (and deep JSON a stack
    // overflow); both now end in a TokenizerError.
    void nestedNormalizersAreBounded()
    {
        const std::string good = syntheticTokenizer(false, true).dump();
        const std::string key = "\"normalizer\":{\"type\":\"NFC\"}";
        const size_t at = good.find(key);
        QVERIFY(at != std::string::npos);
        auto nested = [&](int depth) {
            std::string n = "{\"type\":\"NFC\"}";
            for (int k = 0; k < depth; ++k) n = "{\"type\":\"Sequence\",\"normalizers\":[" + n + "]}";
            return std::string(good).replace(at, key.size(), "\"normalizer\":" + n);
        };
        Tokenizer::fromJsonString(nested(2), "synthetic.json"); // modest nesting is fine
        expectLoadError(nested(20), "normalizer");
        // Deeper than the JSON limit: built by hand, the loop above would take quadratic time.
        std::string deep = good;
        std::string open, close;
        for (int k = 0; k < 100000; ++k) {
            open += "{\"type\":\"Sequence\",\"normalizers\":[";
            close += "]}";
        }
        deep.replace(at, key.size(), "\"normalizer\":" + open + "{\"type\":\"NFC\"}" + close);
        expectLoadError(deep, "nested deeper than");
        // Thousands of steps would make every encode crawl.
        std::string many = "{\"type\":\"Sequence\",\"normalizers\":[";
        for (int k = 0; k < 5000; ++k) many += std::string(k ? "," : "") + "{\"type\":\"NFC\"}";
        expectLoadError(std::string(good).replace(at, key.size(), "\"normalizer\":" + many + "]}"), "normalizer");
    }

    // Property check on pseudo-random strings over a tricky alphabet: the pre-tokens
    // cover the text, decode(encode(s)) == s for NFC-stable s, and streaming
    // decode equals batch decode.
    void randomizedRoundTrip()
    {
        if (!loadFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const char *alphabet[] = {"a", "Z", " ", "\n", "\r", "\t", "'", "s", "L", "1", "é", "中", "😀", "\u00A0",
                                  "<|im_end|>", "<|im", "|>", ".", "!", "\u2028", "\u017F", "\u3000", "½", "\u200B"};
        const size_t alphabetSize = sizeof(alphabet) / sizeof(alphabet[0]);
        std::mt19937 rng(12345);
        for (int iteration = 0; iteration < 3000; ++iteration) {
            std::string text;
            const int length = static_cast<int>(rng() % 24);
            for (int k = 0; k < length; ++k) text += alphabet[rng() % alphabetSize];
            std::string joined;
            for (const std::string &piece : qwen2Pretokenize(text)) joined += piece;
            QCOMPARE(joined, text);
            const auto ids = m_tok->encode(text);
            QCOMPARE(m_tok->decode(ids), text);
            StreamDecoder stream(*m_tok);
            std::string streamed;
            for (int64_t id : ids) streamed += stream.push(id);
            QCOMPARE(streamed + stream.flush(), text);
        }
    }

    void encodesLongTextQuickly()
    {
        if (!loadFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        std::string paragraph;
        while (paragraph.size() < 2048)
            paragraph += "The inferior mesenteric vein runs left of the artery; Präparation entlang der Faszie. ";
        QElapsedTimer timer;
        timer.start();
        std::vector<int64_t> ids;
        for (int k = 0; k < 20; ++k) ids = m_tok->encode(paragraph + std::to_string(k));
        const double msPerCall = double(timer.nsecsElapsed()) / 1e6 / 20.0;
        qInfo("encode of %zu bytes: %.3f ms", paragraph.size(), msPerCall);
        QVERIFY2(msPerCall < 20.0, "encoding a 2 kB paragraph is far too slow");
        QCOMPARE(m_tok->decode(ids), paragraph + "19");
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
