#pragma once
// Private to core: the capacitated instance (points with children and weights, the facility
// columns near each point) and the two assignment solvers the capacitated models evaluate an
// open set with:
//   split          the exact transport solver (core::TransportSolver, warm between calls);
//   single-source  a generalised-assignment heuristic: regret construction (Martello & Toth
//                  1981) from the previous assignment, then shift and swap moves until none
//                  improves (a heuristic: its answers are upper bounds).
// Costs (integer units, see instance.hpp): median w × min(d, penalty) per point (single) or
// min(d, penalty) per child (split); coverage 0 within the radius, otherwise the point is
// uncovered (w per point, 1 per child). A point or child with no facility costs "unassigned":
// w × penalty (median) or w (coverage); per child penalty or 1.
#include "detail/siting/instance.hpp"

#include <xw/core/allocation/transport.hpp>
#include <xw/core/siting/siting.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace xw::core::detail::siting {

/// An option of the capacitated models: a new site (its own column) or an expansion (extra
/// seats at its existing school's column).
struct CapOption {
    bool expansion = false;
    std::uint32_t index = 0;  ///< into candidates or expansions
    std::uint32_t column = 0; ///< facility column
    std::int64_t seats = 0;
    double costYuan = 0.0;
};

struct CapInstanceOptions {
    CostKind kind = CostKind::Median;
    std::int64_t penaltyUnits = kMaxUnits;
    bool uniformRadius = false;
    std::int64_t listCapUnits = kMaxUnits; ///< uniform radius: lists hold columns up to this
    bool split = false;                    ///< children may be split (weights are children)
    std::size_t neighbourLimit = 0;        ///< columns per list; 0 → all
    int threads = 1;
};

class CapInstance {
public:
    CapInstance(const SitingProblem& problem, const DistanceOracle& oracle,
                const CapInstanceOptions& options);

    [[nodiscard]] std::size_t size() const { return m_point.size(); }
    [[nodiscard]] std::size_t columns() const { return m_columns; }
    [[nodiscard]] std::size_t existingCount() const { return m_existing; }
    [[nodiscard]] const std::vector<CapOption>& options() const { return m_options; }
    [[nodiscard]] CostKind kind() const { return m_kind; }
    [[nodiscard]] bool split() const { return m_split; }
    [[nodiscard]] std::uint32_t point(std::size_t u) const { return m_point[u]; }
    [[nodiscard]] std::int64_t demand(std::size_t u) const { return m_demand[u]; }
    [[nodiscard]] std::int64_t weight(std::size_t u) const { return m_weight[u]; }
    [[nodiscard]] std::int64_t penaltyUnits() const { return m_penalty; }
    [[nodiscard]] std::int64_t radius(std::size_t u) const {
        return m_uniform ? m_uniformRadius : m_radius[u];
    }
    void setRadius(std::int64_t radiusUnits) { m_uniformRadius = radiusUnits; }
    /// Seats of the existing columns (sites: 0).
    [[nodiscard]] const std::vector<std::int64_t>& baseSeats() const { return m_baseSeats; }

    /// Single-source cost of point u at distance d; `unassigned(u)` when d is useless.
    [[nodiscard]] std::int64_t cost(std::size_t u, std::int64_t d) const {
        if (m_kind == CostKind::Median)
            return m_weight[u] * std::min(d, m_penalty);
        return d <= radius(u) ? 0 : m_weight[u];
    }
    [[nodiscard]] std::int64_t unassigned(std::size_t u) const {
        return m_kind == CostKind::Median ? m_weight[u] * m_penalty : m_weight[u];
    }
    /// Split: cost per child at distance d, and of an unplaced child.
    [[nodiscard]] std::int64_t childCost(std::size_t u, std::int64_t d) const {
        if (m_kind == CostKind::Median)
            return std::min(d, m_penalty);
        return d <= radius(u) ? 0 : 1;
    }
    [[nodiscard]] std::int64_t childUnassigned() const {
        return m_kind == CostKind::Median ? m_penalty : 1;
    }
    /// Useful (cost below unassigned) when d ≤ this.
    [[nodiscard]] std::int64_t usefulUnits(std::size_t u) const {
        return m_kind == CostKind::Median ? m_penalty - 1 : radius(u);
    }

