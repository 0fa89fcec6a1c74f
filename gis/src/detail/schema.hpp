#pragma once
// Internal: what a dataset may contain — every layer and table key of the manifest, its section,
// its geometry and the fields it reads (docs/dataset-format.md). The manifest checks the keys it
// is given against this list and the loaders open their sources with these fields: one list.
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

/// The candidate nearest to `word` by edit distance (Unicode code points), or "" when none is
/// close enough to be a likely typo (distance ≤ max(1, a third of the longer word)).
[[nodiscard]] std::string nearestWord(std::string_view word,
                                      const std::vector<std::string>& candidates);

/// Edit distance between two UTF-8 strings in code points, a swap of neighbours counting as one
/// edit (optimal string alignment).
[[nodiscard]] std::size_t editDistance(std::string_view a, std::string_view b);

} // namespace xw::gis::detail
