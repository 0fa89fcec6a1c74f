// validatePlan (plan.hpp): every problem of a plan against its city and horizon, one check per
// kind of intervention, in the order new schools, closures, class changes, conversions, zone
// redraws, housing, policies.
#include <xw/core/model/plan.hpp>
#include <xw/core/model/region.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace xw::core {
namespace {

Diagnostic problem(const char* layer, std::size_t index, const std::string& id,
                   const std::string& field, std::string message, int year = 0) {
    Diagnostic d;
    d.severity = Severity::Error;
    d.layer = layer;
    d.featureId = "#" + std::to_string(index + 1) + (id.empty() ? "" : " " + id);
    d.field = field;
    d.message = std::move(message);
    d.year = year;
    return d;
}

std::string unknownSchool(const std::string& id) {
    return "数据集和方案中都没有学校 \"" + id + "\" / no school \"" + id +
           "\" in the dataset or the plan";
}

std::string unknownTown(const std::string& code) {
    return "未知乡镇代码 \"" + code + "\" / unknown town code \"" + code + "\"";
}

/// The checks of one plan. Each check* appends its problems to `out`; the later checks read the
/// schools' opening years (from checkNewSchools) and closing years (from checkClosures).
class PlanChecker {
public:
    PlanChecker(const CityData& city, const Plan& plan, int horizonYear)
        : m_city(city), m_plan(plan), m_first(city.baseYear), m_horizon(horizonYear),
          m_regions(city.regions) {}

    std::vector<Diagnostic> run() {
        checkNewSchools();
        checkClosures();
        checkClassChanges();
        checkConversions();
        checkZoneRedraws();
        checkHousing();
        checkPolicies();
        return std::move(m_out);
    }

private:
    [[nodiscard]] bool yearOk(int y) const { return y >= m_first && y <= m_horizon; }

    [[nodiscard]] std::string yearMessage(int y) const {
        return "年份 " + std::to_string(y) + " 不在 " + std::to_string(m_first) + "–" +
               std::to_string(m_horizon) + " 之间 / the year " + std::to_string(y) +
               " is outside the base year and the horizon, " + std::to_string(m_first) + "–" +
               std::to_string(m_horizon);
    }

    void checkYear(const char* layer, std::size_t i, const std::string& id, int year) {
        if (!yearOk(year))
            m_out.push_back(problem(layer, i, id, "year", yearMessage(year), year));
    }

    void opensOnlyIn(const char* layer, std::size_t i, const std::string& id, int opens, int year) {
        m_out.push_back(problem(layer, i, id, "year",
                                "学校在 " + std::to_string(opens) + " 年才开办 / the school " +
                                    "opens only in " + std::to_string(opens),
                                year));
    }

    /// Schools known to the plan: the dataset's, then the new ones (with their opening years).
    void checkNewSchools() {
        for (const School& s : m_city.schools)
            m_opens.emplace(s.id, m_first);
        for (std::size_t i = 0; i < m_plan.newSchools.size(); ++i) {
            const NewSchool& n = m_plan.newSchools[i];
            const char* layer = "new_schools";
            checkYear(layer, i, n.school.id, n.year);
            if (n.school.id.empty())
                m_out.push_back(
                    problem(layer, i, "", "id", "新建学校没有编号 / the new school has no id"));
            else if (!m_opens.emplace(n.school.id, n.year).second)
                m_out.push_back(problem(layer, i, n.school.id, "id",
                                        "学校编号 \"" + n.school.id +
                                            "\" 已被使用 / the school id \"" + n.school.id +
                                            "\" is already taken"));
            if (n.school.stages.empty())
                m_out.push_back(problem(layer, i, n.school.id, "stages",
                                        "新建学校没有学段 / the new school serves no stage"));
            for (const StageProvision& p : n.school.stages)
                if (p.classes() <= 0)
                    m_out.push_back(problem(layer, i, n.school.id, std::string(stageCode(p.stage)),
                                            "新建学校的" + std::string(stageNameZh(p.stage)) +
                                                "没有班级 / the new school has no " +
                                                std::string(stageCode(p.stage)) + " classes"));
            if (!n.school.townCode.empty() && !m_regions.townIndex(n.school.townCode))
                m_out.push_back(
                    problem(layer, i, n.school.id, "town", unknownTown(n.school.townCode)));
        }
    }

    /// Closures: one per school, of a school open by then; the year from which a school is gone;
    /// then where the pupils go.
    void checkClosures() {
        const char* layer = "closures";
        for (std::size_t i = 0; i < m_plan.closures.size(); ++i) {
            const Closure& c = m_plan.closures[i];
            checkYear(layer, i, c.schoolId, c.year);
            const auto it = m_opens.find(c.schoolId);
            if (it == m_opens.end())
                m_out.push_back(problem(layer, i, c.schoolId, "school", unknownSchool(c.schoolId)));
            else if (c.year < it->second)
                opensOnlyIn(layer, i, c.schoolId, it->second, c.year);
            if (!m_closes.emplace(c.schoolId, c.year).second)
                m_out.push_back(problem(layer, i, c.schoolId, "school",
                                        "同一学校被撤并两次 / the school is closed twice"));
        }
        for (std::size_t i = 0; i < m_plan.closures.size(); ++i)
            checkPupilsTo(i);
    }

