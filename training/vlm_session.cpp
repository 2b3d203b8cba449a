#include "vlm_session.h"

#include "chat.h"
#include "config.h"
#include "generation.h"
#include "image_processor.h"
#include "qwen2_5_vl.h"
#include "tokenizer.h"
#include "torch_utils.h"

#include <torch/torch.h>

#include <filesystem>
#include <stdexcept>
#include <optional>

namespace sd::vlm {

struct VlmSession::Private {
    std::string modelDir;
    torch::Device device{torch::kCPU};
    torch::Dtype dtype = torch::kFloat32;
    ModelConfig config;
    ImageProcessorConfig processor;
    std::unique_ptr<Tokenizer> tokenizer;
    Qwen2_5_VL model{nullptr};
};

VlmSession::VlmSession() : d(std::make_unique<Private>()) {}
VlmSession::~VlmSession() = default;

std::unique_ptr<VlmSession> VlmSession::load(const std::string &modelDir, const SessionOptions &options)
{
    namespace fs = std::filesystem;
    if (!fs::is_directory(modelDir))
        throw std::runtime_error("model folder " + modelDir + " does not exist");
    for (const char *file : {"config.json", "tokenizer.json", "preprocessor_config.json"})
        if (!fs::exists(fs::path(modelDir) / file))
            throw std::runtime_error("model folder " + modelDir + " has no " + file
                                     + " (expected a Hugging Face Qwen2.5-VL checkpoint)");
    if (options.threads > 0)
        torch::set_num_threads(options.threads);

    std::unique_ptr<VlmSession> s(new VlmSession);
    s->d->modelDir = modelDir;
    s->d->device = parseDevice(options.device);
    s->d->dtype = parseDtype(options.dtype);
    s->d->config = ModelConfig::fromFile(modelDir + "/config.json");
    s->d->processor = ImageProcessorConfig::fromFile(modelDir + "/preprocessor_config.json");
    s->d->tokenizer = std::make_unique<Tokenizer>(Tokenizer::fromFile(modelDir + "/tokenizer.json"));
    s->d->model = Qwen2_5_VLImpl::load(modelDir, s->d->dtype, s->d->device);
    s->d->model->eval();
    return s;
}

AskResult VlmSession::ask(const RgbImage *image, const std::string &question, const AskOptions &options,
                          const std::function<bool(const std::string &)> &onText, const std::atomic<bool> *cancel)
{
    return chat(image, {ChatTurn{"user", question}}, options, onText, cancel);
}

AskResult VlmSession::chat(const RgbImage *image, const std::vector<ChatTurn> &turns, const AskOptions &options,
                           const std::function<bool(const std::string &)> &onText, const std::atomic<bool> *cancel)
{
    if (turns.empty())
        throw std::invalid_argument("chat: the conversation is empty");
    if (turns.back().role != "user")
        throw std::invalid_argument("chat: the conversation must end with a user turn");
    for (const ChatTurn &t : turns)
        if (t.role != "user" && t.role != "assistant")
            throw std::invalid_argument("chat: unknown role \"" + t.role + "\" (expected user or assistant)");

    torch::NoGradGuard noGrad;
    AskResult result;

    std::optional<ProcessedImage> processed;
    if (image)
        processed = preprocessImage(*image, d->processor);

    std::vector<ChatMessage> messages;
    if (!options.systemPrompt.empty())
        messages.push_back(ChatMessage{"system", {ChatPart::textPart(options.systemPrompt)}});
    bool imagePlaced = false;
    for (const ChatTurn &t : turns) {
        ChatMessage m{t.role, {}};
        if (processed && !imagePlaced && t.role == "user") {
            m.parts.push_back(ChatPart::imagePart(processed->gridT, processed->gridH, processed->gridW));
            imagePlaced = true;
        }
        m.parts.push_back(ChatPart::textPart(t.text));
        messages.push_back(std::move(m));
    }

    const auto ids = d->tokenizer->encode(renderChat(messages, true, d->config.vision.spatialMergeSize));
    result.promptTokens = static_cast<int>(ids.size());
    const auto inputIds = torch::tensor(ids, torch::kLong).unsqueeze(0).to(d->device);
    torch::Tensor pixels, grid;
    if (processed) {
        pixels = processed->pixelValues.to(d->device, d->dtype);
        grid = processed->gridThw().to(d->device);
    }

    GenerationOptions generation;
    generation.maxNewTokens = options.maxNewTokens;
    generation.doSample = options.doSample;
    generation.temperature = options.temperature;
    generation.topK = options.topK;
    generation.topP = options.topP;
    generation.repetitionPenalty = options.repetitionPenalty;
    generation.seed = options.seed;
    generation.stopTokenIds = d->config.eosTokenIds;

    StreamDecoder stream(*d->tokenizer);
    bool stoppedByCaller = false;
    const auto onToken = [&](int64_t id) {
        if (d->tokenizer->isSpecial(id))
            return true;
        const std::string piece = stream.push(id);
        result.text += piece;
        if (onText && !piece.empty() && !onText(piece)) {
            stoppedByCaller = true;
            return false;
        }
        return true;
    };
    GenerationStats stats;
    result.tokenIds = generate(d->model, inputIds, pixels, grid, generation, onToken, cancel, &stats);
    const std::string tail = stream.flush();
    result.text += tail;
    if (onText && !tail.empty())
        onText(tail);
    result.prefillSeconds = stats.prefillSeconds;
    result.decodeSeconds = stats.decodeSeconds;
    result.cancelled = stoppedByCaller || stats.reason == StopReason::Cancelled;
    return result;
}

std::string VlmSession::modelDir() const { return d->modelDir; }

std::string VlmSession::description() const
{
    const auto &t = d->config.text;
    return "Qwen2.5-VL, " + std::to_string(t.numHiddenLayers) + " text layers, hidden " + std::to_string(t.hiddenSize)
        + ", " + (d->dtype == torch::kBFloat16 ? "bfloat16" : "float32") + " on " + d->device.str();
}

} // namespace sd::vlm
