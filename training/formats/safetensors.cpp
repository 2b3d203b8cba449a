#include "safetensors.h"

#include "atomic_file.h"
#include "json_limits.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::vlm {

namespace {

// Far above any real header (a 72B checkpoint's is ~100 kB), far below memory trouble.
constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

struct DTypeName {
    DType type;
    const char *name;
    size_t size;
};
constexpr DTypeName kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1},
};

[[noreturn]] void fail(const std::string &path, const std::string &what)
{
    throw SafetensorsError(path + ": " + what);
}

} // namespace

size_t dtypeSize(DType t)
{
    for (const auto &d : kDTypes)
        if (d.type == t)
            return d.size;
    return 0;
}

const char *dtypeName(DType t)
{
    for (const auto &d : kDTypes)
        if (d.type == t)
            return d.name;
    return "?";
}

bool dtypeFromName(const std::string &name, DType &out)
{
    for (const auto &d : kDTypes)
        if (name == d.name) {
            out = d.type;
            return true;
        }
    return false;
}

uint64_t TensorInfo::numel() const
{
    uint64_t n = 1;
    for (auto s : shape)
        n *= static_cast<uint64_t>(s);
    return n;
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string &path)
{
    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile);
    f->path_ = path;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        fail(path, "not a regular file");
    }
    f->size_ = static_cast<size_t>(st.st_size);
    if (f->size_ < 8) {
        ::close(fd);
        fail(path, "file is " + std::to_string(f->size_) + " bytes, too short for a safetensors header");
    }
    void *p = ::mmap(nullptr, f->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED)
        fail(path, std::string("cannot map: ") + std::strerror(errno));
    f->base_ = static_cast<const uint8_t *>(p);
    f->mapped_ = true;
    f->parse();
    return f;
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::fromBytes(const std::string &bytes, const std::string &name)
{
    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile);
    f->path_ = name;
    f->owned_ = bytes;
    f->base_ = reinterpret_cast<const uint8_t *>(f->owned_.data());
    f->size_ = f->owned_.size();
    if (f->size_ < 8)
        fail(name, "file is " + std::to_string(f->size_) + " bytes, too short for a safetensors header");
    f->parse();
    return f;
}

SafetensorsFile::~SafetensorsFile()
{
    if (mapped_ && base_)
        ::munmap(const_cast<uint8_t *>(base_), size_);
}