    /// Columns near u (existing and sites), nearest first, ties by column; all useful columns
    /// within listCap unless truncated.
    [[nodiscard]] std::uint64_t listBegin(std::size_t u) const { return m_listStart[u]; }
    [[nodiscard]] std::uint64_t listEnd(std::size_t u) const { return m_listStart[u + 1]; }
    [[nodiscard]] std::uint32_t listColumn(std::uint64_t t) const { return m_listColumn[t]; }
    [[nodiscard]] std::int64_t listUnits(std::uint64_t t) const { return m_listUnits[t]; }
    [[nodiscard]] bool complete(std::size_t u) const { return m_complete[u] != 0; }
    /// Every site within this many units of u is in its list (existing ones always are).
    [[nodiscard]] std::int64_t listMax(std::size_t u) const { return m_listMax[u]; }
    /// Options standing at a column (a site, or the expansions of an existing school).
    [[nodiscard]] const std::vector<std::uint32_t>& optionsAt(std::uint32_t column) const {
        return m_optionsAt[column];
    }
    /// Capacity of every column with these options open.
    void capacities(const std::vector<std::uint8_t>& open, std::vector<std::int64_t>& out) const;

private:
    std::size_t m_existing = 0;
    std::size_t m_columns = 0;
    CostKind m_kind;
    bool m_split = false;
    std::int64_t m_penalty = kMaxUnits;
    bool m_uniform = false;
    std::int64_t m_uniformRadius = 0;
    std::vector<CapOption> m_options;
    std::vector<std::vector<std::uint32_t>> m_optionsAt;
    std::vector<std::int64_t> m_baseSeats;
    std::vector<std::uint32_t> m_point;
    std::vector<std::int64_t> m_demand;
    std::vector<std::int64_t> m_weight;
    std::vector<std::int64_t> m_radius;
    std::vector<std::uint64_t> m_listStart{0};
    std::vector<std::uint32_t> m_listColumn;
    std::vector<std::int64_t> m_listUnits;
    std::vector<std::uint8_t> m_complete;
    std::vector<std::int64_t> m_listMax;
};

/// Where the children of active points went: (active point, column, children).
struct CapFlow {
    std::uint32_t u = 0;
    std::uint32_t column = 0;
    std::int64_t children = 0;
};

/// Evaluates an open set: the assignment's score (median: cost units including unassigned
/// penalties; coverage: uncovered weight) with the given column capacities.
class Assigner {
public:
    virtual ~Assigner() = default;
    virtual std::int64_t solve(const std::vector<std::int64_t>& capacity) = 0;
    /// Makes the last solve the starting point of the next ones (single-source).
    virtual void accept() = 0;
    /// Flows of the last solve.
    virtual void flows(std::vector<CapFlow>& out) const = 0;
    /// Elementary steps so far (deterministic effort measure).
    [[nodiscard]] virtual std::int64_t work() const = 0;
    /// The score the next solves try to beat (lets a heuristic spend more effort only on
    /// promising open sets).
    void setTarget(std::int64_t score) { m_target = score; }
    /// The accepted state (single-source: the assignment), to come back to a better answer.
    [[nodiscard]] virtual std::vector<std::uint32_t> state() const = 0;
    virtual void setState(const std::vector<std::uint32_t>& state) = 0;

protected:
    std::int64_t m_target = std::numeric_limits<std::int64_t>::max();
};

/// When the single-source assigner goes beyond its quick answer (lagrangianRestarts).
struct DeepAssignment {
    int rounds = 0;     ///< price rounds (0: never)
    double share = 0.0; ///< open sets whose quick score is within this share above the target
};

