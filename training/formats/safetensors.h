// Reader and writer for the safetensors format (Hugging Face): an 8-byte
// little-endian header length, a JSON header, then the raw tensor bytes.
// Torch-free on purpose: it is also built alone under AddressSanitizer for the
// header fuzz tests. The whole header is validated before any data is touched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sd::vlm {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

size_t dtypeSize(DType t);
const char *dtypeName(DType t);                        // "F32", "BF16", ...
bool dtypeFromName(const std::string &name, DType &out); // false if unknown

class SafetensorsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // byte offsets relative to the data section
    uint64_t end = 0;
    uint64_t nbytes() const { return end - begin; }
    uint64_t numel() const;
};

class SafetensorsFile {
public:
    // Maps the file read-only (MAP_PRIVATE). Throws SafetensorsError naming the
    // file (and the tensor) when it cannot be read or its header is invalid.
    static std::shared_ptr<SafetensorsFile> open(const std::string &path);
    // Same checks on an in-memory copy (tests, fuzzing).
    static std::shared_ptr<SafetensorsFile> fromBytes(const std::string &bytes, const std::string &name = "<memory>");

    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile &) = delete;
    SafetensorsFile &operator=(const SafetensorsFile &) = delete;

    const std::vector<TensorInfo> &tensors() const { return tensors_; }
    const TensorInfo *find(const std::string &name) const; // nullptr if absent
    const TensorInfo &at(const std::string &name) const;   // throws SafetensorsError
    const uint8_t *data(const TensorInfo &info) const { return dataStart_ + info.begin; }
    const std::map<std::string, std::string> &metadata() const { return metadata_; }
    const std::string &path() const { return path_; }

private:
    SafetensorsFile() = default;
    void parse();

    std::string path_;
    const uint8_t *base_ = nullptr;
    size_t size_ = 0;
    bool mapped_ = false;
    std::string owned_;
    const uint8_t *dataStart_ = nullptr;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, size_t> byName_;
    std::map<std::string, std::string> metadata_;
};

struct TensorBlob {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const void *data = nullptr;
    size_t nbytes = 0;
};

// Writes the file atomically (sd::AtomicFile: PATH.tmp, every write checked,
// fsync, rename): a full disk leaves `path` as it was. Throws SafetensorsError.
void writeSafetensors(const std::string &path, const std::vector<TensorBlob> &tensors,
                      const std::map<std::string, std::string> &metadata = {});

} // namespace sd::vlm
