#include <xw/viewer/model/year_view.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace xw::viewer {

const core::AllocationResult* YearView::allocationOf(core::Stage stage) const {
    for (const core::AllocationResult* a : allocation)
        if (a != nullptr && a->stage == stage)
            return a;
    return nullptr;
}

YearView yearView(const study::StudyResults& r, std::optional<int> year) {
    YearView v;
    if (!year || *year == r.baseYear) {
        v.year = r.baseYear;
        v.baseYear = true;
        v.city = r.city.get();
        v.balance = &r.balance;
        v.indicators = &r.indicators;
        if (r.allocation)
            for (const study::StageAllocation& s : r.allocation->stages)
                v.allocation.push_back(&s.result);
        return v;
    }
    const study::YearResult* y = r.yearResult(*year);
    if (y == nullptr) {
        std::string have = std::to_string(r.baseYear);
        if (!r.years.empty())
            have += ", " + std::to_string(r.years.front().year) + "–" +
                    std::to_string(r.years.back().year);
        throw std::invalid_argument("结果中没有 " + std::to_string(*year) + " 年（有 " + have +
                                    "）/ the results have no year " + std::to_string(*year) +
                                    " (they have " + have + ")");
    }
    v.year = y->year;
    v.baseYear = false;
    v.city = y->city.get();
    v.balance = &y->balance;
    v.indicators = y->indicators ? &y->indicators->areas : nullptr;
    for (const core::AllocationResult& a : y->allocation)
        v.allocation.push_back(&a);
    return v;
}

std::vector<int> shownYears(const study::StudyResults& r) {
    std::vector<int> years{r.baseYear};
    for (const study::YearResult& y : r.years)
        if (y.year != r.baseYear)
            years.push_back(y.year);
    std::sort(years.begin(), years.end());
    return years;
}

bool districtStage(const core::CityData& city, core::Stage stage) {
    return city.norms[stage].catchment == core::CatchmentLevel::District;
}

const core::WarningCell* warningCell(const study::StudyResults& r, const std::string& code,
                                     core::Stage stage, int year) {
    if (!r.warnings || r.city == nullptr)
        return nullptr;
    const core::MonteCarloResult& mc = r.warnings->result;
    const bool district = districtStage(*r.city, stage);
    const std::vector<std::string>& codes = district ? mc.districtCodes : mc.townCodes;
    const std::vector<core::WarningCell>& cells = district ? mc.districtCells : mc.cells;
    const auto at = std::find(codes.begin(), codes.end(), code);
    if (at == codes.end())
        return nullptr;
    const auto unit = static_cast<std::size_t>(at - codes.begin());
    for (const core::WarningCell& c : cells)
        if (c.year == year && c.town == unit && c.stage == stage)
            return &c;
    return nullptr;
}

} // namespace xw::viewer
