// The dataset manifest (dataset.yaml): checked text into yaml-cpp, then into plain data, with a
// message naming the line for every malformed or unknown entry.
#include "detail/load/manifest.hpp"

#include <xw/core/detail/yaml_guard.hpp>
#include <xw/gis/error.hpp>

#include "detail/checks/file_checks.hpp"
#include "detail/encoding.hpp"
#include "detail/load/schema.hpp"
#include "detail/text.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace xw::gis::detail {
namespace {

namespace fs = std::filesystem;

/// A manifest is a page of text; anything larger is not one.
constexpr std::uintmax_t kMaxManifestBytes = 1U << 20;

[[noreturn]] void malformedAt(int line, const std::string& what) {
    throw GisError(kManifestName, "",
                   "数据集清单格式错误 / malformed manifest: " + std::string(kManifestName) +
                       (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what);
}

int lineOf(const YAML::Node& n) {
    const YAML::Mark m = n.Mark();
    return m.is_null() ? 0 : m.line + 1;
}

[[noreturn]] void malformed(const YAML::Node& at, const std::string& what) {
    malformedAt(lineOf(at), what);
}

/// The text of a scalar key (a map key that is a list or a map is an error).
std::string keyText(const YAML::Node& key, const std::string& where) {
    if (!key.IsScalar()) {
        malformed(key, where + "键应为文本 / keys must be text");
    }
    return key.Scalar();
}

/// Checks every key of `map` against `known`: a duplicate or an unknown key is an error naming
/// the nearest known key.
void checkKeys(const YAML::Node& map, const std::vector<std::string>& known,
               const std::string& where) {
    std::set<std::string> seen;
    for (const auto& entry : map) {
        const std::string key = keyText(entry.first, where);
        if (!seen.insert(key).second) {
            malformed(entry.first, "重复的键 / duplicate key: " + where + key);
        }
        if (std::find(known.begin(), known.end(), key) != known.end()) {
            continue;
        }
        const std::string nearest = nearestWord(key, known);
        std::string list;
        for (const auto& k : known) {
            list += std::string(list.empty() ? "" : ", ") + k;
        }
        malformed(entry.first,
                  "未知的键 / unknown key: " + where + key +
                      (nearest.empty() ? " (可用的键 / known keys: " + list + ")"
                                       : " (是否应为 / did you mean " + where + nearest + "?)"));
    }
}

std::optional<std::string> optionalScalar(const YAML::Node& node, const std::string& key,
                                          const std::string& where) {
    const YAML::Node value = node[key];
    if (!value || value.IsNull()) {
        return std::nullopt;
    }
    if (!value.IsScalar()) {
        malformed(value, where + key + " 应为文本 / must be a scalar");
    }
    return value.Scalar();
}

std::vector<std::string> keysOf(std::initializer_list<const char*> keys) {
    return {keys.begin(), keys.end()};
}

SourceSpec parseSource(const YAML::Node& node, const SourceSchema& schema, const fs::path& folder,
                       const std::string& section) {
    const std::string where = section + "." + schema.key + ".";
    if (!node.IsMap()) {
        malformed(node, section + "." + schema.key + " 应为映射 / must be a mapping");
    }
    if (schema.geometry == GeometryKind::Raster) {
        checkKeys(node, keysOf({"source", "crs"}), where);
    } else if (schema.geometry == GeometryKind::None) {
        checkKeys(node, keysOf({"source", "layer", "encoding", "fields"}), where);
    } else {
        checkKeys(node, keysOf({"source", "layer", "crs", "encoding", "geometry", "fields"}),
                  where);
    }
    SourceSpec spec;
    spec.key = schema.key;
    const auto source = optionalScalar(node, "source", where);
    if (!source || source->empty()) {
        malformed(node, where + "source 缺失 / is missing");
    }
    spec.sourceLabel = *source;
    spec.path = fs::path(*source).is_absolute() ? fs::path(*source) : folder / *source;
    spec.layer = optionalScalar(node, "layer", where);
    spec.crs = optionalScalar(node, "crs", where);
    spec.encoding = optionalScalar(node, "encoding", where);
    if (const YAML::Node geometry = node["geometry"]; geometry && !geometry.IsNull()) {
        if (!geometry.IsMap()) {
            malformed(geometry, where + "geometry 应为映射 / must be a mapping");
        }
        checkKeys(geometry, keysOf({"x", "y", "wkt"}), where + "geometry.");
        spec.geometry.x = optionalScalar(geometry, "x", where + "geometry.");
        spec.geometry.y = optionalScalar(geometry, "y", where + "geometry.");
        spec.geometry.wkt = optionalScalar(geometry, "wkt", where + "geometry.");
        if (spec.geometry.x.has_value() != spec.geometry.y.has_value()) {
            malformed(geometry, where + "geometry 需要同时给出 x 和 y / needs both x and y");
        }
        if (spec.geometry.x && spec.geometry.wkt) {
            malformed(geometry,
                      where + "geometry 只能是 {x, y} 或 {wkt} / must be either {x, y} or {wkt}");
        }
        if (spec.geometry.x && schema.geometry != GeometryKind::Point) {
            malformed(geometry, where + "geometry {x, y} 只适用于点图层 / {x, y} gives points: "
                                        "this layer holds polygons (use {wkt})");
        }
    }
    if (const YAML::Node fields = node["fields"]; fields && !fields.IsNull()) {
        if (!fields.IsMap()) {
            malformed(fields, where + "fields 应为映射 / must be a mapping");
        }
        std::vector<std::string> known;
        for (const auto& f : schema.fields) {
            known.emplace_back(f.ours);
        }
        checkKeys(fields, known, where + "fields.");
        for (const auto& entry : fields) {
            const std::string ours = entry.first.Scalar();
            if (!entry.second.IsScalar() || entry.second.Scalar().empty()) {
                malformed(entry.second, where + "fields." + ours +
                                            " 应为列名 / must be a column "
                                            "name");
            }
            spec.fields[ours] = entry.second.Scalar();
        }
    }
    return spec;
}

void parseGroupings(const YAML::Node& groupings, Manifest& m) {
    if (!groupings.IsSequence()) {
        malformed(groupings, "groupings 应为列表 / must be a list");
    }
    for (const auto& g : groupings) {
        if (!g.IsMap()) {
            malformed(g, "groupings 每项应为映射 {name, towns} / each grouping must be a mapping "
                         "{name, towns}");
        }
        checkKeys(g, keysOf({"name", "towns"}), "groupings[].");
        core::TownGrouping grouping;
        grouping.name = optionalScalar(g, "name", "groupings[].").value_or("");
        if (grouping.name.empty() || !g["towns"] || !g["towns"].IsSequence()) {
            malformed(g, "groupings 每项需要 name 和 towns 列表 / each grouping needs a name "
                         "and a list of towns");
        }
        for (const auto& t : g["towns"]) {
            if (!t.IsScalar()) {
                malformed(t, "groupings[].towns 应为乡镇代码列表 / must be a list of town codes");
            }
            grouping.townCodes.push_back(t.Scalar());
        }
        m.groupings.push_back(std::move(grouping));
    }
}

} // namespace

Manifest parseManifest(std::string_view text, const fs::path& folder) {
    if (const auto p = core::detail::checkYamlNesting(text)) {
        malformedAt(p->line, p->message);
    }
    Manifest m;
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        if (const auto p = core::detail::checkYamlAliases(root)) {
            malformedAt(p->line, p->message);
        }
        if (!root.IsDefined() || root.IsNull()) {
            malformedAt(0, "清单为空 / the manifest is empty");
        }
        if (!root.IsMap()) {
            malformed(root, "顶层应为映射 / the top level must be a mapping");
        }
        checkKeys(root,
                  keysOf({"name", "city", "base_year", "working_crs", "norms", "groupings",
                          "layers", "tables"}),
                  "");
        m.name = optionalScalar(root, "name", "").value_or("");
        if (const YAML::Node city = root["city"]; city && city.IsMap()) {
            checkKeys(city, keysOf({"code", "name"}), "city.");
            m.cityCode = optionalScalar(city, "code", "city.").value_or("");
            m.cityName = optionalScalar(city, "name", "city.").value_or("");
        } else if (city && !city.IsNull()) {
            malformed(city, "city 应为映射 / must be a mapping {code, name}");
        }
        const auto baseYear = optionalScalar(root, "base_year", "");
        if (!baseYear) {
            malformedAt(0, "base_year 缺失 / is missing");
        }
        const auto year = parseDouble(trimAscii(*baseYear));
        if (!year || *year != std::floor(*year)) {
            malformed(root["base_year"],
                      "base_year 不是整数 / is not a whole number: " + inQuotes(*baseYear));
        }
        if (*year < kFirstYear || *year > kLastYear) {
            malformed(root["base_year"],
                      "base_year 超出范围 / out of range: " + inQuotes(*baseYear) +
                          " (允许 allowed " + std::to_string(kFirstYear) + "–" +
                          std::to_string(kLastYear) + ")");
        }
        m.baseYear = static_cast<int>(*year);
        m.workingCrs = optionalScalar(root, "working_crs", "");
        m.norms = optionalScalar(root, "norms", "");
        if (const YAML::Node groupings = root["groupings"]; groupings && !groupings.IsNull()) {
            parseGroupings(groupings, m);
        }
        for (const char* section : {"layers", "tables"}) {
            const YAML::Node list = root[section];
            if (!list || list.IsNull()) {
                continue;
            }
            if (!list.IsMap()) {
                malformed(list, std::string(section) + " 应为映射 / must be a mapping");
            }
            std::vector<std::string> known;
            for (const auto& s : sourceSchemas()) {
                known.emplace_back(s.key);
            }
            checkKeys(list, known, std::string(section) + ".");
            for (const auto& entry : list) {
                const std::string key = entry.first.Scalar();
                if (m.sources.count(key) != 0) {
                    malformed(entry.first, "重复的图层 / the source is named twice: " + key +
                                               " (layers 和 tables 中各一次 / once under layers, "
                                               "once under tables)");
                }
                m.sources[key] = parseSource(entry.second, *findSchema(key), folder, section);
            }
        }
    } catch (const YAML::Exception& e) {
        malformedAt(e.mark.is_null() ? 0 : e.mark.line + 1,
                    "YAML 语法错误 / YAML syntax error: " + e.msg);
    }
    for (const auto& s : sourceSchemas()) {
        if (s.required && m.sources.count(s.key) == 0) {
            malformedAt(0, std::string("缺少必需图层 / required layer missing: layers.") + s.key);
        }
    }
    return m;
}

