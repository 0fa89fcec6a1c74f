#pragma once
// Internal: the prepared cohort-component projection shared by project(), backTest() and
// runMonteCarlo(). Prepared once (validation, births path, calibration), then run many times with
// optional perturbations without allocating.
#include <xw/core/projection/projection.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <string>
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

class ProjectionEngine {
public:
    /// Validates and prepares; returns false with `errors` filled when the run cannot be done.
    bool prepare(const CityData& city, const ProjectionConfig& config,
                 std::vector<std::string>& errors, std::vector<std::string>& warnings);

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
    // The parts of prepare(), in order; each pushes its problems to `errors`/`warnings`.
    bool prepareShape(const CityData& city, const ProjectionConfig& config,
                      std::vector<std::string>& errors);
    void prepareBase(const CityData& city, std::vector<std::string>& errors,
                     std::vector<std::string>& warnings);
    void prepareLifeTable(const ProjectionAssumptions& as, std::vector<std::string>& errors);
    /// False when a problem found so far (since errorsBefore) stops the run.
    bool prepareBirths(const CityData& city, const BirthsAssumptions& ba, std::size_t errorsBefore,
                       std::vector<std::string>& errors, std::vector<std::string>& warnings);
    void prepareMigration(const CityData& city, const ProjectionAssumptions& as,
                          std::vector<std::string>& errors);
    void prepareHousing(const CityData& city, const HousingAssumptions& ha,
                        std::vector<std::string>& errors, std::vector<std::string>& warnings);
    void prepareSlots(const CityData& city, std::vector<std::string>& errors,
                      std::vector<std::string>& warnings);
    void calibrate(const CityData& city, std::vector<std::string>& warnings);

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
