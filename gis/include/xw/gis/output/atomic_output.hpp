#pragma once
// All-or-nothing output: a file or a whole folder is written at a staged path beside its target
// and renamed onto the target only when complete. Readers never see a half-written output, an
// existing output is never half overwritten, and a failure leaves nothing behind.
//
//     StagedOutput out(target, StagedOutput::Kind::Folder, force);
//     writeEverythingInto(out.path());   // may throw: the destructor removes the staged folder
//     out.commit();                      // one rename (an atomic exchange when replacing)
#include <xw/gis/error.hpp>

#include <filesystem>

namespace xw::gis {

/// A staged file or folder that becomes `target` on commit(). Not copyable; one owner.
/// The staged path is a hidden sibling of the target (".<stem>.partial-<pid>-<n><ext>": same
/// folder, so the rename stays on one file system; same extension, for drivers that look at it).
class StagedOutput {
public:
    enum class Kind { File, Folder };

    /// Checks that the target's folder exists and accepts new entries and that the target is
    /// absent unless `overwrite`; for Kind::Folder creates the empty staged folder, for
    /// Kind::File creates nothing (the writer creates the file at path()).
    /// \throws GisError naming the path and why (Chinese first, then English): folder missing,
    /// no permission, target exists without `overwrite`, target is a folder's parent, …
    StagedOutput(std::filesystem::path target, Kind kind, bool overwrite);
    /// Removes the staged path and everything in it unless commit() succeeded; never throws.
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    /// Where to write (the staged file or folder).
    [[nodiscard]] const std::filesystem::path& path() const { return m_staged; }
    [[nodiscard]] const std::filesystem::path& target() const { return m_target; }

    /// Flushes the staged output to the disk (fsync of every file and folder), then moves it
    /// onto the target. An absent target appears with one rename(2); an
    /// existing one (only with `overwrite`) is swapped in one renameat2(RENAME_EXCHANGE) and the
    /// old content is then removed, so the target is at every instant either the whole old or
    /// the whole new output. Where the file system cannot exchange, the old target is first
    /// renamed aside and restored if the second rename fails.
    /// \throws GisError naming the target and the system's reason; the staged output is then
    /// still removed by the destructor and an old target is left as it was.
    void commit();

    /// `message` (a failed write's error) plus, when the target's file system has less than
    /// 1 MiB left, "磁盘空间不足 / no space left on device: N bytes free" — drivers often say
    /// only "write failed". Call it before the staged output is removed (the space is still
    /// taken then).
    [[nodiscard]] std::string describeFailure(const std::string& message) const;

private:
    void syncParent() const;

    std::filesystem::path m_target;
    std::filesystem::path m_staged;
    Kind m_kind;
    bool m_overwrite;
    bool m_committed = false;
};

} // namespace xw::gis
