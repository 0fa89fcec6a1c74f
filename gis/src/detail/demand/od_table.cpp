// Origin–destination tables of metres or minutes to schools.
#include "detail/demand/layer_reader.hpp"
#include "detail/demand/loaders.hpp"

#include <set>

namespace xw::gis::detail::demand {

void loadOdTable(const SourceLocation& s, const OGRSpatialReference& working, DatasetLoad& out) {
    const Reader r(s, {{"origin", true}, {"school", true}, {"meters", false}, {"minutes", false}},
                   false, working, out.problems);
    if (r.has("meters") == r.has("minutes"))
        r.fail("OD 表需要且只能有 meters 或 minutes 之一 / the OD table needs exactly one of the "
               "fields meters and minutes: " +
               s.sourceLabel);
    const char* valueField = r.has("meters") ? "meters" : "minutes";
    core::OdTable table;
    table.unit = r.has("meters") ? core::OdUnit::Meters : core::OdUnit::Minutes;
    std::set<std::string> schoolIds;
    for (const core::School& school : out.city.schools)
        schoolIds.insert(school.id);
    std::size_t unknownSchools = 0;
    std::string firstUnknown;
    r.forEach([&](OGRFeature& f, std::size_t row) {
        bool ok = true;
        const std::string id = rowId(row);
        const std::string origin = required(r, f, "origin", id, ok);
        const std::string school = required(r, f, "school", id, ok);
        const auto value = number(r, f, valueField, id, true, ok);
        if (!ok)
            return;
        if (schoolIds.count(school) == 0) {
            if (unknownSchools++ == 0)
                firstUnknown = school;
            return;
        }
        if (!table.add(origin, school, *value))
            r.error(id, r.column("school"),
                    "重复的起点×学校，已跳过 / duplicate origin × school, skipped");
    });
    if (unknownSchools > 0)
        out.problems.push_back({Severity::Warning, s.sourceLabel, s.key, "", r.column("school"),
                                std::to_string(unknownSchools) +
                                    " 行的学校不在数据集中，已忽略 (如 " + inQuotes(firstUnknown) +
                                    ") / rows name a school that is not in the dataset, "
                                    "ignored (e.g. " +
                                    inQuotes(firstUnknown) + ")"});
    out.odTable = std::move(table);
}

} // namespace xw::gis::detail::demand
