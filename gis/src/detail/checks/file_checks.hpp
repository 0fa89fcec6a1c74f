#pragma once
// Internal: plain reasons why an input file cannot be read, found before any library opens it (a
// FIFO would block GDAL's open forever; a symlink loop or a permission problem would come back
// as "not found" or as an SQLite message), and after a failed GDAL open.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace xw::gis::detail {

/// Why `path` cannot be read as an input, or nullopt when it can. Without opening anything that
/// could block, it checks existence (a broken symlink and a symlink loop are named as such), the
/// kind (a folder, a named pipe, a socket or a device is refused; a folder only when
/// `folderAllowed`, e.g. a FileGDB `.gdb`), a size of 0 bytes and read permission. Paths under
/// GDAL's /vsi… prefixes are not checked (nullopt). The reason is Chinese first, then English,
/// without the path (the caller names the file).
[[nodiscard]] std::optional<std::string> inputFileProblem(const std::filesystem::path& path,
                                                          bool folderAllowed = false);

/// A plain reason for a failed GDAL open of `path` (already checked by inputFileProblem), from
/// GDAL's last message: damaged or incomplete files, GeoPackages without their tables, a full
/// disk, a table (.csv, .tsv, .txt) the CSV driver does not take, no driver for the format.
/// Includes GDAL's own text when there is one.
[[nodiscard]] std::string openFailureReason(const std::filesystem::path& path,
                                            const std::string& gdalMessage);

/// Bytes free for unprivileged users on the filesystem holding `path`, or nullopt.
[[nodiscard]] std::optional<std::uintmax_t> freeBytes(const std::filesystem::path& path);

} // namespace xw::gis::detail