void SafetensorsFile::parse()
{
    uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i)
        headerLen = (headerLen << 8) | base_[i];
    if (headerLen > kMaxHeaderBytes)
        fail(path_, "header length " + std::to_string(headerLen) + " is implausibly large (corrupt file?)");
    if (headerLen > size_ - 8)
        fail(path_, "header length " + std::to_string(headerLen) + " exceeds the file size " + std::to_string(size_)
                        + " (truncated file?)");
    dataStart_ = base_ + 8 + headerLen;
    const uint64_t dataSize = size_ - 8 - headerLen;

    nlohmann::json header;
    try {
        header = sd::parseJsonBounded(
            std::string_view(reinterpret_cast<const char *>(base_ + 8), static_cast<size_t>(headerLen)));
    } catch (const nlohmann::json::exception &e) {
        fail(path_, std::string("header is not valid JSON: ") + e.what());
    }
    if (!header.is_object())
        fail(path_, "header is not a JSON object");

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string &name = it.key();
        const auto &entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object())
                fail(path_, "__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string())
                    fail(path_, "__metadata__ value '" + m.key() + "' is not a string");
                metadata_[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + name + "'";
        if (!entry.is_object())
            fail(path_, where + " is not an object");
        const auto dt = entry.find("dtype");
        const auto shape = entry.find("shape");
        const auto offsets = entry.find("data_offsets");
        if (dt == entry.end() || !dt->is_string())
            fail(path_, where + " has no dtype string");
        TensorInfo info;
        info.name = name;
        if (!dtypeFromName(dt->get<std::string>(), info.dtype))
            fail(path_, where + " has unknown dtype '" + dt->get<std::string>() + "'");
        if (shape == entry.end() || !shape->is_array())
            fail(path_, where + " has no shape array");
        uint64_t numel = 1;
        for (const auto &d : *shape) {
            if (!d.is_number_integer() || d.get<int64_t>() < 0)
                fail(path_, where + " has an invalid dimension in its shape");
            const auto dim = static_cast<uint64_t>(d.get<int64_t>());
            if (dim != 0 && numel > std::numeric_limits<uint64_t>::max() / 16 / dim)
                fail(path_, where + " has a shape whose size overflows");
            numel *= dim;
            info.shape.push_back(static_cast<int64_t>(dim));
        }
        if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned()
            || !(*offsets)[1].is_number_unsigned())
            fail(path_, where + " has no valid data_offsets [begin, end]");
        info.begin = (*offsets)[0].get<uint64_t>();
        info.end = (*offsets)[1].get<uint64_t>();
        if (info.begin > info.end)
            fail(path_, where + " has data_offsets with begin > end");
        if (info.end > dataSize)
            fail(path_, where + " ends at byte " + std::to_string(info.end) + " but the data section has "
                            + std::to_string(dataSize) + " bytes (truncated file?)");
        if (info.end - info.begin != numel * dtypeSize(info.dtype))
            fail(path_, where + " has " + std::to_string(info.end - info.begin) + " bytes but its shape and dtype need "
                            + std::to_string(numel * dtypeSize(info.dtype)));
        byName_[name] = tensors_.size();
        tensors_.push_back(std::move(info));
    }

    // Ranges must not overlap (sorted by begin; zero-sized tensors overlap nothing).
    std::vector<const TensorInfo *> sorted;
    for (const auto &t : tensors_)
        sorted.push_back(&t);
    std::sort(sorted.begin(), sorted.end(), [](auto a, auto b) { return a->begin < b->begin; });
    uint64_t lastEnd = 0;
    const TensorInfo *last = nullptr;
    for (const auto *t : sorted) {
        if (t->begin == t->end)
            continue;
        if (last && t->begin < lastEnd)
            fail(path_, "tensor '" + t->name + "' overlaps tensor '" + last->name + "'");
        lastEnd = t->end;
        last = t;
    }
}

const TensorInfo *SafetensorsFile::find(const std::string &name) const
{
    const auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : &tensors_[it->second];
}

const TensorInfo &SafetensorsFile::at(const std::string &name) const
{
    if (const auto *t = find(name))
        return *t;
    fail(path_, "has no tensor '" + name + "'");
}

void writeSafetensors(const std::string &path, const std::vector<TensorBlob> &tensors,
                      const std::map<std::string, std::string> &metadata)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto &t : tensors) {
        if (t.name == "__metadata__")
            fail(path, "'__metadata__' is reserved and cannot name a tensor");
        uint64_t numel = 1;
        for (auto d : t.shape) {
            if (d < 0)
                fail(path, "tensor '" + t.name + "' has a negative dimension");
            if (d != 0 && numel > std::numeric_limits<uint64_t>::max() / 16 / static_cast<uint64_t>(d))
                fail(path, "tensor '" + t.name + "' has a shape whose size overflows");
            numel *= static_cast<uint64_t>(d);
        }
        if (t.nbytes > 0 && !t.data)
            fail(path, "tensor '" + t.name + "' has no data pointer");
        if (numel * dtypeSize(t.dtype) != t.nbytes)
            fail(path, "tensor '" + t.name + "' has " + std::to_string(t.nbytes) + " bytes for its shape's "
                           + std::to_string(numel * dtypeSize(t.dtype)));
        if (header.contains(t.name))
            fail(path, "tensor '" + t.name + "' is written twice");
        header[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.nbytes}}};
        offset += t.nbytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');

    try {
        sd::AtomicFile f(path);
        uint8_t len[8];
        for (int i = 0; i < 8; ++i)
            len[i] = static_cast<uint8_t>((static_cast<uint64_t>(text.size()) >> (8 * i)) & 0xff);
        f.write(len, 8);
        f.write(text);
        for (const auto &t : tensors)
            if (t.nbytes > 0)
                f.write(t.data, t.nbytes);
        f.commit();
    } catch (const sd::AtomicFileError &e) {
        throw SafetensorsError(e.what());
    }
}

} // namespace sd::vlm
