// Output writers. Both write beside the target and rename on success (atomic on POSIX within one
// file system), so readers never see a half-written file and an old file survives a failure.
#include <xw/gis/writer.hpp>

#include "detail/allocation_layers.hpp"
#include "detail/ogr_util.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <system_error>

namespace xw::gis {
namespace {

namespace fs = std::filesystem;

/// A temporary file beside `target`, removed on destruction unless commit() renamed it.
class TempFile {
public:
    explicit TempFile(const fs::path& target) : m_target(target) {
        static std::atomic<unsigned> counter{0};
        const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) {
            throw GisError(target.string(), "",
                           "目录不存在 / folder not found: " + folder.string());
        }
        // Same folder, so the final rename stays on one file system; same extension, so drivers
        // that look at it (GPKG) are content.
        m_temp = folder / (target.stem().string() + ".partial-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++) + target.extension().string());
    }
    ~TempFile() {
        if (!m_committed) {
            std::error_code ec;
            fs::remove(m_temp, ec); // best effort: nothing useful to do on failure here
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    [[nodiscard]] const fs::path& path() const { return m_temp; }

    void commit() {
        std::error_code ec;
        fs::rename(m_temp, m_target, ec);
        if (ec) {
            throw GisError(m_target.string(), "",
                           "无法写入文件 / cannot write file: " + m_target.string() + ": " +
                               ec.message());
        }
        m_committed = true;
    }

private:
    fs::path m_target;
    fs::path m_temp;
    bool m_committed = false;
};

[[noreturn]] void writeFailed(const fs::path& out, const std::string& layer,
                              const std::string& what) {
    throw GisError(out.string(), layer,
                   "无法写入文件 / cannot write file: " + out.string() +
                       (layer.empty() ? std::string() : " [" + layer + "]") + ": " + what);
}

// ----------------------------------------------------------------------------------------------
// GeoPackage

struct FieldSpec {
    std::string name;
    OGRFieldType type;
};

class LayerWriter {
public:
    LayerWriter(GDALDataset& ds, const fs::path& out, const std::string& name,
                OGRSpatialReference& srs, OGRwkbGeometryType geometryType,
                const std::vector<FieldSpec>& fields)
        : m_out(out), m_name(name) {
        m_layer = ds.CreateLayer(name.c_str(), &srs, geometryType, nullptr);
        if (m_layer == nullptr) {
            fail("无法创建图层 / cannot create layer: " + detail::lastGdalError());
        }
        for (const auto& f : fields) {
            OGRFieldDefn defn(f.name.c_str(), f.type);
            if (m_layer->CreateField(&defn) != OGRERR_NONE) {
                fail("无法创建字段 / cannot create field " + f.name + ": " +
                     detail::lastGdalError());
            }
        }
    }

    [[nodiscard]] OGRFeatureUniquePtr newFeature() const {
        return OGRFeatureUniquePtr(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
    }

    void write(OGRFeature& feature) const {
        if (m_layer->CreateFeature(&feature) != OGRERR_NONE) {
            fail("无法写入要素 / cannot write feature: " + detail::lastGdalError());
        }
    }

    [[noreturn]] void fail(const std::string& what) const { writeFailed(m_out, m_name, what); }

private:
    const fs::path& m_out;
    std::string m_name;
    OGRLayer* m_layer = nullptr;
};

OGRGeometryUniquePtr multiPolygonFromWkb(const std::vector<unsigned char>& wkb,
                                         const LayerWriter& layer, const std::string& code) {
    OGRGeometry* g = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE) {
        layer.fail("几何无法读取 / unreadable geometry of " + code);
    }
    return OGRGeometryUniquePtr(OGRGeometryFactory::forceToMultiPolygon(g));
}

using AreaKey = std::pair<std::string, core::Stage>;

std::map<AreaKey, const core::AreaStageBalance*>
indexAreas(const std::vector<core::AreaStageBalance>& rows) {
    std::map<AreaKey, const core::AreaStageBalance*> index;
    for (const auto& r : rows) {
        index[{r.code, r.stage}] = &r;
    }
    return index;
}

std::string stageField(core::Stage s, const char* suffix) {
    return std::string(core::stageCode(s)) + "_" + suffix;
}

std::vector<FieldSpec> areaFields(std::vector<FieldSpec> fields, bool district) {
    for (const core::Stage s : core::kAllStages) {
        fields.push_back({stageField(s, "demand"), OFTReal});
        fields.push_back({stageField(s, "seats"), OFTInteger});
        fields.push_back({stageField(s, "enrolment"), OFTInteger});
        fields.push_back({stageField(s, "shortfall"), OFTReal});
        fields.push_back({stageField(s, "surplus"), OFTReal});
        fields.push_back({stageField(s, "utilisation"), OFTReal});
        fields.push_back({stageField(s, "large_classes"), OFTInteger});
        if (district) {
            fields.push_back({stageField(s, "local_shortfall_sum"), OFTReal});
        }
    }
    return fields;
}

void setAreaBalance(OGRFeature& f, const std::map<AreaKey, const core::AreaStageBalance*>& index,
                    const std::string& code, bool district) {
    for (const core::Stage s : core::kAllStages) {
        const auto it = index.find({code, s});
        if (it == index.end()) {
            continue; // fields stay null: no balance for this stage
        }
        const core::AreaStageBalance& b = *it->second;
        f.SetField(stageField(s, "demand").c_str(), b.demand);
        f.SetField(stageField(s, "seats").c_str(), b.seats);
        f.SetField(stageField(s, "enrolment").c_str(), b.enrolment);
        f.SetField(stageField(s, "shortfall").c_str(), b.shortfall);
        f.SetField(stageField(s, "surplus").c_str(), b.surplus);
        f.SetField(stageField(s, "utilisation").c_str(), b.utilisation);
        f.SetField(stageField(s, "large_classes").c_str(), b.largeClasses);
        if (district) {
            f.SetField(stageField(s, "local_shortfall_sum").c_str(), b.localShortfallSum);
        }
    }
}

const std::vector<unsigned char>* shapeOf(const std::vector<AreaShape>& shapes,
                                          const std::string& code) {
    for (const auto& s : shapes) {
        if (s.code == code) {
            return &s.wkb;
        }
    }
    return nullptr;
}

void writeLayers(GDALDataset& ds, const fs::path& out, OGRSpatialReference& srs,
                 const DatasetLoad& data, const core::SeatBalance& balance) {
    const auto& regions = data.city.regions;

    const LayerWriter districts(ds, out, "districts", srs, wkbMultiPolygon,
                                areaFields({{"code", OFTString}, {"name", OFTString}}, true));
    const auto districtIndex = indexAreas(balance.districts);
    for (const auto& d : regions.districts) {
        const auto* wkb = shapeOf(data.districtShapes, d.code);
        if (wkb == nullptr) {
            districts.fail("缺少区县轮廓 / no outline for district " + d.code);
        }
        OGRFeatureUniquePtr f = districts.newFeature();
        f->SetField("code", d.code.c_str());
        f->SetField("name", d.name.c_str());
        setAreaBalance(*f, districtIndex, d.code, true);
        f->SetGeometryDirectly(multiPolygonFromWkb(*wkb, districts, d.code).release());
        districts.write(*f);
    }

    const LayerWriter towns(ds, out, "towns", srs, wkbMultiPolygon,
                            areaFields({{"code", OFTString},
                                        {"name", OFTString},
                                        {"district", OFTString},
                                        {"urban", OFTInteger},
                                        {"area_km2", OFTReal},
                                        {"residents", OFTReal}},
                                       false));
    const auto townIndex = indexAreas(balance.towns);
    for (const auto& t : regions.towns) {
        const auto* wkb = shapeOf(data.townShapes, t.code);
        if (wkb == nullptr) {
            towns.fail("缺少乡镇轮廓 / no outline for town " + t.code);
        }
        OGRFeatureUniquePtr f = towns.newFeature();
        f->SetField("code", t.code.c_str());
        f->SetField("name", t.name.c_str());
        f->SetField("district", t.districtCode.c_str());
        f->SetField("urban", t.urban ? 1 : 0);
        f->SetField("area_km2", t.areaKm2);
        if (const auto it = data.city.population.totalResidents.find(t.code);
            it != data.city.population.totalResidents.end()) {
            f->SetField("residents", it->second);
        }
        setAreaBalance(*f, townIndex, t.code, false);
        f->SetGeometryDirectly(multiPolygonFromWkb(*wkb, towns, t.code).release());
        towns.write(*f);
    }

    std::vector<FieldSpec> schoolFields{
        {"id", OFTString}, {"name", OFTString}, {"town", OFTString}, {"ownership", OFTString}};
    for (const core::Stage s : core::kAllStages) {
        schoolFields.push_back({stageField(s, "classes"), OFTInteger});
        schoolFields.push_back({stageField(s, "seats"), OFTInteger});
        schoolFields.push_back({stageField(s, "enrolment"), OFTInteger});
        schoolFields.push_back({stageField(s, "utilisation"), OFTReal});
        schoolFields.push_back({stageField(s, "mean_class_size"), OFTReal});
        schoolFields.push_back({stageField(s, "large_classes"), OFTInteger});
        schoolFields.push_back({stageField(s, "huge_classes"), OFTInteger});
    }
    const LayerWriter schools(ds, out, "schools", srs, wkbPoint, schoolFields);
    std::vector<std::vector<const core::SchoolStageBalance*>> bySchool(data.city.schools.size());
    for (const auto& b : balance.schools) {
        if (b.schoolIndex >= bySchool.size()) {
            schools.fail("结果与数据不符 / balance does not match the data: school index " +
                         std::to_string(b.schoolIndex) + " of " + std::to_string(bySchool.size()));
        }
        bySchool[b.schoolIndex].push_back(&b);
    }
    for (std::size_t i = 0; i < data.city.schools.size(); ++i) {
        const core::School& s = data.city.schools[i];
        OGRFeatureUniquePtr f = schools.newFeature();
        f->SetField("id", s.id.c_str());
        f->SetField("name", s.name.c_str());
        f->SetField("town", s.townCode.c_str());
        f->SetField("ownership", s.ownership == core::Ownership::Public ? "public" : "private");
        for (const core::SchoolStageBalance* b : bySchool[i]) {
            f->SetField(stageField(b->stage, "classes").c_str(), b->classes);
            f->SetField(stageField(b->stage, "seats").c_str(), b->seats);
            f->SetField(stageField(b->stage, "enrolment").c_str(), b->enrolment);
            f->SetField(stageField(b->stage, "utilisation").c_str(), b->utilisation);
            f->SetField(stageField(b->stage, "mean_class_size").c_str(), b->meanClassSize);
            f->SetField(stageField(b->stage, "large_classes").c_str(), b->largeClasses);
            f->SetField(stageField(b->stage, "huge_classes").c_str(), b->hugeClasses);
        }
        f->SetGeometryDirectly(new OGRPoint(s.location.x, s.location.y));
        schools.write(*f);
    }
}

// ----------------------------------------------------------------------------------------------
// CSV

void writeCsvRow(std::ostream& os, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            os << ',';
        }
        const std::string& c = cells[i];
        if (c.find_first_of(",\"\r\n") == std::string::npos) {
            os << c;
            continue;
        }
        os << '"';
        for (const char ch : c) {
            if (ch == '"') {
                os << '"';
            }
            os << ch;
        }
        os << '"';
    }
    os << "\r\n";
}

/// Creates a GeoPackage at a temporary path, lets `fill` write its layers in one transaction,
/// closes it and renames it over `out`.
template <typename Fill>
void writeGeoPackageWith(const fs::path& out, const std::string& workingCrs, Fill&& fill) {
    detail::ensureGdalRegistered();
    const detail::QuietGdal quiet;
    const detail::SrsPtr srs = detail::parseSrs(workingCrs);
    if (!srs) {
        writeFailed(out, "", "未知坐标系 / unknown CRS: \"" + workingCrs + "\"");
    }
    TempFile temp(out);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) {
        writeFailed(out, "", "GDAL 缺少 GPKG 驱动 / GDAL has no GPKG driver");
    }
    {
        GDALDatasetUniquePtr ds(
            driver->Create(temp.path().string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) {
            writeFailed(out, "", detail::lastGdalError());
        }
        // One transaction: far faster than one per feature, and all or nothing.
        if (ds->StartTransaction() != OGRERR_NONE) {
            writeFailed(out, "",
                        "无法开始事务 / cannot start transaction: " + detail::lastGdalError());
        }
        fill(*ds, *srs);
        if (ds->CommitTransaction() != OGRERR_NONE) {
            writeFailed(out, "", "无法提交事务 / cannot commit: " + detail::lastGdalError());
        }
        CPLErrorReset();
        ds.reset(); // GDAL 3.6's GDALClose returns nothing: check the error state instead
        if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
            writeFailed(out, "", "关闭失败 / close failed: " + detail::lastGdalError());
        }
    }
    temp.commit();
}

void writeTable(GDALDataset& ds, const fs::path& out, OGRSpatialReference& srs,
                const Table& table) {
    if (table.types.size() != table.columns.size()) {
        writeFailed(out, table.name, "列类型数与列数不符 / column types do not match columns");
    }
    std::vector<FieldSpec> fields;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        fields.push_back({table.columns[c], table.types[c] == ColumnType::Integer ? OFTInteger64
                                            : table.types[c] == ColumnType::Real  ? OFTReal
                                                                                  : OFTString});
    }
    const LayerWriter layer(ds, out, table.name, srs, wkbNone, fields);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (row.size() != table.columns.size()) {
            layer.fail("第 " + std::to_string(r + 1) + " 行列数不符 / row " +
                       std::to_string(r + 1) + " has the wrong number of cells");
        }
        OGRFeatureUniquePtr f = layer.newFeature();
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string& cell = row[c];
            if (cell.empty()) {
                continue; // null
            }
            try {
                std::size_t used = 0;
                switch (table.types[c]) {
                case ColumnType::Integer:
                    f->SetField(static_cast<int>(c), static_cast<GIntBig>(std::stoll(cell, &used)));
                    break;
                case ColumnType::Real:
                    f->SetField(static_cast<int>(c), std::stod(cell, &used));
                    break;
                case ColumnType::Text:
                    f->SetField(static_cast<int>(c), cell.c_str());
                    used = cell.size();
                    break;
                }
                if (used != cell.size()) {
                    throw std::invalid_argument(cell);
                }
            } catch (const std::exception&) {
                layer.fail("第 " + std::to_string(r + 1) + " 行 " + table.columns[c] +
                           " 不是数字 / row " + std::to_string(r + 1) + ", " + table.columns[c] +
                           ": not a number: \"" + cell + "\"");
            }
        }
        layer.write(*f);
    }
}

} // namespace

