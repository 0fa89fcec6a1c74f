#include <xw/core/balance/resources.hpp>

#include <map>

namespace xw::core {

std::vector<AreaResources> computeResources(const CityData& city, const SeatBalance& balance) {
    const Regions& regions = city.regions;
    const RegionIndex index(regions);
    // Teachers on record per town and stage: a school's teachers split by its pupils per stage.
    std::map<std::pair<std::string, Stage>, double> teachers;
    for (const School& s : city.schools) {
        double total = 0.0;
        for (const auto& p : s.stages)
            total += static_cast<double>(p.students());
        for (const auto& p : s.stages) {
            const double share = total > 0.0 ? static_cast<double>(p.students()) / total
                                             : 1.0 / static_cast<double>(s.stages.size());
            teachers[{s.townCode, p.stage}] += share * s.staff.teachers;
        }
    }
    auto finish = [&](AreaResources& r, double enrolment) {
        const StageNorms& sn = city.norms[r.stage];
        r.teachersForEnrolment = enrolment / sn.studentsPerStaff;
        r.teacherGap = r.teachersForEnrolment > r.teachersOnRecord
                           ? r.teachersForEnrolment - r.teachersOnRecord
                           : 0.0;
        r.teachersForMissing = r.missingSeats / sn.studentsPerStaff;
        r.floorForMissingM2 = r.missingSeats * sn.floorPerStudentM2;
    };

    std::vector<AreaResources> out;
    std::map<std::pair<std::string, Stage>, AreaResources> districts;
    std::map<Stage, AreaResources> cityRows;
    for (const AreaStageBalance& b : balance.towns) {
        const auto ti = index.townIndex(b.code);
        const Town& town = regions.towns[*ti];
        const StageNorms& sn = city.norms[b.stage];
        const bool byTown = sn.catchment == CatchmentLevel::Town;
        AreaResources r{"town", b.code, b.name, b.stage};
        r.teachersOnRecord = teachers[{b.code, b.stage}];
        r.missingSeats = byTown ? b.shortfall : 0.0;
        r.landForMissingM2 =
            r.missingSeats * (town.urban ? sn.landPerStudentCentralM2 : sn.landPerStudentM2);
        finish(r, static_cast<double>(b.enrolment));
        out.push_back(r);

        // The town's district through RegionIndex, the one town → district rule (as the seat
        // balance aggregates its district rows): a town whose district code names no district
        // adds to no district row.
        const auto di = index.districtOfTown(*ti);
        if (!di)
            continue;
        AreaResources& d = districts[{regions.districts[*di].code, b.stage}];
        d.teachersOnRecord += r.teachersOnRecord;
        d.missingSeats += r.missingSeats;
        d.landForMissingM2 += r.landForMissingM2;
    }
    for (const AreaStageBalance& b : balance.districts) {
        AreaResources& d = districts[{b.code, b.stage}];
        d.level = "district";
        d.code = b.code;
        d.name = b.name;
        d.stage = b.stage;
        const StageNorms& sn = city.norms[b.stage];
        if (sn.catchment == CatchmentLevel::District) {
            d.missingSeats = b.shortfall;
            d.landForMissingM2 = b.shortfall * sn.landPerStudentM2;
        }
        finish(d, static_cast<double>(b.enrolment));
        out.push_back(d);
        AreaResources& c = cityRows[b.stage];
        c.teachersOnRecord += d.teachersOnRecord;
        c.missingSeats += d.missingSeats;
        c.landForMissingM2 += d.landForMissingM2;
    }
    for (const AreaStageBalance& b : balance.city) {
        AreaResources& c = cityRows[b.stage];
        c.level = "city";
        c.code = b.code;
        c.name = b.name;
        c.stage = b.stage;
        // Schools in no known town still have teachers; count them for the city.
        c.teachersOnRecord += teachers[{std::string(), b.stage}];
        finish(c, static_cast<double>(b.enrolment));
        out.push_back(c);
    }
    return out;
}

} // namespace xw::core
