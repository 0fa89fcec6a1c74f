#pragma once
// Origin–destination tables: travel distances or times from demand points to schools computed by
// a routing engine the user trusts (OSRM, Valhalla, Amap, …), used as AllocationProblem::distance
// instead of straight lines or our road network. Plain data and lookups; gis reads the table
// (dataset table `od_table`, docs/dataset-format.md).
#include <xw/core/model/city.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace xw::core {

struct AllocationProblem; // allocation.hpp

enum class OdUnit {
    Meters,  ///< travel distance, metres
    Minutes, ///< travel time, minutes (turned into metres by the stage's speed)
};

/// One value per (origin id, school id). An origin id is a residential unit's id, or, for grid
/// points, the point's index as decimal text (the `point` field of the demand_points layer).
/// A pair that is absent has no route. Ids are interned (16 bytes per pair), so a full matrix of
/// 5,000 units × 900 schools takes about 70 MB.
struct OdTable {
    struct Entry {
        std::uint32_t origin = 0; ///< index into origins
        std::uint32_t school = 0; ///< index into schools
        double value = 0.0;       ///< ≥ 0, finite, in `unit`
    };
    OdUnit unit = OdUnit::Meters;
    std::vector<std::string> origins; ///< distinct origin ids, in order of first appearance
    std::vector<std::string> schools; ///< distinct school ids, likewise
    std::vector<Entry> entries;       ///< in order of addition

    /// Adds one pair. Returns false (and adds nothing) when the pair is already present.
    bool add(const std::string& origin, const std::string& school, double value);

private:
    std::unordered_map<std::string, std::uint32_t> m_originIndex, m_schoolIndex;
    std::unordered_set<std::uint64_t> m_pairs;
};

/// AllocationProblem::distance from an OD table, with its lookups resolved once: point i is the
/// origin originIds[problem.points[i].gridIndex] (or, when that is empty or absent, the index as
/// text), facility j is the school city.schools[problem.facilities[j].schoolIndex].id. Minutes
/// become metres × metersPerMinute (the stage's StageNorms::metersPerMinute()), so radii and the
/// solver keep working in metres. A pair the table lacks returns +infinity (no route); the
/// allocation raises any value below the straight line to it (its contract).
class OdDistances {
public:
    /// \throws std::invalid_argument when metersPerMinute is not positive and finite for a table
    /// in minutes.
    OdDistances(const OdTable& table, const AllocationProblem& problem,
                const std::vector<std::string>& originIds, const CityData& city,
                double metersPerMinute);

    /// Metres from problem point i to facility j, +infinity without a value. Thread-safe.
    [[nodiscard]] double operator()(std::size_t point, std::size_t facility) const;

    [[nodiscard]] std::size_t pairsFound() const { return m_values.size(); }
    /// Problem points whose origin id has no row in the table.
    [[nodiscard]] std::size_t pointsWithoutRow() const { return m_pointsWithoutRow; }

private:
    std::vector<std::size_t> m_start;      ///< per point, into m_facility / m_values (CSR)
    std::vector<std::uint32_t> m_facility; ///< ascending within a point
    std::vector<double> m_values;          ///< metres
    std::size_t m_pointsWithoutRow = 0;
};

/// The OdDistances as an AllocationProblem::distance (shared, so copies of the problem share it).
[[nodiscard]] std::function<double(std::size_t, std::size_t)>
odDistance(const OdTable& table, const AllocationProblem& problem,
           const std::vector<std::string>& originIds, const CityData& city, double metersPerMinute);

} // namespace xw::core
