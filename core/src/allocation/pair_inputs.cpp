#include <xw/core/allocation/pair_inputs.hpp>

namespace xw::core {

std::vector<Diagnostic> applyPairInputs(const PairInputs& inputs, const CityData& city,
                                        AllocationProblem& problem) {
    std::vector<Diagnostic> out;
    const std::string stage(stageCode(problem.stage));
    if (inputs.od) {
        auto od = std::make_shared<const OdDistances>(*inputs.od, problem, inputs.originIds, city,
                                                      problem.metersPerMinute);
        out.push_back({Severity::Info, "", "od_table", "", stage,
                       "距离取自 OD 表: " + std::to_string(od->pairsFound()) +
                           " 对 / distances from the OD table: " +
                           std::to_string(od->pairsFound()) + " pairs"});
        if (od->pointsWithoutRow() > 0)
            out.push_back({Severity::Warning, "", "od_table", "", stage,
                           std::to_string(od->pointsWithoutRow()) + " / " +
                               std::to_string(problem.points.size()) +
                               " 个需求点在 OD 表中没有行, 视为不可达 / demand points have no "
                               "row in the OD table and reach no school"});
        problem.distance = [od](std::size_t i, std::size_t j) { return (*od)(i, j); };
    }
    if (inputs.barriers) {
        std::vector<PointM> points, schools;
        points.reserve(problem.points.size());
        for (const AllocationPoint& p : problem.points)
            points.push_back(p.location);
        for (const AllocationFacility& f : problem.facilities)
            schools.push_back(f.location);
        problem.barrierCrossings = [index = inputs.barriers, points = std::move(points),
                                    schools = std::move(schools)](std::size_t i, std::size_t j) {
            return index->crossings(points[i], schools[j]);
        };
        out.push_back({Severity::Info, "", "barriers", "", stage,
                       "障碍: " + std::to_string(inputs.barriers->lineCount()) +
                           " 条线 / barriers: " + std::to_string(inputs.barriers->lineCount()) +
                           " lines"});
    }
    return out;
}

} // namespace xw::core
