// Qwen chat rendering and SFT encoding against the fixture's reference prompt,
// the processor-expanded input_ids and the SFT labels in reference.safetensors.
#include "chat.h"
#include "tokenizer.h"

#include <nlohmann/json.hpp>

#include "testsupport.h"

#include <QFile>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace sd::vlm;
using json = nlohmann::json;

using namespace sd::testsupport;

namespace {

// Minimal reader for one I64 tensor of a safetensors file (the test's own, so it
// does not depend on the project's reader under test elsewhere).
std::vector<int64_t> readI64Tensor(const QString &path, const std::string &name)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error("cannot open " + path.toStdString());
    const QByteArray all = f.readAll();
    if (all.size() < 8) throw std::runtime_error("short safetensors file");
    uint64_t headerLen = 0;
    std::memcpy(&headerLen, all.constData(), 8);  // little-endian host assumed (x86/ARM)
    const json header = json::parse(all.constData() + 8, all.constData() + 8 + headerLen);
    const json &t = header.at(name);
    if (t.at("dtype") != "I64") throw std::runtime_error(name + " is not I64");
    const auto begin = t.at("data_offsets")[0].get<uint64_t>(), end = t.at("data_offsets")[1].get<uint64_t>();
    std::vector<int64_t> out((end - begin) / 8);
    std::memcpy(out.data(), all.constData() + 8 + headerLen + begin, end - begin);
    return out;
}

} // namespace

class TestChat : public QObject {
    Q_OBJECT

private:
    bool haveFixture() const { return QFile::exists(fixtureDir() + QStringLiteral("/reference.json")); }

private Q_SLOTS:
    void messagesFromJsonChecksItsInput()
    {
        const auto ok = chatMessagesFromJson(json::parse(
            R"([{"role":"system","content":"S"},{"role":"user","content":[{"type":"image"},{"type":"text","text":"Q"}]}])"),
            {{1, 4, 6}});
        QCOMPARE(ok.size(), size_t(2));
        QCOMPARE(ok[1].parts[0].kind, ChatPart::Image);
        QCOMPARE(ok[1].parts[0].gridW, int64_t(6));
        QCOMPARE(ok[1].parts[1].text, std::string("Q"));
        for (const char *bad : {R"({"role":"user"})", R"([{"content":"no role"}])",
                                R"([{"role":"user","content":[{"type":"video"}]}])",
                                R"([{"role":"user","content":[{"type":"image"},{"type":"image"}]}])"}) {
            bool threw = false;
            try {
                chatMessagesFromJson(json::parse(bad), {{1, 4, 6}});
            } catch (const std::invalid_argument &) {
                threw = true;
            }
            QVERIFY2(threw, bad);
        }
    }

