#include "checkpoint.h"

#include "atomic_file.h"
#include "json_limits.h"
#include "safetensors.h"

#include "torch_utils.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

namespace sd::vlm {

namespace fs = std::filesystem;

namespace {

const std::string kLanguagePrefix = "model.language_model.";
const std::string kNestedVisualPrefix = "model.visual.";
// What torch/transformers write; some loaders check it.
const std::map<std::string, std::string> kPtMetadata{{"format", "pt"}};

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

torch::Dtype torchType(DType t)
{
    switch (t) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::BOOL: return torch::kBool;
    }
    return torch::kFloat32;
}

DType fileType(torch::Dtype t, const std::string &name)
{
    switch (t) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::BOOL;
    default: break;
    }
    throw std::runtime_error("tensor '" + name + "' has a dtype safetensors cannot store");
}

} // namespace

std::string toCanonicalName(const std::string &name)
{
    if (startsWith(name, kLanguagePrefix))
        return "model." + name.substr(kLanguagePrefix.size());
    if (startsWith(name, kNestedVisualPrefix))
        return "visual." + name.substr(kNestedVisualPrefix.size());
    return name;
}

std::string fromCanonicalName(const std::string &name, WeightNaming n)
{
    if (n == WeightNaming::Classic)
        return name;
    if (startsWith(name, "visual."))
        return kNestedVisualPrefix + name.substr(7);
    if (startsWith(name, "model."))
        return kLanguagePrefix + name.substr(6);
    return name; // lm_head.*
}

torch::Tensor tensorFromSafetensors(const SafetensorsFile &file, const std::string &name)
{
    const TensorInfo &info = file.at(name);
    std::vector<int64_t> shape(info.shape.begin(), info.shape.end());
    auto out = torch::empty(shape, torch::TensorOptions().dtype(torchType(info.dtype)));
    if (info.nbytes() > 0)
        std::memcpy(out.data_ptr(), file.data(info), info.nbytes());
    return out;
}

WeightStore WeightStore::open(const std::string &dir)
{
    WeightStore store;
    const fs::path root(dir);
    const fs::path single = root / "model.safetensors";
    const fs::path index = root / "model.safetensors.index.json";
    std::map<std::string, std::string> weightMap; // original name -> shard file
    if (fs::exists(index)) {
        std::ifstream in(index);
        nlohmann::json j;
        try {
            j = parseJsonBounded(in);
        } catch (const nlohmann::json::exception &e) {
            throw std::runtime_error(index.string() + " is not valid JSON: " + e.what());
        }
        if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
            throw std::runtime_error(index.string() + " has no weight_map object");
        for (auto it = j["weight_map"].begin(); it != j["weight_map"].end(); ++it) {
            if (!it.value().is_string())
                throw std::runtime_error(index.string() + ": weight_map entry '" + it.key() + "' is not a file name");
            const std::string shard = it.value().get<std::string>();
            if (shard.find('/') != std::string::npos || shard.find("..") != std::string::npos)
                throw std::runtime_error(index.string() + ": shard name '" + shard + "' must be a plain file name");
            weightMap[it.key()] = shard;
        }
    } else if (!fs::exists(single)) {
        throw std::runtime_error("no model.safetensors or model.safetensors.index.json in " + dir);
    }

    std::map<std::string, int> fileIndex;
    auto openFile = [&](const std::string &file) {
        auto it = fileIndex.find(file);
        if (it != fileIndex.end())
            return it->second;
        const fs::path p = root / file;
        if (!fs::exists(p))
            throw std::runtime_error("shard " + p.string() + " listed in model.safetensors.index.json is missing");
        store.files_.push_back(SafetensorsFile::open(p.string()));
        return fileIndex[file] = static_cast<int>(store.files_.size() - 1);
    };

    auto addName = [&](const std::string &original, int file) {
        const std::string canonical = toCanonicalName(original);
        if (store.index_.count(canonical))
            throw std::runtime_error("tensor '" + canonical + "' appears twice in " + dir
                                     + " (under two naming schemes?)");
        store.index_[canonical] = Entry{file, original};
        if (canonical != original)
            store.naming_ = WeightNaming::Nested;
    };

    if (weightMap.empty()) {
        const int f = openFile("model.safetensors");
        for (const auto &t : store.files_[f]->tensors())
            addName(t.name, f);
    } else {
        for (const auto &[name, shard] : weightMap) {
            const int f = openFile(shard);
            if (!store.files_[f]->find(name))
                throw std::runtime_error("model.safetensors.index.json says tensor '" + name + "' is in " + shard
                                         + " but that file does not contain it");
            addName(name, f);
        }
    }
    return store;
}

