// The byte-level BPE trainer (round trip on the corpus and on unseen text,
// merges shorten the corpus, Qwen special tokens) and cme-tiny creation (a
// loadable Hugging Face folder of a few million parameters that answers).
#include "bpe_trainer.h"
#include "cme_tiny.h"
#include "config.h"
#include "image_processor.h"
#include "qwen2_5_vl.h"
#include "tokenizer.h"
#include "vlm_session.h"

#include <nlohmann/json.hpp>

#include "testsupport.h"

#include <QTemporaryDir>
#include <algorithm>
#include <QtTest>

using namespace sd::vlm;
using namespace sd::testsupport;

namespace {

std::string corpus()
{
    std::string text;
    const char *lines[] = {
        "You are a surgical assistant.\n",
        "Identify the highlighted anatomical structure and explain its significance for Complete Mesocolic Excision.\n",
        "This is the inferior mesenteric vein. It is ligated centrally during Complete Mesocolic Excision.\n",
        "The highlighted structure is the pancreas. Its surface guides the dissection plane.\n",
        "This is the preparation plane between the mesocolon and the retroperitoneum.\n",
        "This is the angel's hair: fine areolar fibres that mark the plane.\n"};
    for (int k = 0; k < 5; ++k)
        for (const char *l : lines)
            text += l;
    return text;
}

} // namespace

class TestCmeTiny : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bpeRoundTripsAndCompresses()
    {
        BpeTrainerOptions o;
        o.vocabSize = 400;
        const std::string json = trainByteLevelBpe(corpus(), o);
        QCOMPARE(trainByteLevelBpe(corpus(), o), json); // deterministic
        const Tokenizer tok = Tokenizer::fromJsonString(json, "trained");
        const auto parsed = nlohmann::json::parse(json);
        QCOMPARE(parsed["model"]["vocab"].size(), size_t(400));
        QCOMPARE(tok.vocabSize(), int64_t(400 + qwenSpecialTokens().size()));

        const std::string text = corpus();
        const auto ids = tok.encode(text);
        QCOMPARE(tok.decode(ids), text);
        qInfo("corpus: %zu bytes -> %zu tokens", text.size(), ids.size());
        QVERIFY(ids.size() * 3 < text.size()); // the merges learned the corpus
        QVERIFY(tok.encode(" mesenteric").size() <= 4); // 11 bytes

        for (const std::string unseen : {std::string("Größe der Vena mesenterica inferior – Übergang zur Flexur, äöü ÄÖÜ ß."),
                                         std::string("tabs\tand\r\nnewlines  ,  42 emoji 🙂 and 漢字"),
                                         std::string("e\xCC\x81")}) { // NFD input: the tokenizer normalises to NFC
            const auto u = tok.encode(unseen);
            QVERIFY(!u.empty());
            const std::string back = tok.decode(u);
            if (unseen == "e\xCC\x81")
                QCOMPARE(back, std::string("\xC3\xA9"));
            else
                QCOMPARE(back, unseen);
        }

        // The Qwen special tokens are single ids after the vocabulary, in the published order.
        for (size_t k = 0; k < qwenSpecialTokens().size(); ++k) {
            const auto &t = qwenSpecialTokens()[k];
            QCOMPARE(tok.tokenToId(t), int64_t(400 + k));
            QVERIFY(tok.isSpecial(400 + static_cast<int64_t>(k)));
        }
        const auto chat = tok.encode("<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Hi<|im_end|>\n");
        QCOMPARE(chat.front(), tok.tokenToId("<|im_start|>"));
        const auto pad = std::find(chat.begin(), chat.end(), tok.tokenToId("<|image_pad|>"));
        QVERIFY(pad != chat.end() && pad != chat.begin());
        QCOMPARE(*(pad - 1), tok.tokenToId("<|vision_start|>"));
        QCOMPARE(*(pad + 1), tok.tokenToId("<|vision_end|>"));
        QCOMPARE(tok.decode(chat), std::string("<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Hi<|im_end|>\n"));

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainByteLevelBpe("bad \xFF utf-8"));
        o.vocabSize = 100;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainByteLevelBpe(corpus(), o));
    }

    void createsLoadableTinyModel()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TinyModelOptions o;
        o.vocabSize = 512;
        const auto summary = createTinyModel(corpus(), dir.path().toStdString(), o);
        qInfo("cme-tiny: %lld parameters, vocabulary %lld", static_cast<long long>(summary.parameters),
              static_cast<long long>(summary.vocabSize));
        QVERIFY(summary.parameters > 1'000'000 && summary.parameters < 10'000'000);
        const auto config = ModelConfig::fromFile(dir.filePath(QStringLiteral("config.json")).toStdString());
        const auto tok = Tokenizer::fromFile(dir.filePath(QStringLiteral("tokenizer.json")).toStdString());
        QCOMPARE(config.text.vocabSize, tok.vocabSize());
        QCOMPARE(config.imageTokenId, tok.tokenToId("<|image_pad|>"));
        QCOMPARE(config.eosTokenIds.front(), tok.tokenToId("<|im_end|>"));
        QCOMPARE(config.vision.patchSize, int64_t(14));
        const auto pre = ImageProcessorConfig::fromFile(dir.filePath(QStringLiteral("preprocessor_config.json")).toStdString());
        QCOMPARE(pre.maxPixels, int64_t(224 * 224));
        // A 640x512 frame becomes at most 64 image tokens.
        RgbImage frame;
        frame.width = 640;
        frame.height = 512;
        frame.pixels.assign(640 * 512 * 3, 90);
        const auto processed = preprocessImage(frame, pre);
        QVERIFY(processed.gridH * processed.gridW / 4 <= 64);

        // The same seed gives the same weights; the folder is a complete model.
        QTemporaryDir again;
        createTinyModel(corpus(), again.path().toStdString(), o);
        QCOMPARE(readFile(again.filePath(QStringLiteral("model.safetensors"))),
                 readFile(dir.filePath(QStringLiteral("model.safetensors"))));
        auto session = VlmSession::load(dir.path().toStdString());
        AskOptions ask;
        ask.maxNewTokens = 4;
        const auto answer = session->ask(&frame, "Which structure?", ask);
        QVERIFY(!answer.tokenIds.empty() && answer.tokenIds.size() <= 4); // untrained: it babbles, but runs
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, createTinyModel("  \n", dir.path().toStdString(), o));
    }
};

QTEST_GUILESS_MAIN(TestCmeTiny)
#include "tst_cme_tiny.moc"
