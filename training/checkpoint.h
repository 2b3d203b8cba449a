// Hugging Face checkpoint folders: config.json + model.safetensors, or shards
// listed in model.safetensors.index.json. Tensor names are normalised to one
// canonical form ("classic": model.embed_tokens/model.layers.N/model.norm,
// visual.*, lm_head.*); newer files use model.language_model.* / model.visual.*.
#pragma once

#include <torch/nn/module.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace torch::serialize {
class OutputArchive;
}

namespace sd::vlm {

class SafetensorsFile;

// One tensor of an open safetensors file, copied into a CPU torch tensor of the file's dtype.
torch::Tensor tensorFromSafetensors(const SafetensorsFile &file, const std::string &name);

enum class WeightNaming { Classic, Nested };

std::string toCanonicalName(const std::string &name);                 // any form -> classic
std::string fromCanonicalName(const std::string &name, WeightNaming n); // classic -> n

class WeightStore {
public:
    // dir holds model.safetensors or model.safetensors.index.json + shards.
    // Throws std::runtime_error naming the file (and tensor) on any problem.
    static WeightStore open(const std::string &dir);

    bool has(const std::string &canonicalName) const;
    // A float/int tensor copied out of the mapped file (CPU, file dtype).
    torch::Tensor get(const std::string &canonicalName) const;
    std::vector<std::string> names() const; // canonical, sorted
    // Shape as recorded in the file header (no data is read). Throws if absent.
    std::vector<int64_t> shape(const std::string &canonicalName) const;
    WeightNaming naming() const { return naming_; }
    int shardCount() const { return static_cast<int>(files_.size()); }

private:
    struct Entry { int file; std::string originalName; };
    std::vector<std::shared_ptr<SafetensorsFile>> files_;
    std::map<std::string, Entry> index_;
    WeightNaming naming_ = WeightNaming::Classic;
};

// Copies every parameter and buffer of `module` (named as in the checkpoint) from
// `weights`, converting to the parameter's dtype/device. Missing tensors are an
// error unless listed in `optional` (e.g. lm_head.weight with tied embeddings).
// Every name and shape is checked before the first copy, so a mismatch leaves
// the module untouched.
void loadModuleWeights(torch::nn::Module &module, const WeightStore &weights,
                       const std::vector<std::string> &optional = {});

// Writes tensors (canonical names) as a checkpoint in `dir` with the chosen
// naming; shards when maxShardBytes > 0 and the total exceeds it. Atomic per
// file (AtomicFile): a full disk throws and leaves the previous files intact.
void saveWeights(const std::string &dir, const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                 WeightNaming naming, uint64_t maxShardBytes = 0);

// Writes `j` (indented) to `path` atomically; throws std::runtime_error naming the file.
void writeJsonFile(const std::string &path, const nlohmann::json &j);

// Saves a libtorch archive (optimizer state, adapters) atomically. libtorch's
// own file writer aborts the process when a write fails (its destructor throws
// while unwinding); this one throws std::runtime_error naming the file.
void saveArchive(torch::serialize::OutputArchive &archive, const std::string &path);

// Writes a whole folder (a checkpoint, a model): `write` fills DIR.tmp, which
// then takes DIR's place. On any failure (a full disk) DIR.tmp is removed, DIR
// stays as it was, and std::runtime_error "cannot save DIR: reason" is thrown.
void writeFolderAtomically(const std::string &dir, const std::function<void(const std::string &tmpDir)> &write);

// Copies the files of a Hugging Face model folder besides the weights (config,
// tokenizer, preprocessor, chat template) that exist in srcDir into dstDir,
// each written atomically and checked.
void copyModelSideFiles(const std::string &srcDir, const std::string &dstDir);

} // namespace sd::vlm
