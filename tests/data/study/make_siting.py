#!/usr/bin/env python3
"""Writes the hand-made datasets of the siting and zoning tests (deterministic; every figure the
tests assert can be worked by hand from this file).

Both lie in EPSG:4546 at X0 = 600000, Y0 = 2420000, with the 1 km grid of the tests
(`--grid-m 1000`: cell centres at X0 + 500 + 1000 i, Y0 + 500 + 1000 j).

`siting/`: town 一镇 (441702001) is the rectangle [X0, X0 + 6000] × [Y0, Y0 + 2000] (12 cells)
and 二镇 (441702002) the empty rectangle east of it, [X0 + 6000, X0 + 12000] × [Y0, Y0 + 2000];
both rural. 一镇 has 120 registered residents of each age 6–11, so 720 primary children, 60 per
cell. One primary school, P1 at (X0 + 500, Y0 + 500), with 2 classes per grade (540 seats at 45)
and 14,580 m² of land (18 classes at the norm's 18 m² per pupil). The `sites` layer (sites.csv):
  N 北岸地块  the square [X0 + 2400, X0 + 2600] × [Y0 + 1400, Y0 + 1600] (centroid
              (X0 + 2500, Y0 + 1500)), max_classes 12, cost 30,000,000 yuan, 小学
  S 南岸地块  a point (X0 + 3500, Y0 + 500), area_m2 20,000 (4 classes per grade), primary
  J 初中用地  a point (X0 + 5500, Y0 + 1500), area_m2 30,000, junior only
  T 小地块    a point (X0 + 1500, Y0 + 1500), area_m2 3,000: below one class per grade (4,860 m²)
  F 远郊地块  a point (X0 + 11500, Y0 + 1000) in 二镇, no area, cost or stage.
`roads.geojson` is one road shaped like a U lying on its side, open to the west: along
y = Y0 + 100 from X0 to X0 + 6000, north along x = X0 + 6000, and back west along y = Y0 + 1900.
The river between the two arms has no other bridge, so a child of the north row reaches P1 only
round the east end.

`zoning/`: 一镇 alone, the same children; P1 at (X0 + 500, Y0 + 500) with 1 class per grade
(270 seats) and P2 at (X0 + 5500, Y0 + 1500) with 2 (540 seats). Today's attendance zones
(zones.geojson): P1 [X0, X0 + 4000] × [Y0, Y0 + 2000] (8 cells, 480 children), P2 the rest (4
cells, 240 children).
"""
import json
from pathlib import Path

X0, Y0 = 600000, 2420000
root = Path(__file__).resolve().parent


def rect(x0, y0, x1, y1):
    return [[[X0 + x0, Y0 + y0], [X0 + x1, Y0 + y0], [X0 + x1, Y0 + y1], [X0 + x0, Y0 + y1],
             [X0 + x0, Y0 + y0]]]


def collection(features):
    return {"type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}},
            "features": features}


def write(path, text):
    path.write_text(text, encoding="utf-8")


