#include <xw/gis/error.hpp>
#include <xw/gis/output_folder.hpp>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace xw::gis {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".xuewei-output";

[[noreturn]] void fail(const fs::path& target, const std::string& what) {
    throw GisError(target.string(), "",
                   "无法写出结果 / cannot write the output set " + target.string() + ": " + what);
}

bool ownedOrEmpty(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir / kMarker, ec))
        return true;
    return fs::is_empty(dir, ec) && !ec;
}

} // namespace

std::string systemReason(int e) {
    switch (e) {
    case ENOSPC:
        return "磁盘空间不足 / no space left on device";
    case EDQUOT:
        return "超出磁盘配额 / disk quota exceeded";
    case EACCES:
    case EPERM:
        return "权限不足 / permission denied";
    case EROFS:
        return "文件系统只读 / read-only file system";
    case ENOENT:
        return "路径不存在 / no such file or folder";
    case ENOTDIR:
        return "路径中有一部分不是文件夹 / a part of the path is not a folder";
    case EEXIST:
        return "已存在 / already exists";
    case ELOOP:
        return "符号链接循环 / too many levels of symbolic links";
    case ENAMETOOLONG:
        return "路径过长 / file name too long";
    case EIO:
        return "输入输出错误 / input/output error";
    default:
        return std::generic_category().message(e);
    }
}

StagedFolder::StagedFolder(fs::path target) : m_target(std::move(target)) {
    std::error_code ec;
    if (m_target.empty())
        fail(m_target, "未给出输出目录 / no output folder given");
    const fs::file_status st = fs::symlink_status(m_target, ec);
    if (fs::exists(st)) {
        if (!fs::is_directory(fs::status(m_target, ec)))
            fail(m_target, "同名文件已存在，不是文件夹 / a file of that name is in the way");
        if (!ownedOrEmpty(m_target))
            fail(m_target,
                 "该文件夹非空且不是 xuewei 的输出，为免覆盖用户文件而停止；请换一个新的或空的"
                 "文件夹 / the folder is not empty and was not written by xuewei; not replacing "
                 "it, choose a new or empty folder");
    }
    const fs::path parent =
        m_target.has_parent_path() ? m_target.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    if (ec)
        fail(m_target, "无法创建上级文件夹 " + parent.string() + " / cannot create the parent "
                       "folder: " + systemReason(ec.value()));
    // The staging folder sits beside the target so that the final rename stays on one file
    // system.
    std::string name = "." + m_target.filename().string() + ".staging-XXXXXX";
    std::string templ = (parent / name).string();
    if (::mkdtemp(templ.data()) == nullptr)
        fail(m_target, "无法创建临时文件夹 / cannot create the staging folder in " +
                           parent.string() + ": " + systemReason(errno));
    m_staging = templ;
    std::ofstream marker(m_staging / kMarker);
    marker << "xuewei output set / xuewei 输出目录\n";
    marker.close();
    if (!marker) {
        const int e = errno;
        fs::remove_all(m_staging, ec);
        fail(m_target, systemReason(e != 0 ? e : EIO));
    }
}

StagedFolder::~StagedFolder() {
    if (!m_committed && !m_staging.empty()) {
        std::error_code ec;
        fs::remove_all(m_staging, ec); // best effort
    }
}

void StagedFolder::commit() {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(m_target, ec))) {
        if (::rename(m_staging.c_str(), m_target.c_str()) != 0)
            fail(m_target, systemReason(errno));
        m_committed = true;
        return;
    }
    // Swap the two folders in one step, then remove the previous set (now at the staging path).
    if (::renameat2(AT_FDCWD, m_staging.c_str(), AT_FDCWD, m_target.c_str(), RENAME_EXCHANGE) !=
        0) {
        const int e = errno;
        if (e != EINVAL && e != ENOSYS)
            fail(m_target, systemReason(e));
        // A file system without RENAME_EXCHANGE: move the old set aside, then rename.
        const fs::path aside = m_staging.string() + ".previous";
        if (::rename(m_target.c_str(), aside.c_str()) != 0)
            fail(m_target, systemReason(errno));
        if (::rename(m_staging.c_str(), m_target.c_str()) != 0) {
            const int e2 = errno;
            (void)::rename(aside.c_str(), m_target.c_str());
            fail(m_target, systemReason(e2));
        }
        fs::remove_all(aside, ec);
        m_committed = true;
        return;
    }
    m_committed = true;
    fs::remove_all(m_staging, ec); // the previous set; a leftover is harmless
}

} // namespace xw::gis