    void checkPupilsTo(std::size_t i) {
        const Closure& c = m_plan.closures[i];
        if (c.pupilsTo.empty())
            return;
        if (c.pupilsTo == c.schoolId) {
            m_out.push_back(problem("closures", i, c.schoolId, "pupils_to",
                                    "学生不能转入被撤并的学校本身 / the pupils cannot go to the "
                                    "closed school itself"));
            return;
        }
        const auto it = m_opens.find(c.pupilsTo);
        if (it == m_opens.end()) {
            m_out.push_back(
                problem("closures", i, c.schoolId, "pupils_to", unknownSchool(c.pupilsTo)));
            return;
        }
        const auto cl = m_closes.find(c.pupilsTo);
        if (it->second > c.year || (cl != m_closes.end() && cl->second <= c.year))
            m_out.push_back(problem("closures", i, c.schoolId, "pupils_to",
                                    "接收学校 \"" + c.pupilsTo + "\" 在 " + std::to_string(c.year) +
                                        " 年不开办 / the receiving school \"" + c.pupilsTo +
                                        "\" is not open in " + std::to_string(c.year),
                                    c.year));
    }

    /// A change to a school must fall while it exists.
    void checkOpen(const char* layer, std::size_t i, const std::string& id, int y) {
        const auto it = m_opens.find(id);
        if (it == m_opens.end()) {
            m_out.push_back(problem(layer, i, id, "school", unknownSchool(id)));
            return;
        }
        if (y < it->second)
            opensOnlyIn(layer, i, id, it->second, y);
        const auto cl = m_closes.find(id);
        if (cl != m_closes.end() && y >= cl->second)
            m_out.push_back(problem(layer, i, id, "year",
                                    "学校已于 " + std::to_string(cl->second) +
                                        " 年撤并 / the school " + "is closed from " +
                                        std::to_string(cl->second),
                                    y));
    }

    /// Class changes in date order: running totals per school × stage × grade may not fall
    /// below 0.
    void checkClassChanges() {
        std::map<std::tuple<std::string, int, int>, int> classes;
        for (const School& s : m_city.schools)
            for (const StageProvision& p : s.stages)
                for (const GradeRecord& g : p.grades)
                    classes[{s.id, stageIndex(p.stage), g.grade}] += g.classes;
        for (const NewSchool& n : m_plan.newSchools)
            for (const StageProvision& p : n.school.stages)
                for (const GradeRecord& g : p.grades)
                    classes[{n.school.id, stageIndex(p.stage), g.grade}] += g.classes;
        std::vector<std::size_t> order(m_plan.classChanges.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return m_plan.classChanges[a].year < m_plan.classChanges[b].year;
        });
        const char* layer = "class_changes";
        for (const std::size_t i : order) {
            const ClassChange& c = m_plan.classChanges[i];
            checkYear(layer, i, c.schoolId, c.year);
            checkOpen(layer, i, c.schoolId, c.year);
            const int grades = m_city.norms[c.stage].grades;
            if (static_cast<int>(c.gradeDeltas.size()) > grades)
                m_out.push_back(problem(layer, i, c.schoolId, "classes",
                                        "年级数多于学段的 " + std::to_string(grades) +
                                            " 个年级 / more grades than the stage's " +
                                            std::to_string(grades)));
            for (std::size_t g = 0; g < c.gradeDeltas.size(); ++g) {
                int& n = classes[{c.schoolId, stageIndex(c.stage), static_cast<int>(g) + 1}];
                n += c.gradeDeltas[g];
                if (n < 0) {
                    m_out.push_back(
                        problem(layer, i, c.schoolId, "classes",
                                std::to_string(g + 1) + " 年级减班后班数为负 / grade " +
                                    std::to_string(g + 1) +
                                    " would have fewer than 0 classes after the reduction",
                                c.year));
                    n = 0;
                }
            }
        }
    }

    void checkConversions() {
        for (std::size_t i = 0; i < m_plan.conversions.size(); ++i) {
            const Conversion& v = m_plan.conversions[i];
            checkYear("conversions", i, v.schoolId, v.year);
            checkOpen("conversions", i, v.schoolId, v.year);
        }
    }

    void checkZoneRedraws() {
        for (std::size_t i = 0; i < m_plan.zoneRedraws.size(); ++i) {
            const ZoneRedraw& z = m_plan.zoneRedraws[i];
            checkYear("zones", i, "", z.year);
            if (z.schoolTowns.empty() && z.polygons.empty())
                m_out.push_back(problem("zones", i, "", "schools",
                                        "学区调整没有内容 / the zone redraw lists no zone"));
            for (const auto& [id, town] : z.schoolTowns) {
                if (!m_opens.count(id))
                    m_out.push_back(problem("zones", i, id, "school", unknownSchool(id)));
                if (!m_regions.townIndex(town))
                    m_out.push_back(problem("zones", i, id, "town", unknownTown(town)));
            }
            for (const auto& [id, wkb] : z.polygons)
                if (!m_opens.count(id))
                    m_out.push_back(problem("zones", i, id, "school", unknownSchool(id)));
            for (std::size_t k = 0; k < i; ++k)
                if (m_plan.zoneRedraws[k].year == z.year)
                    m_out.push_back(problem("zones", i, "", "year",
                                            "同一年有两次学区调整 / two zone redraws in the same "
                                            "year " +
                                                std::to_string(z.year),
                                            z.year));
        }
    }

