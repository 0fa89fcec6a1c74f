#pragma once
// Internal: the prepared cohort-component projection shared by project(), backTest() and
// runMonteCarlo(). Prepared once (validation, births path, calibration), then run many times with
// optional perturbations without allocating.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/projection/projection.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace xw::core::detail {

/// One grade of one stage whose cohort age lies in the table.
struct GradeSlot {
    Stage stage = Stage::Primary;
    int grade = 1;
    int age = 0;
    double rate = 1.0; ///< the stage's target rate
};

struct HousingInflow {
    std::size_t town = 0;
    double persons = 0.0; ///< dwellings × persons per household
    int firstYear = 0;    ///< completion year + configured delay
};

/// Random departures from the assumptions for one Monte Carlo draw; null members mean none.
struct Perturbation {
    const std::vector<double>* birthsMultiplier = nullptr;     ///< per year index
    const std::vector<double>* migrationShiftByTown = nullptr; ///< added to net rates
    const std::vector<int>* extraDelayByProject = nullptr;     ///< years, per housing project
};

/// Component sums per column (town × category) for one year transition.
struct Components {
    Eigen::ArrayXd births, deaths, agedOut, migration, housing;
};

struct Workspace {
    std::vector<Eigen::ArrayXXd> persons; ///< per year index: ages × (town × category)
    std::vector<Components> components;   ///< per year index (entry 0 unused)
    Eigen::ArrayXd rate;                  ///< scratch
};

/// Where the problems of one run go: the result's `errors` and `warnings`, each diagnostic with
/// the result's subject as its layer (projection, monte_carlo or backtest) so that a problem of
/// the shared preparation names the computation it stopped or touched.
class ProblemLog {
public:
    ProblemLog(std::string layer, std::vector<Diagnostic>& errors,
               std::vector<Diagnostic>& warnings)
        : m_layer(std::move(layer)), m_errors(&errors), m_warnings(&warnings) {}

    /// A problem that stops the run. `featureId` is the town, area, housing project or school
    /// code the message names, `field` the stage code or norms key, `year` the year; each
    /// empty (0) when the message names none.
    void error(std::string message, std::string featureId = {}, std::string field = {},
               int year = 0) {
        add(*m_errors, Severity::Error, std::move(message), std::move(featureId), std::move(field),
            year);
    }
    /// A problem the run went past (something skipped or assumed); fields as for error().
    void warning(std::string message, std::string featureId = {}, std::string field = {},
                 int year = 0) {
        add(*m_warnings, Severity::Warning, std::move(message), std::move(featureId),
            std::move(field), year);
    }
    [[nodiscard]] std::size_t errorCount() const { return m_errors->size(); }

private:
    void add(std::vector<Diagnostic>& to, Severity severity, std::string message,
             std::string featureId, std::string field, int year) const {
        Diagnostic d;
        d.severity = severity;
        d.layer = m_layer;
        d.featureId = std::move(featureId);
        d.field = std::move(field);
        d.message = std::move(message);
        d.year = year;
        to.push_back(std::move(d));
    }

    std::string m_layer;
    std::vector<Diagnostic>* m_errors;
    std::vector<Diagnostic>* m_warnings;
};

class ProjectionEngine {
public:
    /// Validates and prepares; returns false with errors logged when the run cannot be done.
    bool prepare(const CityData& city, const ProjectionConfig& config, ProblemLog& problems);

    void allocate(Workspace& ws, bool withComponents) const;
    /// Projects year indices 1..yearCount−1 (all years when yearCount < 0).
    void run(const Perturbation& perturbation, Workspace& ws, bool withComponents,
             int yearCount = -1) const;

    /// Raw demand of grade slot `slot` of town `town` from one year's table.
    [[nodiscard]] double rawDemand(const Eigen::ArrayXXd& persons, std::size_t town,
                                   std::size_t slot) const {
        const GradeSlot& s = m_slots[slot];
        const auto column = static_cast<Eigen::Index>(2 * town);
        return (persons(s.age, column) + persons(s.age, column + 1)) * s.rate;
    }
    [[nodiscard]] double migrantDemand(const Eigen::ArrayXXd& persons, std::size_t town,
                                       std::size_t slot) const {
        const GradeSlot& s = m_slots[slot];
        return persons(s.age, static_cast<Eigen::Index>(2 * town + 1)) * s.rate;
    }
    [[nodiscard]] double factor(std::size_t town, std::size_t slot) const {
        return m_factor[town * m_slots.size() + slot];
    }

    int firstYear = 0;
    int lastYear = 0;
    int years = 0; ///< lastYear − firstYear + 1
    int ages = 0;  ///< maxAge + 1
    std::size_t towns = 0;
    std::vector<std::string> townCodes;
    std::vector<GradeSlot> m_slots;
    std::vector<double> m_factor; ///< towns × slots
    std::vector<CalibrationRow> calibration;
    std::vector<double> cityBirths;     ///< per year index
    std::vector<bool> birthsFromData;   ///< per year index: no Monte Carlo noise
    std::vector<HousingInflow> housing; ///< valid projects in dataset order

private:
    // The parts of prepare(), in order; each logs its problems.
    bool prepareShape(const CityData& city, const ProjectionConfig& config, ProblemLog& problems);
    void prepareBase(const CityData& city, ProblemLog& problems);
    void prepareLifeTable(const ProjectionAssumptions& as, ProblemLog& problems);
    /// False when a problem found so far (since errorsBefore) stops the run.
    bool prepareBirths(const CityData& city, const BirthsAssumptions& ba, std::size_t errorsBefore,
                       ProblemLog& problems);
    void prepareMigration(const CityData& city, const ProjectionAssumptions& as,
                          ProblemLog& problems);
    void prepareHousing(const CityData& city, const HousingAssumptions& ha, ProblemLog& problems);
    void prepareSlots(const CityData& city, ProblemLog& problems);
    void calibrate(const CityData& city, ProblemLog& problems);

    bool m_openTop = false;
    Eigen::ArrayXXd m_base;    ///< ages × columns
    Eigen::ArrayXd m_survival; ///< ages
    double m_newbornSurvival = 1.0;
    Eigen::ArrayXXd m_births;  ///< columns × years
    Eigen::ArrayXXd m_netRate; ///< ages × columns
    Eigen::ArrayXXd m_inflow;  ///< ages × columns, persons per year
    bool m_hasMigration = false;
    Eigen::ArrayXd m_mover;     ///< ages: share of movers
    std::vector<double> m_ramp; ///< cumulative occupancy
    double m_housingMigrantShare = 0.0;
};

/// "小学 primary" style label used in messages.
std::string stageLabel(Stage s);

/// A number as the messages show it (an ostream's default format, e.g. 0.25 or 1e+06).
std::string num(double v);

} // namespace xw::core::detail
