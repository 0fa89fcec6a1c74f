// Export test of the DXF drawing: one layer per theme, labels and layer colours.
#include "export_readback.hpp"

#include <xw/gis/export.hpp>

#include <cpl_conv.h>
#include <cpl_string.h>

namespace xw::gis {
namespace {

using namespace test; // the tables of export_fixture.hpp, export_readback.hpp

// ---------------------------------------------------------------------------------------------
// DXF

TEST(ExportDxf, OneLayerPerThemeWithLabelsAndLayerColours) {
    ScratchDir dir;
    const fs::path out = dir.path() / "cad.dxf";
    ExportOptions options;
    options.styles["towns"].aci = 3;
    const ExportReport report = exportTables(test::allTables(), out, ExportFormat::Dxf, options);
    EXPECT_EQ(report.notes.size(), 1U); // the indicator table has no geometry
    EXPECT_EQ(test::filesIn(dir.path()), std::vector<std::string>{"cad.dxf"});

    const GDALDatasetUniquePtr ds = test::openVector(out);
    ASSERT_TRUE(ds);
    OGRLayer* entities = ds->GetLayer(0);
    std::map<std::string, int> perLayer;
    std::map<std::string, std::string> penByLayer;
    std::set<std::string> texts;
    entities->ResetReading();
    for (auto& f : *entities) {
        const std::string layer = f->GetFieldAsString("Layer");
        ++perLayer[layer];
        const char* style = f->GetStyleString();
        if (style != nullptr && layer.find("_label") == std::string::npos)
            penByLayer[layer] = style;
        if (layer.find("_label") != std::string::npos)
            texts.insert(f->GetFieldAsString("Text"));
    }
    EXPECT_EQ(perLayer["schools"], 3);
    EXPECT_EQ(perLayer["schools_label"], 3);
    EXPECT_EQ(perLayer["towns"], 2); // one closed polyline per ring
    EXPECT_EQ(perLayer["towns_label"], 2);
    EXPECT_EQ(perLayer.count("indicators"), 0U);
    EXPECT_EQ(texts.count("阳江市江城第一小学"), 1U);
    EXPECT_EQ(texts.count("南恩街道"), 1U);
    // BYLAYER entities take the layer table's colour: schools red (ACI 1), towns green (ACI 3).
    EXPECT_NE(penByLayer["schools"].find("#ff0000"), std::string::npos) << penByLayer["schools"];
    EXPECT_NE(penByLayer["towns"].find("#00ff00"), std::string::npos) << penByLayer["towns"];
    // Chinese text is stored as \U+ escapes, which every AutoCAD reads.
    // Labels in a text style with the TrueType font file AutoCAD names for 宋体.
    EXPECT_NE(test::readFile(out).find("  3\nsimsun.ttc\n1001\nACAD\n1000\nSimSun\n"),
              std::string::npos);
    // Upper-case hex digits, as AutoCAD writes them.
    EXPECT_NE(test::readFile(out).find("\\U+9633\\U+6C5F"), std::string::npos); // 阳江
}

} // namespace
} // namespace xw::gis
