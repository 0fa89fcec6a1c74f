#pragma once
// The siting optimiser over a study (xuewei optimise): where to build the next schools of one
// stage for one year, and the answer as a plan the user can edit, run and compare.
//
// The problem (core::SitingProblem) is built from the study's own results for that year:
//   - demand: the stage's demand points with children in that year (the points of the study's
//     optimal allocation of that stage and year, with that year's children);
//   - existing: the stage's schools of that year's city, always open, with their seats;
//   - candidate sites: the dataset's parcels (layer `sites`, core::SiteParcel) allowed for the
//     stage. A parcel holds min(max_classes_per_school, its max_classes, its area ÷ (land per
//     pupil × class size)) classes, whole classes per grade, one class in every grade holding
//     the sum of the grades' class sizes (as core::stageSeats counts them); one that cannot hold a
//     class per grade is left out (SitingAnswer::notes). It costs its `cost` as a whole (fixed), or
//     without one the capital-cost norms per seat (floor and land per pupil). Without a usable
//     parcel: demand points thinned to one per block of SitingRequest::candidateSpacingMeters
//     (1,000 m by default: the point with the most children of the block, ties to the lower index),
//     so every candidate lies in a town, sized to max_classes_per_school and priced per seat;
//   - expansions (capacitated models only: without seats an expansion changes nothing): each
//     existing school of a single campus up to max_classes_per_school and, when its land_m2 is
//     known, up to what its land holds at the stage's land per pupil after its other stages'
//     classes (whole classes per grade), at the norms' cost per class.
// Distances, in this order: along the road network when the run has one (StudyConfig::roads,
// read with the stage's travel profile) between every demand point and every school and
// candidate; with the dataset's OD table, the allocation's to the schools and straight lines to
// the candidates (the table cannot know them); else straight lines in the working CRS.
//
// The objective of the scenario as it stands (currentObjective) is the same model solved with no
// candidate site and no expansion.
#include <xw/core/common/progress.hpp>
#include <xw/core/common/table.hpp>
#include <xw/core/model/stage.hpp>
#include <xw/core/siting/siting.hpp>
#include <xw/scenarios/scenario.hpp>
#include <xw/study/study.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace xw::study {

/// Neighbourhood-search iterations of a capacitated model when the request leaves it automatic:
/// every move solves a transport problem, and the automatic count took minutes on a few hundred
/// points.
inline constexpr int kCapacitatedSearchIterations = 20;

struct SitingRequest {
    core::Stage stage = core::Stage::Primary;
    int year = 0; ///< population year .. the scenario's horizon (kDefaultHorizonYear without one)
    /// Model, seat rule, count or budget, seed. threads 0 → StudyConfig's default.
    core::SitingConfig config;
    double candidateSpacingMeters = 1000.0; ///< one candidate site per block this wide, > 0
    /// Settings of the study run that gives the demand (grid spacing, roads; years and
    /// allocation are set by optimiseSiting).
    StudyConfig run;
};

/// One chosen option.
struct SitedOption {
    bool expansion = false;
    std::string schoolId;   ///< the new school's id (OPT-stage-year-n) or the expanded school's
    std::string schoolName; ///< the parcel's name when it has one
    std::string siteId;     ///< the parcel's id; empty for a demand-point candidate or expansion
    std::string siteName;   ///< the parcel's name, may be empty
    core::PointM location;
    std::string townCode;
    std::string townName;
    int classesPerGrade = 0;   ///< classes in each grade of the stage (new or added)
    int classes = 0;           ///< classesPerGrade × grades
    std::int64_t seats = 0;    ///< classes × class size
    std::int64_t children = 0; ///< children the answer sends to it (new or extra seats)
    /// The parcel's cost when it has one; else its classes at the norms' unit costs.
    double costYuan = 0.0;
};

struct SitingAnswer {
    SitingRequest request;
    std::string scenarioName;
    std::string objectiveUnit; ///< "child·m", "children", "options", "m"
    std::vector<SitedOption> options;
    double objective = 0.0;        ///< the model's objective with the chosen options
    double currentObjective = 0.0; ///< the same model with none (the scenario as it stands)
    double bound = 0.0;            ///< lower bound (upper for MCLP)
    double gap = 0.0;              ///< (upper − lower) / upper
    bool provedOptimal = false;
    std::size_t demandPoints = 0;
    std::int64_t children = 0;
    std::size_t existingSchools = 0;
    std::size_t candidateSites = 0;
    bool parcelCandidates = false; ///< the candidates are the dataset's parcels (layer sites)
    std::size_t expansions = 0;
    /// "straight", "roads" (along StudyConfig::roads) or "od_table" (schools from the dataset's
    /// OD table, candidates straight).
    std::string distanceBasis = "straight";
    /// For people: parcels left out and why, the road network read, the distances used.
    std::vector<std::string> notes;
    std::int64_t childrenUnserved = 0;
    std::int64_t childrenCovered = 0;
    core::SitingResult result; ///< the solver's full answer
};

/// Runs the study for the year (optimal allocation), builds the problem, solves it.
/// \throws StudyError on a bad request (year outside the study's years, a stage without schools
/// or children, an invalid config), an unreadable road network; core::Cancelled.
[[nodiscard]] SitingAnswer optimiseSiting(Study& study, const SitingRequest& request,
                                          const core::Progress& progress = {});

/// The study's scenario plus one new school per chosen site (classes sized to the children sent
/// there, whole classes per grade, at most max_classes_per_school) and one expansion per chosen
/// expansion, all dated in the request's year; ready for scenarios::toYaml.
[[nodiscard]] scenarios::Scenario plannedScenario(const Study& study, const SitingAnswer& answer);

/// The chosen options as a table (sites.csv).
[[nodiscard]] core::Table sitesTable(const SitingAnswer& answer);

} // namespace xw::study
