#pragma once
// Internal: one layer or table of a dataset opened through GDAL/OGR, with the manifest's field map
// resolved and its text converted to UTF-8 (SourceReader), and the per-record parsing of its cells
// with range checks (Record).
#include <xw/core/common/progress.hpp>
#include <xw/gis/diagnostic.hpp>

#include "detail/load/manifest.hpp"
#include "detail/load/schema.hpp"
#include "detail/ogr_util.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xw::gis::detail {

/// A file in GDAL's in-memory file system (/vsimem/), removed on destruction.
class MemFile {
public:
    MemFile() = default;
    /// Creates `path` holding a copy of `bytes`.
    MemFile(std::string path, const std::string& bytes);
    ~MemFile();
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;
    MemFile(MemFile&& other) noexcept;
    MemFile& operator=(MemFile&& other) noexcept;
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

/// A geometry read from a feature and brought to the working CRS.
struct GeometryRead {
    OGRGeometryUniquePtr geometry; ///< nullptr when unusable; `why` says why
    std::string why;
    std::string field; ///< the coordinate or WKT column concerned; empty for a native geometry
    /// The coordinates of a point as read, in the source CRS (for hints about swapped axes).
    std::optional<std::pair<double, double>> rawPoint;
};

/// An opened layer or table with its fields resolved and its transformation to the working CRS.
/// Keeps a reference to `spec`, which must outlive it.
class SourceReader {
public:
    /// Opens the source. `mustHaveRows`: a source without a row is fatal.
    /// \throws GisError when the file is missing or not a readable file (with the plain reason),
    /// its text cannot be converted to UTF-8, GDAL cannot open it, the layer is absent, a required
    /// or explicitly mapped field or a geometry column is missing (with the closest headers), the
    /// CRS is unknown, or a source that must have rows has none.
    SourceReader(const SourceSpec& spec, const std::vector<FieldDef>& fields, GeometryKind kind,
                 const OGRSpatialReference* working, std::vector<Diagnostic>& problems,
                 bool mustHaveRows);

    [[nodiscard]] const SourceSpec& spec() const { return m_spec; }
    [[nodiscard]] OGRLayer& layer() const { return *m_layer; }
    /// Rows the layer reports (GDAL's count; may scan the file).
    [[nodiscard]] std::int64_t rowCount() const { return m_layer->GetFeatureCount(TRUE); }

    /// The user's column for one of our fields (for messages).
    [[nodiscard]] const std::string& column(const std::string& ours) const {
        return m_columns.at(ours).name;
    }
    /// True when our field has a column in the source.
    [[nodiscard]] bool has(const std::string& ours) const {
        const auto it = m_columns.find(ours);
        return it != m_columns.end() && it->second.index >= 0;
    }
    [[nodiscard]] std::optional<std::string> text(const OGRFeature& f,
                                                  const std::string& ours) const {
        return textAt(f, m_columns.at(ours).index);
    }
    /// The trimmed text of field `index`, nullopt when unset, null or blank.
    [[nodiscard]] static std::optional<std::string> textAt(const OGRFeature& f, int index);

    /// The feature's geometry in the working CRS, or a reason (with a hint when the coordinates
    /// lie outside the source CRS's area of use).
    [[nodiscard]] GeometryRead geometry(OGRFeature& f) const;

    /// A hint about coordinates (x, y) in the source CRS that failed: outside the CRS's area of
    /// use (with its bounds), or not degrees for a geographic CRS; "" when none applies.
    [[nodiscard]] std::string coordinateHint(double x, double y) const;
    /// The source point (x, y) with its axes swapped, in the working CRS; nullopt when that cannot
    /// be transformed either.
    [[nodiscard]] std::optional<std::pair<double, double>> swappedInWorking(double x,
                                                                            double y) const;

    /// \throws GisError naming this source.
    [[noreturn]] void fail(const std::string& message) const;

    /// Lets forEachFeature poll `progress` for cancellation; it must outlive the reader.
    void watch(const core::Progress& progress) { m_progress = &progress; }
    /// \throws core::Cancelled when the watched run was cancelled.
    void throwIfCancelled() const {
        if (m_progress != nullptr)
            m_progress->throwIfCancelled();
    }

private:
    struct Column {
        std::string name;
        int index = -1;
    };

    void openDataset(std::vector<Diagnostic>& problems);
    /// The path GDAL opens for a text source (not /vsi): the file itself when it is UTF-8, else a
    /// UTF-8 copy in memory (m_converted) when the manifest's encoding or a byte-order mark names
    /// its encoding. `where` names the source in messages.
    /// \throws GisError when the file is too large, not UTF-8 with no encoding named, or cannot
    /// be converted.
    [[nodiscard]] std::string textSourcePath(const std::string& where,
                                             std::vector<Diagnostic>& problems);
    void resolveFields(const std::vector<FieldDef>& fields, std::vector<Diagnostic>& problems);
    void resolveCrs(const OGRSpatialReference* working);
    [[nodiscard]] std::string closestHeaders(const std::string& wanted) const;

