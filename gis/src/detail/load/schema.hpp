#pragma once
// Internal: what a dataset may contain — every layer and table key of the manifest, its section,
// its geometry and the fields it reads (docs/dataset-format.md). The manifest checks the keys it
// is given against this list and the loaders open their sources with these fields: one list.
#include <xw/core/detail/text.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace xw::gis::detail {

/// Years accepted anywhere in a dataset (base year, births, completion and delivery years).
inline constexpr int kFirstYear = 1949;
inline constexpr int kLastYear = 2100;

enum class GeometryKind { None, Point, Polygon, Raster };

/// One of our fields of a layer: its name (the manifest's `fields` key) and whether it must exist.
struct FieldDef {
    const char* ours;
    bool required;
};

struct SourceSchema {
    const char* key;     ///< our layer or table name, e.g. "schools"
    const char* section; ///< "layers" or "tables", where the manifest normally lists it
    GeometryKind geometry;
    bool required;                ///< must be in every manifest (districts, towns, schools)
    std::vector<FieldDef> fields; ///< empty for the raster
};

/// Every layer and table a manifest may name, in loading order.
[[nodiscard]] const std::vector<SourceSchema>& sourceSchemas();

/// The schema of a layer or table key, or nullptr.
[[nodiscard]] const SourceSchema* findSchema(std::string_view key);

/// The fields of a layer or table key. \throws std::out_of_range for an unknown key.
[[nodiscard]] const std::vector<FieldDef>& fieldsOf(std::string_view key);

using core::detail::editDistance;
using core::detail::nearestWord;

} // namespace xw::gis::detail
