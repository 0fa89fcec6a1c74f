#pragma once
// The embedded Yangjiang study run once for the model tests: base year with the allocation (and
// catchments), projected to 2030 with a small Monte Carlo (enough for levels to exist; the tests
// compare levels with the engine's own cells, not with fixed values).
#include <xw/study/study.hpp>
#include <xw/viewer/model/map_builder.hpp>

#include <filesystem>
#include <memory>

namespace xw::viewer::test {

inline study::StudyConfig fixtureConfig() {
    study::StudyConfig c;
    c.years = std::make_pair(2020, 2030);
    c.allocation = core::AllocationMode::Optimal;
    c.allocateEveryYear = false;
    c.gridMeters = 500.0;
    c.monteCarloDraws = 60;
    return c;
}

inline study::Study& yangjiangStudy() {
    static study::Study s =
        study::Study::open(std::filesystem::path(XW_SOURCE_ROOT) / "data/yangjiang");
    return s;
}

inline const study::StudyResults& yangjiang() {
    static const study::StudyResults r = yangjiangStudy().run(fixtureConfig());
    return r;
}

inline const MapGeometry& yangjiangGeometry() {
    static const MapGeometry g = decodeGeometry(yangjiang());
    return g;
}

} // namespace xw::viewer::test
