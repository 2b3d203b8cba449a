// Writes a file so that it is either complete or absent: the bytes go to
// PATH.tmp in the same folder, every write, the fsync and the close are
// checked, and only then is the temporary file renamed over PATH (and the
// folder synced). A full disk, a file size limit (EFBIG) or an I/O error leaves
// the previous PATH untouched, removes the temporary file and throws
// AtomicFileError naming PATH and the reason. Torch-free and Qt-free.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sd {

class AtomicFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class AtomicFile {
public:
    explicit AtomicFile(std::string path); // throws AtomicFileError if PATH.tmp cannot be created
    ~AtomicFile();                         // without commit(): removes the temporary file
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    // Never throws (usable as a libtorch writer callback): the first failure is
    // remembered, later writes are skipped, and commit() reports it.
    bool write(const void *data, std::size_t n) noexcept;
    bool write(std::string_view bytes) noexcept { return write(bytes.data(), bytes.size()); }
    bool ok() const { return error_ == 0; }

    void commit(); // fsync, close, rename onto PATH, fsync the folder; throws AtomicFileError

    const std::string &path() const { return path_; }

private:
    [[noreturn]] void fail(const char *step, int error);
    void discard() noexcept;

    std::string path_, tmp_;
    int fd_ = -1;
    int error_ = 0;
    const char *failedStep_ = nullptr;
};

// The whole file in one go, atomically as above.
void writeFileAtomically(const std::string &path, std::string_view bytes);

// Makes renames inside `dir` durable (fsync of the folder); errors are ignored.
void syncFolder(const std::string &dir) noexcept;

} // namespace sd
