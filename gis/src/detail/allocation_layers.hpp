#pragma once
// Internal: the `demand_points` and `catchments` layers of writeGeoPackage (writer.hpp).
#include <xw/gis/writer.hpp>

#include <gdal_priv.h>

#include <filesystem>

namespace xw::gis::detail {

/// Adds both layers to `ds` (inside the caller's transaction).
/// \throws GisError naming `out` and the layer when a layer, field or feature cannot be written
/// or the allocation does not match the data.
void writeAllocationLayers(GDALDataset& ds, const std::filesystem::path& out,
                           OGRSpatialReference& srs, const DatasetLoad& data,
                           const AllocationLayers& allocation);

} // namespace xw::gis::detail
