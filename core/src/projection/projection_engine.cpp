// The prepared cohort-component projection: prepare() runs the steps of engine_population.cpp,
// engine_flows.cpp and engine_calibration.cpp in order; run() projects one perturbation.
#include "detail/projection_engine.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace xw::core::detail {

std::string num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

std::string stageLabel(Stage s) {
    return std::string(stageNameZh(s)) + " " + std::string(stageCode(s));
}

bool ProjectionEngine::prepare(const CityData& city, const ProjectionConfig& config,
                               ProblemLog& problems) {
    const std::size_t errorsBefore = problems.errorCount();
    if (!prepareShape(city, config, problems))
        return false;
    prepareBase(city, problems);
    prepareLifeTable(config.assumptions, problems);
    if (!prepareBirths(city, config.assumptions.births, errorsBefore, problems))
        return false;
    prepareMigration(city, config.assumptions, problems);
    prepareHousing(city, config.assumptions.housing, problems);
    prepareSlots(city, problems);
    if (problems.errorCount() != errorsBefore)
        return false;

    m_factor.assign(towns * m_slots.size(), 1.0);
    calibration.clear();
    if (config.calibrate)
        calibrate(city, problems);
    return true;
}

void ProjectionEngine::allocate(Workspace& ws, bool withComponents) const {
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    // Not zeroed: run() writes every element of the years it projects.
    ws.persons.assign(static_cast<std::size_t>(years), Eigen::ArrayXXd(ages, cols));
    ws.rate.resize(ages);
    if (withComponents) {
        Components c;
        c.births = c.deaths = c.agedOut = c.migration = c.housing = Eigen::ArrayXd::Zero(cols);
        ws.components.assign(static_cast<std::size_t>(years), c);
    } else {
        ws.components.clear();
    }
}

void ProjectionEngine::run(const Perturbation& pert, Workspace& ws, bool withComponents,
                           int yearCount) const {
    const Eigen::Index n = ages;
    const auto cols = static_cast<Eigen::Index>(2 * towns);
    ws.persons[0] = m_base;
    const bool migrate = m_hasMigration || pert.migrationShiftByTown != nullptr;
    const int count = yearCount < 0 ? years : std::min(yearCount, years);
    for (int y = 1; y < count; ++y) {
        const Eigen::ArrayXXd& prev = ws.persons[static_cast<std::size_t>(y - 1)];
        Eigen::ArrayXXd& cur = ws.persons[static_cast<std::size_t>(y)];
        const int year = firstYear + y;
        const double mult = pert.birthsMultiplier ? (*pert.birthsMultiplier)[y] : 1.0;

        // Ageing: the Leslie shift, vectorised over all towns and categories.
        cur.row(0) = m_births.col(y).transpose() * (mult * m_newbornSurvival);
        cur.bottomRows(n - 1) = prev.topRows(n - 1).colwise() * m_survival.head(n - 1);
        if (m_openTop)
            cur.row(n - 1) += prev.row(n - 1) * m_survival(n - 1);

        Components* comp = withComponents ? &ws.components[static_cast<std::size_t>(y)] : nullptr;
        if (comp) {
            comp->births = m_births.col(y) * mult;
            comp->deaths =
                ((1.0 - m_survival).matrix().transpose() * prev.matrix()).array().transpose() +
                comp->births * (1.0 - m_newbornSurvival);
            if (m_openTop)
                comp->agedOut.setZero();
            else
                comp->agedOut = prev.row(n - 1).transpose() * m_survival(n - 1);
            comp->migration.setZero();
            comp->housing.setZero();
        }

        if (migrate) {
            for (Eigen::Index j = 0; j < cols; ++j) {
                ws.rate = m_netRate.col(j);
                if (pert.migrationShiftByTown)
                    ws.rate =
                        (ws.rate + (*pert.migrationShiftByTown)[static_cast<std::size_t>(j / 2)])
                            .max(-1.0);
                const Eigen::ArrayXd moved = ws.rate * cur.col(j) + m_inflow.col(j);
                cur.col(j) += moved;
                if (comp)
                    comp->migration(j) = moved.sum();
            }
        }

        for (std::size_t h = 0; h < housing.size(); ++h) {
            const HousingInflow& hp = housing[h];
            const int first =
                hp.firstYear + (pert.extraDelayByProject ? (*pert.extraDelayByProject)[h] : 0);
            const int k = year - first;
            if (k < 0 || k >= static_cast<int>(m_ramp.size()))
                continue;
            const double delta =
                m_ramp[static_cast<std::size_t>(k)] - (k > 0 ? m_ramp[k - 1] : 0.0);
            if (delta <= 0.0)
                continue;
            const double persons = hp.persons * delta;
            const auto reg = static_cast<Eigen::Index>(2 * hp.town);
            cur.col(reg) += m_mover * (persons * (1.0 - m_housingMigrantShare));
            cur.col(reg + 1) += m_mover * (persons * m_housingMigrantShare);
            if (comp) {
                comp->housing(reg) += m_mover.sum() * (persons * (1.0 - m_housingMigrantShare));
                comp->housing(reg + 1) += m_mover.sum() * (persons * m_housingMigrantShare);
            }
        }
    }
}

} // namespace xw::core::detail
