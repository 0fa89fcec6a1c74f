#pragma once
// The output set of a command, written all or nothing: a gis::StagedOutput folder (staged beside
// the target, swapped in with one rename on commit) that also refuses to replace a folder xuewei
// did not write, so `--out ~` can never wipe a user's files.
#include <xw/gis/output/atomic_output.hpp>

#include <filesystem>
#include <string>

namespace xw::gis {

class StagedFolder {
public:
    /// The target, when it exists, must be a folder that is empty or that a previous StagedFolder
    /// wrote (it holds the marker file `.xuewei-output`).
    /// \throws GisError naming the target and why (a file in the way, a foreign non-empty folder,
    /// no permission, no space) — with nothing left behind.
    explicit StagedFolder(std::filesystem::path target);

    /// Where to write the files now.
    [[nodiscard]] const std::filesystem::path& path() const { return m_out.path(); }
    /// Where they will be once committed.
    [[nodiscard]] const std::filesystem::path& target() const { return m_out.target(); }
    /// Puts the staged set in place of the target (StagedOutput::commit).
    void commit() { m_out.commit(); }

private:
    StagedOutput m_out;
};

/// The reason text of an errno value in Chinese and English, for file messages: "磁盘空间不足 /
/// no space left on device", "权限不足 / permission denied", …
[[nodiscard]] std::string systemReason(int errorNumber);

} // namespace xw::gis
