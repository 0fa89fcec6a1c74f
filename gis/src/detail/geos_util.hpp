#pragma once
// Internal GEOS helpers: an owned reentrant context and deleters that carry it. GEOS `_r` API
// only (GEOS_USE_ONLY_R_API is defined for this target).
#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace xw::gis::detail {

/// One GEOS context, created per call and used by one thread. Remembers GEOS's last error text.
class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    [[nodiscard]] GEOSContextHandle_t handle() const { return m_handle; }
    /// GEOS's last error message, or "unknown GEOS error".
    [[nodiscard]] std::string lastError() const;

private:
    static void onError(const char* message, void* self);
    GEOSContextHandle_t m_handle = nullptr;
    std::string m_lastError;
};

struct GeomDeleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(handle, g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(handle, g); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct TreeDeleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(GEOSSTRtree* t) const { GEOSSTRtree_destroy_r(handle, t); }
};
using TreePtr = std::unique_ptr<GEOSSTRtree, TreeDeleter>;

/// Wraps a geometry GEOS returned (nullptr stays nullptr).
[[nodiscard]] inline GeomPtr own(const GeosContext& ctx, GEOSGeometry* g) {
    return GeomPtr(g, GeomDeleter{ctx.handle()});
}

/// Reads WKB; nullptr on failure (see ctx.lastError()).
[[nodiscard]] GeomPtr fromWkb(const GeosContext& ctx, const std::vector<unsigned char>& wkb);
/// Writes 2D little-endian WKB; empty on failure.
[[nodiscard]] std::vector<unsigned char> toWkb(const GeosContext& ctx, const GEOSGeometry& g);

} // namespace xw::gis::detail