Manifest readManifest(const fs::path& folder) {
    const fs::path file = folder / kManifestName;
    if (const auto why = inputFileProblem(file)) {
        if (why->find("file not found") != std::string::npos) {
            throw GisError(kManifestName, "",
                           "数据集清单不存在 / manifest not found: " + file.string());
        }
        throw GisError(kManifestName, "",
                       "无法读取数据集清单 / cannot read the manifest: " + *why + ": " +
                           file.string());
    }
    std::error_code ec;
    if (fs::file_size(file, ec) > kMaxManifestBytes) {
        throw GisError(kManifestName, "",
                       "数据集清单过大（超过 1 MiB） / the manifest is too large (over 1 MiB): " +
                           file.string());
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (const auto bom = bomEncoding(text)) {
        Utf8Text converted = toUtf8(text, *bom);
        if (!converted.ok()) {
            malformedAt(0, converted.error);
        }
        text = std::move(converted.text);
    } else if (!isUtf8(text)) {
        // The line of the first byte that is not UTF-8, and what that line looks like.
        std::size_t bad = 0;
        int line = 1;
        for (std::size_t start = 0; start < text.size();) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            if (!isUtf8(std::string_view(text).substr(start, end - start))) {
                bad = start;
                break;
            }
            ++line;
            start = end + 1;
        }
        const std::string_view row =
            std::string_view(text).substr(bad, std::min(text.find('\n', bad), text.size()) - bad);
        const auto guess = guessEncoding(row);
        malformedAt(line, "清单不是 UTF-8 编码" +
                              (guess ? "（看起来是 " + *guess + "）" : std::string()) +
                              "，请另存为 UTF-8 / the manifest is not UTF-8" +
                              (guess ? " (it looks like " + *guess + ")" : std::string()) +
                              ": save it as UTF-8");
    }
    return parseManifest(text, folder);
}

} // namespace xw::gis::detail
