// The training dataset in the "messages" JSONL form that TRL and
// LLaMA-Factory read (one example per line, image paths relative to the
// file's folder):
//   SFT: {"messages": [system, user (image + question), assistant], "images": [...], "meta": {...}}
//   DPO: {"prompt": [system, user], "chosen": [assistant], "rejected": [assistant], "images": [...], "meta": {...}}
// "images" may be absent (text-only examples). Decoding image files is the
// caller's business (training/ has no codec): see ImageLoader.
#pragma once

#include "chat.h"
#include "rgb_image.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sd::vlm {

class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class DatasetKind { Sft, Dpo };

// One example is a few kB of text and image paths; a longer line is refused
// before it is parsed (a file without newlines would otherwise be read whole).
inline constexpr size_t kMaxDatasetLineBytes = size_t(16) << 20;

struct DatasetExample {
    int line = 0;                       // 1-based line in the file
    std::vector<ChatMessage> messages;  // SFT: the whole conversation; DPO: the prompt
    std::string chosen, rejected;       // DPO only: the assistant texts
    std::vector<std::string> imagePaths; // resolved against the file's folder
    nlohmann::json meta = nlohmann::json::object();
};

struct Dataset {
    DatasetKind kind = DatasetKind::Sft;
    std::string path;
    std::vector<DatasetExample> examples;
};

// Reads the whole file; empty lines are skipped. Throws DatasetError
// "FILE:LINE: what is wrong" for unreadable files, malformed JSON, missing or
// ill-typed fields, an image count that differs from the image parts, more
// than one image per example, or a file without examples.
//
// Image paths are relative to the file's folder and must stay inside it (after
// following "..", absolute paths and symbolic links): a data set from elsewhere must not
// make training read arbitrary files. ImagePaths::Anywhere lifts this for a data set the
// user vouches for (`--allow-external-images`).
enum class ImagePaths { InsideFolder, Anywhere };
Dataset readDatasetJsonl(const std::string &path, DatasetKind kind, ImagePaths images = ImagePaths::InsideFolder);

// Decodes an image file into RGB; throws std::runtime_error naming the file.
using ImageLoader = std::function<RgbImage(const std::string &path)>;

} // namespace sd::vlm