    const SourceSpec& m_spec;
    MemFile
        m_converted; ///< the UTF-8 copy of a text source in another encoding (outlives m_dataset)
    GDALDatasetUniquePtr m_dataset;
    OGRLayer* m_layer = nullptr;
    std::map<std::string, Column> m_columns;
    int m_geomX = -1, m_geomY = -1, m_geomWkt = -1;
    SrsPtr m_source;      ///< the source CRS (geometry layers)
    CtPtr m_transform;    ///< source → working; null when they are the same
    CtPtr m_toGeographic; ///< source → its geographic CRS, for area-of-use hints
    bool m_sourceGeographic = false;
    /// The source CRS's area of use in degrees (west, south, east, north), when known.
    std::optional<std::array<double, 4>> m_areaOfUse;
    const core::Progress* m_progress = nullptr; ///< watched for cancellation; may be null
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

    /// The trimmed text of a field, nullopt when empty or when the source has no such column.
    /// Text that is not UTF-8 (a GBK cell in a UTF-8 file, a .dbf without .cpg or encoding) is
    /// an error, never passed on.
    std::optional<std::string> text(const std::string& field);
    /// The text of a required field; "" after reporting "missing value" when empty.
    std::string required(const std::string& field);
    /// A finite number in [0, max]; nullopt when empty (an error when required) or bad.
    std::optional<double> number(const std::string& field, bool isRequired, double max);
    /// A whole number in [0, max] (written as 12 or 12.0), parsed and checked in 64 bits so no
    /// value can overflow; nullopt when empty (an error when required) or bad.
    std::optional<std::int64_t> integer(const std::string& field, bool isRequired,
                                        std::int64_t max);
    /// A count that fits an int: integer() with `max` ≤ INT_MAX.
    std::optional<int> count(const std::string& field, bool isRequired, int max);
    /// A calendar year in kFirstYear..kLastYear.
    std::optional<int> year(const std::string& field, bool isRequired);
    /// A yes/no value (parseBool); nullopt when empty or bad (bad is reported).
    std::optional<bool> boolean(const std::string& field, bool urbanWords = false);

    /// An error about a column that is not one of our fields (e.g. a coordinate column).
    void errorColumn(const std::string& column, const std::string& message);
    /// An error about one of our fields ("" for the record as a whole); the record is dropped.
    void error(const std::string& field, const std::string& message);
    /// A warning about one of our fields; the record is kept.
    void warning(const std::string& field, const std::string& message);
    /// A problem of any severity about a user's column; does not drop the record.
    void report(Severity s, const std::string& column, const std::string& message);

private:
    /// The trimmed text of the field; nullopt (after reporting "missing value" when required and
    /// the text was not already rejected) when empty.
    std::optional<std::string> given(const std::string& field, bool isRequired);
    /// The field as a finite number ≥ 0 with its text in `written`; nullopt after reporting it
    /// missing (when required), not a number or negative.
    std::optional<double> nonNegative(const std::string& field, bool isRequired,
                                      std::string& written);

    const SourceReader& m_reader;
    const OGRFeature& m_feature;
    std::vector<Diagnostic>& m_out;
    std::string m_id;
    bool m_ok = true;
    bool m_badText = false; ///< the last text() was rejected as not UTF-8 (already reported)
};

/// Runs `onFeature(feature, rowNumber)` for every feature; rows are 1-based in reading order.
/// Every 256 rows it polls the reader's watched run. \throws core::Cancelled when cancelled.
template <typename F> std::size_t forEachFeature(const SourceReader& reader, F&& onFeature) {
    OGRLayer& layer = reader.layer();
    layer.ResetReading();
    std::size_t row = 0;
    while (OGRFeatureUniquePtr feature{layer.GetNextFeature()}) {
        ++row;
        if (row % 256 == 0)
            reader.throwIfCancelled();
        onFeature(*feature, row);
    }
    return row;
}

/// "row N", the feature id of a table row.
[[nodiscard]] std::string rowId(std::size_t row);

/// Stops loading when a required layer had no rows, or no row that could be kept; the message
/// then lists the reasons of `problems[firstProblem…]` that concern this source, grouped (the
/// ten most frequent first, each with its count and first features), with hints.
/// \throws GisError naming the layer.
void requireFeatures(const SourceReader& reader, std::size_t rows, std::size_t kept,
                     const std::vector<Diagnostic>& problems, std::size_t firstProblem);

/// The message of requireFeatures for `kept` = 0 (exposed for tests).
[[nodiscard]] std::string noUsableFeatureMessage(const SourceSpec& spec, std::size_t rows,
                                                 const std::vector<Diagnostic>& problems,
                                                 std::size_t firstProblem);

} // namespace xw::gis::detail
