#include <xw/core/balance/indicators.hpp>

#include <gtest/gtest.h>

namespace xw::core {
namespace {

const Indicator& get(const AreaIndicators& a, const std::string& key) {
    for (const auto& i : a.items)
        if (i.key == key)
            return i;
    throw std::runtime_error("no indicator " + key);
}

// A hand-made town: 100 residents per single-year age (all registered, except 10 migrants per age).
//  K1 public kindergarten, 3 classes, 25 + 30 + 35 = 90 children, 省规范化.
//  K2 private non-普惠 kindergarten, 3 classes, 60 children.
//  → children 150, residents 3–5 = 330: gross enrolment 150/330 = 45.45 % (fail, target 98 %);
//    public+普惠 90/150 = 60 % (fail, 80 %); provincial 90/150 = 60 % (fail, 70 %).
//  P1 public primary, 6 grades × 2 classes, 120 pupils per grade (60 per class → 12 classes ≥ 56),
//    40 migrant pupils, standardised; 40 teachers of whom 20 本科+.
//  P2 private primary, 6 classes of 40, 60 migrants, not standardised.
//  → large-class share 12/18 = 66.7 % (fail); 随迁 in public 40/100 = 40 % (fail, 50 %);
//    standardised public 1/1 (pass), private 0/1 (fail).
//  S1 senior high 优质, 600 students; V1 vocational 省级重点, 200 students.
//  → 高中阶段 800 / residents 15–17 (330) > 95 %; vocational share 200/800 = 25 % (fail, 45–55 %).
CityData town() {
    CityData c;
    c.regions.cityCode = "C";
    c.regions.cityName = "City";
    c.regions.districts = {{"D", "District"}};
    c.regions.towns = {{"T", "Town", "D", true, 1.0}};
    TownPopulation tp;
    tp.townCode = "T";
    tp.persons.assign(19, {100.0, 10.0});
    c.population.towns = {tp};
    auto school = [&](const std::string& id, Ownership own, Stage st,
                      std::vector<GradeRecord> grades) {
        School s;
        s.id = id;
        s.townCode = "T";
        s.ownership = own;
        s.stages.push_back({st, std::move(grades), 0});
        c.schools.push_back(s);
        return &c.schools.back();
    };
    school("K1", Ownership::Public, Stage::Kindergarten,
           {{1, 1, 25, 0}, {2, 1, 30, 0}, {3, 1, 35, 0}})
        ->flags.provincialStandard = true;
    school("K2", Ownership::Private, Stage::Kindergarten,
           {{1, 1, 20, 0}, {2, 1, 20, 0}, {3, 1, 20, 0}});
    std::vector<GradeRecord> p1;
    for (int g = 1; g <= 6; ++g)
        p1.push_back({g, 2, 120, g <= 4 ? 10 : 0});
    School* s = school("P1", Ownership::Public, Stage::Primary, p1);
    s->flags.standardised = true;
    s->staff.teachers = 40;
    s->staff.bachelorPlus = 20;
    std::vector<GradeRecord> p2;
    for (int g = 1; g <= 6; ++g)
        p2.push_back({g, 1, 40, 10});
    school("P2", Ownership::Private, Stage::Primary, p2);
    school("S1", Ownership::Public, Stage::Senior, {{1, 12, 600, 0}})->flags.quality = true;
    school("V1", Ownership::Public, Stage::Vocational, {{1, 4, 200, 0}})->flags.provincialKey =
        true;
    return c;
}

TEST(Indicators, KindergartenCoverageOnAHandMadeTown) {
    const auto all = computeIndicators(town());
    ASSERT_EQ(all.size(), 2U); // one district, then the city
    const auto& city = all.back();
    EXPECT_EQ(city.level, "city");
    const auto& gross = get(city, "kindergarten_gross_enrolment");
    EXPECT_DOUBLE_EQ(gross.numerator, 150.0);
    EXPECT_DOUBLE_EQ(gross.denominator, 330.0);
    EXPECT_EQ(gross.pass, false);
    EXPECT_DOUBLE_EQ(*get(city, "kindergarten_public_puhui").value, 0.6);
    EXPECT_DOUBLE_EQ(*get(city, "kindergarten_provincial_standard").value, 0.6);
}

TEST(Indicators, CompulsoryLargeClassesMigrantsAndStandardisation) {
    const auto all = computeIndicators(town());
    const auto& city = all.back();
    const auto& large = get(city, "large_class_share");
    EXPECT_DOUBLE_EQ(large.numerator, 12.0);
    EXPECT_DOUBLE_EQ(large.denominator, 18.0);
    EXPECT_EQ(large.pass, false);
    EXPECT_DOUBLE_EQ(get(city, "huge_class_share").numerator, 0.0);
    EXPECT_DOUBLE_EQ(*get(city, "migrant_public").value, 0.4);
    EXPECT_EQ(get(city, "standardised_public").pass, true);
    EXPECT_EQ(get(city, "standardised_private").pass, false);
    EXPECT_DOUBLE_EQ(*get(city, "primary_teachers_bachelor").value, 0.5);
}

TEST(Indicators, LargeClassesAndTheirLabelsFollowTheNormsClassSizes) {
    // Classes of 35 or more are large and of 45 or more huge: P1's twelve classes of 60 are
    // both, P2's six classes of 40 are large only.
    CityData c = town();
    c.norms.largeClassMin = 35;
    c.norms.hugeClassMin = 45;
    const auto all = computeIndicators(c);
    const auto& city = all.back();
    const auto& large = get(city, "large_class_share");
    EXPECT_DOUBLE_EQ(large.numerator, 18.0);
    EXPECT_EQ(large.nameZh, "大班额(35人及以上)比例");
    EXPECT_EQ(large.nameEn, "Compulsory classes of 35 or more");
    const auto& huge = get(city, "huge_class_share");
    EXPECT_DOUBLE_EQ(huge.numerator, 12.0);
    EXPECT_EQ(huge.nameZh, "超大班额(45人及以上)比例");
}

TEST(Indicators, UpperSecondaryRatesAndTheGeneralVocationalBalance) {
    const auto all = computeIndicators(town());
    const auto& city = all.back();
    EXPECT_DOUBLE_EQ(*get(city, "high_school_gross_enrolment").value, 800.0 / 330.0);
    const auto& voc = get(city, "vocational_share");
    EXPECT_DOUBLE_EQ(*voc.value, 0.25);
    EXPECT_EQ(voc.pass, false);
    EXPECT_EQ(get(city, "quality_senior").pass, true);
    EXPECT_EQ(get(city, "provincial_key_vocational").pass, true);
}

TEST(Indicators, UndefinedWhenNothingToDivideBy) {
    CityData c = town();
    c.schools.erase(c.schools.begin() + 5); // no vocational school left
    const auto all = computeIndicators(c);
    const auto& city = all.back();
    EXPECT_FALSE(get(city, "provincial_key_vocational").value.has_value());
    EXPECT_FALSE(get(city, "provincial_key_vocational").pass.has_value());
}

TEST(Indicators, DistrictEqualsCityWhenThereIsOneDistrict) {
    const auto all = computeIndicators(town());
    for (std::size_t i = 0; i < all[0].items.size(); ++i)
        EXPECT_EQ(all[0].items[i].value, all[1].items[i].value) << all[0].items[i].key;
}

} // namespace
} // namespace xw::core
