#pragma once
// Internal to the demand layers: one source of demand_units, unit_population, built_up, barriers
// or od_table opened with its fields resolved and its transformation to the working CRS, and the
// parsing of its cells. Problems of a record are reported to the load's problems, never thrown.
// Not installed.
#include <xw/gis/error.hpp>

#include "detail/demand/demand_layers.hpp"
#include "detail/geos_util.hpp"
#include "detail/ogr_util.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xw::gis::detail::demand {

/// One of our fields and whether the source must have it.
struct FieldDef {
    const char* ours;
    bool required;
};

/// One opened source with its fields resolved and its transformation to the working CRS.
class Reader {
public:
    /// Opens `s` (which must outlive the reader) and resolves `fields`; a spatial source also
    /// gets its CRS and the transformation to `working`. Unknown fields of the manifest are
    /// reported as warnings to `problems`.
    /// \throws GisError when the file or layer is missing, a required or mapped field or a
    /// geometry column is absent, or the CRS is unknown or cannot be transformed.
    Reader(const SourceLocation& s, const std::vector<FieldDef>& fields, bool spatial,
           const OGRSpatialReference& working, std::vector<Diagnostic>& problems);

    [[nodiscard]] OGRLayer& layer() const { return *m_layer; }
    [[nodiscard]] const SourceLocation& source() const { return m_s; }
    [[nodiscard]] bool has(const char* ours) const { return m_columns.at(ours).index >= 0; }
    [[nodiscard]] const std::string& column(const char* ours) const {
        return m_columns.at(ours).name;
    }

    /// The trimmed text of one of our fields; nullopt when unmapped or empty. Text that is not
    /// UTF-8 is an error reported against the record and returned as nullopt with bad = true.
    std::optional<std::string> text(const OGRFeature& f, const char* ours, const std::string& id,
                                    bool& bad) const;

    /// The feature's geometry in the working CRS, or nullptr after reporting why.
    OGRGeometryUniquePtr geometry(OGRFeature& f, const std::string& id) const;

    void error(const std::string& id, const std::string& column, const std::string& why) const {
        m_problems.push_back({Severity::Error, m_s.sourceLabel, m_s.key, id, column, why});
    }
    void warning(const std::string& id, const std::string& column, const std::string& why) const {
        m_problems.push_back({Severity::Warning, m_s.sourceLabel, m_s.key, id, column, why});
    }
    [[noreturn]] void fail(const std::string& message) const {
        throw GisError(m_s.sourceLabel, m_s.key, message);
    }

    /// Runs f(feature, row) for every feature; rows are 1-based.
    template <class F> void forEach(F&& f) const {
        m_layer->ResetReading();
        std::size_t row = 0;
        while (OGRFeatureUniquePtr feature{m_layer->GetNextFeature()})
            f(*feature, ++row);
    }

private:
    struct Column {
        std::string name;
        int index = -1;
    };
    const SourceLocation& m_s;
    std::vector<Diagnostic>& m_problems;
    GDALDatasetUniquePtr m_ds;
    OGRLayer* m_layer = nullptr;
    std::map<std::string, Column> m_columns;
    int m_x = -1, m_y = -1, m_wkt = -1;
    CtPtr m_transform;
};

/// "row N" (1-based), the id of a record without one.
[[nodiscard]] std::string rowId(std::size_t row);

/// `s` (its first 60 bytes) in double quotes, for messages.
[[nodiscard]] std::string inQuotes(std::string_view s);

/// A number ≥ 0 from one of our fields: nullopt when empty (an error when required) or bad;
/// `ok` turns false when a problem was reported.
std::optional<double> number(const Reader& r, const OGRFeature& f, const char* ours,
                             const std::string& id, bool required, bool& ok);

/// The text of a required field; "" and `ok` false after reporting it missing.
std::string required(const Reader& r, const OGRFeature& f, const char* ours, const std::string& id,
                     bool& ok);

/// A valid GEOS polygon from an OGR polygon (repaired with MakeValid when needed), or nullptr
/// after reporting why.
GeomPtr validPolygon(const GeosContext& geos, const OGRGeometry& g, const Reader& r,
                     const std::string& id);

/// A polygon or multipolygon.
[[nodiscard]] bool isPolygonal(const OGRGeometry& g);

} // namespace xw::gis::detail::demand