void writeGeoPackage(const std::filesystem::path& out, const DatasetLoad& data,
                     const core::SeatBalance& balance, const AllocationLayers* allocation) {
    writeGeoPackageWith(out, data.workingCrs, [&](GDALDataset& ds, OGRSpatialReference& srs) {
        writeLayers(ds, out, srs, data, balance);
        if (allocation != nullptr) {
            detail::writeAllocationLayers(ds, out, srs, data, *allocation);
        }
    });
}

void writeGeoPackageTables(const std::filesystem::path& out, const DatasetLoad& data,
                           const std::vector<Table>& tables) {
    writeGeoPackageWith(out, data.workingCrs, [&](GDALDataset& ds, OGRSpatialReference& srs) {
        const LayerWriter towns(
            ds, out, "towns", srs, wkbMultiPolygon,
            {{"code", OFTString}, {"name", OFTString}, {"district", OFTString}});
        for (const auto& t : data.city.regions.towns) {
            const auto* wkb = shapeOf(data.townShapes, t.code);
            if (wkb == nullptr) {
                towns.fail("缺少乡镇轮廓 / no outline for town " + t.code);
            }
            OGRFeatureUniquePtr f = towns.newFeature();
            f->SetField("code", t.code.c_str());
            f->SetField("name", t.name.c_str());
            f->SetField("district", t.districtCode.c_str());
            f->SetGeometryDirectly(multiPolygonFromWkb(*wkb, towns, t.code).release());
            towns.write(*f);
        }
        for (const Table& t : tables) {
            writeTable(ds, out, srs, t);
        }
    });
}

