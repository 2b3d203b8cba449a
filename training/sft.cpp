#include "sft.h"

#include "qwen2_5_vl.h"
#include "tokenizer.h"
#include "torch_utils.h"

#include <algorithm>
#include <stdexcept>

namespace sd::vlm {

namespace {

// The example's image part, or nullptr; throws when there is more than one.
ChatPart *findImagePart(std::vector<ChatMessage> &messages, size_t index)
{
    ChatPart *found = nullptr;
    for (auto &m : messages)
        for (auto &p : m.parts)
            if (p.kind == ChatPart::Image) {
                if (found)
                    throw std::invalid_argument("SFT example " + std::to_string(index)
                                                + ": more than one image part (one image per example is supported)");
                found = &p;
            }
    return found;
}

} // namespace

std::vector<int64_t> sftLabels(const EncodedChat &encoded)
{
    if (encoded.ids.size() != encoded.assistantMask.size())
        throw std::invalid_argument("sftLabels: ids and assistant mask differ in length");
    std::vector<int64_t> labels(encoded.ids.size(), kIgnoreIndex);
    for (size_t k = 0; k < labels.size(); ++k)
        if (encoded.assistantMask[k])
            labels[k] = encoded.ids[k];
    return labels;
}

SftBatch makeSftBatch(const Tokenizer &tokenizer, const std::vector<SftExample> &examples,
                      const ImageProcessorConfig &imageConfig, const SftEncodingOptions &options)
{
    if (examples.empty())
        throw std::invalid_argument("makeSftBatch: empty batch");
    std::vector<EncodedChat> encoded;
    std::vector<torch::Tensor> pixels, grids;
    size_t maxLen = 0;
    for (size_t i = 0; i < examples.size(); ++i) {
        std::vector<ChatMessage> messages = examples[i].messages;
        ChatPart *imagePart = findImagePart(messages, i);
        if (examples[i].image.has_value() != (imagePart != nullptr))
            throw std::invalid_argument("SFT example " + std::to_string(i)
                                        + (imagePart ? ": the messages have an image part but no image was given"
                                                     : ": an image was given but the messages have no image part"));
        if (imagePart) {
            const ProcessedImage img = preprocessImage(*examples[i].image, imageConfig);
            imagePart->gridT = img.gridT;
            imagePart->gridH = img.gridH;
            imagePart->gridW = img.gridW;
            pixels.push_back(img.pixelValues);
            grids.push_back(img.gridThw());
        }
        EncodedChat enc =
            encodeChatWithAssistantMask(tokenizer, messages, options.spatialMergeSize, options.defaultSystemPrompt);
        // The first token is never a target (nothing precedes it), so a mask on it alone trains nothing.
        bool anyTarget = false;
        for (size_t k = 1; k < enc.assistantMask.size(); ++k)
            anyTarget = anyTarget || enc.assistantMask[k];
        if (!anyTarget)
            throw std::invalid_argument("SFT example " + std::to_string(i) + ": no assistant answer to train on");
        maxLen = std::max(maxLen, enc.ids.size());
        encoded.push_back(std::move(enc));
    }

    const auto b = static_cast<int64_t>(examples.size());
    const auto l = static_cast<int64_t>(maxLen);
    SftBatch batch;
    batch.inputIds = torch::full({b, l}, options.padTokenId, torch::kInt64);
    batch.labels = torch::full({b, l}, kIgnoreIndex, torch::kInt64);
    batch.attentionMask = torch::zeros({b, l}, torch::kInt64);
    auto ids = batch.inputIds.accessor<int64_t, 2>();
    auto labels = batch.labels.accessor<int64_t, 2>();
    auto mask = batch.attentionMask.accessor<int64_t, 2>();
    for (int64_t i = 0; i < b; ++i) {
        const auto &enc = encoded[static_cast<size_t>(i)];
        const auto rowLabels = sftLabels(enc);
        for (size_t k = 0; k < enc.ids.size(); ++k) {
            ids[i][static_cast<int64_t>(k)] = enc.ids[k];
            labels[i][static_cast<int64_t>(k)] = rowLabels[k];
            mask[i][static_cast<int64_t>(k)] = 1;
        }
    }
    if (!pixels.empty()) {
        batch.pixelValues = torch::cat(pixels, 0);
        batch.imageGridThw = torch::cat(grids, 0);
    }
    return batch;
}

torch::Tensor sftLoss(Qwen2_5_VLImpl &model, const SftBatch &batch)
{
    const auto &ids = batch.inputIds;
    if (!ids.defined() || ids.dim() != 2 || ids.size(1) < 2)
        throw std::invalid_argument("sftLoss: input_ids must be [B, L] with L >= 2, got "
                                    + (ids.defined() ? shapeString(ids.sizes()) : std::string("undefined")));
    if (!batch.labels.defined() || batch.labels.sizes() != ids.sizes())
        throw std::invalid_argument("sftLoss: labels " + (batch.labels.defined() ? shapeString(batch.labels.sizes())
                                                                                  : std::string("undefined"))
                                    + " do not match input_ids " + shapeString(ids.sizes()));
    if (batch.attentionMask.defined() && batch.attentionMask.sizes() != ids.sizes())
        throw std::invalid_argument("sftLoss: attention_mask " + shapeString(batch.attentionMask.sizes())
                                    + " does not match input_ids " + shapeString(ids.sizes()));

    const auto hidden = model.hiddenStates(ids, batch.pixelValues, batch.imageGridThw, batch.attentionMask);
    const int64_t l = ids.size(1);
    // Position t predicts token t+1.
    const auto targets = batch.labels.narrow(1, 1, l - 1).to(hidden.device());
    const auto selected = targets.ne(kIgnoreIndex);
    const int64_t count = selected.sum().item<int64_t>();
    if (count == 0)
        throw std::invalid_argument("sftLoss: the batch has no supervised token (all labels are -100)");
    const auto h = hidden.narrow(1, 0, l - 1).index({selected}); // [count, hidden]
    const auto logits = model.logitsFromHidden(h).to(torch::kFloat32);
    const auto picked = targets.index({selected});
    const int64_t vocab = logits.size(-1);
    if (picked.min().item<int64_t>() < 0 || picked.max().item<int64_t>() >= vocab)
        throw std::invalid_argument("sftLoss: a label is outside the vocabulary [0, " + std::to_string(vocab)
                                    + ") and is not -100");
    return torch::nn::functional::cross_entropy(logits, picked);
}

} // namespace sd::vlm
