#!/usr/bin/python3
"""Opens exported files in QGIS and renders each to a PNG (optional evidence, not a test).

    scripts/render_exports.py GPKG SHP_FOLDER OUT_FOLDER

GPKG: a GeoPackage written by `xuewei export` (gis::exportTables); its layers are loaded the
way QGIS loads them from the browser, so each takes its default style from the `layer_styles`
table, and the script fails if one does not. SHP_FOLDER: a Shapefile export; its layers are
loaded through their .cpg (GBK or UTF-8) and labelled by the field that `fields.csv` maps from
the key `name`, so the picture shows whether Chinese text survived. Writes OUT_FOLDER/gpkg.png
(the whole city), gpkg_zoom.png (around the plan's schools and zones, when the file has them)
and shp.png, and prints, per layer, the renderer, the label field and the CRS QGIS recognised.

Needs Debian's python3-qgis (and fonts-noto-cjk for Chinese labels); neither is installed by
scripts/setup.sh, which keeps to what the build and the tests need. Run with the system Python
(/usr/bin/python3) under QT_QPA_PLATFORM=offscreen (set here when unset).
"""
import csv
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402  (QGIS must see the platform variable first)
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsPalLayerSettings,
    QgsProviderRegistry,
    QgsRectangle,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

# Layers drawn bottom to top; the rest of a file's layers are not drawn.
DRAW_ORDER = ["towns", "land_reservations", "zones", "districts", "schools", "plan_schools"]
# The GeoPackage map of the whole city leaves out the dense layers.
CITY_ORDER = ["towns", "districts", "plan_schools"]


def fail(message):
    print("错误 / error: " + message, file=sys.stderr)
    sys.exit(1)


def render(layers, crs, path, title, extent=None):
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # QGIS draws the list's last layer first
    settings.setDestinationCrs(crs)
    if extent is None:
        extent = QgsRectangle()
        for layer in layers:
            extent.combineExtentWith(layer.extent())
        extent.scale(1.05)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(1200, 900))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if not image.save(path, "png"):
        fail("无法写入 / cannot write " + path)
    print(f"{title}: {path}")


def describe(layer):
    renderer = layer.renderer().type() if layer.renderer() else "none"
    labels = layer.labeling().settings().fieldName if layer.labelsEnabled() else "-"
    crs = layer.crs().authid()
    print(f"  {layer.name():18s} features={layer.featureCount():4d} renderer={renderer:16s} "
          f"labels={labels} crs={crs}")
    return renderer


def main():
    if len(sys.argv) != 4:
        fail("用法 / usage: render_exports.py GPKG SHP_FOLDER OUT_FOLDER")
    gpkg, shp_folder, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()

    # GeoPackage: every layer must come with the style embedded in layer_styles.
    sublayers = QgsProviderRegistry.instance().querySublayers(gpkg)
    names = [s.name() for s in sublayers]
    layers = []
    print(gpkg)
    for name in DRAW_ORDER:
        if name not in names:
            continue
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        if not layer.isValid():
            fail(f"QGIS 打不开图层 / QGIS cannot open layer {name} of {gpkg}")
        # What QGIS found in the file: the default style is loaded when the layer opens.
        related = layer.listStylesInDatabase()
        if related[0] < 1:
            fail(f"图层 {name} 没有内嵌样式 / layer {name} has no embedded style")
        describe(layer)
        layers.append(layer)
    if not layers:
        fail("GeoPackage 中没有可画的图层 / no drawable layer in " + gpkg)
    city = [layer for layer in layers if layer.name() in CITY_ORDER]
    render(city or layers, layers[0].crs(), os.path.join(out, "gpkg.png"), "GeoPackage")
    # Around the plan: its schools and zones, widened so their neighbourhood shows.
    focus = QgsRectangle()
    for layer in layers:
        if layer.name() in ("plan_schools", "zones"):
            focus.combineExtentWith(layer.extent())
    if not focus.isEmpty():
        focus.scale(1.3)
        # Land reservations overlap (one polygon per stage) and hide the towns' colours; the
        # 874 school names hide everything: points only for the schools, names for the plan's.
        zoom = [layer for layer in layers if layer.name() != "land_reservations"]
        for layer in zoom:
            if layer.name() == "schools":
                layer.setLabelsEnabled(False)
        render(zoom, layers[0].crs(), os.path.join(out, "gpkg_zoom.png"), "GeoPackage (plan)",
               focus)

    # Shapefile: no styles travel with it; label by the Chinese name field to show the text.
    mapping = {}
    with open(os.path.join(shp_folder, "fields.csv"), encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            mapping[(row["表 table"], row["键 key"])] = row["字段 field"]
    layers = []
    print(shp_folder)
    palette = {"towns": "#cfe3f3", "land_reservations": "#fdae6b", "zones": "#00000000",
               "districts": "#00000000", "schools": "#377eb8", "plan_schools": "#e41a1c"}
    for name in DRAW_ORDER:
        if name == "land_reservations":  # overlapping polygons per stage: they hide the towns
            continue
        path = os.path.join(shp_folder, name + ".shp")
        if not os.path.exists(path):
            continue
        layer = QgsVectorLayer(path, name, "ogr")
        if not layer.isValid():
            fail("QGIS 打不开 / QGIS cannot open " + path)
        symbol = layer.renderer().symbol()
        symbol.setColor(QColor(palette[name]))
        if name in ("districts", "zones"):
            symbol.symbolLayer(0).setStrokeColor(QColor(60, 60, 60) if name == "districts"
                                                 else QColor(31, 120, 180))
            symbol.symbolLayer(0).setStrokeWidth(0.6)
        # Plan schools and the towns carry the labels; 874 school names would hide the map.
        label = mapping.get((name, "name")) if name in ("towns", "plan_schools") else None
        if label:
            settings = QgsPalLayerSettings()
            settings.fieldName = label
            fmt = QgsTextFormat()
            fmt.setFont(QFont("Noto Sans CJK SC"))
            fmt.setSize(8 if name == "schools" else 10)
            buffer = QgsTextBufferSettings()
            buffer.setEnabled(True)
            buffer.setSize(0.8)
            fmt.setBuffer(buffer)
            settings.setFormat(fmt)
            layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
            layer.setLabelsEnabled(True)
        describe(layer)
        layers.append(layer)
    if not layers:
        fail("文件夹中没有 Shapefile / no Shapefile in " + shp_folder)
    render(layers, layers[0].crs(), os.path.join(out, "shp.png"), "Shapefile")
    app.exitQgis()


if __name__ == "__main__":
    main()