bool WeightStore::has(const std::string &canonicalName) const
{
    return index_.count(canonicalName) > 0;
}

torch::Tensor WeightStore::get(const std::string &canonicalName) const
{
    const auto it = index_.find(canonicalName);
    if (it == index_.end())
        throw std::runtime_error("checkpoint has no tensor '" + canonicalName + "'"
                                 + (files_.empty() ? std::string() : " (in " + files_.front()->path() + ")"));
    return tensorFromSafetensors(*files_[it->second.file], it->second.originalName);
}

std::vector<std::string> WeightStore::names() const
{
    std::vector<std::string> out;
    out.reserve(index_.size());
    for (const auto &[name, entry] : index_)
        out.push_back(name);
    return out;
}

std::vector<int64_t> WeightStore::shape(const std::string &canonicalName) const
{
    const auto it = index_.find(canonicalName);
    if (it == index_.end())
        throw std::runtime_error("checkpoint has no tensor '" + canonicalName + "'"
                                 + (files_.empty() ? std::string() : " (in " + files_.front()->path() + ")"));
    return files_[it->second.file]->at(it->second.originalName).shape;
}

void loadModuleWeights(torch::nn::Module &module, const WeightStore &weights, const std::vector<std::string> &optional)
{
    const std::set<std::string> optionalSet(optional.begin(), optional.end());
    // Pass 1: decide what to copy and check every name and shape from the headers,
    // so a wrong checkpoint fails before any parameter is overwritten.
    std::vector<std::pair<std::string, torch::Tensor>> targets;
    auto plan = [&](const std::string &name, const torch::Tensor &target) {
        if (!weights.has(name)) {
            if (optionalSet.count(name))
                return;
            throw std::runtime_error("checkpoint has no tensor '" + name + "' needed by the model");
        }
        const auto shape = weights.shape(name);
        if (!target.sizes().equals(shape))
            throw std::runtime_error("tensor '" + name + "' has shape " + shapeString(shape)
                                     + " in the checkpoint but the model (from config.json) expects "
                                     + shapeString(target.sizes()));
        targets.emplace_back(name, target);
    };
    for (const auto &item : module.named_parameters(/*recurse=*/true))
        plan(item.key(), item.value());
    for (const auto &item : module.named_buffers(/*recurse=*/true)) {
        // Derived buffers (rotary inverse frequencies, caches) are not in checkpoints.
        if (item.key().find("inv_freq") != std::string::npos || !weights.has(item.key()))
            continue;
        plan(item.key(), item.value());
    }
    // Pass 2: copy, converting to each target's dtype and device.
    torch::NoGradGuard noGrad;
    for (auto &[name, target] : targets)
        target.copy_(weights.get(name).to(target.device(), target.scalar_type()));
}

