#pragma once
// A typed result table (optionally with one geometry per row): the one shape in which results
// travel to every writer (CSV, GeoPackage, the exports) and to the viewer's panels. The schema —
// each column's key, Chinese and English names, type and unit — is written once, where the table
// is built, and every writer reads it from here.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace xw::core {

enum class ColumnType { Text, Integer, Real };

struct Column {
    std::string key;    ///< stable machine name (snake_case English), the CSV header
    std::string nameZh; ///< Chinese name for people (exports, viewer)
    std::string nameEn; ///< English name for people
    ColumnType type = ColumnType::Text;
    std::string unit; ///< e.g. "m", "m²", "children", "seats", "share"; empty when none
    /// Decimal places in text output (CSV, terminal); −1 = six significant digits.
    int decimals = -1;
};

/// An empty cell (std::monostate) is null: "not applicable" or "no value", never 0.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

/// ISO WKB (little-endian) geometry; empty = null geometry.
using Wkb = std::vector<unsigned char>;

struct Table {
    std::string name;    ///< machine name: file stem or layer name, e.g. balance_areas
    std::string titleZh; ///< e.g. 区域学位供需
    std::string titleEn; ///< e.g. Seat balance by area
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows; ///< each row has columns.size() cells
    /// Empty for a plain table; otherwise one geometry per row, in `crs`.
    std::vector<Wkb> geometries;
    std::string crs; ///< e.g. "EPSG:4546" when geometries are given

    [[nodiscard]] bool spatial() const { return !geometries.empty(); }
    /// Index of the column with this key, or columns.size() when absent.
    [[nodiscard]] std::size_t columnIndex(const std::string& key) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i].key == key)
                return i;
        return columns.size();
    }
};

} // namespace xw::core
