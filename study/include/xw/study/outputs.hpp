#pragma once
// The file sets the commands write, from a study's results: which tables go to which CSV file and
// GeoPackage layer. The caller gives the folder (normally a gis::StagedFolder's, so the set is
// replaced all or nothing).
#include <xw/study/study_results.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace xw::study {

struct RunOutputOptions {
    /// Also write every demand point × destination to demand_points.gpkg (310,000 features for
    /// Yangjiang at 250 m: about 3 s; no leader reads them, so they are written on request).
    bool demandPoints = false;
};

/// `xuewei run`: xuewei.gpkg (districts, towns, schools, catchments), the base-year CSV tables,
/// validation.csv, with an allocation allocation_areas.csv / allocation_schools.csv, with
/// projected years the *_by_year.csv tables and xuewei_by_year.gpkg. Returns the file names
/// written, in order. \throws gis::GisError when a file cannot be written.
std::vector<std::string> writeRunOutputs(const StudyResults& results,
                                         const std::filesystem::path& folder,
                                         const RunOutputOptions& options = {});

/// `xuewei project`: projection.gpkg and projection_population / _demand / _components /
/// _balance / _warnings (and _catchments) CSV files. \throws gis::GisError.
std::vector<std::string> writeProjectOutputs(const StudyResults& results,
                                             const std::filesystem::path& folder);

} // namespace xw::study
