#pragma once
// Planning norms: one parameter set, defaults from docs/domain.md, overridable per dataset
// (scenarios::loadNorms) and per scenario. No number used by the model lives anywhere else.
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/model/stage.hpp>

#include <array>
#include <string>
#include <vector>

namespace xw::core {

/// The unit within which children of a stage are expected to find a place: a town (乡镇, for
/// kindergarten and compulsory schooling near home) or a whole district (县域, for senior high,
/// vocational and special schools, which recruit county-wide).
enum class CatchmentLevel { Town, District };

/// How children of a stage travel to school: which ways of a road network they may use
/// (gis::RoadNetworkOptions::profile) and, with StageNorms::travelSpeedKmh, how distances turn
/// into minutes. docs/allocation.md ("Walking network") lists the ways of each profile.
enum class TravelProfile {
    Walk, ///< footways, paths, steps, pedestrian areas, residential and service roads, … (walking)
    Cycle, ///< roads and cycleways, no motorways, footways only where cycling is allowed
    Bus,   ///< roads motor vehicles use (a school bus or a parent's car), motorways included
};

/// "walk", "cycle", "bus".
[[nodiscard]] const char* travelProfileCode(TravelProfile p);
/// Parses "walk"/"步行", "cycle"/"骑行", "bus"/"车行"/"drive"; false when unknown.
[[nodiscard]] bool parseTravelProfile(const std::string& text, TravelProfile& out);

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
    double radiusUrbanMeters = 500.0;     ///< walking service radius in urban towns, metres
    double radiusRuralMeters = 2000.0;    ///< service radius in rural towns, metres
    double studentsPerStaff = 19.0;       ///< students per teaching staff member (编制 ratio)
    double landPerStudentM2 = 18.0;       ///< site area per student, m²
    double landPerStudentCentralM2 = 9.4; ///< in the central city, m²
    double floorPerStudentM2 = 6.6;       ///< floor area per student, m²
    int maxClassesPerSchool = 36;         ///< size limit used when sizing new schools
    CatchmentLevel catchment = CatchmentLevel::Town; ///< where shortfalls are netted
    /// How the stage's children travel (road networks keep that profile's ways).
    TravelProfile travelProfile = TravelProfile::Walk;
    /// Door-to-door speed of that profile, km/h, > 0: minutes = metres ÷ (speed × 1000 / 60).
    double travelSpeedKmh = 4.0;
    /// GB 50180-2018 living circle of the stage, minutes (5, 10 or 15); 0 when none applies.
    int livingCircleMinutes = 10;

    /// travelSpeedKmh in metres per minute.
    [[nodiscard]] double metersPerMinute() const { return travelSpeedKmh * 1000.0 / 60.0; }

    /// Standard class size of a grade (1-based); the last entry repeats for higher grades.
    [[nodiscard]] int classSize(int grade) const;
};

/// Targets of the city's 2017 plan (阳江市推进教育现代化先进市实施方案) and the MOE large-class
/// milestones; every value overridable.
struct IndicatorTargets {
    double kindergartenGrossEnrolment = 0.98; ///< 学前三年毛入园率 ≥
    double kindergartenPublicPuhui = 0.80;    ///< 公办+普惠 coverage ≥
    double kindergartenProvincial = 0.70;     ///< 省规范化幼儿园 coverage ≥ (by children)
    double largeClassShare = 0.05;     ///< 大班额 (≥ 56) share of classes ≤ (MOE 2020)
    double hugeClassShare = 0.02;      ///< 超大班额 (≥ 66) share ≤ (MOE 2018)
    double standardisedPublic = 1.00;  ///< 标准化学校, public compulsory schools ≥
    double standardisedPrivate = 0.70; ///< private compulsory schools ≥
    double qualitySenior = 0.80;       ///< students in 优质 senior highs ≥
    double highSchoolGross = 0.95;     ///< 高中阶段毛入学率 ≥
    double vocationalShareMin = 0.45;  ///< 普职比 about 1 : 1: 中职 share of 高中阶段 [A]
    double vocationalShareMax = 0.55;
    double provincialKeyVocational = 0.80; ///< students in 省级重点+ 中职 ≥
    double disabledEnrolment = 0.97;       ///< 三类残疾儿童入学率 ≥
    /// Disabled children (三类残疾) per resident aged 6–14 [A]: about 0.88 million pupils in
    /// special education nationally in 2020 (随班就读 included) over ~160 million of compulsory
    /// age, at a ~95 % enrolment rate.
    double disabledPrevalence = 0.006;
    double migrantPublic = 0.50;               ///< 随迁子女 in public compulsory schools ≥
    double kindergartenTeachersCollege = 0.65; ///< 大专+ ≥
    double primaryTeachersBachelor = 0.35;     ///< 本科+ ≥
    double juniorTeachersBachelor = 0.80;      ///< 本科+ ≥
    double seniorTeachersPostgrad = 0.10;      ///< 研究生 ≥ (senior and vocational)
    double vocationalDualQualified = 0.60;     ///< 双师型 ≥
    int deadlineYear = 2018; ///< the city's certification by end 2018 (the 2017 plan, §二)
};

