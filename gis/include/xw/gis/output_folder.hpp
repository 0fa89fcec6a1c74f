#pragma once
// An output set written all or nothing: files go into a staging folder beside the target, and
// commit() swaps it with the target in one rename (renameat2 RENAME_EXCHANGE on Linux), so readers
// see either the whole previous set or the whole new one; a failure before commit() leaves the
// previous set untouched and the staging folder removed.
#include <filesystem>
#include <string>

namespace xw::gis {

class StagedFolder {
public:
    /// Creates the staging folder. The target, when it exists, must be a folder that is empty or
    /// that a previous StagedFolder wrote (it holds the marker file `.xuewei-output`): an
    /// output set never replaces a folder of the user's.
    /// \throws GisError naming the target and why (a file in the way, a foreign non-empty folder,
    /// no permission, no space) — with nothing left behind.
    explicit StagedFolder(std::filesystem::path target);
    /// Removes the staging folder unless committed.
    ~StagedFolder();
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    /// Where to write the files now.
    [[nodiscard]] const std::filesystem::path& path() const { return m_staging; }
    /// Where they will be once committed.
    [[nodiscard]] const std::filesystem::path& target() const { return m_target; }

    /// Puts the staged set in place of the target and removes the previous set.
    /// \throws GisError when the swap fails (the previous set is then untouched).
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    bool m_committed = false;
};

/// The reason text of an errno value in Chinese and English, for file messages: "磁盘空间不足 /
/// no space left on device", "权限不足 / permission denied", …
[[nodiscard]] std::string systemReason(int errorNumber);

} // namespace xw::gis
