#include <xw/core/balance/seat_balance.hpp>
#include <xw/core/projection/projected_city.hpp>

#include <cmath>
#include <map>
#include <optional>

namespace xw::core {

namespace {

SchoolStageBalance balanceOf(std::size_t schoolIndex, const StageProvision& p, const Norms& norms) {
    SchoolStageBalance b;
    b.schoolIndex = schoolIndex;
    b.stage = p.stage;
    b.classes = p.classes();
    b.seats = stageSeats(p, norms[p.stage]);
    b.enrolment = p.students();
    const LargeClassCount large = countLargeClasses(p, norms);
    b.largeClasses = large.large;
    b.hugeClasses = large.huge;
    b.classesReported = large.anyReported;
    if (b.seats > 0)
        b.utilisation = static_cast<double>(b.enrolment) / static_cast<double>(b.seats);
    if (b.classes > 0)
        b.meanClassSize = static_cast<double>(b.enrolment) / static_cast<double>(b.classes);
    return b;
}

void finish(AreaStageBalance& a) {
    const auto seats = static_cast<double>(a.seats);
    a.shortfall = a.demand > seats ? a.demand - seats : 0.0;
    a.surplus = seats > a.demand ? seats - a.demand : 0.0;
    if (a.seats > 0)
        a.utilisation = static_cast<double>(a.enrolment) / seats;
    else
        a.utilisation.reset();
}

void addSupply(AreaStageBalance& a, const SchoolStageBalance& s) {
    a.seats += s.seats;
    a.enrolment += s.enrolment;
    a.classes += s.classes;
    a.largeClasses += s.largeClasses;
    a.hugeClasses += s.hugeClasses;
}

void addTown(AreaStageBalance& a, const AreaStageBalance& town) {
    a.residentsInBand += town.residentsInBand;
    a.demand += town.demand;
    a.seats += town.seats;
    a.enrolment += town.enrolment;
    a.classes += town.classes;
    a.largeClasses += town.largeClasses;
    a.hugeClasses += town.hugeClasses;
    a.localShortfallSum += town.shortfall;
}

void aggregateTownRows(const CityData& city, SeatBalance& out,
                       std::array<AreaStageBalance, kStageCount>& cityRows) {
    const Regions& regions = city.regions;
    const RegionIndex index(regions);
    // Town rows are region-major, stage-minor: the first row of town i is i × kStageCount.
    auto townRow = [&](const std::string& code) -> std::optional<std::size_t> {
        const auto i = index.townIndex(code);
        if (!i)
            return std::nullopt;
        return *i * kStageCount;
    };
    for (AreaStageBalance& a : out.towns) {
        finish(a);
        a.localShortfallSum = a.shortfall;
    }

    // Districts and groupings aggregate their towns.
    for (std::size_t di = 0; di < regions.districts.size(); ++di) {
        const District& d = regions.districts[di];
        for (Stage s : kAllStages) {
            AreaStageBalance a;
            a.code = d.code;
            a.name = d.name;
            a.stage = s;
            for (const std::size_t t : index.townsOfDistrict(di))
                addTown(a, out.towns[t * kStageCount + stageIndex(s)]);
            finish(a);
            out.districts.push_back(a);
        }
    }
    for (const TownGrouping& g : regions.groupings) {
        for (Stage s : kAllStages) {
            AreaStageBalance a;
            a.code = g.name;
            a.name = g.name;
            a.stage = s;
            for (const std::string& code : g.townCodes) {
                if (const auto row = townRow(code))
                    addTown(a, out.towns[*row + stageIndex(s)]);
            }
            finish(a);
            out.groupings.push_back(a);
        }
    }
    for (const AreaStageBalance& t : out.towns)
        addTown(cityRows[stageIndex(t.stage)], t);
    for (AreaStageBalance& c : cityRows)
        finish(c);

    // Stages recruited county-wide net their shortfalls within each district instead.
    for (Stage s : kAllStages) {
        if (city.norms[s].catchment != CatchmentLevel::District)
            continue;
        double sum = 0.0;
        for (AreaStageBalance& d : out.districts)
            if (d.stage == s) {
                d.localShortfallSum = d.shortfall;
                sum += d.shortfall;
            }
        for (AreaStageBalance& g : out.groupings)
            if (g.stage == s)
                g.localShortfallSum = g.shortfall;
        cityRows[stageIndex(s)].localShortfallSum = sum;
    }
    out.city.assign(cityRows.begin(), cityRows.end());
}

std::array<AreaStageBalance, kStageCount> emptyCityRows(const Regions& regions) {
    std::array<AreaStageBalance, kStageCount> cityRows;
    for (Stage s : kAllStages) {
        AreaStageBalance& c = cityRows[stageIndex(s)];
        c.code = regions.cityCode;
        c.name = regions.cityName;
        c.stage = s;
    }
    return cityRows;
}

std::vector<AreaStageBalance> emptyTownRows(const Regions& regions) {
    std::vector<AreaStageBalance> rows;
    rows.reserve(regions.towns.size() * kStageCount);
    for (const Town& t : regions.towns)
        for (Stage s : kAllStages) {
            AreaStageBalance a;
            a.code = t.code;
            a.name = t.name;
            a.stage = s;
            rows.push_back(a);
        }
    return rows;
}

} // namespace

SeatBalance computeSeatBalance(const CityData& city) {
    SeatBalance out;
    out.year = city.baseYear;
    const Regions& regions = city.regions;
    const std::size_t nTowns = regions.towns.size();

    // Town rows: demand from residents, supply from the schools located there.
    std::map<std::string, std::size_t> townRow; // town code → index of its first stage row
    for (std::size_t i = 0; i < nTowns; ++i)
        townRow[regions.towns[i].code] = i * kStageCount;
    out.towns = emptyTownRows(regions);
    for (const TownPopulation& tp : city.population.towns) {
        const auto it = townRow.find(tp.townCode);
        if (it == townRow.end())
            continue;
        for (Stage s : kAllStages) {
            const StageNorms& sn = city.norms[s];
            AreaStageBalance& a = out.towns[it->second + stageIndex(s)];
            a.residentsInBand += tp.total(sn.rateAgeMin, sn.rateAgeMax);
        }
    }
    for (AreaStageBalance& a : out.towns)
        a.demand = wholeChildren(a.residentsInBand * city.norms[a.stage].targetRate);

    auto cityRows = emptyCityRows(regions);
    for (std::size_t i = 0; i < city.schools.size(); ++i) {
        const School& school = city.schools[i];
        const auto it = townRow.find(school.townCode);
        for (const StageProvision& p : school.stages) {
            SchoolStageBalance b = balanceOf(i, p, city.norms);
            if (it != townRow.end())
                addSupply(out.towns[it->second + stageIndex(p.stage)], b);
            else // a school placed in no known town still counts for the city
                addSupply(cityRows[stageIndex(p.stage)], b);
            out.schools.push_back(b);
        }
    }
    aggregateTownRows(city, out, cityRows);
    return out;
}

SeatBalance computeSeatBalanceForYear(const CityData& city, const ProjectionResult& projection,
                                      int year, const std::vector<AddedSeats>& added,
                                      const CityData* projected) {
    SeatBalance out;
    out.year = year;
    const Regions& regions = city.regions;
    out.towns = emptyTownRows(regions);
    const RegionIndex index(regions);
    const auto seats = townSeats(city, year, added);
    // Classes of the base-year schools, for the mean class size of expected enrolment.
    std::vector<std::array<std::int64_t, kStageCount>> classes(regions.towns.size());
    for (auto& c : classes)
        c.fill(0);
    for (const School& school : city.schools)
        if (const auto ti = index.townIndex(school.townCode))
            for (const StageProvision& p : school.stages)
                classes[*ti][stageIndex(p.stage)] += p.classes();

    for (std::size_t t = 0; t < regions.towns.size(); ++t) {
        // The projection orders towns as the regions do; look the code up to be safe.
        std::optional<std::size_t> pt;
        for (std::size_t k = 0; k < projection.townCodes.size(); ++k)
            if (projection.townCodes[k] == regions.towns[t].code)
                pt = k;
        for (Stage s : kAllStages) {
            AreaStageBalance& a = out.towns[t * kStageCount + stageIndex(s)];
            const StageNorms& sn = city.norms[s];
            if (pt) {
                for (int age = sn.rateAgeMin; age <= sn.rateAgeMax; ++age)
                    for (PopCategory c : {PopCategory::Registered, PopCategory::Migrant})
                        a.residentsInBand += projection.personsAt(year, *pt, age, c);
                a.demand = wholeChildren(projection.stageDemand(year, *pt, s, DemandKind::Raw));
                a.enrolment =
                    std::llround(projection.stageDemand(year, *pt, s, DemandKind::Calibrated));
            }
            a.seats = std::llround(seats[t][stageIndex(s)]);
            a.classes = classes[t][stageIndex(s)];
            finish(a);
        }
    }
    // Per school: the base-year schools with the year's projected students (projectedCity), so
    // large classes come from the same even split as in the base year.
    if (city.baseYear >= projection.firstYear && city.baseYear <= projection.lastYear) {
        std::optional<CityData> built;
        if (projected == nullptr)
            built = projectedCity(city, projection, year);
        const CityData& inYear = projected != nullptr ? *projected : *built;
        for (std::size_t i = 0; i < inYear.schools.size(); ++i) {
            const School& school = inYear.schools[i];
            const auto ti = index.townIndex(school.townCode);
            for (const StageProvision& p : school.stages) {
                SchoolStageBalance b = balanceOf(i, p, inYear.norms);
                if (ti) {
                    AreaStageBalance& a = out.towns[*ti * kStageCount + stageIndex(p.stage)];
                    a.largeClasses += b.largeClasses;
                    a.hugeClasses += b.hugeClasses;
                }
                out.schools.push_back(b);
            }
        }
    }
    auto cityRows = emptyCityRows(regions);
    aggregateTownRows(city, out, cityRows);
    return out;
}

} // namespace xw::core
