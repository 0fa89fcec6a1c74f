#include <xw/gis/error.hpp>
#include <xw/gis/output/output_folder.hpp>

#include <cerrno>
#include <fstream>
#include <system_error>

namespace xw::gis {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".xuewei-output";

/// Checks the target before anything is staged: a folder of the user's is never replaced.
fs::path checkedTarget(fs::path target) {
    std::error_code ec;
    const auto fail = [&](const std::string& why) {
        throw GisError(target.string(), "",
                       "无法写出结果 / cannot write the output set " + target.string() + ": " +
                           why);
    };
    if (target.empty())
        fail("未给出输出目录 / no output folder given");
    if (fs::exists(fs::symlink_status(target, ec))) {
        if (!fs::is_directory(fs::status(target, ec)))
            fail("同名文件已存在，不是文件夹 / a file of that name is in the way");
        const bool owned = fs::exists(target / kMarker, ec);
        const bool empty = fs::is_empty(target, ec) && !ec;
        if (!owned && !empty)
            fail("该文件夹非空且不是 xuewei "
                 "的输出，为免覆盖用户文件而停止；请换一个新的或空的文件夹 "
                 "/ the folder is not empty and was not written by xuewei; not replacing it, "
                 "choose a new or empty folder");
    }
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    if (ec)
        fail("无法创建上级文件夹 " + parent.string() +
             " / cannot create the parent folder: " + systemReason(ec.value()));
    return target;
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

StagedFolder::StagedFolder(fs::path target)
    : m_out(checkedTarget(std::move(target)), StagedOutput::Kind::Folder, true) {
    std::ofstream marker(m_out.path() / kMarker);
    marker << "xuewei output set / xuewei 输出目录\n";
    marker.close();
    if (!marker)
        throw GisError(m_out.target().string(), "",
                       m_out.describeFailure("无法写出结果 / cannot write the output set " +
                                             m_out.target().string() + ": " +
                                             systemReason(errno != 0 ? errno : EIO)));
}

} // namespace xw::gis