    void rendersReferencePrompt()
    {
        if (!haveFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const json ref = readJson(fixtureDir() + QStringLiteral("/reference.json"));
        const auto messages = chatMessagesFromJson(ref.at("messages"));
        QCOMPARE(QString::fromStdString(renderChat(messages, true)),
                 QString::fromStdString(ref.at("prompt_text").get<std::string>()));
        // Without the generation prompt the text stops after the last <|im_end|>\n.
        const std::string noGen = renderChat(messages, false);
        QVERIFY(noGen.size() > 10 && noGen.compare(noGen.size() - 11, 11, "<|im_end|>\n") == 0);
    }

    void expandedPromptMatchesInputIds()
    {
        if (!haveFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const json ref = readJson(fixtureDir() + QStringLiteral("/reference.json"));
        const QString st = fixtureDir() + QStringLiteral("/reference.safetensors");
        const auto grid = readI64Tensor(st, "image_grid_thw");
        QCOMPARE(grid, (std::vector<int64_t>{1, 12, 16}));
        const auto messages = chatMessagesFromJson(ref.at("messages"), {{grid[0], grid[1], grid[2]}});
        const std::string prompt = renderChat(messages, true);
        const Tokenizer tok = Tokenizer::fromFile((fixtureDir() + QStringLiteral("/model/tokenizer.json")).toStdString());
        const auto ids = tok.encode(prompt);
        QCOMPARE(ids, readI64Tensor(st, "input_ids"));
        QCOMPARE(std::count(ids.begin(), ids.end(), tok.tokenToId("<|image_pad|>")), std::ptrdiff_t(48));
    }

    void sftAssistantMask()
    {
        if (!haveFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const json ref = readJson(fixtureDir() + QStringLiteral("/reference.json"));
        const QString st = fixtureDir() + QStringLiteral("/reference.safetensors");
        const Tokenizer tok = Tokenizer::fromFile((fixtureDir() + QStringLiteral("/model/tokenizer.json")).toStdString());
        auto messages = chatMessagesFromJson(ref.at("messages"), {{1, 12, 16}});
        messages.push_back({"assistant", {ChatPart::textPart(ref.at("sft").at("answer").get<std::string>())}});

        const EncodedChat enc = encodeChatWithAssistantMask(tok, messages);
        const auto expectedIds = readI64Tensor(st, "sft_input_ids");
        const auto labels = readI64Tensor(st, "sft_labels");
        QCOMPARE(enc.ids, expectedIds);
        QCOMPARE(enc.assistantMask.size(), labels.size());
        for (size_t k = 0; k < labels.size(); ++k) {
            QCOMPARE(enc.assistantMask[k] != 0, labels[k] != -100);
            if (enc.assistantMask[k]) QCOMPARE(labels[k], enc.ids[k]);
        }
        // The masked part ends with <|im_end|> "\n".
        QCOMPARE(enc.ids[enc.ids.size() - 2], tok.tokenToId("<|im_end|>"));
        QCOMPARE(tok.decode({enc.ids.back()}), std::string("\n"));
        // The unmasked prefix is exactly the inference prompt.
        const auto prompt = tok.encode(renderChat(chatMessagesFromJson(ref.at("messages"), {{1, 12, 16}}), true));
        QVERIFY(std::equal(prompt.begin(), prompt.end(), enc.ids.begin()));
        QCOMPARE(std::count(enc.assistantMask.begin(), enc.assistantMask.end(), 1),
                 std::ptrdiff_t(enc.ids.size() - prompt.size()));
    }

    void dpoResponsesMatchReference()
    {
        if (!haveFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const json ref = readJson(fixtureDir() + QStringLiteral("/reference.json"));
        const Tokenizer tok = Tokenizer::fromFile((fixtureDir() + QStringLiteral("/model/tokenizer.json")).toStdString());
        const json &dpo = ref.at("dpo");
        for (const char *which : {"chosen", "rejected"}) {
            const EncodedChat enc = encodeChatWithAssistantMask(
                tok, {{"user", {ChatPart::textPart("q")}}, {"assistant", {ChatPart::textPart(dpo.at(which))}}});
            std::vector<int64_t> response;
            for (size_t k = 0; k < enc.ids.size(); ++k)
                if (enc.assistantMask[k]) response.push_back(enc.ids[k]);
            QCOMPARE(response, dpo.at(std::string(which) + "_ids").get<std::vector<int64_t>>());
        }
    }

    void defaultSystemPromptAndOptions()
    {
        const std::vector<ChatMessage> user{{"user", {ChatPart::textPart("Hi")}}};
        QCOMPARE(renderChat(user, false), std::string("<|im_start|>user\nHi<|im_end|>\n"));
        QCOMPARE(renderChat(user, true, 2, kQwenDefaultSystemPrompt),
                 std::string("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                             "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"));
        // An explicit system message is kept and no default is added.
        const std::vector<ChatMessage> withSystem{{"system", {ChatPart::textPart("S")}}, user[0]};
        QCOMPARE(renderChat(withSystem, false, 2, kQwenDefaultSystemPrompt),
                 std::string("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"));
        QCOMPARE(renderChat({}, true), std::string("<|im_start|>assistant\n"));

        // Image expansion: t*h*w / merge^2 pads.
        const std::vector<ChatMessage> img{{"user", {ChatPart::imagePart(2, 4, 6), ChatPart::textPart("x")}}};
        const std::string r = renderChat(img, false, 2);
        size_t pads = 0;
        for (size_t p = r.find("<|image_pad|>"); p != std::string::npos; p = r.find("<|image_pad|>", p + 1)) ++pads;
        QCOMPARE(pads, size_t(12));
        QVERIFY(r.find("<|vision_start|><|image_pad|>") != std::string::npos);
        QVERIFY(r.find("<|image_pad|><|vision_end|>x<|im_end|>") != std::string::npos);
        QCOMPARE(renderChat(img, false, 1).size() - r.size(), size_t(48 - 12) * std::strlen("<|image_pad|>"));

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 renderChat({{"user", {ChatPart::imagePart(1, 3, 4)}}}, false, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 renderChat({{"user", {ChatPart::imagePart(1, 0, 4)}}}, false, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, renderChat({{"", {ChatPart::textPart("x")}}}, false));
    }

    void assistantImagesRejected()
    {
        if (!haveFixture()) QSKIP("shared fixture qwen2_5_vl_tiny not found beside the checkout");
        const Tokenizer tok = Tokenizer::fromFile((fixtureDir() + QStringLiteral("/model/tokenizer.json")).toStdString());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 encodeChatWithAssistantMask(tok, {{"assistant", {ChatPart::imagePart(1, 2, 2)}}}));
        // Conversation ending with a user turn: no mask at all.
        const EncodedChat enc = encodeChatWithAssistantMask(tok, {{"user", {ChatPart::textPart("hello")}}});
        QCOMPARE(enc.ids, tok.encode("<|im_start|>user\nhello<|im_end|>\n"));
        QCOMPARE(std::count(enc.assistantMask.begin(), enc.assistantMask.end(), 1), std::ptrdiff_t(0));
    }
};

QTEST_GUILESS_MAIN(TestChat)
#include "tst_chat.moc"