def polygons(path, rows):
    write(path, json.dumps(collection([
        {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": c}}
        for props, c in rows]), ensure_ascii=False, indent=1) + "\n")


def common(here, towns, schools, grades):
    here.mkdir(exist_ok=True)
    polygons(here / "districts.geojson", [({"code": "441702", "name": "甲区"}, rect(0, 0, 12000, 2000))])
    polygons(here / "towns.geojson", [
        ({"code": c, "name": n, "district": "441702", "urban": "乡村", "residents": r}, rect(*box))
        for c, n, r, box in towns])
    lines = ["town,age,category,persons"]
    for age in range(6, 12):
        lines.append(f"441702001,{age},registered,120")
    write(here / "population.csv", "\n".join(lines) + "\n")
    write(here / "births.csv", "area,year,births\n441700,2018,120\n441700,2019,120\n441700,2020,120\n")
    lines = ["id,name,ownership,land_m2,x,y"]
    for sid, name, land, x, y in schools:
        lines.append(f"{sid},{name},公办,{land},{X0 + x},{Y0 + y}")
    write(here / "schools.csv", "\n".join(lines) + "\n")
    lines = ["school,stage,grade,classes,students"]
    for sid, classes in grades:
        for g in range(1, 7):
            lines.append(f"{sid},primary,{g},{classes},{classes * 45}")
    write(here / "school_grades.csv", "\n".join(lines) + "\n")


MANIFEST = """\
# {what}, written by ../make_siting.py (do not edit by hand).
name: {name}
city: {{code: "441700", name: 测试市}}
base_year: 2020
working_crs: EPSG:4546
layers:
  districts:
    source: districts.geojson
    fields: {{code: code, name: name}}
  towns:
    source: towns.geojson
    fields: {{code: code, name: name, district: district, urban: urban, residents: residents}}
  schools:
    source: schools.csv
    crs: EPSG:4546
    geometry: {{x: x, y: y}}
    fields: {{id: id, name: name, ownership: ownership, land_m2: land_m2}}
{extra}tables:
  school_grades:
    source: school_grades.csv
    fields: {{school: school, stage: stage, grade: grade, classes: classes, students: students}}
  population:
    source: population.csv
    fields: {{town: town, age: age, category: category, persons: persons}}
  births:
    source: births.csv
    fields: {{area: area, year: year, births: births}}
"""

# ---- siting/
here = root / "siting"
common(here,
       [("441702001", "一镇", 720, (0, 0, 6000, 2000)), ("441702002", "二镇", 0, (6000, 0, 12000, 2000))],
       [("P1", "一镇小学", 14580, 500, 500)], [("P1", 2)])
square = "POLYGON (({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))".format(
    X0 + 2400, Y0 + 1400, X0 + 2600, Y0 + 1600)
write(here / "sites.csv", "\n".join([
    "id,name,area_m2,max_classes,cost,stages,wkt",
    f'N,北岸地块,,12,30000000,小学,"{square}"',
    f"S,南岸地块,20000,,,primary,POINT ({X0 + 3500} {Y0 + 500})",
    f"J,初中用地,30000,,,junior,POINT ({X0 + 5500} {Y0 + 1500})",
    f"T,小地块,3000,,,,POINT ({X0 + 1500} {Y0 + 1500})",
    f"F,远郊地块,,,,,POINT ({X0 + 11500} {Y0 + 1000})"]) + "\n")
write(here / "roads.geojson", json.dumps(collection([
    {"type": "Feature", "properties": {"name": "沿河路"},
     "geometry": {"type": "LineString", "coordinates": [
         [X0, Y0 + 100], [X0 + 6000, Y0 + 100], [X0 + 6000, Y0 + 1900], [X0, Y0 + 1900]]}}]),
    ensure_ascii=False, indent=1) + "\n")
write(here / "dataset.yaml", MANIFEST.format(
    what="Dataset of the siting tests", name="选址测试数据 Siting test data",
    extra="""\
  sites:
    source: sites.csv
    crs: EPSG:4546
    geometry: {wkt: wkt}
    fields: {id: id, name: name, area_m2: area_m2, max_classes: max_classes, cost: cost, stages: stages}
"""))

# ---- zoning/
here = root / "zoning"
common(here, [("441702001", "一镇", 720, (0, 0, 6000, 2000))],
       [("P1", "西小学", 8000, 500, 500), ("P2", "东小学", 16000, 5500, 1500)],
       [("P1", 1), ("P2", 2)])
polygons(here / "zones.geojson", [({"school": "P1"}, rect(0, 0, 4000, 2000)),
                                  ({"school": "P2"}, rect(4000, 0, 6000, 2000))])
write(here / "dataset.yaml", MANIFEST.format(
    what="Dataset of the zoning tests", name="学区测试数据 Zoning test data",
    extra="""\
  zones:
    source: zones.geojson
    fields: {school: school}
"""))
