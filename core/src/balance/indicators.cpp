#include <xw/core/balance/indicators.hpp>
#include <xw/core/balance/seat_balance.hpp>
#include <xw/core/balance/seats.hpp>
#include <xw/core/projection/projected_city.hpp>

namespace xw::core {
namespace {

/// Sums over the schools of one area; teachers of a school serving several stages are split by
/// its students per stage.
struct Sums {
    double kgChildren = 0, kgPublicPuhui = 0, kgProvincial = 0;
    double compulsoryClasses = 0, largeClasses = 0, hugeClasses = 0;
    double publicCompulsorySchools = 0, publicStandardised = 0;
    double privateCompulsorySchools = 0, privateStandardised = 0;
    double seniorStudents = 0, seniorQuality = 0, vocationalStudents = 0, vocationalKey = 0;
    double disabledEnrolled = 0;
    double migrantCompulsory = 0, migrantPublic = 0;
    std::array<double, kStageCount> teachers{}, college{}, bachelor{}, postgrad{}, dual{};
    // Residents
    double residents3to5 = 0, residents15to17 = 0, residents6to14 = 0;
};

void addSchool(Sums& s, const School& school, const Norms& norms) {
    double totalStudents = 0;
    for (const auto& p : school.stages)
        totalStudents += static_cast<double>(p.students());
    bool compulsory = false;
    for (const auto& p : school.stages) {
        const auto students = static_cast<double>(p.students());
        const int i = stageIndex(p.stage);
        const double share = totalStudents > 0 ? students / totalStudents
                                               : 1.0 / static_cast<double>(school.stages.size());
        s.teachers[i] += share * school.staff.teachers;
        s.college[i] += share * school.staff.collegePlus;
        s.bachelor[i] += share * school.staff.bachelorPlus;
        s.postgrad[i] += share * school.staff.postgraduate;
        s.dual[i] += share * school.staff.dualQualified;
        s.disabledEnrolled += p.disabledStudents;
        switch (p.stage) {
        case Stage::Kindergarten:
            s.kgChildren += students;
            if (school.ownership == Ownership::Public || school.flags.puhui)
                s.kgPublicPuhui += students;
            if (school.flags.provincialStandard)
                s.kgProvincial += students;
            break;
        case Stage::Primary:
        case Stage::Junior:
            compulsory = true;
            s.compulsoryClasses += static_cast<double>(p.classes());
            {
                const LargeClassCount large = countLargeClasses(p, norms);
                s.largeClasses += static_cast<double>(large.large);
                s.hugeClasses += static_cast<double>(large.huge);
            }
            s.migrantCompulsory += static_cast<double>(p.migrantStudents());
            if (school.ownership == Ownership::Public)
                s.migrantPublic += static_cast<double>(p.migrantStudents());
            break;
        case Stage::Senior:
            s.seniorStudents += students;
            if (school.flags.quality)
                s.seniorQuality += students;
            break;
        case Stage::Vocational:
            s.vocationalStudents += students;
            if (school.flags.provincialKey)
                s.vocationalKey += students;
            break;
        case Stage::Special:
            s.disabledEnrolled += students;
            break;
        }
    }
    if (compulsory && !school.flags.teachingPoint) {
        if (school.ownership == Ownership::Public) {
            s.publicCompulsorySchools += 1;
            s.publicStandardised += school.flags.standardised ? 1 : 0;
        } else {
            s.privateCompulsorySchools += 1;
            s.privateStandardised += school.flags.standardised ? 1 : 0;
        }
    }
}

Indicator make(std::string key, std::string zh, std::string en, double num, double den,
               Comparison cmp, double target, double high = 0.0) {
    Indicator ind;
    ind.key = std::move(key);
    ind.nameZh = std::move(zh);
    ind.nameEn = std::move(en);
    ind.numerator = num;
    ind.denominator = den;
    ind.comparison = cmp;
    ind.target = target;
    ind.targetHigh = high;
    if (den > 0) {
        const double v = num / den;
        ind.value = v;
        switch (cmp) {
        case Comparison::AtLeast:
            ind.pass = v >= target;
            break;
        case Comparison::AtMost:
            ind.pass = v <= target;
            break;
        case Comparison::Between:
            ind.pass = v >= target && v <= high;
            break;
        }
    }
    return ind;
}

/// `norms` gives the class sizes the 大班额 labels name (largeClassMin, hugeClassMin).
std::vector<Indicator> indicatorsOf(const Sums& s, const IndicatorTargets& t, const Norms& norms) {
    const std::string large = std::to_string(norms.largeClassMin);
    const std::string huge = std::to_string(norms.hugeClassMin);
    using C = Comparison;
    const int kg = stageIndex(Stage::Kindergarten), pr = stageIndex(Stage::Primary),
              jr = stageIndex(Stage::Junior), sr = stageIndex(Stage::Senior),
              vo = stageIndex(Stage::Vocational);
    const double highSchool = s.seniorStudents + s.vocationalStudents;
    return {
        make("kindergarten_gross_enrolment", "学前三年毛入园率", "Kindergarten gross enrolment",
             s.kgChildren, s.residents3to5, C::AtLeast, t.kindergartenGrossEnrolment),
        make("kindergarten_public_puhui", "公办及普惠性幼儿园覆盖率",
             "Children in public or 普惠 kindergartens", s.kgPublicPuhui, s.kgChildren, C::AtLeast,
             t.kindergartenPublicPuhui),
        make("kindergarten_provincial_standard", "省规范化幼儿园覆盖率",
             "Children in provincially certified kindergartens", s.kgProvincial, s.kgChildren,
             C::AtLeast, t.kindergartenProvincial),
        make("large_class_share", "大班额(" + large + "人及以上)比例",
             "Compulsory classes of " + large + " or more", s.largeClasses, s.compulsoryClasses,
             C::AtMost, t.largeClassShare),
        make("huge_class_share", "超大班额(" + huge + "人及以上)比例",
             "Compulsory classes of " + huge + " or more", s.hugeClasses, s.compulsoryClasses,
             C::AtMost, t.hugeClassShare),
        make("standardised_public", "公办义务教育标准化学校比例",
             "Public compulsory schools meeting the standard", s.publicStandardised,
             s.publicCompulsorySchools, C::AtLeast, t.standardisedPublic),
        make("standardised_private", "民办义务教育标准化学校比例",
             "Private compulsory schools meeting the standard", s.privateStandardised,
             s.privateCompulsorySchools, C::AtLeast, t.standardisedPrivate),
        make("quality_senior", "优质普通高中在校生比例", "Students in 优质 senior highs",
             s.seniorQuality, s.seniorStudents, C::AtLeast, t.qualitySenior),
        make("high_school_gross_enrolment", "高中阶段毛入学率", "Upper-secondary gross enrolment",
             highSchool, s.residents15to17, C::AtLeast, t.highSchoolGross),
        make("vocational_share", "中职占高中阶段比例(普职比)",
             "Vocational share of upper secondary (普职比 about 1:1)", s.vocationalStudents,
             highSchool, C::Between, t.vocationalShareMin, t.vocationalShareMax),
        make("provincial_key_vocational", "省级重点以上中职在校生比例",
             "Students in provincial-key vocational schools", s.vocationalKey, s.vocationalStudents,
             C::AtLeast, t.provincialKeyVocational),
        make("disabled_enrolment", "三类残疾儿童少年入学率", "Enrolment of disabled children",
             s.disabledEnrolled, s.residents6to14 * t.disabledPrevalence, C::AtLeast,
             t.disabledEnrolment),
        make("migrant_public", "随迁子女公办学校就读比例",
             "Migrant children in public compulsory schools", s.migrantPublic, s.migrantCompulsory,
             C::AtLeast, t.migrantPublic),
        make("kindergarten_teachers_college", "幼儿园教师大专及以上学历比例",
             "Kindergarten teachers with 大专+", s.college[kg], s.teachers[kg], C::AtLeast,
             t.kindergartenTeachersCollege),
        make("primary_teachers_bachelor", "小学教师本科及以上学历比例",
             "Primary teachers with 本科+", s.bachelor[pr], s.teachers[pr], C::AtLeast,
             t.primaryTeachersBachelor),
        make("junior_teachers_bachelor", "初中教师本科及以上学历比例", "Junior teachers with 本科+",
             s.bachelor[jr], s.teachers[jr], C::AtLeast, t.juniorTeachersBachelor),
        make("senior_teachers_postgrad", "高中阶段教师研究生学历比例",
             "Senior and vocational teachers with 研究生", s.postgrad[sr] + s.postgrad[vo],
             s.teachers[sr] + s.teachers[vo], C::AtLeast, t.seniorTeachersPostgrad),
        make("vocational_dual_qualified", "中职双师型教师比例", "Vocational 双师型 teachers",
             s.dual[vo], s.teachers[vo], C::AtLeast, t.vocationalDualQualified),
    };
}

} // namespace

std::vector<AreaIndicators> computeIndicators(const CityData& city,
                                              const IndicatorTargets& targets) {
    const Regions& regions = city.regions;
    std::vector<Sums> perDistrict(regions.districts.size());
    Sums all;
    const RegionIndex index(regions);
    auto districtOfTown = [&](const std::string& townCode) -> std::optional<std::size_t> {
        const auto t = index.townIndex(townCode);
        return t ? index.districtOfTown(*t) : std::nullopt;
    };
    for (const School& school : city.schools) {
        addSchool(all, school, city.norms);
        if (const auto d = districtOfTown(school.townCode))
            addSchool(perDistrict[*d], school, city.norms);
    }
    for (const TownPopulation& tp : city.population.towns) {
        const double r3 = tp.total(3, 5), r15 = tp.total(15, 17), r6 = tp.total(6, 14);
        auto add = [&](Sums& s) {
            s.residents3to5 += r3;
            s.residents15to17 += r15;
            s.residents6to14 += r6;
        };
        add(all);
        if (const auto d = districtOfTown(tp.townCode))
            add(perDistrict[*d]);
    }
    std::vector<AreaIndicators> out;
    for (std::size_t d = 0; d < regions.districts.size(); ++d)
        out.push_back({"district", regions.districts[d].code, regions.districts[d].name,
                       indicatorsOf(perDistrict[d], targets, city.norms)});
    out.push_back(
        {"city", regions.cityCode, regions.cityName, indicatorsOf(all, targets, city.norms)});
    return out;
}

namespace {

YearIndicators yearIndicatorsOf(const CityData& projected, int year,
                                const IndicatorTargets& targets) {
    YearIndicators out;
    out.year = year;
    out.deadlineYear = targets.deadlineYear;
    out.due = year >= targets.deadlineYear;
    out.areas = computeIndicators(projected, targets);
    return out;
}

} // namespace

YearIndicators computeIndicatorsForYear(const CityData& city, const ProjectionResult& projection,
                                        int year, const IndicatorTargets& targets) {
    return yearIndicatorsOf(projectedCity(city, projection, year), year, targets);
}

YearIndicators indicatorsOfProjectedCity(const CityData& projected, int year) {
    return yearIndicatorsOf(projected, year, projected.norms.indicatorTargets);
}

std::vector<AreaIndicators> computeIndicators(const CityData& city) {
    return computeIndicators(city, city.norms.indicatorTargets);
}

YearIndicators computeIndicatorsForYear(const CityData& city, const ProjectionResult& projection,
                                        int year) {
    return computeIndicatorsForYear(city, projection, year, city.norms.indicatorTargets);
}

} // namespace xw::core