/// Which schools count: basic balance keeps every public school but 教学点; quality balance also
/// drops schools with fewer than `minStudentsQuality` students of the stage.
enum class BalanceStandard { Basic /*基本均衡 2012*/, Quality /*优质均衡 2017*/ };

struct BalanceOptions {
    BalanceStandard standard = BalanceStandard::Basic;
    int minStudentsQuality = 50;  ///< quality balance excludes smaller schools
    double primaryToJunior = 1.1; ///< 九年一贯制: junior students weigh 1.1 primary ones
    double basicPrimary = 0.65, basicJunior = 0.55;     ///< [W] domain.md §6
    double qualityPrimary = 0.50, qualityJunior = 0.45; ///< [V] domain.md §6
};

/// 学位预警 thresholds on P(demand > seats) and on utilisation = median demand ÷ seats [A].
struct WarningThresholds {
    double redProbability = 0.5;
    double redUtilisation = 1.05;
    double yellowProbability = 0.2;
    double yellowUtilisation = 0.95;
};

/// Unit costs of building school places, for comparing plans [A]: our assumption from public
/// tender prices of Guangdong schools around 2020 (about ¥4,000 per m² of floor built, land at
/// ¥1,500 per m² outside the central city); replace them with the city's own figures.
struct CapitalCostNorms {
    double perFloorM2Yuan = 4000.0; ///< building cost per m² of floor area, yuan
    double perLandM2Yuan = 1500.0;  ///< land acquisition per m² of site, yuan
    /// Fitting out one new class (furniture, equipment) in an existing building, yuan.
    double perClassYuan = 300000.0;
};

struct Norms {
    std::array<StageNorms, kStageCount> stages;
    int largeClassMin = 56;                 ///< 大班额: classes with at least this many pupils
    int hugeClassMin = 66;                  ///< 超大班额
    double personsPerHousehold = 3.2;       ///< Guangdong rule for new housing
    double kindergartenSeatsPer1000 = 40.0; ///< 配套幼儿园 rule
    int kindergartenMinPeople = 4500;       ///< residential area needing its own kindergarten
    int kindergartenMinClasses = 6;         ///< minimum classes of a 配套幼儿园
    IndicatorTargets indicatorTargets;      ///< the plan's targets (computeIndicators)
    BalanceOptions balance;                 ///< 差异系数 standard and limits
    WarningThresholds warnings;             ///< 学位预警 thresholds (runMonteCarlo)
    CapitalCostNorms capitalCost;           ///< unit costs for comparing plans [A]

    [[nodiscard]] const StageNorms& operator[](Stage s) const { return stages[stageIndex(s)]; }
    [[nodiscard]] StageNorms& operator[](Stage s) { return stages[stageIndex(s)]; }

    /// The defaults of domain.md (2026 edition), each commented there with its standing.
    [[nodiscard]] static Norms defaults();
};

/// Problems with a norms set, one per bad value (empty when valid): values outside their meaning
/// (negative sizes, shares above 1, yellow above red) and values beyond plausibility limits that
/// catch typos (class size above 100 pupils, a radius above 100 km, more than 1,000 m² per
/// student, more than 20 persons per household). Each has severity Error, layer "norms", field
/// the bad value's key as the norms file writes it (stages.primary.target_rate,
/// persons_per_household, or the block, e.g. indicator_targets, when no one key is to blame) and
/// a message naming the value, e.g. "primary: target_rate -0.1 is outside 0..2".
[[nodiscard]] std::vector<Diagnostic> validate(const Norms& norms);

} // namespace xw::core
