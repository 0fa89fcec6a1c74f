#include <xw/core/model/norms.hpp>

#include <sstream>
#include <string>
#include <utility>

namespace xw::core {

int StageNorms::classSize(int grade) const {
    if (standardClassSize.empty())
        return 0;
    const auto i = static_cast<std::size_t>(grade < 1 ? 0 : grade - 1);
    return i < standardClassSize.size() ? standardClassSize[i] : standardClassSize.back();
}

// Every value below is cited in docs/domain.md with its standing ([V] official, [W]
// secondary, [A] our assumption); docs/norms.md repeats them with the section numbers.
Norms Norms::defaults() {
    Norms n;
    auto& kg = n[Stage::Kindergarten];
    kg.entryAge = 3;
    kg.grades = 3;
    kg.rateAgeMin = 3;
    kg.rateAgeMax = 5;
    kg.standardClassSize = {25, 30, 35}; // 小班, 中班, 大班 [V] §2
    kg.targetRate = 0.98;                // 学前三年毛入园率 target [V] §3/§6
    kg.radiusUrbanMeters = 300.0;        // 5-minute circle [W] §4
    kg.radiusRuralMeters = 1500.0;       // [A]
    kg.studentsPerStaff = 15.0;          // 2 teachers per class of 30 [V] §5
    kg.landPerStudentM2 = 15.0;          // [W] §5
    kg.landPerStudentCentralM2 = 7.0;    // older national rule, 8+ classes [V] §5
    kg.floorPerStudentM2 = 9.0;          // [W] §5
    kg.maxClassesPerSchool = 12;         // ≤ 360 children at 30 per class [V] §2
    kg.travelProfile = TravelProfile::Walk;
    kg.travelSpeedKmh = 4.0;    // [A] a child's walk with an adult, crossings included
    kg.livingCircleMinutes = 5; // GB 50180-2018 5-minute circle [V] §4

    auto& pr = n[Stage::Primary];
    pr.entryAge = 6;
    pr.grades = 6;
    pr.rateAgeMin = 6;
    pr.rateAgeMax = 11;
    pr.standardClassSize = {45};   // [V] §2
    pr.targetRate = 1.0;           // compulsory
    pr.radiusUrbanMeters = 500.0;  // 10-minute circle [V] §4
    pr.radiusRuralMeters = 2500.0; // [A]
    pr.studentsPerStaff = 19.0;    // 中央编办 2014 No. 72 [V] §5
    pr.landPerStudentM2 = 18.0;    // Guangdong standard school [V] §5
    pr.landPerStudentCentralM2 = 9.4;
    pr.floorPerStudentM2 = 6.6;  // 建标102-2002, 12 classes [V] §5
    pr.maxClassesPerSchool = 36; // [W] §2
    pr.travelProfile = TravelProfile::Walk;
    pr.travelSpeedKmh = 4.0;     // [A]
    pr.livingCircleMinutes = 10; // GB 50180-2018 10-minute circle [V] §4

    auto& jr = n[Stage::Junior];
    jr.entryAge = 12;
    jr.grades = 3;
    jr.rateAgeMin = 12;
    jr.rateAgeMax = 14;
    jr.standardClassSize = {50};
    jr.targetRate = 1.0;
    jr.radiusUrbanMeters = 1000.0; // 15-minute circle [V] §4
    jr.radiusRuralMeters = 5000.0; // [A]
    jr.studentsPerStaff = 13.5;
    jr.landPerStudentM2 = 23.0;
    jr.landPerStudentCentralM2 = 10.1;
    jr.floorPerStudentM2 = 7.9;
    jr.maxClassesPerSchool = 36;
    jr.travelProfile = TravelProfile::Walk;
    jr.travelSpeedKmh = 4.0;     // [A]
    jr.livingCircleMinutes = 15; // GB 50180-2018 15-minute circle [V] §4

    auto& sr = n[Stage::Senior];
    sr.entryAge = 15;
    sr.grades = 3;
    sr.rateAgeMin = 15;
    sr.rateAgeMax = 17;
    sr.standardClassSize = {50};
    sr.targetRate = 0.95 * 0.5;     // 高中阶段 95 % × 普:职 50:50 [A] §3
    sr.radiusUrbanMeters = 10000.0; // county-wide catchment [A]
    sr.radiusRuralMeters = 30000.0; // [A]
    sr.studentsPerStaff = 12.5;     // [V] §5
    sr.landPerStudentM2 = 23.0;     // as junior [A]
    sr.landPerStudentCentralM2 = 10.1;
    sr.floorPerStudentM2 = 7.4;              // 建标102-2002, 18 classes [V] §5
    sr.maxClassesPerSchool = 60;             // [A]
    sr.catchment = CatchmentLevel::District; // county-wide recruitment [A]
    sr.travelProfile = TravelProfile::Bus;   // boarders and day pupils ride [A]
    sr.travelSpeedKmh = 20.0;                // [A] door to door, waiting included
    sr.livingCircleMinutes = 0;              // no living circle for senior schools

    auto& vo = n[Stage::Vocational];
    vo = sr; // same ages, class size and area norms [A]
    vo.radiusUrbanMeters = 20000.0;
    vo.radiusRuralMeters = 40000.0;

    auto& sp = n[Stage::Special];
    sp.entryAge = 6;
    sp.grades = 9;
    sp.rateAgeMin = 6;
    sp.rateAgeMax = 14;
    sp.standardClassSize = {10};    // special-school classes of 8–12 [A]
    sp.targetRate = 0.002;          // children needing a special-school place [A]
    sp.radiusUrbanMeters = 20000.0; // [A]
    sp.radiusRuralMeters = 40000.0; // [A]
    sp.studentsPerStaff = 3.0;      // [A]
    sp.landPerStudentM2 = 60.0;     // [A]
    sp.landPerStudentCentralM2 = 40.0;
    sp.floorPerStudentM2 = 30.0;             // [A]
    sp.maxClassesPerSchool = 27;             // [A]
    sp.catchment = CatchmentLevel::District; // [A]
    sp.travelProfile = TravelProfile::Bus;   // [A]
    sp.travelSpeedKmh = 20.0;                // [A]
    sp.livingCircleMinutes = 0;
    return n;
}

const char* travelProfileCode(TravelProfile p) {
    switch (p) {
    case TravelProfile::Walk:
        return "walk";
    case TravelProfile::Cycle:
        return "cycle";
    case TravelProfile::Bus:
        return "bus";
    }
    return "walk";
}

bool parseTravelProfile(const std::string& text, TravelProfile& out) {
    if (text == "walk" || text == "步行")
        out = TravelProfile::Walk;
    else if (text == "cycle" || text == "bicycle" || text == "骑行")
        out = TravelProfile::Cycle;
    else if (text == "bus" || text == "drive" || text == "车行" || text == "乘车")
        out = TravelProfile::Bus;
    else
        return false;
    return true;
}

namespace {
std::string num(double v) {
    std::ostringstream os;
    os << v; // shortest natural form, e.g. -0.1
    return os.str();
}
} // namespace

namespace {
// Plausibility limits of validate(): far above any lawful or reported value.
constexpr int kMaxClassSize = 100;              // pupils; 超大班额 starts at 66
constexpr double kMaxRadiusMeters = 100'000.0;  // the widest county is about 100 km across
constexpr double kMaxAreaPerStudentM2 = 1000.0; // norms ask for 6–40 m²

/// The problems validate() collects, one per bad value.
class Problems {
public:
    /// `key`: the bad value's key as the norms file writes it, e.g. stages.primary.target_rate.
    void add(std::string key, std::string message) {
        Diagnostic d;
        d.severity = Severity::Error;
        d.layer = "norms";
        d.field = std::move(key);
        d.message = std::move(message);
        m_list.push_back(std::move(d));
    }

