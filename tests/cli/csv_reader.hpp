#pragma once
// A small independent CSV reader for tests (RFC 4180 quoting, optional UTF-8 BOM, CRLF or LF), so
// figures can be recomputed from the dataset files without going through xw::gis.
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace xw::testing {

struct Csv {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
};

inline std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cells.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cells.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    return cells;
}

inline Csv readCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    Csv csv;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (first && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3);
        if (line.empty())
            continue;
        auto cells = splitCsvLine(line);
        if (first) {
            csv.header = cells;
            first = false;
            continue;
        }
        if (cells.size() != csv.header.size())
            throw std::runtime_error(path + ": row with " + std::to_string(cells.size()) +
                                     " cells, header has " + std::to_string(csv.header.size()));
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < cells.size(); ++i)
            row[csv.header[i]] = cells[i];
        csv.rows.push_back(std::move(row));
    }
    return csv;
}

} // namespace xw::testing
