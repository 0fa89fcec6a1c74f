#!/usr/bin/env python3
"""Writes the `small` dataset of the study-engine tests (deterministic; numbers chosen so that
every expected figure in tests/study can be worked by hand).

Three towns, 10 km squares side by side in EPSG:4546: T1 (441702001, urban) and T2 (441702002,
rural) in district 441702, T3 (441704100, rural) in district 441704. Residents of every age
0..17: 1,000 per age in T1, 500 in T2, 300 in T3 (all registered). Schools at the squares'
centres: kindergarten K1 in T1 (10 classes per grade, 25/30/35 → 900 seats); primary P1 in T1 (20
classes per grade → 5,400 seats), P2 in T2 (10 per grade → 2,700), P3 in T3 (6 per grade →
1,620), each with the town's children of grades 1–6 (ages 6–11) as pupils; junior J1 in T1 (20
per grade → 3,000 seats) with T1's and T2's 12–14-year-olds. Housing H1 in T1: 2,000 dwellings
finished in 2023 with a 6-class public kindergarten delivered in 2023.
"""
import json
from pathlib import Path

here = Path(__file__).resolve().parent / "small"
here.mkdir(exist_ok=True)
towns = [("441702001", "一镇", "441702", "城镇", 0, 1000), ("441702002", "二镇", "441702", "乡村", 1, 500),
         ("441704100", "三镇", "441704", "乡村", 2, 300)]
X0, Y0, S = 600000, 2420000, 10000


def square(i, width=1):
    x0 = X0 + i * S
    return [[[x0, Y0], [x0 + width * S, Y0], [x0 + width * S, Y0 + S], [x0, Y0 + S], [x0, Y0]]]


def collection(features):
    return {"type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}},
            "features": features}


(here / "towns.geojson").write_text(json.dumps(collection([
    {"type": "Feature", "properties": {"code": c, "name": n, "district": d, "urban": u,
                                       "residents": 18 * per},
     "geometry": {"type": "Polygon", "coordinates": square(i)}}
    for c, n, d, u, i, per in towns]), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
(here / "districts.geojson").write_text(json.dumps(collection([
    {"type": "Feature", "properties": {"code": "441702", "name": "甲区"},
     "geometry": {"type": "Polygon", "coordinates": square(0, 2)}},
    {"type": "Feature", "properties": {"code": "441704", "name": "乙区"},
     "geometry": {"type": "Polygon", "coordinates": square(2)}}]), ensure_ascii=False, indent=1)
    + "\n", encoding="utf-8")

lines = ["town,age,category,persons"]
for c, _, _, _, _, per in towns:
    for age in range(18):
        lines.append(f"{c},{age},registered,{per}")
(here / "population.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
(here / "births.csv").write_text("area,year,births\n441700,2018,1800\n441700,2019,1800\n"
                                 "441700,2020,1800\n", encoding="utf-8")

centre = lambda i: (X0 + i * S + S // 2, Y0 + S // 2)
schools = [("K1", "一镇幼儿园", "公办", 0), ("P1", "一镇小学", "公办", 0), ("P2", "二镇小学", "公办", 1),
           ("P3", "三镇小学", "公办", 2), ("J1", "一镇中学", "公办", 0)]
lines = ["id,name,ownership,x,y"]
for sid, name, own, i in schools:
    x, y = centre(i)
    if sid == "J1":
        y += 1000
    if sid == "K1":
        y -= 1000
    lines.append(f"{sid},{name},{own},{x},{y}")
(here / "schools.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

lines = ["school,stage,grade,classes,students"]
for g, size in ((1, 950), (2, 950), (3, 950)):
    lines.append(f"K1,kindergarten,{g},10,{size}")
for sid, classes, pupils in (("P1", 20, 1000), ("P2", 10, 500), ("P3", 6, 300)):
    for g in range(1, 7):
        lines.append(f"{sid},primary,{g},{classes},{pupils}")
for g in (7, 8, 9):
    lines.append(f"J1,junior,{g},20,1500")
(here / "school_grades.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

(here / "housing.csv").write_text(
    "id,name,x,y,dwellings,completion_year,kg_classes,kg_year,kg_public\n"
    f"H1,一镇新城,{X0 + 2000},{Y0 + 2000},2000,2023,6,2023,yes\n", encoding="utf-8")

(here / "dataset.yaml").write_text("""\
# Small dataset of the study-engine tests, written by ../make_small.py (do not edit by hand).
name: 引擎测试数据 Small study test data
city: {code: "441700", name: 测试市}
base_year: 2020
working_crs: EPSG:4546
layers:
  districts:
    source: districts.geojson
    fields: {code: code, name: name}
  towns:
    source: towns.geojson
    fields: {code: code, name: name, district: district, urban: urban, residents: residents}
  schools:
    source: schools.csv
    crs: EPSG:4546
    geometry: {x: x, y: y}
    fields: {id: id, name: name, ownership: ownership}
  housing:
    source: housing.csv
    crs: EPSG:4546
    geometry: {x: x, y: y}
    fields: {id: id, name: name, dwellings: dwellings, completion_year: completion_year, kg_classes: kg_classes, kg_year: kg_year, kg_public: kg_public}
tables:
  school_grades:
    source: school_grades.csv
    fields: {school: school, stage: stage, grade: grade, classes: classes, students: students}
  population:
    source: population.csv
    fields: {town: town, age: age, category: category, persons: persons}
  births:
    source: births.csv
    fields: {area: area, year: year, births: births}
""", encoding="utf-8")