    void checkHousing() {
        for (std::size_t i = 0; i < m_plan.housing.size(); ++i) {
            const HousingProject& h = m_plan.housing[i];
            if (h.completionYear < 1949 || h.completionYear > 2100)
                m_out.push_back(problem("housing", i, h.id, "completion_year",
                                        "竣工年份 " + std::to_string(h.completionYear) +
                                            " 不在 1949–2100 之间 / the completion year is "
                                            "outside 1949–2100"));
            if (h.kindergarten.deliveryYear &&
                (*h.kindergarten.deliveryYear < 1949 || *h.kindergarten.deliveryYear > 2100))
                m_out.push_back(problem("housing", i, h.id, "kg_year",
                                        "配套园交付年份不在 1949–2100 之间 / the kindergarten "
                                        "delivery year is outside 1949–2100"));
            if (h.dwellings < 0 || h.kindergarten.classes < 0)
                m_out.push_back(problem("housing", i, h.id, "dwellings",
                                        "套数或班数为负 / negative dwellings or classes"));
            if (!h.townCode.empty() && !m_regions.townIndex(h.townCode))
                m_out.push_back(problem("housing", i, h.id, "town", unknownTown(h.townCode)));
            for (std::size_t k = 0; k < i; ++k)
                if (m_plan.housing[k].id == h.id)
                    m_out.push_back(problem("housing", i, h.id, "id",
                                            "同一小区在方案中出现两次 / the same housing project "
                                            "is listed twice"));
        }
    }

    void checkPolicies() {
        for (std::size_t i = 0; i < m_plan.policies.size(); ++i) {
            const PolicyChange& p = m_plan.policies[i];
            checkYear("policies", i, "", p.year);
            for (const auto& [stage, sizes] : p.classSizes)
                for (const int size : sizes)
                    if (size < 1 || size > 200)
                        m_out.push_back(problem("policies", i, "", std::string(stageCode(stage)),
                                                "标准班额应在 1–200 之间 / the class size must "
                                                "lie in 1–200: " +
                                                    std::to_string(size)));
            if (p.migrantPublicShare &&
                !(*p.migrantPublicShare >= 0.0 && *p.migrantPublicShare <= 1.0))
                m_out.push_back(problem("policies", i, "", "migrant_public_share",
                                        "比例应在 0–1 之间 / the share must lie in 0–1"));
            const int large = p.largeClassMin.value_or(m_city.norms.largeClassMin);
            const int huge = p.hugeClassMin.value_or(m_city.norms.hugeClassMin);
            if ((p.largeClassMin || p.hugeClassMin) && (large < 1 || huge < large))
                m_out.push_back(problem("policies", i, "", "large_class_min",
                                        "大班额下限应 ≥ 1 且不高于超大班额下限 / the large-class "
                                        "minimum must be ≥ 1 and not above the huge-class "
                                        "minimum"));
            for (std::size_t k = 0; k < i; ++k)
                if (policiesClash(p, m_plan.policies[k]))
                    m_out.push_back(problem("policies", i, "", "year",
                                            "与同年第 " + std::to_string(k + 1) +
                                                " 项政策矛盾 / contradicts policy #" +
                                                std::to_string(k + 1) + " of the same year",
                                            p.year));
        }
    }

    /// Two policies of the same year that set one number to different values.
    static bool policiesClash(const PolicyChange& p, const PolicyChange& q) {
        if (q.year != p.year)
            return false;
        bool clash = (p.largeClassMin && q.largeClassMin && *p.largeClassMin != *q.largeClassMin) ||
                     (p.hugeClassMin && q.hugeClassMin && *p.hugeClassMin != *q.hugeClassMin) ||
                     (p.migrantPublicShare && q.migrantPublicShare &&
                      *p.migrantPublicShare != *q.migrantPublicShare);
        for (const auto& [stage, sizes] : p.classSizes)
            for (const auto& [stage2, sizes2] : q.classSizes)
                clash = clash || (stage == stage2 && sizes != sizes2);
        return clash;
    }

    const CityData& m_city;
    const Plan& m_plan;
    int m_first;
    int m_horizon;
    RegionIndex m_regions;
    std::map<std::string, int> m_opens;  ///< school id → the year it exists from
    std::map<std::string, int> m_closes; ///< school id → the year it is closed from
    std::vector<Diagnostic> m_out;
};

} // namespace

std::vector<Diagnostic> validatePlan(const CityData& city, const Plan& plan, int horizonYear) {
    return PlanChecker(city, plan, horizonYear).run();
}

} // namespace xw::core
