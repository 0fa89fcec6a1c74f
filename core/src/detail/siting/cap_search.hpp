#pragma once
// Private to core: the search of the capacitated models over sets of open options — relocation
// moves with "don't look" marks, additions in budget mode and variable neighbourhood search —
// where every set is scored by an assignment solver (assignment.hpp: the transport solver when
// children may be split, a generalised-assignment heuristic when single-source).
#include "detail/siting/assignment.hpp"
#include "detail/siting/swap_search.hpp"

#include <xw/core/common/progress.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace xw::core::detail::siting {

inline constexpr const char* kStepCapSearch = "选址 siting: 学位约束搜索 capacitated search";
/// Relocation candidates evaluated per open option and descent step.
inline constexpr std::size_t kCapCandidates = 3;

/// The budget with a relative tolerance of 1e-9 for the rounding of summed costs (yuan).
[[nodiscard]] double budgetCap(const OpenLimit& limit);

/// Local search and VNS over open option sets, each evaluated by an assignment solver.
class CapSearch {
public:
    CapSearch(const CapInstance& in, Assigner& assigner, OpenLimit limit)
        : m_in(in), m_as(assigner), m_limit(std::move(limit)) {
        m_open.assign(in.options().size(), 0);
    }

    void setLimit(OpenLimit limit) { m_limit = std::move(limit); }
    [[nodiscard]] std::int64_t score() const { return m_score; }
    [[nodiscard]] const std::vector<CapFlow>& flows() const { return m_flows; }
    [[nodiscard]] std::int64_t evaluations() const { return m_evaluations; }
    [[nodiscard]] std::int64_t moves() const { return m_moves; }
    [[nodiscard]] std::int64_t work() const { return m_as.work(); }
    [[nodiscard]] std::vector<std::uint32_t> openList() const;
    [[nodiscard]] double spent(const std::vector<std::uint8_t>& open) const;

    /// Opens exactly these options and accepts their assignment.
    void setOpen(const std::vector<std::uint32_t>& options);

    /// Evaluates `open`; keeps it when better (or when `always`). Returns true when kept.
    bool tryOpen(const std::vector<std::uint8_t>& open, bool always = false);

    /// Relocation moves (and, with a budget, additions) until none improves. An open option is
    /// looked at again only when its column's children changed since it was last looked at
    /// ("don't look" marks), so a descent after a small change stays cheap.
    std::int64_t localSearch(const Progress& progress);

    /// Opens k random closed options in place of open ones (count mode) or within the budget
    /// (closing random others until it holds), and accepts the result whatever its score.
    void shake(int k, DeterministicRng& rng);

    /// Variable neighbourhood search from the current answer (shake k = 1 … kmax, descend, keep
    /// when better): stops at `target` or when `limit` says; leaves the search at the best answer
    /// and returns the iterations run.
    int vns(DeterministicRng& rng, const VnsLimit& limit, int kmax, std::int64_t target,
            const Progress& progress);

    /// Cost (score units) of each active point now: per point (single-source) or per child at
    /// its dearest flow (split); unassigned where nothing is assigned.
    [[nodiscard]] std::vector<std::int64_t> currentCosts() const;

private:
    [[nodiscard]] std::int64_t costOf(std::size_t u, std::uint32_t column) const;

    std::int64_t evaluate(const std::vector<std::uint8_t>& open);
    void acceptLast();
    /// Groups the flows by column and marks the open options whose column's flows changed.
    void index();

    /// Closed options that would serve r's children more cheaply, best first (at most
    /// kCapCandidates), by Σ over r's children of the cost at the option's column.
    std::vector<std::uint32_t> relocation(std::uint32_t r);

    /// Gain of each closed option over the current costs (what it would save if opened).
    [[nodiscard]] std::vector<std::int64_t> gains() const;

    /// Budget mode: add the affordable option whose gain over the current costs is largest.
    bool tryAdds();

    /// Count mode: open options by gain until the count is reached.
    void fill();

    const CapInstance& m_in;
    Assigner& m_as;
    OpenLimit m_limit;
    std::vector<std::uint8_t> m_open;
    std::int64_t m_score = 0;
    bool m_hasScore = false;
    std::vector<CapFlow> m_flows;
    std::vector<std::vector<std::uint32_t>> m_byColumn;
    std::vector<std::int64_t> m_capacity;
    std::vector<std::int64_t> m_delta;
    std::vector<std::uint32_t> m_touched;
    std::vector<std::uint8_t> m_mark;
    std::vector<std::uint8_t> m_look;
    std::vector<std::uint64_t> m_signature;
    std::int64_t m_evaluations = 0;
    std::int64_t m_moves = 0;
};

} // namespace xw::core::detail::siting
