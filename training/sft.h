// Supervised fine-tuning inputs and loss, with Hugging Face semantics: labels
// are the input ids on assistant answer tokens and -100 elsewhere; the loss is
// the mean token cross-entropy of logits[:, :-1] against labels[:, 1:], in float32.
#pragma once

#include "chat.h"
#include "image_processor.h"
#include "rgb_image.h"

#include <torch/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sd::vlm {

class Qwen2_5_VLImpl;
class Tokenizer;

inline constexpr int64_t kIgnoreIndex = -100;

// One conversation. When `image` is set, the messages hold exactly one image
// part (its grid is filled in from the processed image); without an image they
// hold none.
struct SftExample {
    std::vector<ChatMessage> messages;
    std::optional<RgbImage> image;
};

struct SftBatch {
    torch::Tensor inputIds;      // int64 [B, L], right-padded with padTokenId
    torch::Tensor labels;        // int64 [B, L], kIgnoreIndex outside answers and on padding
    torch::Tensor attentionMask; // int64 [B, L], 1 = token, 0 = padding
    torch::Tensor pixelValues;   // float32 [patches of all images, C*T*P*P]; undefined without images
    torch::Tensor imageGridThw;  // int64 [images, 3]; undefined without images
};

struct SftEncodingOptions {
    int64_t padTokenId = 0;
    int64_t spatialMergeSize = 2;
    std::string defaultSystemPrompt; // see renderChat
};

// Encodes and pads a batch. Throws std::invalid_argument naming the example
// index for an empty batch, an image/part mismatch, or an example without any
// answer token; ImageProcessingError from preprocessing propagates.
SftBatch makeSftBatch(const Tokenizer &tokenizer, const std::vector<SftExample> &examples,
                      const ImageProcessorConfig &imageConfig, const SftEncodingOptions &options);

// Labels from ids and an assistant mask (kIgnoreIndex where the mask is 0).
std::vector<int64_t> sftLabels(const EncodedChat &encoded);

// Mean cross-entropy (float32 scalar, differentiable) over all label positions
// of the batch after the one-token shift. Only the hidden states of supervised
// positions are projected to the vocabulary. Throws std::invalid_argument for
// inconsistent shapes or a batch without any supervised token.
torch::Tensor sftLoss(Qwen2_5_VLImpl &model, const SftBatch &batch);

} // namespace sd::vlm
