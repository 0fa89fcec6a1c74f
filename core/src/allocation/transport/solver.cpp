// TransportSolver: one transport problem solved again after edits (capacities, demands, appended
// facilities), keeping the solver's arcs, heaps and prices between solves (transport.hpp).
#include <xw/core/allocation/transport.hpp>

#include "detail/transport_solver.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace xw::core {

using detail::transport::runExact;
using detail::transport::Solver;
using detail::transport::validate;

struct TransportSolver::State {
    explicit State(TransportProblem p) : problem(std::move(p)) {}
    TransportProblem problem; // owned; the solver refers to it, so State never moves
    std::unique_ptr<Solver> solver;
    std::vector<std::uint32_t> pending;
    TransportSolution solution;
};

TransportSolver::TransportSolver(TransportProblem problem)
    : m_state(std::make_unique<State>(std::move(problem))) {
    validate(m_state->problem);
}

TransportSolver::~TransportSolver() = default;
TransportSolver::TransportSolver(TransportSolver&&) noexcept = default;
TransportSolver& TransportSolver::operator=(TransportSolver&&) noexcept = default;

const TransportProblem& TransportSolver::problem() const {
    return m_state->problem;
}

const TransportSolution& TransportSolver::solve() {
    State& st = *m_state;
    TransportSolution out;
    std::vector<std::uint32_t> pending;
    const bool cold = !st.solver;
    if (cold) {
        st.solver = std::make_unique<Solver>(st.problem);
        st.solver->buildArcs(nullptr);
        pending = st.solver->auctionStart();
    } else {
        out.warmStarted = true;
        st.solver->compactHeapsIfStale();
        pending = std::move(st.pending);
        for (std::uint32_t i : st.solver->evictExcess()) {
            pending.push_back(i);
        }
        std::sort(pending.begin(), pending.end());
        pending.erase(std::unique(pending.begin(), pending.end()), pending.end());
    }
    st.pending.clear();
    runExact(*st.solver, st.problem, std::move(pending), out);
    if (cold) {
        st.solver->markHeapsLive();
    }
    st.solution = std::move(out);
    return st.solution;
}

void TransportSolver::updateCapacity(std::size_t facility, std::int64_t seats) {
    State& st = *m_state;
    if (facility >= st.problem.facilities.size() || seats < 0) {
        throw std::invalid_argument(
            "容量修改无效 / invalid capacity edit: facility " + std::to_string(facility) + " of " +
            std::to_string(st.problem.facilities.size()) + ", seats " + std::to_string(seats));
    }
    st.problem.capacity[facility] = seats;
    if (st.solver) {
        st.solver->setCapacity(facility, seats); // over-full → evicted at the next solve()
    }
}

void TransportSolver::removeFacility(std::size_t facility) {
    updateCapacity(facility, 0);
}

void TransportSolver::updateDemand(std::size_t point, std::int64_t children) {
    State& st = *m_state;
    if (point >= st.problem.demandPoints.size() || children < 0) {
        throw std::invalid_argument("需求修改无效 / invalid demand edit: point " +
                                    std::to_string(point) + " of " +
                                    std::to_string(st.problem.demandPoints.size()) + ", children " +
                                    std::to_string(children));
    }
    st.problem.demand[point] = children;
    if (st.solver && st.solver->fitDemand(point)) {
        st.pending.push_back(static_cast<std::uint32_t>(point));
    }
}

void TransportSolver::updateDemands(const std::vector<std::int64_t>& demand) {
    State& st = *m_state;
    if (demand.size() != st.problem.demand.size()) {
        throw std::invalid_argument(
            "需求修改无效 / invalid demand edit: " + std::to_string(demand.size()) +
            " demands for " + std::to_string(st.problem.demand.size()) + " points");
    }
    for (std::size_t i = 0; i < demand.size(); ++i) {
        if (demand[i] < 0) {
            throw std::invalid_argument("需求修改无效 / invalid demand edit: point " +
                                        std::to_string(i) + ", children " +
                                        std::to_string(demand[i]));
        }
    }
    for (std::size_t i = 0; i < demand.size(); ++i) {
        if (demand[i] != st.problem.demand[i]) {
            updateDemand(i, demand[i]);
        }
    }
}

std::size_t TransportSolver::addFacility(PointM location, std::int64_t seats,
                                         TransportCostFn cost) {
    State& st = *m_state;
    TransportProblem& pr = st.problem;
    if (seats < 0 || !std::isfinite(location.x) || !std::isfinite(location.y)) {
        throw std::invalid_argument("新增设施无效 / invalid new facility: seats " +
                                    std::to_string(seats) +
                                    " at a non-finite location or with "
                                    "negative seats");
    }
    if (pr.cost && !cost) {
        throw std::invalid_argument("新增设施需要新的成本函数 / a new facility needs a cost "
                                    "function that covers it (the problem has one)");
    }
    if (pr.facilities.size() + 1 >= detail::transport::kNone / 2) {
        throw std::invalid_argument("新增设施无效 / too many facilities");
    }
    const std::size_t j = pr.facilities.size();
    pr.facilities.push_back(location);
    pr.capacity.push_back(seats);
    if (cost) {
        pr.cost = std::move(cost);
    }
    if (st.solver) {
        st.solver->appendFacility();
    }
    return j;
}

} // namespace xw::core
