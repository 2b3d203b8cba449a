// VlmSession::chat (multi-turn) on the tiny real Qwen2.5-VL fixture: one user
// turn is exactly ask(); later turns render in the chat template with the image
// in the first user turn; malformed conversations are refused.
// Engine headers first: libtorch must be parsed before any Qt header.
#include "chat.h"
#include "config.h"
#include "image_processor.h"
#include "tokenizer.h"
#include "vlm_session.h"

#include "imageio.h"
#include "testsupport.h"

#include <QtTest>

#include <opencv2/core.hpp>

using namespace sd::vlm;

class TestVlmChat : public QObject {
    Q_OBJECT

    std::unique_ptr<VlmSession> m_session;
    RgbImage m_image;
    std::string m_modelDir;

    // The prompt length the template gives for these messages.
    int promptTokens(const std::vector<ChatMessage> &messages) const
    {
        const Tokenizer tok = Tokenizer::fromFile(m_modelDir + "/tokenizer.json");
        const ModelConfig config = ModelConfig::fromFile(m_modelDir + "/config.json");
        return int(tok.encode(renderChat(messages, true, config.vision.spatialMergeSize)).size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_modelDir = (sd::testsupport::fixtureDir() + "/model").toStdString();
        m_session = VlmSession::load(m_modelDir);
        const cv::Mat bgr = sd::loadImage(sd::testsupport::fixtureDir() + "/frame0.png");
        m_image = rgbImageFromBgr(bgr.data, bgr.cols, bgr.rows, bgr.step);
    }

    void oneTurnIsAsk()
    {
        AskOptions o;
        o.maxNewTokens = 12;
        const AskResult asked = m_session->ask(&m_image, "What is highlighted?", o);
        const AskResult chatted = m_session->chat(&m_image, {{"user", "What is highlighted?"}}, o);
        QCOMPARE(chatted.tokenIds, asked.tokenIds);
        QCOMPARE(chatted.text, asked.text);
        QCOMPARE(chatted.promptTokens, asked.promptTokens);
        QVERIFY(!asked.tokenIds.empty());
    }

    void followUpTurns()
    {
        AskOptions o;
        o.maxNewTokens = 6;
        const std::vector<ChatTurn> turns = {
            {"user", "Name the structure."}, {"assistant", "The inferior mesenteric vein."}, {"user", "Which side?"}};
        std::string streamed;
        const AskResult r = m_session->chat(&m_image, turns, o, [&](const std::string &piece) {
            streamed += piece;
            return true;
        });
        QCOMPARE(streamed, r.text);

        const ProcessedImage p = preprocessImage(m_image, ImageProcessorConfig::fromFile(m_modelDir + "/preprocessor_config.json"));
        const std::vector<ChatMessage> expected = {
            {"system", {ChatPart::textPart(o.systemPrompt)}},
            {"user", {ChatPart::imagePart(p.gridT, p.gridH, p.gridW), ChatPart::textPart("Name the structure.")}},
            {"assistant", {ChatPart::textPart("The inferior mesenteric vein.")}},
            {"user", {ChatPart::textPart("Which side?")}}};
        QCOMPARE(r.promptTokens, promptTokens(expected));
        // Without an image the conversation is text-only.
        const AskResult textOnly = m_session->chat(nullptr, turns, o);
        QVERIFY(textOnly.promptTokens < r.promptTokens);
    }

    void malformedConversations()
    {
        AskOptions o;
        o.maxNewTokens = 2;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->chat(&m_image, {}, o));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 m_session->chat(&m_image, {{"user", "a"}, {"assistant", "b"}}, o));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->chat(&m_image, {{"doctor", "a"}}, o));
    }
};

QTEST_GUILESS_MAIN(TestVlmChat)
#include "tst_vlm_chat.moc"
