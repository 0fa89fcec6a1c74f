#include "detail/load/schema.hpp"

#include <stdexcept>

namespace xw::gis::detail {

const std::vector<SourceSchema>& sourceSchemas() {
    static const std::vector<SourceSchema> kSchemas{
        {"districts", "layers", GeometryKind::Polygon, true, {{"code", true}, {"name", true}}},
        {"towns",
         "layers",
         GeometryKind::Polygon,
         true,
         {{"code", true},
          {"name", true},
          {"district", true},
          {"urban", false},
          {"residents", false}}},
        {"schools",
         "layers",
         GeometryKind::Point,
         true,
         {{"id", true},
          {"name", true},
          {"ownership", true},
          {"campus", false},
          {"puhui", false},
          {"provincial_standard", false},
          {"standardised", false},
          {"quality", false},
          {"provincial_key", false},
          {"teaching_point", false},
          {"land_m2", false},
          {"floor_m2", false},
          {"teachers", false},
          {"teachers_college", false},
          {"teachers_bachelor", false},
          {"teachers_postgrad", false},
          {"teachers_dual", false}}},
        {"housing",
         "layers",
         GeometryKind::Point,
         false,
         {{"id", true},
          {"name", true},
          {"dwellings", true},
          {"completion_year", true},
          {"kg_classes", false},
          {"kg_year", false},
          {"kg_public", false}}},
        {"zones", "layers", GeometryKind::Polygon, false, {{"school", true}, {"campus", false}}},
        {"population_raster", "layers", GeometryKind::Raster, false, {}},
        {"school_grades",
         "tables",
         GeometryKind::None,
         false,
         {{"school", true},
          {"campus", false},
          {"stage", true},
          {"grade", true},
          {"classes", true},
          {"students", true},
          {"migrant", false},
          {"disabled", false},
          {"large_classes", false},
          {"huge_classes", false}}},
        {"population",
         "tables",
         GeometryKind::None,
         false,
         {{"town", true}, {"age", true}, {"category", true}, {"persons", true}}},
        {"births",
         "tables",
         GeometryKind::None,
         false,
         {{"area", true}, {"year", true}, {"births", true}}},
        {"school_towns", "tables", GeometryKind::None, false, {{"school", true}, {"town", true}}},
        // 教育用地 parcels, candidate sites of the optimiser: points or polygons, so {x, y} is
        // allowed (detail/load_sites.cpp).
        {"sites",
         "layers",
         GeometryKind::Point,
         false,
         {{"id", true},
          {"name", false},
          {"area_m2", false},
          {"max_classes", false},
          {"cost", false},
          {"stages", false}}},
        // The optional demand layers (detail/demand_layers.cpp reads them; its Reader lists the
        // same fields). Units may be points or polygons, so {x, y} is allowed; barriers are lines
        // or polygons given as WKT or a vector layer.
        {"demand_units",
         "layers",
         GeometryKind::Point,
         false,
         {{"id", true}, {"town", true}, {"name", false}, {"kind", false}, {"population", false}}},
        {"unit_population",
         "tables",
         GeometryKind::None,
         false,
         {{"unit", true}, {"age", true}, {"category", true}, {"persons", true}}},
        {"built_up", "layers", GeometryKind::Polygon, false, {}},
        {"barriers", "layers", GeometryKind::Polygon, false, {{"id", false}, {"kind", false}}},
        {"od_table",
         "tables",
         GeometryKind::None,
         false,
         {{"origin", true}, {"school", true}, {"meters", false}, {"minutes", false}}},
    };
    return kSchemas;
}

const SourceSchema* findSchema(std::string_view key) {
    for (const auto& s : sourceSchemas()) {
        if (key == s.key) {
            return &s;
        }
    }
    return nullptr;
}

const std::vector<FieldDef>& fieldsOf(std::string_view key) {
    const SourceSchema* s = findSchema(key);
    if (s == nullptr) {
        throw std::out_of_range("no schema for " + std::string(key));
    }
    return s->fields;
}

} // namespace xw::gis::detail
