#!/usr/bin/env python3
"""The bad-input corpus: broken or unusual datasets made from the embedded one, one per kind.

Each case copies data/yangjiang (or one of the inputs from the field under tests/data/cases) into
<out>/<case>/dataset, applies one mutation and writes <out>/<case>/expect.json, which says what
`xuewei check` (and `xuewei run`) must give: the exit code and fragments of the message. The
runner (run_corpus.py) checks them, and that no case ends in a signal, hangs, leaves a partial
output set or writes inf/NaN anywhere.

    make_corpus.py --list                      the case names, one a line
    make_corpus.py --data DIR --fixtures DIR --out DIR [--case NAME ...]

Standard library only. Deterministic: the same case is written byte for byte every time.
"""
import argparse
import codecs
import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import sys

CASES = {}


def case(name, check_exit, check_says=(), run=None, source="yangjiang", needs=None):
    """Registers a mutation. `run`: dict with args, exit, says (default: run --allocate none,
    exit 0 when check_exit is 0, else either 0 or 1 as long as it is not a signal)."""

    def register(fn):
        CASES[name] = dict(fn=fn, check_exit=check_exit, check_says=list(check_says), run=run,
                           source=source, needs=needs)
        return fn

    return register


# ------------------------------------------------------------------------------------------------
# Helpers on a dataset folder

def read(d, name):
    with open(os.path.join(d, name), encoding="utf-8") as f:
        return f.read()


def write(d, name, text, encoding="utf-8"):
    with open(os.path.join(d, name), "w", encoding=encoding, newline="") as f:
        f.write(text)


