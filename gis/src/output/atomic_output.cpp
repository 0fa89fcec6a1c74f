// All-or-nothing output by a staged sibling and a rename (see the header).
#include <xw/gis/output/atomic_output.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;

std::string systemReason(int err) {
    switch (err) {
    case EACCES:
    case EPERM:
        return "没有写权限 / permission denied";
    case EROFS:
        return "文件系统只读 / read-only file system";
    case ENOSPC:
    case EDQUOT:
        return "磁盘空间不足 / no space left on device";
    case ENOENT:
        return "路径不存在 / no such file or folder";
    case ENOTDIR:
        return "路径中有一段不是目录 / a part of the path is not a folder";
    default:
        return std::error_code(err, std::generic_category()).message();
    }
}

[[noreturn]] void fail(const fs::path& path, const std::string& why) {
    throw GisError(path.string(), "",
                   "无法写入输出 / cannot write output " + path.string() + ": " + why);
}

fs::path stagedSibling(const fs::path& target, const char* role) {
    static std::atomic<unsigned> counter{0};
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "." + std::string.
    std::string name(1, '.');
    name += target.stem().string();
    name += '.';
    name += role;
    name += '-';
    name += std::to_string(::getpid());
    name += '-';
    name += std::to_string(counter++);
    name += target.extension().string();
    return folder / name;
}

/// fsync(2) of one file or folder; false (errno set) when it cannot be opened or synced.
bool syncOne(const fs::path& p, bool folder) {
    const int fd = ::open(p.c_str(), (folder ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    errno = err;
    return ok;
}

/// Flushes a staged file, or every file and folder of a staged folder, to the disk, so that
/// the rename publishes complete data even across a crash of the machine. 0 or the errno.
int syncTree(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_directory(p, ec))
        return syncOne(p, false) ? 0 : errno;
    for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
        const bool folder = entry.is_directory(ec);
        if (!folder && !entry.is_regular_file(ec))
            continue;
        if (!syncOne(entry.path(), folder))
            return errno;
    }
    if (ec)
        return ec.value();
    return syncOne(p, true) ? 0 : errno;
}

void removeQuietly(const fs::path& p) {
    std::error_code ec;
    fs::remove_all(p, ec); // best effort: nothing useful to do on failure here
}

} // namespace

StagedOutput::StagedOutput(fs::path target, Kind kind, bool overwrite)
    : m_target(std::move(target)), m_kind(kind), m_overwrite(overwrite) {
    // "out/" names the folder out: drop trailing separators.
    while (m_target.has_parent_path() && m_target.filename().empty() &&
           m_target != m_target.parent_path())
        m_target = m_target.parent_path();
    if (m_target.empty() || m_target.filename().empty() || m_target.filename() == "." ||
        m_target.filename() == "..") {
        fail(m_target, "不是文件或目录名 / not a file or folder name");
    }
    const fs::path folder = m_target.parent_path().empty() ? fs::path(".") : m_target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        fail(m_target, "上级目录不存在 / the folder " + folder.string() + " does not exist");
    }
    const fs::file_status st = fs::symlink_status(m_target, ec);
    if (fs::exists(st) && !m_overwrite) {
        fail(m_target, "已存在，用 --force 覆盖 / already exists; use --force to overwrite it");
    }
    m_staged = stagedSibling(m_target, "partial");
    // Create the staged entry now: a missing permission, a read-only or full file system shows
    // here, before any work is done. A file is created and removed again (drivers create their
    // own file; some refuse to open an existing empty one).
    errno = 0;
    if (m_kind == Kind::Folder) {
        if (::mkdir(m_staged.c_str(), 0777) != 0) {
            const int err = errno;
            fail(m_target, systemReason(err) + " (" + folder.string() + ")");
        }
    } else {
        std::FILE* probe = std::fopen(m_staged.c_str(), "wx");
        if (probe == nullptr) {
            const int err = errno;
            fail(m_target, systemReason(err) + " (" + folder.string() + ")");
        }
        std::fclose(probe);
        std::remove(m_staged.c_str());
    }
}

StagedOutput::~StagedOutput() {
    if (!m_committed) {
        removeQuietly(m_staged);
    }
}

void StagedOutput::commit() {
    std::error_code ec;
    if (!fs::exists(m_staged, ec)) {
        fail(m_target, "暂存输出不存在 / the staged output " + m_staged.string() + " is missing");
    }
    if (const int err = syncTree(m_staged); err != 0) {
        fail(m_target, systemReason(err));
    }
    const bool targetExists = fs::exists(fs::symlink_status(m_target, ec));
    if (targetExists && !m_overwrite) {
        fail(m_target, "已存在，用 --force 覆盖 / already exists; use --force to overwrite it");
    }
    if (!targetExists) {
        if (::rename(m_staged.c_str(), m_target.c_str()) != 0) {
            const int err = errno;
            fail(m_target, systemReason(err));
        }
        m_committed = true;
        syncParent();
        return;
    }
    // Replace: swap both names in one step, then remove the old output (now at the staged path).
    if (::renameat2(AT_FDCWD, m_staged.c_str(), AT_FDCWD, m_target.c_str(), RENAME_EXCHANGE) == 0) {
        m_committed = true;
        syncParent();
        removeQuietly(m_staged);
        return;
    }
    const int exchangeErr = errno;
    if (exchangeErr != EINVAL && exchangeErr != ENOSYS && exchangeErr != EOPNOTSUPP) {
        fail(m_target, systemReason(exchangeErr));
    }
    // No exchange on this file system: move the old target aside, then the new one in.
    const fs::path aside = stagedSibling(m_target, "old");
    if (::rename(m_target.c_str(), aside.c_str()) != 0) {
        const int err = errno;
        fail(m_target, systemReason(err));
    }
    if (::rename(m_staged.c_str(), m_target.c_str()) != 0) {
        const int err = errno;
        ::rename(aside.c_str(), m_target.c_str()); // put the old output back
        fail(m_target, systemReason(err));
    }
    m_committed = true;
    syncParent();
    removeQuietly(aside);
}

void StagedOutput::syncParent() const {
    // Makes the rename itself durable; a failure here cannot undo the commit, so it is ignored.
    syncOne(m_target.parent_path().empty() ? fs::path(".") : m_target.parent_path(), true);
}

std::string StagedOutput::describeFailure(const std::string& message) const {
    // Drivers word a full disk in their own way; strerror(ENOSPC) and SQLite's are the usual.
    std::string lower = message;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool full = lower.find("no space left") != std::string::npos ||
                lower.find("disk is full") != std::string::npos ||
                lower.find("disk full") != std::string::npos;
    unsigned long long freeBytes = 0;
    struct statvfs vfs {};
    const fs::path folder = m_target.parent_path().empty() ? fs::path(".") : m_target.parent_path();
    const bool known = ::statvfs(folder.c_str(), &vfs) == 0;
    if (known) {
        freeBytes = static_cast<unsigned long long>(vfs.f_bavail) * vfs.f_frsize;
        // Less than 64 KiB left after a failed write: the write almost surely ran out of space.
        full = full || freeBytes < (64ULL << 10);
    }
    if (!full)
        return message;
    return message + " (磁盘空间不足 / no space left on device" +
           (known ? ": " + std::to_string(freeBytes) + " bytes free" : std::string()) + ")";
}

} // namespace xw::gis
