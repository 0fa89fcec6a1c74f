#pragma once
// Progress and cancellation of long computations: one callback type for every layer. A front end
// turns the reports into progress lines (CLI) or a progress bar (viewer) and may cancel through
// the flag; the computation polls cancelled() at its loop boundaries and throws Cancelled.
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

namespace xw::core {

/// Thrown by a computation that noticed Progress::cancelled(). Nothing it was computing is
/// returned; inputs are unchanged.
class Cancelled : public std::exception {
public:
    [[nodiscard]] const char* what() const noexcept override { return "已取消 / cancelled"; }
};

/// A step name ("projection", "allocation primary 2026", …), work done and total work (any unit;
/// total 0 means unknown). Reports come from the calling thread of the computation, never from a
/// worker thread, so the callback needs no locking.
class Progress {
public:
    using Callback =
        std::function<void(std::string_view step, std::int64_t done, std::int64_t total)>;

    /// No reports, never cancelled.
    Progress() = default;
    /// `cancel` (may be null) must outlive every computation given this Progress.
    explicit Progress(Callback callback, const std::atomic<bool>* cancel = nullptr)
        : m_callback(std::move(callback)), m_cancel(cancel) {}

    void report(std::string_view step, std::int64_t done, std::int64_t total) const {
        if (m_callback)
            m_callback(step, done, total);
    }
    [[nodiscard]] bool cancelled() const {
        return m_cancel != nullptr && m_cancel->load(std::memory_order_relaxed);
    }
    /// \throws Cancelled when cancelled().
    void throwIfCancelled() const {
        if (cancelled())
            throw Cancelled();
    }
    /// The cancel flag alone (for worker threads, which must not report).
    [[nodiscard]] const std::atomic<bool>* cancelFlag() const { return m_cancel; }

private:
    Callback m_callback;
    const std::atomic<bool>* m_cancel = nullptr;
};

} // namespace xw::core
