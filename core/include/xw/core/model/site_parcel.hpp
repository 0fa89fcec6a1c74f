#pragma once
// Land set aside for schools (教育用地 parcels): the places where the optimiser may build a new
// school. Plain data, no I/O; gis reads them from the optional `sites` layer
// (docs/dataset-format.md) and study/siting.hpp turns them into candidate sites.
#include <xw/core/model/region.hpp>
#include <xw/core/model/stage.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace xw::core {

struct SiteParcel {
    std::string id;       ///< unique in the layer
    std::string name;     ///< e.g. 城南教育用地; may be empty
    std::string townCode; ///< the town that contains `location`
    /// Working CRS, metres: the point, or for a polygon a point inside it — its centroid when the
    /// centroid lies inside, else GEOS PointOnSurface.
    PointM location;
    /// Usable land, m² (≥ 0): the data's area_m2 when given, else the polygon's planar area in
    /// the working CRS; 0 when unknown (a point without area_m2: no land limit).
    double areaM2 = 0.0;
    /// Most classes a school on the parcel may have, every grade together (> 0); nullopt: only
    /// the norms (maximum school size, land per pupil) limit it.
    std::optional<int> maxClasses;
    /// Cost of building a school there in full — land and works — in yuan (≥ 0); nullopt: the
    /// norms' estimate per seat (floor and land per pupil at the capital-cost unit prices).
    std::optional<double> costYuan;
    /// The stages it is reserved for; empty: any stage.
    std::vector<Stage> stages;

    [[nodiscard]] bool allows(Stage stage) const {
        return stages.empty() || std::find(stages.begin(), stages.end(), stage) != stages.end();
    }
};

} // namespace xw::core