    [[nodiscard]] std::vector<Diagnostic> take() { return std::move(m_list); }

private:
    std::vector<Diagnostic> m_list;
};

bool isShare(double v) {
    return v >= 0.0 && v <= 1.0;
}

/// One stage's block, stages.<code>.*.
void validateStage(Stage s, const StageNorms& sn, Problems& problems) {
    const std::string code(stageCode(s));
    auto bad = [&](const std::string& key, const std::string& what) {
        problems.add("stages." + code + "." + key, code + ": " + what);
    };
    if (sn.entryAge < 0 || sn.entryAge > 30)
        bad("entry_age", "entry_age " + std::to_string(sn.entryAge) + " is outside 0..30");
    if (sn.grades < 1 || sn.grades > 12)
        bad("grades", "grades " + std::to_string(sn.grades) + " is outside 1..12");
    if (sn.rateAgeMin < 0 || sn.rateAgeMax < sn.rateAgeMin)
        bad(sn.rateAgeMin < 0 ? "age_min" : "age_max",
            "rate age band " + std::to_string(sn.rateAgeMin) + ".." +
                std::to_string(sn.rateAgeMax) + " is empty or negative");
    if (sn.standardClassSize.empty())
        bad("class_size", "class_size is empty");
    // Plausibility limits, not norms: they catch a typo (an extra zero, metres given in
    // kilometres) that would otherwise run and give absurd figures.
    for (int c : sn.standardClassSize)
        if (c < 1 || c > kMaxClassSize)
            bad("class_size", "class_size " + std::to_string(c) + " is outside 1.." +
                                  std::to_string(kMaxClassSize));
    if (!(sn.targetRate >= 0.0 && sn.targetRate <= 2.0))
        bad("target_rate", "target_rate " + num(sn.targetRate) + " is outside 0..2");
    const auto within = [&](const char* key, double v, double low, double high, bool lowOpen) {
        if (!((lowOpen ? v > low : v >= low) && v <= high))
            bad(key, std::string(key) + " " + num(v) + " is outside " + (lowOpen ? "(" : "") +
                         num(low) + (lowOpen ? ")" : "") + ".." + num(high));
    };
    within("radius_urban_m", sn.radiusUrbanMeters, 0.0, kMaxRadiusMeters, true);
    within("radius_rural_m", sn.radiusRuralMeters, 0.0, kMaxRadiusMeters, true);
    within("students_per_staff", sn.studentsPerStaff, 0.0, 200.0, true);
    within("land_per_student_m2", sn.landPerStudentM2, 0.0, kMaxAreaPerStudentM2, false);
    within("land_per_student_central_m2", sn.landPerStudentCentralM2, 0.0, kMaxAreaPerStudentM2,
           false);
    within("floor_per_student_m2", sn.floorPerStudentM2, 0.0, kMaxAreaPerStudentM2, false);
    if (sn.maxClassesPerSchool < 1 || sn.maxClassesPerSchool > 500)
        bad("max_classes_per_school", "max_classes_per_school " +
                                          std::to_string(sn.maxClassesPerSchool) +
                                          " is outside 1..500");
    if (!(sn.travelSpeedKmh > 0.0) || !(sn.travelSpeedKmh <= 200.0))
        bad("travel_speed_kmh",
            "travel_speed_kmh " + num(sn.travelSpeedKmh) + " is outside (0)..200");
    if (sn.livingCircleMinutes < 0 || sn.livingCircleMinutes > 120)
        bad("living_circle_minutes", "living_circle_minutes " +
                                         std::to_string(sn.livingCircleMinutes) +
                                         " is outside 0..120");
}

/// The top-level keys: class-size thresholds, households and the 配套幼儿园 rule.
void validateCityRules(const Norms& norms, Problems& problems) {
    if (norms.largeClassMin <= 0 || norms.hugeClassMin < norms.largeClassMin ||
        norms.hugeClassMin > kMaxClassSize)
        problems.add(norms.largeClassMin <= 0 ? "large_class_min" : "huge_class_min",
                     "large_class_min must be positive and not above huge_class_min (" +
                         std::to_string(norms.largeClassMin) + ", " +
                         std::to_string(norms.hugeClassMin) + "; at most " +
                         std::to_string(kMaxClassSize) + ")");
    if (!(norms.personsPerHousehold > 0.0 && norms.personsPerHousehold <= 20.0))
        problems.add("persons_per_household", "persons_per_household " +
                                                  num(norms.personsPerHousehold) +
                                                  " is outside (0)..20");
    if (!(norms.kindergartenSeatsPer1000 >= 0.0 && norms.kindergartenSeatsPer1000 <= 1000.0))
        problems.add("kindergarten_seats_per_1000", "kindergarten_seats_per_1000 " +
                                                        num(norms.kindergartenSeatsPer1000) +
                                                        " is outside 0..1000");
    if (norms.kindergartenMinPeople < 0 || norms.kindergartenMinClasses < 0 ||
        norms.kindergartenMinClasses > 500)
        problems.add(norms.kindergartenMinPeople < 0 ? "kindergarten_min_people"
                                                     : "kindergarten_min_classes",
                     "kindergarten_min_people and kindergarten_min_classes must not be "
                     "negative (classes at most 500)");
}

/// The indicator_targets block: shares in 0..1, one problem for all of them.
void validateTargets(const IndicatorTargets& t, Problems& problems) {
    for (const double v : {t.kindergartenGrossEnrolment,
                           t.kindergartenPublicPuhui,
                           t.kindergartenProvincial,
                           t.largeClassShare,
                           t.hugeClassShare,
                           t.standardisedPublic,
                           t.standardisedPrivate,
                           t.qualitySenior,
                           t.highSchoolGross,
                           t.vocationalShareMin,
                           t.vocationalShareMax,
                           t.provincialKeyVocational,
                           t.disabledEnrolment,
                           t.disabledPrevalence,
                           t.migrantPublic,
                           t.kindergartenTeachersCollege,
                           t.primaryTeachersBachelor,
                           t.juniorTeachersBachelor,
                           t.seniorTeachersPostgrad,
                           t.vocationalDualQualified})
        if (!isShare(v)) {
            problems.add("indicator_targets", "indicator targets must lie in 0..1");
            break;
        }
    if (t.vocationalShareMin > t.vocationalShareMax)
        problems.add("indicator_targets.vocational_share_min",
                     "vocational_share_min must not exceed vocational_share_max");
    if (t.deadlineYear < 1949 || t.deadlineYear > 2100)
        problems.add("indicator_targets.deadline_year", "deadline_year must lie in 1949..2100");
}

/// The balance, warning_thresholds and capital_cost blocks, one problem per block.
void validateBlocks(const Norms& norms, Problems& problems) {
    const BalanceOptions& b = norms.balance;
    if (b.minStudentsQuality < 0 || !(b.primaryToJunior > 0.0) || !(b.basicPrimary > 0.0) ||
        !(b.basicJunior > 0.0) || !(b.qualityPrimary > 0.0) || !(b.qualityJunior > 0.0))
        problems.add("balance", "balance limits and weights must be positive");
    const WarningThresholds& w = norms.warnings;
    if (!isShare(w.redProbability) || !isShare(w.yellowProbability) || !(w.redUtilisation >= 0.0) ||
        !(w.yellowUtilisation >= 0.0) || w.yellowProbability > w.redProbability ||
        w.yellowUtilisation > w.redUtilisation)
        problems.add("warning_thresholds",
                     "warning thresholds: probabilities in 0..1, utilisations not negative, "
                     "yellow not above red");
    const CapitalCostNorms& c = norms.capitalCost;
    if (!(c.perFloorM2Yuan >= 0.0) || !(c.perLandM2Yuan >= 0.0) || !(c.perClassYuan >= 0.0))
        problems.add("capital_cost", "capital costs must not be negative");
}

} // namespace

std::vector<Diagnostic> validate(const Norms& norms) {
    Problems problems;
    for (Stage s : kAllStages)
        validateStage(s, norms[s], problems);
    validateCityRules(norms, problems);
    validateTargets(norms.indicatorTargets, problems);
    validateBlocks(norms, problems);
    return problems.take();
}

} // namespace xw::core