void saveWeights(const std::string &dir, const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                 WeightNaming naming, uint64_t maxShardBytes)
{
    fs::create_directories(dir);
    // CPU, contiguous copies that outlive the write.
    std::vector<std::pair<std::string, torch::Tensor>> cpu;
    uint64_t total = 0;
    for (const auto &[name, t] : tensors) {
        cpu.emplace_back(fromCanonicalName(name, naming), t.detach().to(torch::kCPU).contiguous());
        total += cpu.back().second.nbytes();
    }
    std::vector<std::vector<size_t>> shards(1);
    uint64_t current = 0;
    if (maxShardBytes > 0 && total > maxShardBytes) {
        for (size_t i = 0; i < cpu.size(); ++i) {
            const uint64_t n = cpu[i].second.nbytes();
            if (!shards.back().empty() && current + n > maxShardBytes) {
                shards.emplace_back();
                current = 0;
            }
            shards.back().push_back(i);
            current += n;
        }
    } else {
        for (size_t i = 0; i < cpu.size(); ++i)
            shards[0].push_back(i);
    }

    auto blobsOf = [&](const std::vector<size_t> &members) {
        std::vector<TensorBlob> blobs;
        for (size_t i : members) {
            const auto &[name, t] = cpu[i];
            blobs.push_back(TensorBlob{name, fileType(t.scalar_type(), name),
                                       std::vector<int64_t>(t.sizes().begin(), t.sizes().end()), t.data_ptr(),
                                       static_cast<size_t>(t.nbytes())});
        }
        return blobs;
    };

    const fs::path root(dir);
    if (shards.size() == 1) {
        writeSafetensors((root / "model.safetensors").string(), blobsOf(shards[0]), kPtMetadata);
        fs::remove(root / "model.safetensors.index.json");
        return;
    }
    nlohmann::json weightMap = nlohmann::json::object();
    char file[64];
    for (size_t s = 0; s < shards.size(); ++s) {
        std::snprintf(file, sizeof file, "model-%05zu-of-%05zu.safetensors", s + 1, shards.size());
        writeSafetensors((root / file).string(), blobsOf(shards[s]), kPtMetadata);
        for (size_t i : shards[s])
            weightMap[cpu[i].first] = file;
    }
    const nlohmann::json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weightMap}};
    writeJsonFile((root / "model.safetensors.index.json").string(), index);
    fs::remove(root / "model.safetensors");
}

void writeJsonFile(const std::string &path, const nlohmann::json &j)
{
    writeFileAtomically(path, dumpJsonLossy(j, 2) + "\n");
}

void saveArchive(torch::serialize::OutputArchive &archive, const std::string &path)
{
    AtomicFile file(path);
    // Report every chunk as written: a short count makes libtorch throw from a
    // destructor (std::terminate). The first failure is kept and commit() throws it.
    archive.save_to([&file](const void *data, size_t n) -> size_t {
        file.write(data, n);
        return n;
    });
    file.commit();
}

void writeFolderAtomically(const std::string &dir, const std::function<void(const std::string &tmpDir)> &write)
{
    const fs::path target(dir);
    const fs::path tmp = target.string() + ".tmp", old = target.string() + ".old";
    try {
        fs::remove_all(tmp);
        fs::create_directories(tmp);
        write(tmp.string());
        // The earlier folder steps aside only once the new one is complete.
        fs::remove_all(old);
        const bool replacing = fs::exists(target);
        if (replacing)
            fs::rename(target, old);
        try {
            fs::rename(tmp, target);
        } catch (...) {
            if (replacing)
                fs::rename(old, target);
            throw;
        }
        fs::remove_all(old);
        syncFolder(target.parent_path().string());
    } catch (const std::exception &e) {
        std::error_code ignored;
        fs::remove_all(tmp, ignored); // a full disk must not keep half a folder around
        throw std::runtime_error("cannot save " + dir + ": " + e.what());
    }
}

void copyModelSideFiles(const std::string &srcDir, const std::string &dstDir)
{
    static const char *const kSideFiles[] = {"config.json", "generation_config.json", "tokenizer.json",
                                             "tokenizer_config.json", "preprocessor_config.json",
                                             "chat_template.jinja", "chat_template.json", "special_tokens_map.json",
                                             "vocab.json", "merges.txt"};
    for (const char *name : kSideFiles) {
        const fs::path src = fs::path(srcDir) / name;
        if (!fs::exists(src))
            continue;
        std::ifstream in(src, std::ios::binary);
        if (!in)
            throw std::runtime_error("cannot read " + src.string());
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad())
            throw std::runtime_error("cannot read " + src.string());
        writeFileAtomically((fs::path(dstDir) / name).string(), bytes);
    }
}

} // namespace sd::vlm
