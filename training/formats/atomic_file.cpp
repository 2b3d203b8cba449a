#include "atomic_file.h"

#include <cerrno>
#include <utility>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sd {

namespace {

std::string folderOf(const std::string &path)
{
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp")
{
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0)
        throw AtomicFileError("cannot write " + path_ + ": " + std::strerror(errno));
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::discard() noexcept
{
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!tmp_.empty()) {
        ::unlink(tmp_.c_str());
        tmp_.clear();
    }
}

bool AtomicFile::write(const void *data, std::size_t n) noexcept
{
    if (error_ != 0 || fd_ < 0)
        return false;
    const auto *p = static_cast<const char *>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            error_ = w < 0 ? errno : ENOSPC; // write() returning 0 for n > 0 means no space
            failedStep_ = "write";
            return false;
        }
        p += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

void AtomicFile::fail(const char *step, int error)
{
    discard();
    throw AtomicFileError("cannot write " + path_ + " (" + step + "): " + std::strerror(error));
}

void AtomicFile::commit()
{
    if (fd_ < 0)
        throw AtomicFileError("cannot write " + path_ + ": already committed");
    if (error_ != 0)
        fail(failedStep_, error_);
    if (::fsync(fd_) != 0)
        fail("fsync", errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0)
        fail("close", errno);
    if (::rename(tmp_.c_str(), path_.c_str()) != 0)
        fail("rename", errno);
    tmp_.clear();
    syncFolder(folderOf(path_)); // the rename is durable only once the folder's entry is on disk too
}

void syncFolder(const std::string &dir) noexcept
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void writeFileAtomically(const std::string &path, std::string_view bytes)
{
    AtomicFile f(path);
    f.write(bytes);
    f.commit();
}

} // namespace sd
