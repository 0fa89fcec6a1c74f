#pragma once
// Internal: one layer or table of a dataset opened through GDAL/OGR, with the manifest's field map
// resolved (SourceReader), and the per-record parsing of its cells (Record).
#include <xw/gis/diagnostic.hpp>

#include "detail/manifest.hpp"
#include "detail/ogr_util.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xw::gis::detail {

enum class GeometryKind { None, Point, Polygon };

/// One of our fields of a layer: its name (the manifest's `fields` key) and whether it must exist.
struct FieldDef {
    const char* ours;
    bool required;
};

/// An opened layer or table with its fields resolved and its transformation to the working CRS.
/// Keeps a reference to `spec`, which must outlive it.
class SourceReader {
public:
    /// Opens the source; unknown `fields` keys in the manifest are reported as warnings.
    /// \throws GisError when the file is missing or unopenable, the layer is absent, a required
    /// field or geometry column is missing, the CRS is unknown, or a required layer is empty.
    SourceReader(const SourceSpec& spec, const std::vector<FieldDef>& fields, GeometryKind kind,
                 const OGRSpatialReference* working, std::vector<Diagnostic>& problems,
                 bool requiredLayer);

    [[nodiscard]] const SourceSpec& spec() const { return m_spec; }
    [[nodiscard]] OGRLayer& layer() const { return *m_layer; }

    /// The user's column for one of our fields (for messages).
    [[nodiscard]] const std::string& column(const std::string& ours) const {
        return m_columns.at(ours).name;
    }
    [[nodiscard]] std::optional<std::string> text(const OGRFeature& f,
                                                  const std::string& ours) const {
        return textAt(f, m_columns.at(ours).index);
    }
    /// The trimmed text of field `index`, nullopt when unset, null or blank.
    [[nodiscard]] static std::optional<std::string> textAt(const OGRFeature& f, int index);

    /// The feature's geometry in the working CRS, or nullptr with `why` set (and `field` the
    /// coordinate or WKT column concerned, empty for a native geometry).
    OGRGeometryUniquePtr geometry(OGRFeature& f, std::string& why, std::string& field) const;

    /// \throws GisError naming this source.
    [[noreturn]] void fail(const std::string& message) const;

private:
    struct Column {
        std::string name;
        int index = -1;
    };

    void resolveFields(const std::vector<FieldDef>& fields, std::vector<Diagnostic>& problems);
    void resolveCrs(const OGRSpatialReference* working);

    const SourceSpec& m_spec;
    GDALDatasetUniquePtr m_dataset;
    OGRLayer* m_layer = nullptr;
    std::map<std::string, Column> m_columns;
    int m_geomX = -1, m_geomY = -1, m_geomWkt = -1;
    CtPtr m_transform;
};

/// Parses the fields of one record, collecting its problems; the record is kept only if ok().
class Record {
public:
    Record(const SourceReader& reader, const OGRFeature& feature, std::vector<Diagnostic>& out,
           std::string id)
        : m_reader(reader), m_feature(feature), m_out(out), m_id(std::move(id)) {}

    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] const std::string& id() const { return m_id; }
    void setId(std::string id) { m_id = std::move(id); }

    /// The trimmed text of a field, nullopt when empty. Text that is not UTF-8 (typically a GBK
    /// CSV saved by Excel, or a .dbf without .cpg or encoding) is an error, never passed on.
    std::optional<std::string> text(const std::string& field);
    /// The text of a required field; "" after reporting "missing value" when empty.
    std::string required(const std::string& field);
    /// A number ≥ 0; nullopt when empty (an error when required) or bad.
    std::optional<double> number(const std::string& field, bool isRequired);
    /// A whole number ≥ 0 (written as 12 or 12.0).
    std::optional<int> integer(const std::string& field, bool isRequired);
    /// A yes/no value (parseBool); nullopt when empty or bad (bad is reported).
    std::optional<bool> boolean(const std::string& field, bool urbanWords = false);

    /// An error about a column that is not one of our fields (e.g. a coordinate column).
    void errorColumn(const std::string& column, const std::string& message);
    /// An error about one of our fields ("" for the record as a whole); the record is dropped.
    void error(const std::string& field, const std::string& message);
    /// A problem of any severity about a user's column; does not drop the record.
    void report(Severity s, const std::string& column, const std::string& message);

private:
    const SourceReader& m_reader;
    const OGRFeature& m_feature;
    std::vector<Diagnostic>& m_out;
    std::string m_id;
    bool m_ok = true;
    bool m_badText = false; ///< the last text() was rejected as not UTF-8 (already reported)
};

/// Runs `onFeature(feature, rowNumber)` for every feature; rows are 1-based in reading order.
template <typename F> std::size_t forEachFeature(const SourceReader& reader, F&& onFeature) {
    OGRLayer& layer = reader.layer();
    layer.ResetReading();
    std::size_t row = 0;
    while (OGRFeatureUniquePtr feature{layer.GetNextFeature()}) {
        ++row;
        onFeature(*feature, row);
    }
    return row;
}

/// "row N", the feature id of a table row.
[[nodiscard]] std::string rowId(std::size_t row);

/// Stops loading when a required layer had no rows, or no row that could be kept.
/// \throws GisError naming the layer.
void requireFeatures(const SourceReader& reader, std::size_t rows, std::size_t kept);

} // namespace xw::gis::detail
