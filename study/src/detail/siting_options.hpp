#pragma once
// Internal: what the optimiser may choose and how far it is — the candidate sites (the dataset's
// parcels, else the busiest demand point of each block), the expansions of existing schools
// (classes up to the norm's school size, limited by the school's land) and the distances of the
// siting problem (road network, the allocation's OD table, or straight lines). siting.cpp builds
// the problem from these and turns the answer back into schools.
#include <xw/core/model/city.hpp>
#include <xw/core/model/site_parcel.hpp>
#include <xw/core/siting/siting_problem.hpp>
#include <xw/gis/road_network.hpp>
#include <xw/study/study_config.hpp>

#include <atomic>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace xw::gis {
struct DatasetLoad;
}

namespace xw::study::detail {

inline constexpr std::size_t kNoIndex = std::numeric_limits<std::size_t>::max();

/// The candidate sites of one stage, in candidate order, with where each comes from.
struct CandidateSet {
    std::vector<core::CandidateSite> sites;
    /// Per site: index into DatasetLoad::sites, or kNoIndex for a demand point.
    std::vector<std::size_t> parcel;
    /// Per site: index into SitingProblem::demand for a demand point, or kNoIndex for a parcel.
    std::vector<std::size_t> demand;
    /// Per site: the most classes per grade it may hold (the norm, its max_classes, its land).
    std::vector<int> maxPerGrade;
    bool fromParcels = false;
    std::vector<std::string> notes; ///< parcels left out and why, or why there are none (people)
};

/// Classes, seats and cost rules of one stage that the candidates and expansions share.
struct StageSizing {
    int grades = 1;
    /// Seats of one class in every grade: Σ over the grades of the norm's class size (as
    /// core::stageSeats counts a school's seats; kindergarten 25 + 30 + 35 = 90).
    std::int64_t seatsPerClassRow = 1;
    /// The norm's mean class size, rounded (core::meanNormClassSize): seats per class where a
    /// class has no grade (whole classes reported, the cost of a class per seat).
    int classSize = 1;
    int maxPerGrade = 1;      ///< max_classes_per_school ÷ grades, at least 1
    double seatCostYuan = 0;  ///< floor and land per pupil at the capital-cost unit prices
    double landPerSeatM2 = 0; ///< the stage's land per pupil
};

[[nodiscard]] StageSizing stageSizing(const core::Norms& norms, core::Stage stage);

/// The dataset's parcels allowed for the stage that can hold at least one class per grade, each
/// sized min(norm, max_classes ÷ grades, area ÷ (land per pupil × class size × grades)) classes
/// per grade and priced at its cost (fixed) or, without one, at the norms per seat. Without a
/// usable parcel: one candidate per `spacingMeters` block of the demand, at the block's point
/// with the most children (ties to the lower index), sized to the norm and priced per seat.
[[nodiscard]] CandidateSet candidateSites(const std::vector<core::SiteParcel>& parcels,
                                          const std::vector<core::SitingDemandPoint>& demand,
                                          core::Stage stage, const StageSizing& sizing,
                                          double spacingMeters);

/// The most classes per grade an existing school of a single campus may add to the stage: up to
/// max_classes_per_school, and, when its land is known (School::landM2 > 0), to what its land
/// holds at the stage's land per pupil after the classes of its other stages (each at its own
/// class sizes and land per pupil). 0 when it may add none.
[[nodiscard]] int expansionPerGrade(const core::School& school, std::int64_t stageClasses,
                                    core::Stage stage, const core::Norms& norms);

/// The distances of a siting problem and what they are.
struct SitingDistances {
    core::SitingDistanceFn distance; ///< empty: straight lines
    std::string basis = "straight";  ///< "straight", "roads" or "od_table"
    std::vector<std::string> notes;  ///< what was read and built (people)
};

/// Road distances over the study's network (`run.roads`, FILE[:LAYER], read with the stage's
/// travel profile) between the problem's demand points and every facility column — existing
/// schools and candidate sites alike (candidates do not add parts of the network to snap to).
/// `known`, the network the study's run already read (null: none), is used instead of reading
/// the file again when it is the same file and layer and its ways serve the profile (read for
/// that profile, or no way carries a class).
/// `cancel` (may be null) stops the searches between schools.
/// \throws StudyError when the network cannot be read or has no segment; core::Cancelled.
[[nodiscard]] SitingDistances
roadSitingDistances(const core::SitingProblem& problem, const StudyConfig& run,
                    const std::string& workingCrs, core::TravelProfile profile,
                    const std::shared_ptr<const gis::RoadNetwork>& known = nullptr,
                    const std::atomic<bool>* cancel = nullptr);

} // namespace xw::study::detail
