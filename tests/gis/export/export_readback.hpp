#pragma once
// Reading exports back in the export tests: field names and features through GDAL, the raw
// field names of a .dbf, GBK text decoded with iconv, and an independent meridian arc.
#include "export_fixture.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <iconv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

namespace xw::gis::test {

/// Meridian arc length from the equator to latitude `phiDeg` on the CGCS2000 ellipsoid
/// (a = 6 378 137 m, 1/f = 298.257222101), by Simpson's rule on M'(φ) = a(1−e²)/(1−e² sin²φ)^1.5
/// with 20 000 steps (error far below 1 mm): on the central meridian of a Gauss-Krüger zone with
/// scale 1 the northing *is* this arc, an independent check of PROJ's inverse projection.
inline double meridianArc(double phiDeg) {
    const double a = 6378137.0;
    const double f = 1.0 / 298.257222101;
    const double e2 = f * (2.0 - f);
    const double phi = phiDeg * std::numbers::pi / 180.0;
    const int n = 20000;
    const double h = phi / n;
    const auto g = [&](double x) {
        const double s = std::sin(x);
        return a * (1.0 - e2) / std::pow(1.0 - e2 * s * s, 1.5);
    };
    double sum = g(0.0) + g(phi);
    for (int i = 1; i < n; ++i)
        sum += (i % 2 == 1 ? 4.0 : 2.0) * g(i * h);
    return sum * h / 3.0;
}

inline std::string gbkToUtf8(const std::string& gbk) {
    iconv_t cd = iconv_open("UTF-8", "CP936");
    std::string out(gbk.size() * 2 + 4, '\0');
    char* in = const_cast<char*>(gbk.data());
    std::size_t inLeft = gbk.size();
    char* dst = out.data();
    std::size_t outLeft = out.size();
    iconv(cd, &in, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    out.resize(out.size() - outLeft);
    return out;
}

/// The raw field names of a DBF header (bytes as stored, before any decoding).
inline std::vector<std::string> rawDbfFieldNames(const std::filesystem::path& dbf) {
    const std::string bytes = readFile(dbf);
    std::vector<std::string> names;
    for (std::size_t off = 32; off + 32 <= bytes.size() && bytes[off] != '\x0D'; off += 32) {
        std::string name = bytes.substr(off, 11);
        name.resize(name.find('\0') == std::string::npos ? 11 : name.find('\0'));
        names.push_back(name);
    }
    return names;
}

inline OGRFeatureUniquePtr featureWhere(OGRLayer& layer, const std::string& filter) {
    EXPECT_EQ(layer.SetAttributeFilter(filter.c_str()), OGRERR_NONE) << filter;
    layer.ResetReading();
    return OGRFeatureUniquePtr(layer.GetNextFeature());
}

inline std::vector<std::string> fieldNames(OGRLayer& layer) {
    std::vector<std::string> names;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    names.reserve(static_cast<std::size_t>(defn->GetFieldCount()));
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    return names;
}

} // namespace xw::gis::test
