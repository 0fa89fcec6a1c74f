#pragma once
// Internal: the state of a Study (dataset, scenario, caches) and the steps run() is made of.
#include <xw/gis/catchments.hpp>
#include <xw/gis/road_network.hpp>
#include <xw/study/study.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace xw::study::detail {

/// Wall-clock timer for StudyResults::timings.
class StepTimer {
public:
    StepTimer() : m_start(std::chrono::steady_clock::now()) {}
    [[nodiscard]] double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start;
};

/// The projection and the per-year demand splits, kept while their inputs are unchanged.
struct ProjectionCache {
    std::pair<int, int> years{0, 0};
    scenarios::Assumptions assumptions;
    std::vector<core::HousingProject> housing;
    std::string normsYaml;
    std::shared_ptr<const core::ProjectionResult> projection;
};

/// The demand grid, kept while its spacing and the housing it is weighted by are unchanged.
struct GridCache {
    double cellMeters = 0.0;
    std::vector<core::HousingProject> housing;
    std::shared_ptr<const gis::DemandGrid> grid;
};

/// One allocation of a stage in a year from the previous run: reused as it is when the problem is
/// the same, else a warm start when its schools are a prefix of the new problem's.
struct CachedAllocation {
    std::uint64_t fingerprint = 0;
    std::vector<std::string> facilityIds;
    std::shared_ptr<const core::AllocationResult> result; ///< full (pieces, solver state)
};

/// The catchment polygons of one stage's base-year allocation, kept while the allocation (the
/// same cached result object) and the demand grid are the ones they were drawn from.
struct CachedCatchments {
    std::shared_ptr<const core::AllocationResult> result;
    std::shared_ptr<const gis::DemandGrid> grid;
    std::vector<gis::CatchmentShape> shapes;
};

/// Road distances over the union of every school a run can see, by school id: one table per
/// travel profile of the stages (StageNorms::travelProfile), or one for all when the network's
/// ways carry no class (then every profile keeps every way).
struct RoadCache {
    std::string source; ///< FILE[:LAYER]
    double gridMeters = 0.0;
    std::vector<std::string> schoolIds;
    std::vector<core::PointM> schoolLocations; ///< same order as schoolIds
    std::map<core::TravelProfile, std::shared_ptr<const gis::RoadDistances>> byProfile;
    std::shared_ptr<const gis::RoadDistances> anyProfile; ///< set when the ways have no class
    /// The network maps draw (the first profile's read), shared with the results.
    std::shared_ptr<const gis::RoadNetwork> network;
    std::map<std::string, std::size_t> facilityOf; ///< School::key() → facility index
    std::string fileName;
    std::vector<std::string> notes;         ///< what was read and built, for people
    std::vector<core::Diagnostic> problems; ///< skipped road features
};

} // namespace xw::study::detail

namespace xw::study {

struct Study::Impl {
    scenarios::Scenario scenario;
    gis::DatasetLoad dataset; ///< with the dataset's and the scenario's norms
    /// The dataset with the scenario's norms and planned housing (city() and the demand grid).
    gis::DatasetLoad planned;
    std::vector<core::Diagnostic> diagnostics;
    bool illustrative = false;

    std::optional<detail::ProjectionCache> projection;
    std::optional<detail::GridCache> grid;
    std::optional<detail::RoadCache> roads;
    /// (stage index, year, mode) → the previous run's allocation.
    std::map<std::tuple<int, int, int>, detail::CachedAllocation> allocations;
    /// Stage index → the previous run's base-year catchment polygons.
    std::map<int, detail::CachedCatchments> catchments;

    void applyPlan(core::Plan plan);
};

namespace detail {

/// The allocation step of run(): grid, zones, road distances, every stage in the base year and
/// every projected year. Fills results.allocation and each YearResult::allocation.
void runAllocation(Study::Impl& study, const StudyConfig& config, StudyResults& results,
                   const core::Progress& progress);

/// The Monte Carlo step of run() (学位预警), with catchment warnings from the base-year optimal
/// allocation when asked.
void runWarnings(Study::Impl& study, const StudyConfig& config,
                 const core::ProjectionConfig& projection, StudyResults& results,
                 const core::Progress& progress);

/// The attendance zones in force in `year`: the dataset's (layer zones or table school_towns)
/// or, from its year on, the latest zone redraw of `plan`; with `city` (the year's city, whose
/// school indices gis::zoneMembership returns).
[[nodiscard]] gis::DatasetLoad zonesForYear(const gis::DatasetLoad& dataset,
                                            const core::CityData& city, const core::Plan& plan,
                                            int year);

/// "FILE" or "FILE:LAYER" → (file, layer); a colon inside an existing path is part of the path.
std::pair<std::filesystem::path, std::optional<std::string>>
parseRoadSource(const std::string& text);

// ---- Road distances of the allocation step (allocation_roads.cpp)

/// Points study.roads at the schools every year of `results` can see (the base city's, then those
/// appearing later); keeps the cache and its tables when the source, the grid spacing and the
/// schools are unchanged, else starts an empty cache (tables are built by roadsFor).
void buildRoads(Study::Impl& study, const StudyConfig& config, const StudyResults& results);

/// The road distances of one travel profile, built on first use from study.roads's source (the
/// network keeps that profile's ways; a network whose ways carry no class serves every profile).
/// Adds what was read to `allocation`'s notes and the network's problems to results.diagnostics.
/// Requires study.roads. \throws StudyError when the distances cannot be computed.
[[nodiscard]] std::shared_ptr<const gis::RoadDistances>
roadsFor(Study::Impl& study, core::TravelProfile profile, const gis::DemandGrid& grid,
         AllocationResults& allocation, StudyResults& results, const core::Progress& progress);

/// The road-table facility of each of the problem's schools (by School::key()).
[[nodiscard]] std::vector<std::size_t> roadFacilities(const RoadCache& roads,
                                                      const core::AllocationProblem& problem,
                                                      const core::CityData& city);

/// The problem's distance function over `distances`: metres from point i to facility j.
[[nodiscard]] std::function<double(std::size_t, std::size_t)>
roadDistanceFor(std::shared_ptr<const gis::RoadDistances> distances, const RoadCache& roads,
                const core::AllocationProblem& problem, const core::CityData& city);

} // namespace detail
} // namespace xw::study
