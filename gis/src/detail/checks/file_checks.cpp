#include "detail/checks/file_checks.hpp"

#include <xw/core/detail/text.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace xw::gis::detail {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

std::string systemMessage(int error) {
    return std::strerror(error);
}

} // namespace

std::optional<std::uintmax_t> freeBytes(const fs::path& path) {
    std::error_code ec;
    const fs::space_info info = fs::space(path, ec);
    if (ec) {
        return std::nullopt;
    }
    return info.available;
}

std::optional<std::string> inputFileProblem(const fs::path& path, bool folderAllowed) {
    const std::string p = path.string();
    if (p.rfind("/vsi", 0) == 0) {
        return std::nullopt;
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
        const int error = errno;
        struct stat link {};
        const bool isLink = ::lstat(p.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
        switch (error) {
        case ELOOP:
            return std::string(
                "符号链接循环，链接最终指回自身 / symbolic link loop: the links lead "
                "back to themselves");
        case ENOENT:
            if (isLink) {
                std::error_code ec;
                const fs::path target = fs::read_symlink(path, ec);
                return "符号链接指向不存在的文件 / broken symbolic link to " + target.string();
            }
            return std::string("文件不存在 / file not found");
        case EACCES:
            return std::string(
                "没有权限，路径中的某个文件夹不可访问 / permission denied: a folder on "
                "the path cannot be entered");
        case ENOTDIR:
            return std::string("路径中的一部分不是文件夹 / a part of the path is not a folder");
        case ENAMETOOLONG:
            return std::string("路径过长 / path too long");
        default:
            return "无法访问 / cannot access: " + systemMessage(error);
        }
    }
    if (S_ISDIR(st.st_mode)) {
        if (folderAllowed) {
            return std::nullopt;
        }
        return std::string("这是文件夹而不是文件 / is a folder, not a file");
    }
    if (S_ISFIFO(st.st_mode)) {
        return std::string(
            "这是命名管道（FIFO）而不是文件，读取会一直等待 / is a named pipe (FIFO), "
            "not a file: reading it would wait forever for a writer");
    }
    if (S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
        return std::string("这是设备或套接字而不是文件 / is a device or socket, not a file");
    }
    if (!S_ISREG(st.st_mode)) {
        return std::string("不是普通文件 / not a regular file");
    }
    if (st.st_size == 0) {
        return std::string("文件为空（0 字节） / the file is empty (0 bytes)");
    }
    const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        if (error == EACCES || error == EPERM) {
            return std::string("没有读取权限 / permission denied: this user cannot read the file");
        }
        return "无法打开 / cannot open: " + systemMessage(error);
    }
    ::close(fd);
    return std::nullopt;
}

std::string openFailureReason(const fs::path& path, const std::string& gdalMessage) {
    const std::string lowered = core::detail::lowerAscii(gdalMessage);
    std::string reason;
    if (contains(lowered, "no such table: gpkg_") || contains(lowered, "gpkg_contents")) {
        reason = "GeoPackage 缺少其必需的表，文件没有完整写出（磁盘已满或复制中断？），请重新导出 "
                 "/ the GeoPackage lacks its required tables: it was not written completely "
                 "(a full disk or an interrupted copy?); export it again";
    } else if (contains(lowered, "malformed") || contains(lowered, "not a database") ||
               contains(lowered, "truncated") || contains(lowered, "corrupt")) {
        reason = "文件已损坏或不完整（复制中断或磁盘已满？），请重新导出 / the file is damaged or "
                 "incomplete (an interrupted copy or a full disk?); export it again";
    } else if (contains(lowered, "database or disk is full") || contains(lowered, "no space")) {
        reason = "磁盘已满 / no space left on device";
    } else if (contains(lowered, "disk i/o error") ||
               contains(lowered, "unable to open database")) {
        reason = "SQLite 无法读取此文件（它需要在文件旁写入临时文件：文件夹不可写或磁盘已满？）/ "
                 "SQLite cannot read the file (it needs to write temporary files beside it: is "
                 "the folder read-only or the disk full?)";
    } else if (const std::string ext = core::detail::lowerAscii(path.extension().string());
               gdalMessage.empty() && (ext == ".csv" || ext == ".tsv" || ext == ".txt")) {
        // Tables are opened with the CSV driver alone, which refuses a file whose first line has
        // no separator: a one-column table, or a file that is not text.
        reason =
            "GDAL 的 CSV 驱动不接受此文件：通常是第一行没有列分隔符（逗号、分号、制表符或空格），"
            "而表至少需要两列 / GDAL's CSV driver does not take this file: usually its first "
            "line has no column separator (comma, semicolon, tab or space), and a table needs "
            "at least two columns";
    } else if (gdalMessage.empty()) {
        reason = "没有能识别此文件格式的 GDAL 驱动 / no GDAL driver recognises this file's format";
        if (path.has_extension()) {
            reason += " (" + path.extension().string() + ")";
        }
    }
    if (const auto free = freeBytes(path.has_parent_path() ? path.parent_path() : fs::path("."));
        free && *free == 0) {
        reason += std::string(reason.empty() ? "" : "; ") +
                  "磁盘已满（剩余 0 字节）/ the disk is full (0 bytes free)";
    }
    if (reason.empty()) {
        return gdalMessage;
    }
    return gdalMessage.empty() ? reason : reason + " [GDAL: " + gdalMessage + "]";
}

} // namespace xw::gis::detail
