// The dataset manifest (dataset.yaml): yaml-cpp into plain data, with a message for every
// malformed entry.
#include "detail/manifest.hpp"

#include <xw/gis/error.hpp>

#include <yaml-cpp/yaml.h>

#include <system_error>

namespace xw::gis::detail {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void malformed(const std::string& what) {
    throw GisError(kManifestName, "",
                   "数据集清单格式错误 / malformed manifest: " + std::string(kManifestName) + ": " +
                       what);
}

std::optional<std::string> optionalScalar(const YAML::Node& node, const std::string& key,
                                          const std::string& where) {
    const YAML::Node value = node[key];
    if (!value || value.IsNull()) {
        return std::nullopt;
    }
    if (!value.IsScalar()) {
        malformed(where + key + " 应为文本 / must be a scalar");
    }
    return value.as<std::string>();
}

SourceSpec parseSource(const YAML::Node& node, const std::string& key, const fs::path& folder,
                       const std::string& section) {
    const std::string where = section + "." + key + ".";
    if (!node.IsMap()) {
        malformed(section + "." + key + " 应为映射 / must be a mapping");
    }
    SourceSpec spec;
    spec.key = key;
    const auto source = optionalScalar(node, "source", where);
    if (!source || source->empty()) {
        malformed(where + "source 缺失 / is missing");
    }
    spec.sourceLabel = *source;
    spec.path = fs::path(*source).is_absolute() ? fs::path(*source) : folder / *source;
    spec.layer = optionalScalar(node, "layer", where);
    spec.crs = optionalScalar(node, "crs", where);
    spec.encoding = optionalScalar(node, "encoding", where);
    if (const YAML::Node geometry = node["geometry"]; geometry && !geometry.IsNull()) {
        if (!geometry.IsMap()) {
            malformed(where + "geometry 应为映射 / must be a mapping");
        }
        spec.geometry.x = optionalScalar(geometry, "x", where + "geometry.");
        spec.geometry.y = optionalScalar(geometry, "y", where + "geometry.");
        spec.geometry.wkt = optionalScalar(geometry, "wkt", where + "geometry.");
        if (spec.geometry.x.has_value() != spec.geometry.y.has_value()) {
            malformed(where + "geometry 需要同时给出 x 和 y / needs both x and y");
        }
        if (spec.geometry.x && spec.geometry.wkt) {
            malformed(where + "geometry 只能是 {x, y} 或 {wkt} / must be either {x, y} or {wkt}");
        }
    }
    if (const YAML::Node fields = node["fields"]; fields && !fields.IsNull()) {
        if (!fields.IsMap()) {
            malformed(where + "fields 应为映射 / must be a mapping");
        }
        for (const auto& entry : fields) {
            if (!entry.second.IsScalar()) {
                malformed(where + "fields." + entry.first.as<std::string>() +
                          " 应为列名 / must be a column name");
            }
            spec.fields[entry.first.as<std::string>()] = entry.second.as<std::string>();
        }
    }
    return spec;
}

} // namespace

Manifest readManifest(const fs::path& folder) {
    const fs::path file = folder / kManifestName;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        throw GisError(kManifestName, "",
                       "数据集清单不存在 / manifest not found: " + file.string());
    }
    Manifest m;
    try {
        const YAML::Node root = YAML::LoadFile(file.string());
        if (!root.IsMap()) {
            malformed("顶层应为映射 / the top level must be a mapping");
        }
        m.name = optionalScalar(root, "name", "").value_or("");
        if (const YAML::Node city = root["city"]; city && city.IsMap()) {
            m.cityCode = optionalScalar(city, "code", "city.").value_or("");
            m.cityName = optionalScalar(city, "name", "city.").value_or("");
        } else if (city) {
            malformed("city 应为映射 / must be a mapping {code, name}");
        }
        const auto baseYear = optionalScalar(root, "base_year", "");
        if (!baseYear) {
            malformed("base_year 缺失 / is missing");
        }
        try {
            m.baseYear = root["base_year"].as<int>();
        } catch (const YAML::BadConversion&) {
            malformed("base_year 不是整数 / is not an integer: " + *baseYear);
        }
        m.workingCrs = optionalScalar(root, "working_crs", "");
        m.norms = optionalScalar(root, "norms", "");
        if (const YAML::Node groupings = root["groupings"]; groupings && !groupings.IsNull()) {
            if (!groupings.IsSequence()) {
                malformed("groupings 应为列表 / must be a list");
            }
            for (const auto& g : groupings) {
                core::TownGrouping grouping;
                grouping.name = g.IsMap() ? optionalScalar(g, "name", "groupings.").value_or("")
                                          : std::string();
                if (grouping.name.empty() || !g["towns"] || !g["towns"].IsSequence()) {
                    malformed("groupings 每项需要 name 和 towns 列表 / each grouping needs a name "
                              "and a list of towns");
                }
                for (const auto& t : g["towns"]) {
                    grouping.townCodes.push_back(t.as<std::string>());
                }
                m.groupings.push_back(std::move(grouping));
            }
        }
        for (const char* section : {"layers", "tables"}) {
            const YAML::Node list = root[section];
            if (!list || list.IsNull()) {
                continue;
            }
            if (!list.IsMap()) {
                malformed(std::string(section) + " 应为映射 / must be a mapping");
            }
            for (const auto& entry : list) {
                const auto key = entry.first.as<std::string>();
                m.sources[key] = parseSource(entry.second, key, folder, section);
            }
        }
    } catch (const YAML::Exception& e) {
        malformed(e.what());
    }
    for (const char* required : {"districts", "towns", "schools"}) {
        if (m.sources.count(required) == 0) {
            malformed(std::string("缺少必需图层 / required layer missing: layers.") + required);
        }
    }
    return m;
}

} // namespace xw::gis::detail
