#include "detail/geos_util.hpp"

namespace xw::gis::detail {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::onError, this);
}

GeosContext::~GeosContext() {
    GEOS_finish_r(m_handle);
}

void GeosContext::onError(const char* message, void* self) {
    static_cast<GeosContext*>(self)->m_lastError = message != nullptr ? message : "";
}

std::string GeosContext::lastError() const {
    return m_lastError.empty() ? std::string("unknown GEOS error") : m_lastError;
}

GeomPtr fromWkb(const GeosContext& ctx, const std::vector<unsigned char>& wkb) {
    GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx.handle());
    if (reader == nullptr) {
        return own(ctx, nullptr);
    }
    GEOSGeometry* g = GEOSWKBReader_read_r(ctx.handle(), reader, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(ctx.handle(), reader);
    return own(ctx, g);
}

std::vector<unsigned char> toWkb(const GeosContext& ctx, const GEOSGeometry& g) {
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx.handle());
    if (writer == nullptr) {
        return {};
    }
    GEOSWKBWriter_setOutputDimension_r(ctx.handle(), writer, 2);
    GEOSWKBWriter_setByteOrder_r(ctx.handle(), writer, GEOS_WKB_NDR);
    std::size_t size = 0;
    unsigned char* bytes = GEOSWKBWriter_write_r(ctx.handle(), writer, &g, &size);
    GEOSWKBWriter_destroy_r(ctx.handle(), writer);
    if (bytes == nullptr) {
        return {};
    }
    std::vector<unsigned char> out(bytes, bytes + size);
    GEOSFree_r(ctx.handle(), bytes);
    return out;
}

} // namespace xw::gis::detail