def write_bytes(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def replace(d, name, old, new, count=1):
    text = read(d, name)
    if old not in text:
        raise SystemExit(f"corpus: '{old}' not in {name}")
    write(d, name, text.replace(old, new, count))


def rows(d, name):
    with open(os.path.join(d, name), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(d, name, table):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    write(d, name, out.getvalue())


def set_cell(d, name, row, column, value):
    """Sets a cell by data row (1-based) and column name."""
    table = rows(d, name)
    table[row][table[0].index(column)] = value
    write_rows(d, name, table)


def manifest_add(d, after, line):
    replace(d, "dataset.yaml", after, after + line)


# ------------------------------------------------------------------------------------------------
# Encodings

@case("gbk_schools_csv", 1, ["it looks like GBK", "header read as GBK: \"学校标识码"])
def _(d):
    write(d, "schools.csv", read(d, "schools.csv"), encoding="gbk")


@case("gbk_schools_csv_with_encoding", 0, ["0 个错误 errors"])
def _(d):
    write(d, "schools.csv", read(d, "schools.csv"), encoding="gbk")
    manifest_add(d, "    source: schools.csv\n", "    encoding: GBK\n")


@case("gb18030_grades_with_encoding", 0, ["0 个错误 errors"])
def _(d):
    write(d, "school_grades.csv", read(d, "school_grades.csv"), encoding="gb18030")
    replace(d, "dataset.yaml", "    source: school_grades.csv\n",
            "    source: school_grades.csv\n    encoding: GB18030\n")


@case("utf16_schools_csv_from_excel", 0, ["0 个错误 errors"])
def _(d):
    write_bytes(d, "schools.csv", codecs.BOM_UTF16_LE + read(d, "schools.csv").encode("utf-16-le"))


@case("utf16_without_bom", 1, ["it looks like UTF-16LE"])
def _(d):
    write_bytes(d, "schools.csv", read(d, "schools.csv").encode("utf-16-le"))


@case("utf8_bom_grades", 0, ["0 个错误 errors"])
def _(d):
    write_bytes(d, "school_grades.csv", codecs.BOM_UTF8 + read(d, "school_grades.csv").encode())


@case("gbk_cell_in_utf8_csv", 1, ["text is not UTF-8 (it looks like GBK)"])
def _(d):
    data = read(d, "schools.csv").encode("utf-8")
    name = "南恩街道中心幼儿园"
    write_bytes(d, "schools.csv", data.replace(name.encode(), name.encode("gbk"), 1))


@case("unknown_encoding", 1, ["unknown encoding: \"KLINGON\""])
def _(d):
    manifest_add(d, "    source: schools.csv\n", "    encoding: KLINGON\n")


@case("encoding_on_a_utf8_file", 1, ["cannot read the file as GBK", "remove encoding"])
def _(d):
    manifest_add(d, "    source: schools.csv\n", "    encoding: GBK\n")


@case("header_with_zero_width_space", 1, ["\"<U+200B>学校标识码\" has invisible characters"])
def _(d):
    replace(d, "schools.csv", "学校标识码,", "\u200b学校标识码,")


@case("header_with_no_break_space", 1, ["closest columns: \"学校名称<U+00A0>\"",
                                       "has invisible characters"])
def _(d):
    # Spaces around a header are trimmed by GDAL; a no-break space (from a web page) is not.
    replace(d, "schools.csv", "学校名称,", "学校名称\u00a0,")


@case("mapped_optional_column_missing", 1, ["the column mapped in the manifest is missing",
                                            "字段 field migrant"])
def _(d):
    replace(d, "dataset.yaml", "migrant: 随迁子女数", "migrant: 随迁子女人数")


@case("crlf_line_endings", 0, ["0 个错误 errors"])
def _(d):
    for name in ("schools.csv", "school_grades.csv", "population.csv"):
        write(d, name, read(d, name).replace("\n", "\r\n"))


@case("semicolon_separated_csv", 0, ["0 个错误 errors"])
def _(d):
    table = rows(d, "births.csv")
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(table)
    write(d, "births.csv", out.getvalue())


# ------------------------------------------------------------------------------------------------
# Files that are not readable files

@case("zero_byte_schools", 1, ["the file is empty (0 bytes): schools.csv"])
def _(d):
    write(d, "schools.csv", "")


@case("schools_is_a_folder", 1, ["is a folder, not a file: schools.csv"])
def _(d):
    os.remove(os.path.join(d, "schools.csv"))
    os.mkdir(os.path.join(d, "schools.csv"))


@case("schools_is_a_fifo", 1, ["is a named pipe (FIFO)"], needs="fifo")
def _(d):
    os.remove(os.path.join(d, "schools.csv"))
    os.mkfifo(os.path.join(d, "schools.csv"))


@case("manifest_is_a_fifo", 1, ["cannot read the manifest", "named pipe (FIFO)"], needs="fifo")
def _(d):
    os.remove(os.path.join(d, "dataset.yaml"))
    os.mkfifo(os.path.join(d, "dataset.yaml"))


@case("norms_is_a_fifo", 1, ["named pipe (FIFO)"], needs="fifo")
def _(d):
    os.remove(os.path.join(d, "norms.yaml"))
    os.mkfifo(os.path.join(d, "norms.yaml"))


@case("symlink_loop", 1, ["symbolic link loop"])
def _(d):
    os.remove(os.path.join(d, "schools.csv"))
    os.symlink("loop.csv", os.path.join(d, "schools.csv"))
    os.symlink("schools.csv", os.path.join(d, "loop.csv"))


@case("broken_symlink", 1, ["broken symbolic link to gone.csv"])
def _(d):
    os.remove(os.path.join(d, "schools.csv"))
    os.symlink("gone.csv", os.path.join(d, "schools.csv"))


@case("schools_missing", 1, ["文件不存在 / file not found: schools.csv"])
def _(d):
    os.remove(os.path.join(d, "schools.csv"))


@case("manifest_missing", 1, ["manifest not found"])
def _(d):
    os.remove(os.path.join(d, "dataset.yaml"))


@case("norms_missing", 1, ["file not found: norms.yaml"])
def _(d):
    os.remove(os.path.join(d, "norms.yaml"))


@case("schools_unreadable", 1, ["permission denied"], needs="unprivileged")
def _(d):
    os.chmod(os.path.join(d, "schools.csv"), 0)


def sqlite_claiming_geopackage(path, rows_of_padding):
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 1196444487")  # "GPKG"
    db.execute("CREATE TABLE padding (a TEXT)")
    db.executemany("INSERT INTO padding VALUES (?)", [("x" * 200,)] * rows_of_padding)
    db.commit()
    db.close()


@case("geopackage_half_written", 1, ["cannot open source: schools.gpkg",
                                     "was not written completely"])
def _(d):
    sqlite_claiming_geopackage(os.path.join(d, "schools.gpkg"), 1)
    replace(d, "dataset.yaml", "    source: schools.csv\n    crs: EPSG:4490\n"
                               "    geometry: {x: 经度, y: 纬度}\n",
            "    source: schools.gpkg\n")


@case("geopackage_truncated", 1, ["cannot open source: schools.gpkg",
                                  "the file is damaged or incomplete"])
def _(d):
    path = os.path.join(d, "schools.gpkg")
    sqlite_claiming_geopackage(path, 200)
    with open(path, "r+b") as f:
        f.truncate(8192)
    replace(d, "dataset.yaml", "    source: schools.csv\n    crs: EPSG:4490\n"
                               "    geometry: {x: 经度, y: 纬度}\n",
            "    source: schools.gpkg\n")


# ------------------------------------------------------------------------------------------------
# The manifest and the norms file (YAML)

@case("manifest_nested_100000_deep", 1, ["nested deeper than 64 levels"])
def _(d):
    write(d, "dataset.yaml", read(d, "dataset.yaml") + "extra: " + "[" * 100000 + "]" * 100000
          + "\n")


def alias_bomb(first_key):
    text = f"{first_key}: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    prev = "a"
    for c in "bcdefghi":
        text += f"z{c}: &{c} [" + ", ".join(["*" + prev] * 9) + "]\n"
        prev = c
    return text


@case("manifest_alias_bomb", 1, ["an alias bomb?"])
def _(d):
    text = read(d, "dataset.yaml")
    text = text.replace("name: 阳江市（示意数据） Yangjiang (illustrative)\n", alias_bomb("name"))
    write(d, "dataset.yaml", text)


@case("manifest_syntax_error", 1, ["YAML syntax error"])
def _(d):
    replace(d, "dataset.yaml", "city: {code: \"441700\", name: 阳江市}",
            "city: {code: \"441700\", name: 阳江市")


@case("manifest_tabels_typo", 1, ["unknown key: tabels", "did you mean tables?"])
def _(d):
    replace(d, "dataset.yaml", "\ntables:\n", "\ntabels:\n")


@case("manifest_base_yaer_typo", 1, ["unknown key: base_yaer", "did you mean base_year?"])
def _(d):
    replace(d, "dataset.yaml", "base_year: 2020", "base_yaer: 2020")


@case("manifest_field_typo", 1, ["unknown key: tables.school_grades.fields.studnets",
                                 "did you mean tables.school_grades.fields.students?"])
def _(d):
    replace(d, "dataset.yaml", "      students: 在校生数", "      studnets: 在校生数")


@case("manifest_duplicate_key", 1, ["duplicate key: base_year"])
def _(d):
    replace(d, "dataset.yaml", "base_year: 2020\n", "base_year: 2020\nbase_year: 2021\n")


@case("manifest_in_gbk", 1, ["the manifest is not UTF-8"])
def _(d):
    write(d, "dataset.yaml", read(d, "dataset.yaml"), encoding="gbk")


@case("manifest_in_utf16", 0, ["0 个错误 errors"])
def _(d):
    write_bytes(d, "dataset.yaml",
                codecs.BOM_UTF16_LE + read(d, "dataset.yaml").encode("utf-16-le"))


@case("manifest_empty", 1, ["the manifest is empty"])
def _(d):
    write(d, "dataset.yaml", "# nothing here\n")


@case("manifest_geometry_xy_on_polygons", 1, ["{x, y} gives points"])
def _(d):
    replace(d, "dataset.yaml", "    source: towns.geojson\n",
            "    source: towns.geojson\n    geometry: {x: 经度, y: 纬度}\n")


@case("norms_nested_deep", 1, ["nesting deeper than 64 levels"])
def _(d):
    write(d, "norms.yaml", read(d, "norms.yaml") + "extra: " + "{a: " * 5000 + "1" + "}" * 5000
          + "\n")


@case("norms_alias_bomb", 1, ["YAML aliases (*name) are not supported in this file"])
def _(d):
    write(d, "norms.yaml", alias_bomb("bomb") + read(d, "norms.yaml"))


@case("norms_infinite_radius", 1,
      ["字段 field stages.primary.radius_rural_m: 不是有限数 / not a finite number: \".inf\""])
def _(d):
    replace(d, "norms.yaml", "radius_rural_m: 3000", "radius_rural_m: .inf")


@case("norms_absurd_class_size", 1,
      ["字段 field stages.primary.class_size: 规范取值无效 / invalid norms: "
       "primary: class_size 1000000 is outside 1..100"])
def _(d):
    replace(d, "norms.yaml", "radius_rural_m: 3000", "radius_rural_m: 3000\n    class_size: 1000000")


@case("norms_radius_beyond_plausible", 1,
      ["字段 field stages.primary.radius_rural_m: 规范取值无效 / invalid norms: "
       "primary: radius_rural_m 3e+06 is outside (0)..100000"])
def _(d):
    replace(d, "norms.yaml", "radius_rural_m: 3000", "radius_rural_m: 3000000")


@case("norms_household_beyond_plausible", 1,
      ["字段 field persons_per_household: 规范取值无效 / invalid norms: "
       "persons_per_household 32 is outside (0)..20"])
def _(d):
    write(d, "norms.yaml", "persons_per_household: 32\n" + read(d, "norms.yaml"))


@case("norms_two_invalid_values", 1,
      ["2 处规范取值无效 / 2 invalid norms values:",
       "字段 field stages.primary.class_size: 规范取值无效 / invalid norms: "
       "primary: class_size 1000000 is outside 1..100",
       "字段 field persons_per_household: 规范取值无效 / invalid norms: "
       "persons_per_household 32 is outside (0)..20"])
def _(d):
    write(d, "norms.yaml", "persons_per_household: 32\n" + read(d, "norms.yaml"))
    replace(d, "norms.yaml", "radius_rural_m: 3000", "radius_rural_m: 3000\n    class_size: 1000000")


@case("norms_key_typo", 1,
      ["unknown key \"radius_rurl_m\", did you mean \"radius_rural_m\"?"])
def _(d):
    replace(d, "norms.yaml", "radius_rural_m: 3000", "radius_rurl_m: 3000")


# ------------------------------------------------------------------------------------------------
# Nothing wrong may pass silently

@case("grades_header_only", 1, ["the table has no rows (a header at most): school_grades.csv"])
def _(d):
    write(d, "school_grades.csv", read(d, "school_grades.csv").split("\n")[0] + "\n")


@case("population_header_only", 1, ["the table has no rows (a header at most): population.csv"])
def _(d):
    write(d, "population.csv", read(d, "population.csv").split("\n")[0] + "\n")


@case("births_header_only", 1, ["the table has no rows (a header at most): births.csv"])
def _(d):
    write(d, "births.csv", read(d, "births.csv").split("\n")[0] + "\n")


@case("schools_header_only", 1, ["required layer is empty: schools.csv"])
def _(d):
    write(d, "schools.csv", read(d, "schools.csv").split("\n")[0] + "\n")


@case("housing_header_only", 0, ["named in the manifest but has no rows"])
def _(d):
    write(d, "housing.csv", read(d, "housing.csv").split("\n")[0] + "\n")


@case("no_population_table", 0, ["no population table"])
def _(d):
    text = read(d, "dataset.yaml")
    start = text.index("  population:\n")
    end = text.index("  births:\n")
    write(d, "dataset.yaml", text[:start] + text[end:])


@case("overlapping_town_drawn_over_another", 0, ["overlaps town 441702999 新区街道",
                                                 "the overlap belongs to the smaller town"],
      run=dict(args=["--allocate", "optimal", "--grid-m", "1000"], exit=0))
def _(d):
    towns = json.loads(read(d, "towns.geojson"))
    first = towns["features"][0]
    ring = first["geometry"]["coordinates"][0]
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    h = 0.004
    square = [[cx - h, cy - h], [cx + h, cy - h], [cx + h, cy + h], [cx - h, cy + h], [cx - h, cy - h]]
    props = dict(first["properties"])
    props.update({"乡镇代码": "441702999", "乡镇名称": "新区街道", "常住人口": 5000})
    towns["features"].append({"type": "Feature", "properties": props,
                              "geometry": {"type": "Polygon", "coordinates": [square]}})
    write(d, "towns.geojson", json.dumps(towns, ensure_ascii=False))


@case("duplicate_school_id", 1, ["duplicate id (same as row 1): row 875 skipped",
                                 "cannot be attributed to either"])
def _(d):
    table = rows(d, "schools.csv")
    copy = list(table[1])
    copy[table[0].index("学校名称")] = copy[table[0].index("学校名称")] + "（分部）"
    copy[table[0].index("经度")] = "111.970000"
    table.append(copy)
    write_rows(d, "schools.csv", table)


@case("two_campuses_with_campus_column", 0, ["0 个错误 errors"],
      run=dict(args=["--allocate", "nearest", "--grid-m", "1000"], exit=0))
def _(d):
    table = rows(d, "schools.csv")
    table[0].append("校区")
    for r in table[1:]:
        r.append("")
    first = table[1]
    first[-1] = "本部"
    second = list(first)
    second[-1] = "东校区"
    second[table[0].index("经度")] = "111.990000"
    table.append(second)
    write_rows(d, "schools.csv", table)
    grades = rows(d, "school_grades.csv")
    grades[0].append("校区")
    school = first[0]
    seen = 0
    for r in grades[1:]:
        if r[0] == school:
            r.append("本部" if seen % 2 == 0 else "东校区")
            seen += 1
        else:
            r.append("")
    write_rows(d, "school_grades.csv", grades)
    replace(d, "dataset.yaml", "      id: 学校标识码\n", "      id: 学校标识码\n      campus: 校区\n")
    replace(d, "dataset.yaml", "      school: 学校标识码\n",
            "      school: 学校标识码\n      campus: 校区\n")


@case("grade_with_pupils_and_no_classes", 0, ["pupils in a grade with 0 classes"],
      run=dict(args=["--allocate", "nearest", "--grid-m", "1000"], exit=0))
def _(d):
    set_cell(d, "school_grades.csv", 1, "班级数", "0")


@case("more_large_classes_than_classes", 1, ["large classes reported in a grade of"])
def _(d):
    table = rows(d, "school_grades.csv")
    r = table[1]
    r[table[0].index("大班额班数")] = str(int(r[table[0].index("班级数")]) + 1)
    write_rows(d, "school_grades.csv", table)


@case("more_huge_than_large_classes", 1, ["there cannot be more of them"])
def _(d):
    table = rows(d, "school_grades.csv")
    r = table[1]
    r[table[0].index("大班额班数")] = "1"
    r[table[0].index("超大班额班数")] = "2"
    write_rows(d, "school_grades.csv", table)


@case("more_migrant_than_students", 1, ["more migrant pupils than students"])
def _(d):
    set_cell(d, "school_grades.csv", 1, "随迁子女数", "100000")


@case("duplicate_grade_row", 1, ["duplicate school × stage × grade"])
def _(d):
    table = rows(d, "school_grades.csv")
    table.append(list(table[1]))
    write_rows(d, "school_grades.csv", table)


@case("duplicate_town_code", 1, ["duplicate code, skipped"])
def _(d):
    towns = json.loads(read(d, "towns.geojson"))
    towns["features"][1]["properties"]["乡镇代码"] = towns["features"][0]["properties"]["乡镇代码"]
    write(d, "towns.geojson", json.dumps(towns, ensure_ascii=False))


@case("town_of_unknown_district", 1, ["unknown district code: \"441799\""])
def _(d):
    towns = json.loads(read(d, "towns.geojson"))
    towns["features"][0]["properties"]["区县代码"] = "441799"
    write(d, "towns.geojson", json.dumps(towns, ensure_ascii=False))


@case("unknown_stage", 1, ["unknown stage: \"大学\""])
def _(d):
    set_cell(d, "school_grades.csv", 1, "学段", "大学")


@case("grade_outside_stage", 1, ["grade out of range for the stage: 7"])
def _(d):
    set_cell(d, "school_grades.csv", 1, "年级", "7")


@case("unreadable_wkt", 1, ["unreadable WKT: \"POINT(oops)\""],
      source="case:07-multipoint-schools-from-qgis")
def _(d):
    # housing is optional: every project is skipped with its reason, and the run goes on
    table = rows(d, "housing.csv")
    for r in table[1:]:
        r[table[0].index("WKT")] = "POINT(oops)"
    write_rows(d, "housing.csv", table)


# ------------------------------------------------------------------------------------------------
# Parcels for new schools (the optional sites layer of the optimiser)

SITES_LAYER = ("  sites:\n    source: sites.csv\n    crs: EPSG:4490\n"
               "    geometry: {x: 经度, y: 纬度}\n"
               "    fields: {id: 地块编号, name: 地块名称, area_m2: 用地面积, max_classes: 最多班数,\n"
               "             cost: 造价, stages: 学段}\n")


def add_sites(d, table):
    write_rows(d, "sites.csv", [["地块编号", "地块名称", "经度", "纬度", "用地面积", "最多班数",
                                 "造价", "学段"]] + table)
    manifest_add(d, "layers:\n", SITES_LAYER)


@case("sites_bad_records", 1, ["must not be negative: \"-5\"", "the area must be positive",
                               "unknown stage: \"大学\"", "duplicate id, skipped",
                               "at most 0 classes", "location outside every town, skipped",
                               "6 个错误 errors"])
def _(d):
    add_sites(d, [["S1", "南恩教育用地", "111.981974", "21.859948", "20000", "36", "", "小学"],
                  ["S2", "负面积", "111.982974", "21.860948", "-5", "", "", ""],
                  ["S3", "大学用地", "111.983974", "21.861948", "", "", "", "大学"],
                  ["S1", "重复", "111.984974", "21.862948", "", "", "", ""],
                  ["S4", "海上", "0", "0", "", "", "", ""],
                  ["S5", "零班", "111.985974", "21.863948", "", "0", "", ""],
                  ["S6", "零面积", "111.986974", "21.864948", "0", "", "", ""]])


@case("sites_none_usable", 1, ["the sites layer has no usable parcel: the optimiser falls back"])
def _(d):
    add_sites(d, [["S2", "负面积", "111.982974", "21.860948", "-5", "", "", ""]])


@case("sites_good_parcels", 0, ["0 个错误 errors"])
def _(d):
    add_sites(d, [["S1", "南恩教育用地", "111.981974", "21.859948", "20000", "36", "9.5e7",
                   "小学、初中"]])


# ------------------------------------------------------------------------------------------------
# Ranges

@case("classes_999999999", 1, ["out of range: \"999999999\" (允许 allowed 0–1000)", "班级数"],
      run=dict(args=["--allocate", "optimal", "--grid-m", "1000"], exit=0))
def _(d):
    set_cell(d, "school_grades.csv", 1, "班级数", "999999999")


@case("students_1e308", 1, ["out of range: \"1e308\"", "在校生数"])
def _(d):
    set_cell(d, "school_grades.csv", 1, "在校生数", "1e308")


@case("students_negative", 1, ["must not be negative: \"-5\""])
def _(d):
    set_cell(d, "school_grades.csv", 1, "在校生数", "-5")


@case("students_fractional", 1, ["not a whole number: \"10.5\""])
def _(d):
    set_cell(d, "school_grades.csv", 1, "在校生数", "10.5")


@case("persons_infinite", 1, ["not a finite number: \"inf\""],
      run=dict(args=["--allocate", "nearest", "--grid-m", "1000"], exit=0))
def _(d):
    set_cell(d, "population.csv", 1, "人数", "inf")


@case("persons_nan", 1, ["not a finite number: \"NaN\""])
def _(d):
    set_cell(d, "population.csv", 1, "人数", "NaN")


@case("persons_1e308", 1, ["out of range: \"1e308\""],
      run=dict(args=["--allocate", "optimal", "--grid-m", "1000"], exit=0))
def _(d):
    set_cell(d, "population.csv", 1, "人数", "1e308")


@case("residents_1e308", 1, ["out of range: \"1e308\""])
def _(d):
    towns = json.loads(read(d, "towns.geojson"))
    towns["features"][0]["properties"]["常住人口"] = "1e308"
    write(d, "towns.geojson", json.dumps(towns, ensure_ascii=False))


@case("land_area_1e308", 1, ["out of range: \"1e308\"", "占地面积"])
def _(d):
    set_cell(d, "schools.csv", 1, "占地面积", "1e308")


@case("age_200", 1, ["out of range: \"200\" (允许 allowed 0–120)"])
def _(d):
    set_cell(d, "population.csv", 1, "年龄", "200")


@case("births_1e308", 1, ["out of range: \"1e308\""])
def _(d):
    set_cell(d, "births.csv", 1, "出生人数", "1e308")


@case("base_year_negative", 1, ["base_year 超出范围 / out of range: \"-2020\""])
def _(d):
    replace(d, "dataset.yaml", "base_year: 2020", "base_year: -2020")


@case("base_year_2200", 1, ["base_year 超出范围 / out of range: \"2200\""])
def _(d):
    replace(d, "dataset.yaml", "base_year: 2020", "base_year: 2200")


@case("completion_year_1900", 1, ["year out of range: \"1900\" (允许 allowed 1949–2100)"])
def _(d):
    set_cell(d, "housing.csv", 1, "竣工年份", "1900")


@case("completion_year_2200", 1, ["year out of range: \"2200\""])
def _(d):
    set_cell(d, "housing.csv", 1, "竣工年份", "2200")


@case("delivery_year_0", 1, ["year out of range: \"0\""])
def _(d):
    set_cell(d, "housing.csv", 1, "配套幼儿园交付年份", "0")


@case("births_year_1800", 1, ["year out of range: \"1800\""])
def _(d):
    set_cell(d, "births.csv", 1, "年份", "1800")


@case("dwellings_huge", 1, ["out of range: \"99999999999\""])
def _(d):
    set_cell(d, "housing.csv", 1, "住宅套数", "99999999999")


# ------------------------------------------------------------------------------------------------
# Coordinates and CRSs

@case("working_crs_web_mercator", 1, ["must not be Web Mercator: \"EPSG:3857\""])
def _(d):
    replace(d, "dataset.yaml", "working_crs: EPSG:4546", "working_crs: EPSG:3857")


@case("working_crs_geographic", 1, ["not geographic (degrees)"])
def _(d):
    replace(d, "dataset.yaml", "working_crs: EPSG:4546", "working_crs: EPSG:4490")


@case("working_crs_distant_zone", 0, ["distorts lengths by up to", "use EPSG:4546"])
def _(d):
    replace(d, "dataset.yaml", "working_crs: EPSG:4546", "working_crs: EPSG:32650")


@case("working_crs_unknown", 1, ["unknown CRS: working_crs \"EPSG:999999\""])
def _(d):
    replace(d, "dataset.yaml", "working_crs: EPSG:4546", "working_crs: EPSG:999999")


@case("schools_without_crs", 1, ["the source declares no CRS"])
def _(d):
    replace(d, "dataset.yaml", "    source: schools.csv\n    crs: EPSG:4490\n",
            "    source: schools.csv\n")


@case("swapped_longitude_latitude", 1, ["no usable feature", "look swapped",
                                        "提示 hint: 经度/纬度两列似乎颠倒"])
def _(d):
    replace(d, "dataset.yaml", "geometry: {x: 经度, y: 纬度}", "geometry: {x: 纬度, y: 经度}")


@case("metres_declared_as_degrees", 1, ["not degrees but look like projected metres"])
def _(d):
    table = rows(d, "schools.csv")
    for r in table[1:]:
        r[table[0].index("经度")] = "600000"
        r[table[0].index("纬度")] = "2420000"
    write_rows(d, "schools.csv", table)


@case("every_school_outside_every_town", 1, ["no usable feature", "outside every town"])
def _(d):
    table = rows(d, "schools.csv")
    for r in table[1:]:
        r[table[0].index("经度")] = "100.5"
    write_rows(d, "schools.csv", table)


@case("coordinate_not_a_number", 1, ["不是数字 / not a number: \"东经111\""])
def _(d):
    set_cell(d, "schools.csv", 1, "经度", "东经111")


# ------------------------------------------------------------------------------------------------
# The inputs from the field (tests/data/cases), as they are

@case("field_01_gbk_csv_from_excel", 1, ["it looks like GBK"],
      source="case:01-gbk-csv-from-excel")
def _(d):
    pass


@case("field_07_multipoint_schools_from_qgis", 0, ["4 所学校 schools"],
      source="case:07-multipoint-schools-from-qgis")
def _(d):
    pass


@case("field_11_overlapping_towns", 0, ["overlaps town 441704001 东城街道 by 60.00 km²"],
      source="case:11-overlapping-towns-after-boundary-change",
      run=dict(args=["--allocate", "optimal"], exit=0))
def _(d):
    pass


@case("field_13_two_campuses_one_id", 1, ["duplicate id (same as row 1): row 5 skipped",
                                          "cannot be attributed to either"],
      source="case:13-school-with-two-campuses-one-id")
def _(d):
    pass


@case("field_14_teaching_point_zero_classes", 0, ["pupils in a grade with 0 classes"],
      source="case:14-teaching-point-zero-classes",
      run=dict(args=["--allocate", "nearest"], exit=0))
def _(d):
    pass


@case("field_15_island_small_road_component", 0, ["0 个错误 errors"],
      source="case:15-island-small-road-component",
      run=dict(args=["--allocate", "optimal", "--roads", "{dataset}/roads.geojson"], exit=0))
def _(d):
    pass


# ------------------------------------------------------------------------------------------------

def make(name, data, fixtures, out):
    spec = CASES[name]
    folder = os.path.join(out, name)
    if os.path.exists(folder):
        # Undo the permissions a previous run may have taken away, then start afresh.
        for root, dirs, files in os.walk(folder):
            for n in dirs + files:
                p = os.path.join(root, n)
                if not os.path.islink(p):
                    os.chmod(p, stat.S_IRWXU)
        shutil.rmtree(folder)
    os.makedirs(folder)
    dataset = os.path.join(folder, "dataset")
    if spec["source"] == "yangjiang":
        shutil.copytree(data, dataset, ignore=shutil.ignore_patterns("*.py", "*.sh", "*.md"))
    else:
        shutil.copytree(os.path.join(fixtures, spec["source"].split(":", 1)[1], "dataset"),
                        dataset)
    spec["fn"](dataset)
    expect = dict(check=dict(exit=spec["check_exit"], says=spec["check_says"]),
                  run=spec["run"], needs=spec["needs"])
    with open(os.path.join(folder, "expect.json"), "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False, indent=1)
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--data", help="the embedded dataset (data/yangjiang)")
    ap.add_argument("--fixtures", help="the inputs from the field (tests/data/cases)")
    ap.add_argument("--out")
    ap.add_argument("--case", action="append")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CASES))
        return 0
    if not (a.data and a.fixtures and a.out):
        ap.error("--data, --fixtures and --out are needed")
    for name in a.case or list(CASES):
        if name not in CASES:
            ap.error(f"unknown case {name}")
        make(name, a.data, a.fixtures, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