void writeCsv(const std::filesystem::path& out, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows) {
    TempFile temp(out);
    {
        std::ofstream os(temp.path(), std::ios::binary | std::ios::trunc);
        if (!os) {
            writeFailed(out, "",
                        "无法创建临时文件 / cannot create temporary file " + temp.path().string());
        }
        os << "\xEF\xBB\xBF"; // UTF-8 byte-order mark: Excel otherwise assumes the ANSI code page
        writeCsvRow(os, header);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].size() != header.size()) {
                writeFailed(out, "",
                            "第 " + std::to_string(i + 1) + " 行有 " +
                                std::to_string(rows[i].size()) + " 列，表头有 " +
                                std::to_string(header.size()) + " 列 / row " +
                                std::to_string(i + 1) + " has " + std::to_string(rows[i].size()) +
                                " cells, the header " + std::to_string(header.size()));
            }
            writeCsvRow(os, rows[i]);
        }
        os.close();
        if (!os) {
            // The stream keeps no reason; errno still holds the failed write's (ENOSPC, EIO).
            const int err = errno;
            writeFailed(out, "",
                        "写入失败 / write failed: " + temp.path().string() +
                            (err != 0 ? std::string(": ") + std::strerror(err) : std::string()));
        }
    }
    temp.commit();
}

} // namespace xw::gis
