// The capacitated instance (candidate lists of every point) and the split assigner (the
// transport solver); the single-source assigner is single_source_assigner.cpp.
#include "detail/siting/assignment.hpp"

#include "xw/core/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

namespace xw::core::detail::siting {

CapInstance::CapInstance(const SitingProblem& problem, const DistanceOracle& oracle,
                         const CapInstanceOptions& options)
    : m_existing(problem.existing.size()),
      m_columns(problem.existing.size() + problem.candidates.size()), m_kind(options.kind),
      m_split(options.split), m_penalty(options.penaltyUnits), m_uniform(options.uniformRadius),
      m_uniformRadius(options.listCapUnits) {
    m_optionsAt.resize(m_columns);
    for (std::size_t s = 0; s < problem.candidates.size(); ++s) {
        const CandidateSite& site = problem.candidates[s];
        m_optionsAt[m_existing + s].push_back(static_cast<std::uint32_t>(m_options.size()));
        m_options.push_back({false, static_cast<std::uint32_t>(s),
                             static_cast<std::uint32_t>(m_existing + s), site.seats,
                             siteCostYuan(site)});
    }
    for (std::size_t k = 0; k < problem.expansions.size(); ++k) {
        const FacilityExpansion& x = problem.expansions[k];
        m_optionsAt[x.facility].push_back(static_cast<std::uint32_t>(m_options.size()));
        m_options.push_back({true, static_cast<std::uint32_t>(k),
                             static_cast<std::uint32_t>(x.facility), x.extraSeats,
                             expansionCostYuan(x)});
    }
    m_baseSeats.assign(m_columns, 0);
    for (std::size_t e = 0; e < m_existing; ++e)
        m_baseSeats[e] = problem.existing[e].seats;

    const std::size_t n = problem.demand.size();
    struct Row {
        std::uint32_t point;
        std::int64_t demand;
        std::int64_t weight;
        std::int64_t radius;
        std::int64_t listMax;
        bool complete;
        std::vector<std::pair<std::int64_t, std::uint32_t>> list;
    };
    constexpr std::size_t kBlock = 2048;
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<std::vector<Row>> rows(blocks);
    std::atomic<std::size_t> next{0};
    runWorkers(threadsFor(options.threads, n, 8, 256), [&](int) {
        std::vector<std::pair<std::int64_t, std::uint32_t>> sites;
        for (;;) {
            const std::size_t b = next.fetch_add(1);
            if (b >= blocks)
                return;
            for (std::size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
                const SitingDemandPoint& dp = problem.demand[i];
                const std::int64_t w = dp.objectiveWeight ? *dp.objectiveWeight : dp.children;
                if (dp.children <= 0 && w <= 0)
                    continue;
                Row r;
                r.point = static_cast<std::uint32_t>(i);
                r.demand = dp.children;
                r.weight = w;
                r.radius =
                    m_uniform ? options.listCapUnits : oracle.toUnits(dp.serviceRadiusMeters);
                const std::int64_t cap = m_kind == CostKind::Median ? m_penalty - 1 : r.radius;
                r.complete = nearestSites(oracle, i, options.neighbourLimit, cap, sites, r.listMax);
                for (const auto& [d, s] : sites)
                    r.list.emplace_back(d, static_cast<std::uint32_t>(m_existing + s));
                oracle.forExistingWithin(
                    i, cap, [&](std::uint32_t c, std::int64_t d) { r.list.emplace_back(d, c); });
                std::sort(r.list.begin(), r.list.end());
                rows[b].push_back(std::move(r));
            }
        }
    });
    for (auto& block : rows)
        for (Row& r : block) {
            m_point.push_back(r.point);
            m_demand.push_back(r.demand);
            m_weight.push_back(r.weight);
            m_radius.push_back(r.radius);
            m_complete.push_back(r.complete ? 1 : 0);
            m_listMax.push_back(r.listMax);
            for (const auto& [d, c] : r.list) {
                m_listColumn.push_back(c);
                m_listUnits.push_back(d);
            }
            m_listStart.push_back(m_listColumn.size());
        }
}

void CapInstance::capacities(const std::vector<std::uint8_t>& open,
                             std::vector<std::int64_t>& out) const {
    out = m_baseSeats;
    for (std::size_t o = 0; o < m_options.size(); ++o)
        if (open[o] != 0)
            out[m_options[o].column] += m_options[o].seats;
}

// ---------------------------------------------------------------------------------------------

SplitAssigner::SplitAssigner(const SitingProblem& problem, const DistanceOracle& oracle,
                             const CapInstance& in, int threads)
    : m_in(in) {
    TransportProblem tp;
    const std::size_t n = in.size();
    // Transport costs are integer centimetres; our units are handed over as "centimetres". Real
    // coordinates are usable only when a unit is a centimetre (the straight line then bounds
    // every cost from below); otherwise all locations are 0 and every pair is priced.
    const bool real = oracle.geometric() && std::fabs(oracle.unitsPerMeter() - 100.0) < 1e-12;
    tp.demandPoints.resize(n);
    tp.demand.resize(n);
    for (std::size_t u = 0; u < n; ++u) {
        tp.demand[u] = in.demand(u);
        if (real)
            tp.demandPoints[u] = oracle.pointLocation(in.point(u));
    }
    tp.facilities.resize(in.columns());
    if (real)
        for (std::size_t c = 0; c < in.columns(); ++c)
            tp.facilities[c] = oracle.columnLocation(c);
    tp.capacity = in.baseSeats();
    std::int64_t maxRadius = 0;
    for (std::size_t u = 0; u < n; ++u)
        maxRadius = std::max(maxRadius, in.radius(u));
    const double penaltyMeters =
        in.kind() == CostKind::Median
            ? static_cast<double>(in.penaltyUnits()) / 100.0
            // Coverage: an unplaced child must cost more than any re-routing along a path of
            // covered pairs, so that the most children are placed first.
            : static_cast<double>(in.columns() + 2) *
                  (static_cast<double>(maxRadius) / 100.0 + 1.0);
    tp.unplacedPenaltyMeters = std::min(penaltyMeters, 1.0e12);
    tp.threads = threads;
    const CapInstance* inst = &in;
    const DistanceOracle* orc = &oracle;
    const double forbidden = 2.0 * tp.unplacedPenaltyMeters;
    tp.cost = [inst, orc, forbidden, real](std::size_t i, std::size_t j) {
        const std::int64_t d = orc->units(inst->point(i), j);
        const double straight =
            real ? static_cast<double>(orc->lowerUnits(inst->point(i), j)) / 100.0 : 0.0;
        if (d >= kNoRoute || (inst->kind() == CostKind::Coverage && d > inst->radius(i)))
            return forbidden + straight;
        return static_cast<double>(d) / 100.0;
    };
    (void)problem;
    m_capacity = tp.capacity;
    m_solver = std::make_unique<TransportSolver>(std::move(tp));
}

SplitAssigner::~SplitAssigner() = default;

std::int64_t SplitAssigner::solve(const std::vector<std::int64_t>& capacity) {
    for (std::size_t c = 0; c < capacity.size(); ++c)
        if (capacity[c] != m_capacity[c]) {
            m_solver->updateCapacity(c, capacity[c]);
            m_capacity[c] = capacity[c];
        }
    m_last = &m_solver->solve();
    m_unplaced = 0;
    for (const std::int64_t v : m_last->unplaced)
        m_unplaced += v;
    m_work +=
        static_cast<std::int64_t>(m_in.size()) * 4 + m_last->augmentations * 16 + m_last->arcsAdded;
    m_first = false;
    if (m_in.kind() == CostKind::Median)
        return m_last->objectiveCentimeters;
    return m_unplaced;
}

void SplitAssigner::flows(std::vector<CapFlow>& out) const {
    out.clear();
    if (m_last == nullptr)
        return;
    for (const TransportFlow& f : m_last->flows)
        out.push_back({f.point, f.facility, f.amount});
}

} // namespace xw::core::detail::siting
