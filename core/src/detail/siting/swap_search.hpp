#pragma once
// Private to core: greedy, fast swap local search and variable neighbourhood search for the
// uncapacitated min-sum models (p-median, and MCLP as "least uncovered weight") over an
// UncapInstance.
//
// Bookkeeping (Whitaker 1983; Resende & Werneck 2003, "On the implementation of a swap-based
// local search procedure for the p-median problem"): per point u its nearest open option φ1(u)
// and second φ2(u) (the fallback F_u — existing schools or the penalty — is an always-open
// pseudo-option), with costs c1 ≤ c2; then
//   gain(i)    = Σ_u max(0, c1(u) − c(u,i))                       for closed i
//   loss(r)    = Σ_{u: φ1(u)=r} (c2(u) − c1(u))                  for open r
//   extra(i,r) = Σ_{u: φ1(u)=r, c(u,i)<c2(u)} (c2(u) − max(c(u,i), c1(u)))
// and the saving of swapping i in and r out is gain(i) − loss(r) + extra(i,r). After a move
// only the points whose φ1/φ2 change or that the new option attracts are re-counted. All sums
// are exact 64-bit integers, so the bookkeeping never drifts and results do not depend on the
// order of summation.
#include "detail/siting/instance.hpp"

#include <xw/core/common/progress.hpp>
#include <xw/core/projection/monte_carlo.hpp>

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace xw::core::detail::siting {

/// How many options may be open: exactly `count` (count mode) or any set whose cost is within
/// the budget.
struct OpenLimit {
    bool budget = false;
    std::size_t count = 0;
    double budgetYuan = 0.0;
    std::vector<double> costYuan; ///< per option (budget mode)
};

class SwapSearch {
public:
    SwapSearch(const UncapInstance& instance, OpenLimit limit, int threads);

    /// Opens exactly these options (and closes the others) and recounts everything.
    void reset(const std::vector<std::uint32_t>& open);
    /// Σ cost over active points + the instance's constant.
    [[nodiscard]] std::int64_t objective() const { return m_objective; }
    [[nodiscard]] const std::vector<std::uint32_t>& open() const { return m_open; }
    /// Open options in increasing order.
    [[nodiscard]] std::vector<std::uint32_t> openSorted() const;
    [[nodiscard]] bool isOpen(std::uint32_t option) const { return m_isOpen[option] != 0; }
    /// Nearest open option of active point u, or kNone for the fallback.
    [[nodiscard]] std::uint32_t nearestOf(std::size_t u) const { return m_f1[u]; }
    [[nodiscard]] std::int64_t costOf(std::size_t u) const { return m_c1[u]; }
    [[nodiscard]] double spentYuan() const;

    /// Adds options one at a time, each the one saving most (per yuan in budget mode), until
    /// the count is reached, the budget allows none or no option saves anything.
    void greedy(const Progress& progress);
    /// Best-improvement swap (and, with a budget, add) moves until none improves. Returns the
    /// number of moves.
    std::int64_t localSearch(const Progress& progress);
    /// k random moves (swaps; with a budget an addition and removals). `local`: the incoming
    /// site is drawn from the list of a point the outgoing site serves (large problems, where a
    /// site anywhere would touch points far beyond their lists).
    void shake(int k, DeterministicRng& rng, bool local = false);
    /// Moves made since construction (greedy additions included).
    [[nodiscard]] std::int64_t moves() const { return m_moves; }
    /// Elementary steps done so far (list entries visited, points scanned, pairs priced): a
    /// deterministic measure of effort that stopping rules use instead of the clock.
    [[nodiscard]] std::int64_t work() const { return m_work; }

    /// Swaps `in` (closed, or kNone) in and `out` (open, or kNone) out, updating the counts.
    void apply(std::uint32_t in, std::uint32_t out);

    /// Recomputes every count from nothing and compares (tests): true when equal.
    [[nodiscard]] bool consistent() const;

    /// Replaces the limit (count or budget); the open set is kept.
    void setLimit(OpenLimit limit) { m_limit = std::move(limit); }
    /// Loss of closing open option r (its points' cost increase).
    [[nodiscard]] std::int64_t lossOf(std::uint32_t r) const { return m_loss[r]; }
    /// Records every move made from now on into `log` (nullptr stops recording).
    void setLog(std::vector<std::pair<std::uint32_t, std::uint32_t>>* log) { m_log = log; }

private:
    struct Move {
        std::int64_t profit = 0;
        std::uint32_t in = kNone;
        std::uint32_t out = kNone;
    };
    void nearestTwo(std::size_t u, std::uint32_t& f1, std::int64_t& c1, std::uint32_t& f2,
                    std::int64_t& c2) const;
    /// Adds (sign 1) or removes (−1) point u's part of gain, loss and extra; counts its work
    /// when `count` (single-threaded callers only).
    void contribute(std::size_t u, std::int64_t sign, std::vector<std::int64_t>& gain,
                    std::vector<std::int64_t>& loss, std::vector<std::int64_t>& extra,
                    bool count) const;
    [[nodiscard]] Move bestMove() const;
    [[nodiscard]] bool mustFill() const;
    void ensureSlots(std::size_t slots);
    void recountAll();

    const UncapInstance& m_in;
    OpenLimit m_limit;
    int m_threads = 1;
    std::size_t m_m = 0;
    std::vector<std::uint8_t> m_isOpen;
    std::vector<std::uint32_t> m_open;
    std::vector<std::uint32_t> m_slotOf; ///< option → slot of the extra matrix (open only)
    std::vector<std::uint32_t> m_freeSlots;
    std::size_t m_slots = 0;               ///< columns of the extra matrix
    std::vector<std::uint32_t> m_f1, m_f2; ///< per active point
    std::vector<std::int64_t> m_c1, m_c2;
    std::vector<std::int64_t> m_gain;  ///< per option
    std::vector<std::int64_t> m_loss;  ///< per option (open ones)
    std::vector<std::int64_t> m_extra; ///< option × slot
    std::int64_t m_objective = 0;
    std::int64_t m_moves = 0;
    mutable std::int64_t m_work = 0;
    std::vector<std::uint32_t> m_affected;
    std::vector<std::pair<std::uint32_t, std::uint32_t>>* m_log = nullptr;
};

/// Variable neighbourhood search (Hansen & Mladenović 1997): from the search's current local
/// optimum, shake k random moves (k = 1 … kmax, back to 1 after each improvement), descend with
/// localSearch, keep the result when better and undo it otherwise. Stops when the objective
/// reaches `target` (a proven bound), or after `stall.iterations` iterations in a row without a
/// better answer (when > 0), or once the search's work since the last better answer exceeds
/// `stall.work` (when > 0) or its total work in this call exceeds `stall.totalWork` (when > 0).
/// Leaves the search at the best solution found; returns the iterations run.
struct VnsLimit {
    int iterations = 0;
    std::int64_t work = 0;
    std::int64_t totalWork = 0;
};
int variableNeighbourhoodSearch(SwapSearch& search, DeterministicRng& rng, VnsLimit stall, int kmax,
                                std::int64_t target, const Progress& progress,
                                std::string_view step, bool localShakes = false);

} // namespace xw::core::detail::siting