/// Single-source: from the accepted assignment, the points it cannot keep placed in regret order
/// (Martello & Toth 1981), then shift, swap and shift–shift (ejection chain of length two)
/// moves until none improves. (Rounding the transport LP optimum as a second start was tried:
/// ten times slower on cpmp/SJC for no consistent gain.)
class SingleSourceAssigner final : public Assigner {
public:
    explicit SingleSourceAssigner(const CapInstance& instance, DeepAssignment deep = {});
    ~SingleSourceAssigner() override;
    std::int64_t solve(const std::vector<std::int64_t>& capacity) override;
    void accept() override { m_accepted = m_column; }
    void flows(std::vector<CapFlow>& out) const override;
    [[nodiscard]] std::vector<std::uint32_t> state() const override { return m_accepted; }
    void setState(const std::vector<std::uint32_t>& state) override { m_accepted = state; }
    [[nodiscard]] std::int64_t work() const override { return m_work; }
    /// Column of each active point in the last solve (kNone: unassigned).
    [[nodiscard]] const std::vector<std::uint32_t>& columnOf() const { return m_column; }

private:
    [[nodiscard]] std::int64_t costAt(std::size_t u, std::uint32_t column) const {
        if (column == kNone)
            return m_in.unassigned(u);
        if (!m_table.empty())
            return m_table[u * m_in.columns() + column];
        return costFromList(u, column);
    }
    [[nodiscard]] std::int64_t costFromList(std::size_t u, std::uint32_t column) const;
    /// Per point, its open columns (capacity > 0) cheaper than unassigned, in the order of its
    /// list (nearest first). Dense instances edit the last lists in place when few columns
    /// opened or closed since (the same lists as a full scan, in a fraction of its time).
    void buildOpenLists(const std::vector<std::int64_t>& capacity, bool tableChanged);
    /// The in-place edit; false when too many columns changed (then the caller scans).
    bool updateOpenLists(const std::vector<std::int64_t>& capacity);
    void improve(const std::vector<std::int64_t>& capacity);
    /// Deeper assignment of an open set whose quick answer is near the target: capacity prices
    /// by subgradient steps (the Lagrangian relaxation of the capacities), and from each, a
    /// construction in regret order of the priced costs followed by improve(); keeps the best
    /// and stops early when the relaxation proves it optimal for this open set.
    std::int64_t lagrangianRestarts(const std::vector<std::int64_t>& capacity, std::int64_t quick);

    /// Fills the dense cost table when missing or made for another radius; true when it did.
    bool buildTable();
    std::int64_t fromAccepted(const std::vector<std::int64_t>& capacity);
    bool ejectionChains(const std::vector<std::int64_t>& capacity);
    void rebuildMembers();
    [[nodiscard]] std::int64_t total() const;

    const CapInstance& m_in;
    DeepAssignment m_deep;
    bool m_dense = false;
    std::vector<std::int64_t> m_table;      ///< cost of u at every column (dense instances)
    std::int64_t m_tableRadius = -1;        ///< the uniform radius the table was made for
    std::vector<std::uint64_t> m_openBegin; ///< per point, into m_openColumn / m_openCost
    std::vector<std::uint64_t> m_openEnd;
    std::vector<std::uint32_t> m_rank;  ///< dense: position of each column in u's list, or kNone
    std::vector<std::uint8_t> m_listed; ///< dense: the columns the open lists were made for
    std::vector<std::uint32_t> m_openColumn;
    std::vector<std::int64_t> m_openCost;
    std::vector<std::uint32_t> m_column;
    std::vector<std::uint32_t> m_accepted;
    std::vector<std::int64_t> m_load;
    std::vector<std::vector<std::uint32_t>> m_members;
    std::int64_t m_work = 0;
};

class SplitAssigner final : public Assigner {
public:
    SplitAssigner(const SitingProblem& problem, const DistanceOracle& oracle,
                  const CapInstance& instance, int threads);
    ~SplitAssigner() override;
    std::int64_t solve(const std::vector<std::int64_t>& capacity) override;
    void accept() override {}
    void flows(std::vector<CapFlow>& out) const override;
    [[nodiscard]] std::vector<std::uint32_t> state() const override { return {}; }
    void setState(const std::vector<std::uint32_t>&) override {}
    [[nodiscard]] std::int64_t work() const override { return m_work; }
    /// Children unplaced in the last solve.
    [[nodiscard]] std::int64_t unplaced() const { return m_unplaced; }

private:
    const CapInstance& m_in;
    std::unique_ptr<TransportSolver> m_solver;
    std::vector<std::int64_t> m_capacity;
    const TransportSolution* m_last = nullptr;
    std::int64_t m_unplaced = 0;
    std::int64_t m_work = 0;
    bool m_first = true;
};

} // namespace xw::core::detail::siting
