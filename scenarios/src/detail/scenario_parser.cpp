#include "detail/scenario_parser.hpp"

#include "detail/yaml_util.hpp"

#include <algorithm>
#include <cmath>

namespace xw::scenarios::detail {
namespace fs = std::filesystem;

void Parser::error(const YAML::Node& at, const std::string& key, const std::string& message) {
    m_problems.push_back(diagnosticAt(m_origin, at, key, message));
}

bool Parser::keys(const YAML::Node& node, const std::string& where,
                  const std::vector<std::string>& known) {
    if (!node.IsMap()) {
        error(node, where, "应为键值表 / expected a mapping");
        return false;
    }
    for (const auto& kv : node) {
        const std::string k = kv.first.Scalar();
        if (std::find(known.begin(), known.end(), k) == known.end())
            error(kv.first, where.empty() ? k : where + "." + k,
                  detail::unknownKeyMessage(k, known));
    }
    return true;
}

std::optional<bool> Parser::flag(const YAML::Node& map, const std::string& key,
                                 const std::string& where) {
    const YAML::Node n = map[key];
    if (n.IsDefined() && n.IsScalar()) {
        const std::string& t = n.Scalar();
        if (t == "是")
            return true;
        if (t == "否")
            return false;
    }
    return scalar<bool>(map, key, where, false);
}

std::optional<int> Parser::year(const YAML::Node& map, const std::string& key,
                                const std::string& where, bool required) {
    const auto y = scalar<int>(map, key, where, required);
    if (y && (*y < 1949 || *y > 2100)) {
        error(map[key], where + "." + key,
              "年份 " + std::to_string(*y) + " 不在 1949–2100 之间 / the year " +
                  std::to_string(*y) + " is outside 1949–2100");
        return std::nullopt;
    }
    return y;
}

std::optional<core::Stage> Parser::stage(const YAML::Node& n, const std::string& where) {
    const std::string text = n.IsScalar() ? n.Scalar() : std::string();
    if (const auto s = core::parseStage(text))
        return s;
    error(n, where, detail::unknownStageMessage(text));
    return std::nullopt;
}

std::optional<ClassSpec> Parser::classes(const YAML::Node& n, const std::string& where) {
    ClassSpec c;
    if (n.IsScalar()) {
        const auto v = scalarOf<int>(n, where);
        if (!v)
            return std::nullopt;
        c.total = *v;
    } else if (n.IsSequence()) {
        for (const auto& e : n) {
            const auto v = scalarOf<int>(e, where);
            if (!v)
                return std::nullopt;
            c.grades.push_back(*v);
        }
    } else if (keys(n, where, {"classes", "classes_per_grade", "grades"})) {
        int given = 0;
        if (const auto v = scalar<int>(n, "classes", where, false)) {
            c.total = *v;
            ++given;
        }
        if (const auto v = scalar<int>(n, "classes_per_grade", where, false)) {
            c.perGrade = *v;
            ++given;
        }
        if (n["grades"].IsDefined()) {
            ++given;
            if (!n["grades"].IsSequence())
                error(n["grades"], where + ".grades", "应为列表 / expected a list");
            else
                for (const auto& e : n["grades"])
                    if (const auto v = scalarOf<int>(e, where + ".grades"))
                        c.grades.push_back(*v);
        }
        if (given != 1) {
            error(n, where,
                  "classes、classes_per_grade、grades 须恰好给出一项 / give exactly one of "
                  "classes, classes_per_grade, grades");
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    const bool negative =
        c.total < 0 || c.perGrade < 0 ||
        std::any_of(c.grades.begin(), c.grades.end(), [](int v) { return v < 0; });
    const int sum = c.total + c.perGrade + [&] {
        int s = 0;
        for (int v : c.grades)
            s += v;
        return s;
    }();
    if (negative || sum <= 0 || sum > 10000) {
        error(n, where, "班数须为正且不超过 10000 / classes must be positive and at most 10,000");
        return std::nullopt;
    }
    return c;
}

std::optional<Location> Parser::location(const YAML::Node& map, const std::string& where,
                                         bool required) {
    const YAML::Node n = map["location"];
    const std::string path = where + ".location";
    if (!n.IsDefined()) {
        if (required)
            error(map, path, "缺少位置 / location missing");
        return std::nullopt;
    }
    if (!keys(n, path, {"lon", "lat", "x", "y"}))
        return std::nullopt;
    Location l;
    if (n["lon"].IsDefined() || n["lat"].IsDefined()) {
        const auto lon = scalar<double>(n, "lon", path, true);
        const auto lat = scalar<double>(n, "lat", path, true);
        if (!lon || !lat)
            return std::nullopt;
        if (*lon < -180.0 || *lon > 180.0 || *lat < -90.0 || *lat > 90.0) {
            error(n, path, "经纬度超出范围 / longitude or latitude out of range");
            return std::nullopt;
        }
        if (std::fabs(*lon) < std::fabs(*lat) && std::fabs(*lon) <= 90.0)
            error(n, path,
                  "经度小于纬度，可能写反了 / the longitude is smaller than the latitude: "
                  "swapped?");
        l = {*lon, *lat, true};
    } else {
        const auto x = scalar<double>(n, "x", path, true);
        const auto y = scalar<double>(n, "y", path, true);
        if (!x || !y)
            return std::nullopt;
        l = {*x, *y, false};
    }
    return l;
}

fs::path Parser::path(const std::string& text) const {
    const fs::path p(text);
    return p.is_absolute() ? p : fs::weakly_canonical(m_folder / p);
}

} // namespace xw::scenarios::detail
