#pragma once
// Planning norms: one parameter set, defaults from shared/docs/domain.md, overridable per dataset
// (scenarios::loadNorms) and per scenario. No number used by the model lives anywhere else.
#include <xw/core/model/stage.hpp>

#include <array>
#include <string>
#include <vector>

namespace xw::core {

/// The unit within which children of a stage are expected to find a place: a town (乡镇, for
/// kindergarten and compulsory schooling near home) or a whole district (县域, for senior high,
/// vocational and special schools, which recruit county-wide).
enum class CatchmentLevel { Town, District };

struct StageNorms {
    int entryAge = 6;    ///< age of entry to grade 1, years
    int grades = 6;      ///< number of grades
    int rateAgeMin = 6;  ///< youngest age of the official band for rates (inclusive)
    int rateAgeMax = 11; ///< oldest age of the official band (inclusive)
    /// Standard class size per grade (index grade-1); one entry means the same for every grade.
    std::vector<int> standardClassSize{45};
    /// Share of the age band's residents that should be enrolled in this stage (0..1+).
    /// For senior and vocational this already contains the 普:职 split of the 高中阶段 target.
    /// For special education it is the prevalence of disabled children needing a place.
    double targetRate = 1.0;
    double radiusUrbanM = 500.0;          ///< walking service radius in urban towns, metres
    double radiusRuralM = 2000.0;         ///< service radius in rural towns, metres
    double studentsPerStaff = 19.0;       ///< students per teaching staff member (编制 ratio)
    double landPerStudentM2 = 18.0;       ///< site area per student, m²
    double landPerStudentCentralM2 = 9.4; ///< in the central city, m²
    double floorPerStudentM2 = 6.6;       ///< floor area per student, m²
    int maxClassesPerSchool = 36;         ///< size limit used when sizing new schools
    CatchmentLevel catchment = CatchmentLevel::Town; ///< where shortfalls are netted

    /// Standard class size of a grade (1-based); the last entry repeats for higher grades.
    [[nodiscard]] int classSize(int grade) const;
};

struct Norms {
    std::array<StageNorms, kStageCount> stages;
    int largeClassMin = 56;                 ///< 大班额: classes with at least this many pupils
    int hugeClassMin = 66;                  ///< 超大班额
    double personsPerHousehold = 3.2;       ///< Guangdong rule for new housing
    double kindergartenSeatsPer1000 = 40.0; ///< 配套幼儿园 rule
    int kindergartenMinPeople = 4500;       ///< residential area needing its own kindergarten
    int kindergartenMinClasses = 6;         ///< minimum classes of a 配套幼儿园

    [[nodiscard]] const StageNorms& operator[](Stage s) const { return stages[stageIndex(s)]; }
    [[nodiscard]] StageNorms& operator[](Stage s) { return stages[stageIndex(s)]; }

    /// The defaults of domain.md (2026 edition), each commented there with its standing.
    [[nodiscard]] static Norms defaults();
};

/// Problems with a norms set, one message per bad value (empty when valid).
[[nodiscard]] std::vector<std::string> validate(const Norms& norms);

} // namespace xw::core
