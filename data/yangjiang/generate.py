#!/usr/bin/env python3
"""Generates the illustrative Yangjiang dataset (阳江市示意数据) deterministically.

Usage:  python3 data/yangjiang/generate.py [OUTPUT_DIR] [--summary]

Writes dataset.yaml, norms.yaml, districts.geojson, towns.geojson, schools.csv,
school_grades.csv, population.csv, births.csv and housing.csv into OUTPUT_DIR (default: the
folder of this script), and the 2016 snapshot for back-tests (dataset.yaml, population.csv,
schools.csv, school_grades.csv, births.csv, housing.csv; outlines and norms referenced from
OUTPUT_DIR) into the sibling folder OUTPUT_DIR-2016. Standard library only; the same output byte for byte on every run and
every platform: one fixed seed, only random.Random(seed).random() is used (every other draw is
derived from it here), every number written is rounded to a fixed number of decimals, keys are
sorted, lines end in '\\n', files are UTF-8 without BOM. No trigonometric function feeds any
written value (libm may differ in the last bit between platforms).

What is fact and what is synthesised is listed in README.md next to this script.
"""

import argparse
import csv
import io
import json
import os
import random
import sys

SEED = 20200441700
BASE_YEAR = 2020
CITY_CODE = "441700"
CITY_NAME = "阳江市"

# Lon/lat scale for distances: cos(21.9°) ≈ 0.928 (a constant, so no libm call is involved).
LON_SCALE = 0.928
# Kilometres per degree of latitude (mean, for the area summary only).
KM_PER_DEG = 111.2


# --------------------------------------------------------------------------------------------
# Random numbers: only Random.random() is used; everything else is derived here.
# --------------------------------------------------------------------------------------------
class Rng:
    def __init__(self, seed):
        self._r = random.Random(seed)

    def u(self):
        return self._r.random()

    def uniform(self, a, b):
        return a + (b - a) * self.u()

    def integer(self, a, b):
        """Integer in a..b inclusive."""
        return a + min(b - a, int(self.u() * (b - a + 1)))

    def choice(self, seq):
        return seq[self.integer(0, len(seq) - 1)]

    def chance(self, p):
        return self.u() < p

    def shuffled(self, seq):
        out = list(seq)
        for i in range(len(out) - 1, 0, -1):
            j = self.integer(0, i)
            out[i], out[j] = out[j], out[i]
        return out


# --------------------------------------------------------------------------------------------
# Regions: real names and NBS codes (统计用区划代码, 2021/2022), schematic outlines.
# --------------------------------------------------------------------------------------------
DISTRICTS = [
    ("441702", "江城区"),
    ("441704", "阳东区"),
    ("441721", "阳西县"),
    ("441781", "阳春市"),
]

# code, name, approximate seat (lon, lat), urban, relative residents weight, mountain town
# Seats are approximate positions typed by us [A]; codes are NBS codes [V].
TOWNS = [
    # 江城区 (with 海陵试验区 and 高新区)
    ("441702001", "南恩街道", (111.976, 21.859), True, 92, False),
    ("441702002", "城南街道", (111.972, 21.843), True, 78, False),
    ("441702003", "城北街道", (111.968, 21.876), True, 84, False),
    ("441702004", "中洲街道", (111.990, 21.847), True, 58, False),
    ("441702006", "城东街道", (111.992, 21.866), True, 72, False),
    ("441702008", "岗列街道", (111.985, 21.822), True, 46, False),
    ("441702009", "城西街道", (111.945, 21.858), True, 62, False),
    ("441702011", "白沙街道", (111.955, 21.905), True, 80, False),
    ("441702102", "埠场镇", (111.975, 21.775), False, 40, False),
    ("441702103", "平冈镇", (111.880, 21.770), False, 52, False),
    ("441702105", "闸坡镇", (111.825, 21.580), False, 88, False),
    ("441702106", "双捷镇", (111.880, 21.930), False, 44, False),
    # 阳东区
    ("441704100", "东城镇", (112.015, 21.870), True, 165, False),
    ("441704101", "北惯镇", (112.100, 21.950), False, 35, False),
    ("441704102", "那龙镇", (112.040, 21.985), False, 30, False),
    ("441704103", "东平镇", (112.250, 21.760), False, 42, False),
    ("441704104", "雅韶镇", (112.080, 21.850), False, 34, False),
    ("441704105", "大沟镇", (112.170, 21.790), False, 40, False),
    ("441704106", "新洲镇", (112.300, 21.880), False, 30, False),
    ("441704107", "合山镇", (112.170, 22.040), False, 33, False),
    ("441704108", "塘坪镇", (112.210, 21.940), False, 30, False),
    ("441704109", "大八镇", (112.095, 22.015), False, 25, False),
    ("441704110", "红丰镇", (112.140, 21.900), False, 20, False),
    # 阳西县
    ("441721100", "织篢镇", (111.610, 21.750), True, 122, False),
    ("441721101", "程村镇", (111.720, 21.700), False, 45, False),
    ("441721102", "塘口镇", (111.570, 21.870), False, 34, True),
    ("441721103", "上洋镇", (111.680, 21.640), False, 40, False),
    ("441721104", "溪头镇", (111.580, 21.570), False, 40, False),
    ("441721105", "沙扒镇", (111.510, 21.590), False, 45, False),
    ("441721106", "儒洞镇", (111.490, 21.670), False, 60, False),
    ("441721107", "新圩镇", (111.470, 21.810), False, 44, True),
    # 阳春市
    ("441781001", "春城街道", (111.790, 22.172), True, 190, False),
    ("441781002", "河西街道", (111.765, 22.168), True, 100, False),
    ("441781101", "河朗镇", (111.560, 22.320), False, 30, True),
    ("441781102", "松柏镇", (111.660, 22.300), False, 35, True),
    ("441781103", "石望镇", (111.600, 22.210), False, 35, False),
    ("441781105", "春湾镇", (111.970, 22.320), False, 55, False),
    ("441781106", "合水镇", (111.930, 22.410), False, 45, False),
    ("441781107", "陂面镇", (111.860, 22.270), False, 35, False),
    ("441781108", "圭岗镇", (111.790, 22.460), False, 20, True),
    ("441781109", "永宁镇", (111.570, 22.410), False, 30, True),
    ("441781110", "马水镇", (111.640, 22.080), False, 55, False),
    ("441781111", "岗美镇", (111.880, 22.080), False, 45, False),
    ("441781112", "河口镇", (111.950, 22.035), False, 45, False),
    ("441781113", "潭水镇", (111.720, 22.020), False, 60, False),
    ("441781114", "三甲镇", (111.490, 22.200), False, 20, True),
    ("441781116", "双滘镇", (111.680, 22.490), False, 15, True),
    ("441781117", "八甲镇", (111.470, 22.030), False, 35, True),
]

CENTRAL_STREETS = {"441702001", "441702002", "441702003", "441702004", "441702006"}
COUNTY_SEATS = {"441704100", "441721100", "441781001", "441781002"}
ISLAND_TOWN = "441702105"

# 2020 census residents per district. 阳东 is [V]; 江城 incl. 海陵/高新 and 阳西 are [W];
# 阳春 is the remainder of the city total 2,602,959 [V], i.e. [A] as a split.
CITY_RESIDENTS = 2602959
DISTRICT_RESIDENTS = {"441704": 478299, "441702": 814700, "441721": 434000}
DISTRICT_RESIDENTS["441781"] = CITY_RESIDENTS - sum(DISTRICT_RESIDENTS.values())

# Schematic district outlines, lon/lat, drawn by us. Every district is convex, so that the
# Voronoi cells of its town seats, clipped to it, are convex too and tile it exactly.
# Shared nodes (the same numbers are used on both sides of every shared edge):
P1 = (111.400, 21.900)  # 阳春 / 阳西 on the western city boundary
P2 = (111.800, 21.950)  # 阳春 / 阳西 / 江城
P3 = (112.003, 21.990)  # 阳春 / 江城 / 阳东
P4 = (112.200, 22.070)  # 阳春 / 阳东 on the eastern city boundary
P5 = (111.800, 21.700)  # 阳西 / 江城 on the coast
P6 = (112.003, 21.720)  # 江城 / 阳东 on the coast

OUTLINES = {
    # counter-clockwise rings, not closed here
    "441781": [[P1, P2, P3, P4, (112.070, 22.300), (111.940, 22.480), (111.720, 22.550),
                (111.540, 22.480), (111.430, 22.270)]],
    "441721": [[P1, (111.430, 21.720), (111.470, 21.585), (111.570, 21.520),
                (111.700, 21.580), P5, P2]],
    "441702": [[P5, (111.900, 21.680), P6, P3, P2],
               # 海陵岛 (闸坡镇), offshore to the south-west
               [(111.750, 21.598), (111.780, 21.568), (111.860, 21.553), (111.918, 21.575),
                (111.908, 21.615), (111.830, 21.632), (111.768, 21.625)]],
    "441704": [[P6, (112.150, 21.700), (112.420, 21.770), (112.510, 21.960), (112.380, 22.075),
                P4, P3]],
}


def ring_area_deg2(ring):
    s = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def ring_area_km2(ring):
    """Approximate area (sinusoidal-like, constant lon scale), for the summary only."""
    return ring_area_deg2(ring) * LON_SCALE * KM_PER_DEG * KM_PER_DEG


def clip_half_plane(poly, a, b, c):
    """Sutherland-Hodgman: keeps the part of convex polygon `poly` where a*x + b*y <= c."""
    out = []
    n = len(poly)
    for i in range(n):
        p = poly[i]
        q = poly[(i + 1) % n]
        fp = a * p[0] + b * p[1] - c
        fq = a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def voronoi_cell(district_ring, seat, others):
    """Cell of `seat` among `others` inside the convex ring, in lon/lat with scaled lon."""
    k = LON_SCALE
    poly = [(x * k, y) for x, y in district_ring]
    sx, sy = seat[0] * k, seat[1]
    for o in others:
        ox, oy = o[0] * k, o[1]
        # |p-s|^2 <= |p-o|^2  <=>  2(o-s).p <= |o|^2 - |s|^2
        a = 2.0 * (ox - sx)
        b = 2.0 * (oy - sy)
        c = ox * ox + oy * oy - sx * sx - sy * sy
        poly = clip_half_plane(poly, a, b, c)
    return [(x / k, y) for x, y in poly]


def rounded_ring(ring):
    out = []
    for x, y in ring:
        p = (round(x, 6), round(y, 6))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def snap_rings(rings, tol=2.5e-6):
    """Merges vertices closer than tol (degrees) to one canonical vertex, so shared edges of
    neighbouring cells computed separately are identical."""
    canon = []
    for ring in rings:
        for p in ring:
            canon.append(p)
    canon = sorted(set(canon))
    rep = {}
    for p in canon:
        if p in rep:
            continue
        rep[p] = p
        # canon is sorted by x: only look ahead while x is within tol
        for q in canon[canon.index(p) + 1:]:
            if q[0] - p[0] > tol:
                break
            if abs(q[1] - p[1]) <= tol and q not in rep:
                rep[q] = p
    out = []
    for ring in rings:
        r = []
        for p in ring:
            s = rep[p]
            if not r or r[-1] != s:
                r.append(s)
        if len(r) > 1 and r[0] == r[-1]:
            r.pop()
        out.append(r)
    return out


def inside_convex(ring, p, margin_deg):
    """True if p is inside the convex CCW ring by more than margin (degrees, lon scaled)."""
    k = LON_SCALE
    n = len(ring)
    for i in range(n):
        ax, ay = ring[i][0] * k, ring[i][1]
        bx, by = ring[(i + 1) % n][0] * k, ring[(i + 1) % n][1]
        ex, ey = bx - ax, by - ay
        length = (ex * ex + ey * ey) ** 0.5
        if length == 0.0:
            continue
        cross = ex * (p[1] - ay) - ey * (p[0] * k - ax)
        if cross / length <= margin_deg:
            return False
    return True


def is_convex_ccw(ring):
    n = len(ring)
    for i in range(n):
        a, b, c = ring[i], ring[(i + 1) % n], ring[(i + 2) % n]
        cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
        if cross < -1e-12:
            return False
    return ring_area_deg2(ring) > 0


def node_rings(polygons, tol=1.5e-6):
    """Inserts into every ring edge the vertices of all other rings that lie on it (within tol
    degrees), in place. Towns then share exactly the same vertex chains with their neighbours in
    other districts and with the district outlines: no slivers, no T-junctions."""
    vertices = sorted({p for rings in polygons for ring in rings for p in ring})
    for rings in polygons:
        for ri, ring in enumerate(rings):
            out = []
            n = len(ring)
            for i in range(n):
                a, b = ring[i], ring[(i + 1) % n]
                out.append(a)
                ex, ey = b[0] - a[0], b[1] - a[1]
                len2 = ex * ex + ey * ey
                lo_x, hi_x = min(a[0], b[0]) - tol, max(a[0], b[0]) + tol
                found = []
                for v in vertices:
                    if v[0] < lo_x or v[0] > hi_x or v == a or v == b:
                        continue
                    t = ((v[0] - a[0]) * ex + (v[1] - a[1]) * ey) / len2
                    if t <= 0.0 or t >= 1.0:
                        continue
                    dx, dy = a[0] + t * ex - v[0], a[1] + t * ey - v[1]
                    if dx * dx + dy * dy <= tol * tol:
                        found.append((t, v))
                out.extend(v for _, v in sorted(found))
            rings[ri] = out


def build_town_polygons():
    """Returns ({town code: [ring, ...]}, {district code: [ring, ...]}), noded together."""
    for code, rings in OUTLINES.items():
        for ring in rings:
            assert is_convex_ccw(ring), f"district outline {code} is not convex/CCW"
    cells = {}
    for dcode, _ in DISTRICTS:
        towns = [t for t in TOWNS if t[0][:6] == dcode and t[0] != ISLAND_TOWN]
        mainland = OUTLINES[dcode][0]
        raw = []
        for t in towns:
            others = [o[2] for o in towns if o[0] != t[0]]
            assert inside_convex(mainland, t[2], 0.0), f"seat of {t[1]} outside its district"
            raw.append(rounded_ring(voronoi_cell(mainland, t[2], others)))
        snapped = snap_rings(raw)
        for t, ring in zip(towns, snapped):
            assert len(ring) >= 3 and ring_area_deg2(ring) > 0, f"empty cell for {t[1]}"
            cells[t[0]] = [ring]
    cells[ISLAND_TOWN] = [rounded_ring(OUTLINES["441702"][1])]
    districts = {d: [list(r) for r in OUTLINES[d]] for d, _ in DISTRICTS}
    node_rings(list(cells.values()) + list(districts.values()))
    # The towns of each district tile it: their areas add up to the district's.
    for dcode, _ in DISTRICTS:
        d_area = sum(ring_area_deg2(r) for r in districts[dcode])
        t_area = sum(ring_area_deg2(r) for code, rings in cells.items() if code[:6] == dcode
                     for r in rings)
        assert abs(d_area - t_area) < 1e-9, f"towns of {dcode} do not tile it"
    return cells, districts




# --------------------------------------------------------------------------------------------
# Births and resident children
# --------------------------------------------------------------------------------------------
# Published city births [V] (domain.md §8); every other year is interpolated linearly, and
# 2000-2007 are an assumption [A] rising slowly to the 2008 figure.
BIRTHS_PUBLISHED = {2008: 40100, 2020: 22500, 2021: 19300, 2023: 16800}
BIRTHS_ASSUMED = {2000: 37000}
BIRTH_YEARS = range(2000, 2024)
MAX_AGE = 18
NET_MIGRATION = 0.97  # [A] share of a birth cohort still resident in the city in 2020


def births_series():
    anchors = dict(BIRTHS_ASSUMED)
    anchors.update(BIRTHS_PUBLISHED)
    years = sorted(anchors)
    out = {}
    for y in BIRTH_YEARS:
        if y in anchors:
            out[y] = (float(anchors[y]), "公布" if y in BIRTHS_PUBLISHED else "假设")
            continue
        lo = max(a for a in years if a < y)
        hi = min(a for a in years if a > y)
        v = anchors[lo] + (anchors[hi] - anchors[lo]) * (y - lo) / (hi - lo)
        out[y] = (float(round(v)), "插值")
    return out


def survival(age):
    """[A] share of a birth cohort alive at `age` (infant and child mortality)."""
    return 0.994 - 0.0003 * age


def city_children(births):
    """Residents aged 0..18 in mid-2020: half of each of the two birth years a mid-year age
    spans, times survival and net migration."""
    out = []
    for a in range(MAX_AGE + 1):
        b = 0.5 * births[BASE_YEAR - 1 - a][0] + 0.5 * births[BASE_YEAR - a][0]
        out.append(b * survival(a) * NET_MIGRATION)
    return out


def largest_remainder(total, weights):
    s = sum(weights)
    raw = [total * w / s for w in weights]
    base = [int(r) for r in raw]
    rest = total - sum(base)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


def town_kind(code):
    t = TOWN_BY_CODE[code]
    if code in CENTRAL_STREETS:
        return "central"
    if code in COUNTY_SEATS:
        return "seat"
    if t[3]:
        return "urban"
    if t[5]:
        return "mountain"
    return "rural"


TOWN_BY_CODE = {t[0]: t for t in TOWNS}


CHILD_FACTOR = {"central": 0.90, "urban": 1.0, "seat": 1.0, "rural": 1.06, "mountain": 1.02}


def build_population(rng, births):
    """Returns (residents per town, {town: [[registered, migrant] per age]}, migrant share)."""
    residents = {}
    for dcode, _ in DISTRICTS:
        towns = [t for t in TOWNS if t[0][:6] == dcode]
        for t, n in zip(towns, largest_remainder(DISTRICT_RESIDENTS[dcode], [t[4] for t in towns])):
            residents[t[0]] = n
    migrant_share = {}
    for t in TOWNS:
        kind = town_kind(t[0])
        lo, hi = {"central": (0.27, 0.34), "urban": (0.17, 0.23), "seat": (0.11, 0.20),
                  "rural": (0.03, 0.07), "mountain": (0.01, 0.03)}[kind]
        if t[0] in ("441702102", "441702103"):  # 高新区 industrial towns
            lo, hi = 0.16, 0.22
        migrant_share[t[0]] = rng.uniform(lo, hi)
    city = city_children(births)
    children = {t[0]: [] for t in TOWNS}
    for a in range(MAX_AGE + 1):
        w = {t[0]: residents[t[0]] * CHILD_FACTOR[town_kind(t[0])] * rng.uniform(0.96, 1.04)
             for t in TOWNS}
        s = sum(w.values())
        # Migrant teenagers often return to their 户籍 place for 中考/高考.
        age_factor = 1.1 if a <= 11 else (0.9 if a <= 14 else 0.6)
        for t in TOWNS:
            n = city[a] * w[t[0]] / s
            m = n * min(0.9, migrant_share[t[0]] * age_factor)
            children[t[0]].append([round(n - m), round(m)])
    return residents, children, migrant_share


# --------------------------------------------------------------------------------------------
# Schools (synthesised)
# --------------------------------------------------------------------------------------------
STAGE_ZH = {"kindergarten": "学前", "primary": "小学", "junior": "初中", "senior": "普通高中",
            "vocational": "中职", "special": "特殊教育"}
STAGE_ORDER = ["kindergarten", "primary", "junior", "senior", "vocational", "special"]
STAGE_AGES = {"kindergarten": (3, 5), "primary": (6, 11), "junior": (12, 14),
              "senior": (15, 17), "vocational": (15, 17), "special": (6, 14)}
STD_CLASS = {"kindergarten": [25, 30, 35], "primary": [45], "junior": [50], "senior": [50],
             "vocational": [50], "special": [10]}
NUMERALS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

VILLAGE_A = "东西南北大新石塘岭山沙林田龙黄白上下水双那合平长竹云金马车荔"
VILLAGE_B = "岗垌坑湾头尾坡口边寨圩围塘田村岭洞埠坪冲"
KG_BRANDS = ["阳光", "蓓蕾", "童心", "小太阳", "启智", "育才", "星星", "彩虹", "快乐", "爱心",
             "苗苗", "博雅", "晨曦", "小天使", "金色童年", "七彩", "思源", "好孩子", "明德", "春苗"]
PRIVATE_SCHOOL_BRANDS = ["育英", "启明", "博文", "英才", "华侨", "德才", "培英", "崇文", "励志", "致远"]
VOC_FIELDS = ["理工", "商贸", "农业", "旅游", "卫生", "机电", "交通", "工贸", "海洋", "艺术"]


def numeral(n):
    if n <= 10:
        return NUMERALS[n]
    if n < 20:
        return "十" + NUMERALS[n - 10]
    return NUMERALS[n // 10] + "十" + NUMERALS[n % 10]


def short(name):
    for suffix in ("街道", "镇"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


class Names:
    """Hands out unique generated names."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.villages = {}
        self.counters = {}

    def village(self, town):
        used = self.villages.setdefault(town, set())
        while True:
            v = self.rng.choice(VILLAGE_A) + self.rng.choice(VILLAGE_B)
            if v not in used:
                used.add(v)
                return v

    def counter(self, key):
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def unique(self, name):
        base, k = name, 2
        while name in self.used:
            name = f"{base}（{numeral(k)}部）"
            k += 1
        self.used.add(name)
        return name


def grade_weights(city, stage):
    lo, hi = STAGE_AGES[stage]
    if stage == "special":
        return [1.0] * 9
    return [city[a] for a in range(lo, hi + 1)]


def make_grades(rng, total, weights, size_lo, size_hi, migrant_share, disabled_rate,
                grades=None):
    """Grade records (grade, classes, students, migrant, disabled) for `total` students."""
    if grades is None:
        grades = list(range(1, len(weights) + 1))
    ws = [weights[g - 1] for g in grades]
    counts = largest_remainder(int(round(total)), ws)
    out = []
    for g, n in zip(grades, counts):
        if n <= 0:
            continue
        target = rng.uniform(size_lo[g - 1] if isinstance(size_lo, list) else size_lo,
                             size_hi[g - 1] if isinstance(size_hi, list) else size_hi)
        classes = max(1, int(n / target + 0.5))
        hi = size_hi[g - 1] if isinstance(size_hi, list) else size_hi
        while n / classes > hi + 1:  # rounding down must not push classes past the range
            classes += 1
        migrant = min(n, int(n * migrant_share + rng.u()))
        disabled = min(n, int(n * disabled_rate + rng.u()))
        out.append((g, classes, n, migrant, disabled))
    return out


def place(rng, ring, seat, radius_deg, margin_deg=0.0004):
    """A point strictly inside the convex town ring, near `seat` when radius is given."""
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    for attempt in range(4000):
        r = radius_deg * (1.0 + attempt / 400.0)
        x = rng.uniform(max(min(xs), seat[0] - r / LON_SCALE), min(max(xs), seat[0] + r / LON_SCALE))
        y = rng.uniform(max(min(ys), seat[1] - r), min(max(ys), seat[1] + r))
        p = (round(x, 6), round(y, 6))
        if inside_convex(ring, p, margin_deg):
            return p
    raise AssertionError("could not place a point inside the town")


class SchoolMaker:
    def __init__(self, rng, cells, city, children):
        self.rng = rng
        self.cells = cells
        self.city = city
        self.children = children
        self.names = Names(rng)
        self.schools = []
        self.seq = {}

    def new(self, town, name, ownership, kind, near=0.02):
        d = town[:6]
        self.seq[d] = self.seq.get(d, 0) + 1
        t = TOWN_BY_CODE[town]
        ring = self.cells[town][0]
        radius = near if town not in CENTRAL_STREETS else 0.008
        lon, lat = place(self.rng, ring, t[2], radius)
        s = {"id": f"21{d[2:]}{self.seq[d]:04d}", "name": self.names.unique(name),
             "ownership": ownership, "kind": kind, "town": town, "lon": lon, "lat": lat,
             "puhui": False, "prov_std": False, "standardised": False, "quality": False,
             "prov_key": False, "teaching_point": False, "stages": {}}
        self.schools.append(s)
        return s

    def migrant_share(self, town, stage, private):
        lo, hi = STAGE_AGES[stage]
        rows = self.children[town][lo:hi + 1]
        tot = sum(r[0] + r[1] for r in rows)
        share = sum(r[1] for r in rows) / tot if tot else 0.0
        return min(0.85, share * (3.2 if private else 0.6))

    def stage(self, s, stage, total, size_lo, size_hi, grades=None):
        private = s["ownership"] == "民办"
        disabled = 0.002 if stage in ("primary", "junior") else 0.0
        if stage == "special":
            share, disabled = 0.05, 1.0
        else:
            share = self.migrant_share(s["town"], stage, private)
        s["stages"][stage] = make_grades(self.rng, total, grade_weights(self.city, stage),
                                         size_lo, size_hi, share, disabled, grades)


def town_stage_children(children, town, stage):
    lo, hi = STAGE_AGES[stage]
    return sum(r[0] + r[1] for r in children[town][lo:hi + 1])


def normalised_flows(children, stage, flows, share):
    """Enrolment per town = children of the stage's ages × flow, scaled so the city total is
    `share` × the city's children of those ages."""
    raw = {t[0]: town_stage_children(children, t[0], stage) * flows[town_kind(t[0])]
           for t in TOWNS}
    target = share * sum(town_stage_children(children, t[0], stage) for t in TOWNS)
    k = target / sum(raw.values())
    return {code: v * k for code, v in raw.items()}


def split(rng, total, n, lo=0.7, hi=1.3):
    w = [rng.uniform(lo, hi) for _ in range(n)]
    s = sum(w)
    return [total * x / s for x in w]


def build_schools(rng, cells, city, children):
    m = SchoolMaker(rng, cells, city, children)
    names = m.names
    dist_name = dict(DISTRICTS)

    # ---- kindergartens: about 175 children each; 公办 / 民办普惠 / 民办非普惠
    kg_rate = {"central": 1.05, "seat": 1.02, "urban": 0.97, "rural": 0.95, "mountain": 0.88}
    for t in TOWNS:
        code, tname, kind = t[0], t[1], town_kind(t[0])
        total = town_stage_children(children, code, "kindergarten") * kg_rate[kind]
        n = max(1, int(total / 175 + 0.5))
        if kind in ("central", "urban", "seat"):
            shares = (0.25, 0.42)  # public, then 普惠 private; the rest is non-普惠 private
        else:
            shares = (0.40, 0.45)
        n_pub = max(1, int(n * shares[0] + 0.5))
        n_ph = int(n * shares[1] + 0.5)
        sizes = split(rng, total, n, 0.5, 1.5)
        sizes.sort(reverse=True)
        kinds = ["public"] * n_pub + ["puhui"] * min(n_ph, n - n_pub)
        kinds += ["private"] * (n - len(kinds))
        kinds = [kinds[0]] + rng.shuffled(kinds[1:])
        crowded = kind in ("central", "seat")
        for i, (sz, k) in enumerate(zip(sizes, kinds)):
            if k == "public":
                nm = f"{tname}中心幼儿园" if i == 0 else f"{short(tname)}{names.village(code)}幼儿园"
                s = m.new(code, nm, "公办", "幼儿园", 0.01 if i == 0 else 0.04)
                s["prov_std"] = rng.chance(0.7)
            else:
                brand = rng.choice(KG_BRANDS)
                s = m.new(code, f"{short(tname)}{brand}幼儿园", "民办", "幼儿园", 0.04)
                s["puhui"] = k == "puhui"
                s["prov_std"] = rng.chance(0.35 if k == "puhui" else 0.2)
            lo = [25, 29, 33] if crowded else [21, 25, 29]
            hi = [31, 36, 40] if crowded else [27, 31, 35]
            m.stage(s, "kindergarten", max(30.0, sz), lo, hi)

    # ---- primary and junior enrolment per town
    pflow = {"central": 1.22, "seat": 1.12, "urban": 1.0, "rural": 0.97, "mountain": 0.78}
    jflow = {"central": 1.18, "seat": 1.15, "urban": 1.0, "rural": 0.97, "mountain": 0.80}
    prim = normalised_flows(children, "primary", pflow, 0.993)
    jun = normalised_flows(children, "junior", jflow, 0.99)

    # 完全中学 (junior + senior) and where they are; their junior part takes a share of the town.
    complete = {"441702006": "江城区", "441704100": "阳东区", "441721100": "阳西县",
                "441781001": "阳春市", "441781002": "阳春市", "441781105": "阳春市"}
    complete_schools = {}
    for code in sorted(complete):
        n = names.counter(("senior", code[:6]))
        s = m.new(code, f"{dist_name[code[:6]]}第{numeral(n)}中学", "公办", "完全中学", 0.02)
        s["standardised"] = True
        complete_schools[code] = s
        share = 0.35 if code in COUNTY_SEATS else 0.4
        lo, hi = (50, 57) if town_kind(code) in ("seat", "central") else (44, 50)
        m.stage(s, "junior", jun[code] * share, lo, hi)
        jun[code] *= 1 - share

    for t in TOWNS:
        code, tname, kind = t[0], t[1], town_kind(t[0])
        d = code[:6]
        P, J = prim[code], jun[code]
        if kind == "central":
            # one private 九年一贯制 school with many migrant pupils; the rest big public schools
            brand = rng.choice(PRIVATE_SCHOOL_BRANDS)
            s = m.new(code, f"{short(tname)}{brand}学校", "民办", "九年一贯制学校")
            s["standardised"] = rng.chance(0.6)
            pp, jj = P * 0.22, J * 0.18
            m.stage(s, "primary", pp, 50, 58)
            m.stage(s, "junior", jj, 50, 58)
            P, J = P - pp, J - jj
            n = max(1, int(P / 2400 + 0.5))
            for size in split(rng, P, n):
                k = names.counter(("primary", d))
                s = m.new(code, f"{dist_name[d]}第{numeral(k)}小学", "公办", "小学")
                s["standardised"] = rng.chance(0.6)
                m.stage(s, "primary", size, 57, 66)  # 大班额: 56-70 pupils per class
            n = max(1, int(J / 2300 + 0.5))
            for size in split(rng, J, n):
                k = names.counter(("junior", d))
                s = m.new(code, f"{dist_name[d]}第{numeral(k)}初级中学", "公办", "初级中学")
                s["standardised"] = rng.chance(0.6)
                m.stage(s, "junior", size, 57, 66)
        elif kind in ("urban", "seat"):
            big = kind == "seat"
            # one private 九年一贯制 school per urban town, taking many migrant pupils
            brand = rng.choice(PRIVATE_SCHOOL_BRANDS)
            s = m.new(code, f"{short(tname)}{brand}学校", "民办", "九年一贯制学校")
            s["standardised"] = rng.chance(0.6)
            pp, jj = P * 0.16, J * 0.12
            m.stage(s, "primary", pp, 46, 54)
            m.stage(s, "junior", jj, 48, 56)
            P, J = P - pp, J - jj
            n = max(1, int(P / (1900 if big else 1600) + 0.5))
            for i, size in enumerate(split(rng, P, n)):
                k = names.counter(("primary", d))
                s = m.new(code, f"{dist_name[d]}第{numeral(k)}小学", "公办", "小学", 0.02)
                s["standardised"] = rng.chance(0.9)
                m.stage(s, "primary", size, 46 if big else 42, 55 if big else 49)
            n = max(1, int(J / (2000 if big else 1700) + 0.5))
            for size in split(rng, J, n):
                k = names.counter(("junior", d))
                s = m.new(code, f"{dist_name[d]}第{numeral(k)}初级中学", "公办", "初级中学", 0.02)
                s["standardised"] = rng.chance(0.9)
                m.stage(s, "junior", size, 48 if big else 45, 57 if big else 52)
        else:
            mountain = kind == "mountain"
            centre_p = P * 0.30
            points = P * 0.05
            village = P - centre_p - points
            # 中心小学 (in mountain towns: a 九年一贯制 school with the town's junior pupils)
            if mountain:
                s = m.new(code, f"{tname}中心学校", "公办", "九年一贯制学校", 0.01)
                s["standardised"] = True
                m.stage(s, "primary", centre_p, 20, 27)
                jj = J * 0.45
                m.stage(s, "junior", jj, 20, 27)
                J -= jj
            else:
                s = m.new(code, f"{tname}中心小学", "公办", "小学", 0.01)
                s["standardised"] = True
                m.stage(s, "primary", centre_p, 40, 48)
            n = max(1, int(village / 470 + 0.5))
            for size in split(rng, village, n, 0.6, 1.4):
                s = m.new(code, f"{tname}{names.village(code)}小学", "公办", "小学", 0.06)
                s["standardised"] = rng.chance(0.85)
                if mountain:
                    m.stage(s, "primary", size, 15, 24)
                else:
                    m.stage(s, "primary", size, 30, 42)
            n = max(1, int(points / 75 + 0.5))
            for size in split(rng, points, n, 0.6, 1.4):
                s = m.new(code, f"{tname}{names.village(code)}教学点", "公办", "教学点", 0.07)
                s["teaching_point"] = True
                grades = [1, 2, 3, 4] if size < 70 else [1, 2, 3, 4, 5, 6]
                m.stage(s, "primary", size, 6, 14, grades)
            n = max(1, int(J / 1350 + 0.5))
            for i, size in enumerate(split(rng, J, n)):
                nm = f"{tname}中学" if i == 0 else f"{tname}第{numeral(i + 1)}中学"
                s = m.new(code, nm, "公办", "初级中学", 0.02)
                s["standardised"] = rng.chance(0.9)
                if mountain:
                    m.stage(s, "junior", size, 18, 26)
                else:
                    m.stage(s, "junior", size, 42, 50)

    # ---- 高中阶段: 普通高中 (25 schools incl. the 完全中学) and 中职 (10 schools)
    c1517 = sum(town_stage_children(children, t[0], "senior") for t in TOWNS)
    senior_total = 0.595 * c1517  # 普:职 ≈ 65:35, 高中阶段 gross ≈ 92 % (below the 95 % target)
    voc_total = 0.32 * c1517
    senior_sites = {
        "441702": ["441702001", "441702003", "441702011", "441702009", "441702008", "441702103",
                   "441702106"],
        "441704": ["441704100", "441704100", "441704107", "441704105"],
        "441721": ["441721100", "441721100", "441721106"],
        "441781": ["441781001", "441781002", "441781106", "441781113", "441781111"],
    }
    inflow = {"441702": 1.2, "441704": 0.9, "441721": 0.9, "441781": 1.0}
    d15 = {d: sum(town_stage_children(children, t[0], "senior") for t in TOWNS if t[0][:6] == d)
           for d, _ in DISTRICTS}
    w = {d: d15[d] * inflow[d] for d in d15}
    ws = sum(w.values())
    for d, _ in DISTRICTS:
        dt = senior_total * w[d] / ws
        sites = [("complete", c) for c in sorted(complete) if c[:6] == d]
        sites += [("senior", c) for c in senior_sites[d]]
        sizes = split(rng, dt, len(sites), 0.6, 1.4)
        sizes.sort(reverse=True)
        for rank, ((kind_s, code), size) in enumerate(zip(sites, sizes)):
            if kind_s == "complete":
                s = complete_schools[code]
            else:
                n = names.counter(("senior", d))
                s = m.new(code, f"{dist_name[d]}第{numeral(n)}高级中学", "公办", "高级中学", 0.03)
            s["quality"] = rank < max(2, len(sites) // 2)
            urban = town_kind(code) in ("central", "seat", "urban")
            m.stage(s, "senior", size, 50 if urban else 46, 58 if urban else 52)
    voc_sites = ["441702001", "441702003", "441702011", "441702103", "441704100", "441704100",
                 "441721100", "441781001", "441781002", "441781001"]
    fields = rng.shuffled(VOC_FIELDS)
    for i, (code, size) in enumerate(zip(voc_sites, split(rng, voc_total, len(voc_sites)))):
        d = code[:6]
        owner = "民办" if i in (2, 9) else "公办"
        s = m.new(code, f"{dist_name[d]}{fields[i]}职业技术学校", owner, "中等职业学校", 0.03)
        s["prov_key"] = i in (0, 1, 4, 7, 8)
        m.stage(s, "vocational", size, 40, 50)
    for code in ("441702003", "441704100", "441721100", "441781001"):
        d = code[:6]
        s = m.new(code, f"{dist_name[d]}特殊教育学校", "公办", "特殊教育学校", 0.03)
        m.stage(s, "special", rng.uniform(110, 220), 8, 12)
    return m.schools


def finish_school(rng, s):
    """Land, floor area and teachers from the school's classes and kind (all synthesised)."""
    kind = town_kind(s["town"])
    seats = 0
    students = 0
    teachers = 0.0
    college = bachelor = postgrad = dual = 0.0
    for stage, grades in s["stages"].items():
        cls = sum(g[1] for g in grades)
        n = sum(g[2] for g in grades)
        std = STD_CLASS[stage]
        seats += sum(g[1] * std[min(g[0], len(std)) - 1] for g in grades)
        students += n
        if stage == "kindergarten":
            tch = cls * rng.uniform(1.7, 2.2)
            c = {"公办": (0.8, 0.95)}.get(s["ownership"], (0.6, 0.8) if s["puhui"] else (0.45, 0.7))
            college += tch * rng.uniform(*c)
            bachelor += tch * rng.uniform(0.15, 0.35)
        elif stage == "special":
            tch = n / rng.uniform(3.0, 4.0)
            college += tch
            bachelor += tch * rng.uniform(0.6, 0.8)
        else:
            ratio = {"primary": {"central": (21, 24), "seat": (18, 21), "urban": (17, 20),
                                 "rural": (15, 18), "mountain": (9, 12)},
                     "junior": {"central": (14, 16), "seat": (13, 15), "urban": (12.5, 14),
                                "rural": (11, 13), "mountain": (8, 10)},
                     "senior": {k: (12, 14) for k in ("central", "seat", "urban", "rural",
                                                       "mountain")},
                     "vocational": {k: (18, 24) for k in ("central", "seat", "urban", "rural",
                                                           "mountain")}}[stage][kind]
            tch = max(cls * 1.1, n / rng.uniform(*ratio))
            if s["teaching_point"]:
                tch = max(1.0, cls * 0.8)
            bsh = {"primary": (0.2, 0.4) if kind in ("rural", "mountain") else (0.45, 0.7),
                   "junior": (0.68, 0.9), "senior": (0.97, 1.0), "vocational": (0.85, 0.95)}[stage]
            psh = {"primary": (0.0, 0.01), "junior": (0.0, 0.04), "senior": (0.05, 0.14),
                   "vocational": (0.02, 0.08)}[stage]
            college += tch * rng.uniform(0.93, 1.0)
            bachelor += tch * rng.uniform(*bsh)
            postgrad += tch * rng.uniform(*psh)
            if stage == "vocational":
                dual += tch * rng.uniform(0.35, 0.65)
        teachers += tch
    t = max(1, int(teachers + 0.5))
    s["teachers"] = t
    s["college"] = min(t, int(college + 0.5))
    s["bachelor"] = min(s["college"], int(bachelor + 0.5))
    s["postgrad"] = min(s["bachelor"], int(postgrad + 0.5))
    s["dual"] = min(t, int(dual + 0.5))
    stages = set(s["stages"])
    if stages == {"kindergarten"}:
        land = seats * (rng.uniform(5, 8) if kind == "central" else rng.uniform(9, 16))
        floor = seats * rng.uniform(6, 10)
    elif kind == "central" and stages & {"primary", "junior"}:
        land = seats * rng.uniform(5, 8)  # far below the 9.4 / 10.1 m² central-city norms
        floor = seats * rng.uniform(4, 6)
    elif stages & {"senior", "vocational"}:
        land = seats * rng.uniform(20, 32)
        floor = seats * rng.uniform(6.5, 9)
    elif stages == {"special"}:
        land = max(students, seats) * rng.uniform(50, 80)
        floor = max(students, seats) * rng.uniform(25, 35)
    else:
        land = seats * (rng.uniform(12, 20) if kind in ("urban", "seat") else rng.uniform(18, 30))
        floor = seats * rng.uniform(5, 7.5)
    s["land"] = int(round(land / 10.0)) * 10
    s["floor"] = int(round(floor / 10.0)) * 10


# --------------------------------------------------------------------------------------------
# New housing estates (synthesised, fictional names)
# --------------------------------------------------------------------------------------------
ESTATE_A = ["漠江", "鸿景", "翠湖", "金沙", "南湾", "星河", "海悦", "锦绣", "春江", "枫林", "御景",
            "碧海", "东湖", "嘉禾", "和风", "银滩", "月湾", "江畔", "榕城", "紫荆", "蓝湾", "云山",
            "丽日", "明珠", "水岸", "尚城", "润泽", "观澜", "雅乐", "盛世"]
ESTATE_B = ["花园", "华府", "名苑", "雅苑", "新城", "豪庭", "家园", "湾畔", "公馆", "美居"]
HOUSING_TOWNS = [("441702011", 5), ("441702009", 4), ("441702003", 3), ("441702008", 3),
                 ("441702103", 3), ("441702102", 2), ("441702006", 2), ("441702106", 1),
                 ("441702105", 2), ("441704100", 6), ("441704104", 1), ("441721100", 3),
                 ("441781001", 3), ("441781002", 2)]
PERSONS_PER_DWELLING = 3.2  # Guangdong rule [V]
KG_SEATS_PER_1000 = 40      # [V]
KG_MIN_PEOPLE = 4500
KG_MIN_CLASSES = 6
KG_CLASS_SEATS = 30         # mixed-age class size used to size a 配套幼儿园 [V] §2


def needed_kg_classes(dwellings):
    people = dwellings * PERSONS_PER_DWELLING
    if people < KG_MIN_PEOPLE:
        return 0
    seats = people * KG_SEATS_PER_1000 / 1000.0
    return max(KG_MIN_CLASSES, -(-int(seats) // KG_CLASS_SEATS))


def build_housing(rng, cells):
    total_w = sum(w for _, w in HOUSING_TOWNS)
    names = set()
    projects = []
    for i in range(40):
        r = rng.u() * total_w
        for code, w in HOUSING_TOWNS:
            r -= w
            if r < 0:
                break
        while True:
            name = rng.choice(ESTATE_A) + rng.choice(ESTATE_B)
            if name not in names:
                names.add(name)
                break
        dwellings = int(500 + 5500 * rng.u() ** 1.4) // 10 * 10
        year = 2017 + int(rng.u() * 14)
        t = TOWN_BY_CODE[code]
        radius = 0.01 if code in CENTRAL_STREETS else 0.03
        lon, lat = place(rng, cells[code][0], t[2], radius)
        projects.append({"id": f"XQ{BASE_YEAR % 100:02d}{i + 1:03d}", "name": name, "town": code,
                         "dwellings": dwellings, "year": year, "lon": lon, "lat": lat})
    # 配套幼儿园: most follow the rule; the rest show the four ways it goes wrong.
    need = [p for p in projects if needed_kg_classes(p["dwellings"]) > 0]
    status = (["missing"] * 4 + ["small"] * 4 + ["late"] * 4 + ["private"] * 2)
    status += ["ok"] * (len(need) - len(status))
    for p, st in zip(need, rng.shuffled(status)):
        n = needed_kg_classes(p["dwellings"])
        p["status"] = st
        if st == "missing":
            p["kg"] = (0, None, False)
        elif st == "small":
            p["kg"] = (max(3, min(n - 2, KG_MIN_CLASSES - 1 if n <= 8 else n - 3)), p["year"], True)
        elif st == "late":
            p["kg"] = (n, p["year"] + rng.integer(1, 3), True)
        elif st == "private":
            p["kg"] = (n, p["year"], False)
        else:
            p["kg"] = (n + (1 if rng.chance(0.3) else 0), p["year"], True)
    for p in projects:
        if "kg" not in p:
            p["status"] = "none-needed"
            p["kg"] = (0, None, False)
    return projects


# --------------------------------------------------------------------------------------------
# Settlement (synthesised): residential units — communities, villages, estates — with their
# residents and children, so that demand lies where people live (README.md, "Settlement").
# --------------------------------------------------------------------------------------------
# Its own random stream, drawn after everything above: no other file changes with it.
SETTLE_SEED = 20200441702

# [A] A schematic relief. Massifs (lon, lat, height m, radius deg) where the data's mountain towns
# and the hill country between the districts are; not surveyed heights. Bumps are rational
# functions h / (1 + (d/r)^2)^2 (no libm call: the output must not depend on the platform).
MASSIFS = [
    (111.56, 22.40, 900.0, 0.09),  # north-west of 阳春 (河朗, 永宁)
    (111.70, 22.50, 800.0, 0.07),  # 双滘
    (111.80, 22.47, 700.0, 0.06),  # 圭岗
    (111.65, 22.29, 650.0, 0.06),  # 松柏
    (111.48, 22.19, 700.0, 0.07),  # 三甲
    (111.47, 22.03, 850.0, 0.07),  # 八甲
    (111.53, 21.88, 950.0, 0.08),  # between 塘口 and 新圩
    (111.86, 22.29, 400.0, 0.05),  # 陂面 hills
    (112.12, 22.02, 450.0, 0.07),  # north of 阳东 (合山, 大八)
    (111.88, 21.97, 350.0, 0.05),  # 双捷 hills
    (112.25, 21.93, 300.0, 0.06),  # 塘坪 hills
    (111.84, 21.60, 250.0, 0.02),  # the hill of 海陵岛
]
# [A] The 漠阳江 valley, schematic: from 春湾 past 春城 and 岗美 to the city and the sea.
RIVER = [(111.97, 22.33), (111.93, 22.24), (111.80, 22.175), (111.86, 22.09), (111.95, 22.035),
         (111.975, 21.93), (111.985, 21.84), (111.99, 21.75)]
# The sea coast: the southern edges of the schematic district outlines, and 海陵岛's shore.
COAST = [[(111.43, 21.72), (111.47, 21.585), (111.57, 21.52), (111.70, 21.58), P5,
          (111.90, 21.68), P6, (112.15, 21.70), (112.42, 21.77)],
         OUTLINES["441702"][1] + [OUTLINES["441702"][1][0]]]

COMMUNITY_WORDS = ["东风", "新华", "建设", "和平", "文明", "光明", "团结", "幸福", "朝阳", "安宁",
                   "金山", "银湖", "南山", "江滨", "河堤", "桥东", "桥西", "青年", "永安", "新城",
                   "东门", "西门", "南门", "北门", "石湾", "渔港", "沙岗", "龙塘", "平安", "康乐",
                   "红岭", "翠微", "榕树", "荔园", "竹园", "凤凰", "望海", "锦江", "漠江", "春晖"]

PERSONS_PER_COMMUNITY = {"central": 4000, "seat": 4000, "urban": 4000, "rural": 4000,
                         "mountain": 3000}
PERSONS_PER_VILLAGE = {"central": 3000, "seat": 3000, "urban": 3000, "rural": 2600,
                       "mountain": 1600}
# [A] Share of a town's residents in its seat's communities (the rest lives in villages).
SEAT_SHARE = {"central": 1.0, "seat": 0.85, "urban": 0.75, "rural": 0.32, "mountain": 0.25}
# [A] Shares of a town's communities drawn around one of its primary schools and around one of its
# kindergartens, and how far from it (deg, ≈ 500 m).
COMMUNITY_NEAR_PRIMARY = 0.6
COMMUNITY_NEAR_KINDERGARTEN = 0.25
COMMUNITY_SCHOOL_RADIUS = 0.0045
# [A] Radius (deg) around the seat within which the communities lie; central streets: the street.
SEAT_RADIUS = {"seat": 0.030, "urban": 0.022, "rural": 0.012, "mountain": 0.010}


def km(a, b):
    """Distance in km between two lon/lat points (constant lon scale)."""
    dx = (a[0] - b[0]) * LON_SCALE
    dy = a[1] - b[1]
    return (dx * dx + dy * dy) ** 0.5 * KM_PER_DEG


def dist_to_polyline_deg(p, line):
    best = None
    for a, b in zip(line, line[1:]):
        ax, ay, bx, by = a[0] * LON_SCALE, a[1], b[0] * LON_SCALE, b[1]
        px, py = p[0] * LON_SCALE, p[1]
        ex, ey = bx - ax, by - ay
        t = ((px - ax) * ex + (py - ay) * ey) / (ex * ex + ey * ey)
        t = min(1.0, max(0.0, t))
        dx, dy = px - (ax + t * ex), py - (ay + t * ey)
        d = (dx * dx + dy * dy) ** 0.5
        best = d if best is None or d < best else best
    return best


def height(p):
    """Schematic height in metres [A]."""
    h = 0.0
    for lon, lat, top, r in MASSIFS:
        dx = (p[0] - lon) * LON_SCALE
        dy = p[1] - lat
        q = (dx * dx + dy * dy) / (r * r)
        h += top / ((1.0 + q) * (1.0 + q))
    return h


def suitability(p):
    """How likely people settle at p, 0..1 [A]: low ground, near the river or the sea."""
    flat = 1.0 / (1.0 + (height(p) / 120.0) ** 2)
    river = dist_to_polyline_deg(p, RIVER)
    coast = min(dist_to_polyline_deg(p, c) for c in COAST)
    valley = 1.0 / (1.0 + (river / 0.03) ** 2)
    shore = 1.0 / (1.0 + (coast / 0.03) ** 2)
    return min(1.0, flat * (0.45 + 0.35 * valley + 0.35 * shore))


def settle_point(rng, ring, centre, radius_deg, weighted, tries=400):
    """A point inside the town ring within radius of centre (anywhere when radius is None),
    accepted with probability suitability(p) when `weighted`: people live on the plains, in the
    valleys and on the coast rather than on hilltops."""
    xs = [q[0] for q in ring]
    ys = [q[1] for q in ring]
    for attempt in range(tries):
        if radius_deg is None:
            x = rng.uniform(min(xs), max(xs))
            y = rng.uniform(min(ys), max(ys))
        else:
            r = radius_deg * (1.0 + attempt / 100.0)
            x = rng.uniform(centre[0] - r / LON_SCALE, centre[0] + r / LON_SCALE)
            y = rng.uniform(centre[1] - r, centre[1] + r)
        pt = (round(x, 6), round(y, 6))
        if not inside_convex(ring, pt, 0.0005):
            continue
        if weighted and rng.u() > suitability(pt):
            continue
        return pt
    return place(rng, ring, centre, radius_deg if radius_deg is not None else 0.02)


def village_of_school(s, tname):
    """The village a village school or teaching point is named after (南坑 of 河朗镇南坑小学)."""
    name = s["name"]
    for suffix in ("小学", "教学点"):
        if name.startswith(tname) and name.endswith(suffix):
            return name[len(tname):-len(suffix)]
    return None


def build_settlement(cells, residents, children, schools, housing):
    """Residential units per town: list of dicts with id, name, kind (社区/村/小区), town, lon,
    lat, residents and children [[户籍, 随迁] per age 0..MAX_AGE]. The units of a town hold its
    residents and its children of every age and category exactly (largest remainder)."""
    rng = Rng(SETTLE_SEED)
    units = []
    for t in TOWNS:
        code, tname, seat = t[0], t[1], t[2]
        kind = town_kind(code)
        ring = cells[code][0]
        town_units = []
        # Estates completed by the base year, at their projects, with their movers so far.
        estate_people = 0.0
        for p in housing:
            if p["town"] != code or p["year"] > BASE_YEAR:
                continue
            k = min(BASE_YEAR - p["year"], len(MOVE_IN_RAMP) - 1)
            people = p["dwellings"] * PERSONS_PER_DWELLING * MOVE_IN_RAMP[k]
            estate_people += people
            town_units.append({"name": p["name"], "kind": "小区", "pt": (p["lon"], p["lat"]),
                               "w": people, "fixed": True})
        rest = residents[code] - estate_people
        share = SEAT_SHARE[kind]
        # Communities: most of them around the town's schools (the schools of this synthetic city
        # were placed first, and schools are built where people live), the rest anywhere in the
        # street (central streets) or around the seat.
        n_comm = max(1, int(rest * share / PERSONS_PER_COMMUNITY[kind] + 0.5))
        words = rng.shuffled(COMMUNITY_WORDS)
        primaries = [(x["lon"], x["lat"]) for x in schools
                     if x["town"] == code and "primary" in x["stages"]]
        kindergartens = [(x["lon"], x["lat"]) for x in schools
                         if x["town"] == code and set(x["stages"]) == {"kindergarten"}]
        for i in range(n_comm):
            draw = rng.u()
            if primaries and draw < COMMUNITY_NEAR_PRIMARY:
                pt = settle_point(rng, ring, rng.choice(primaries), COMMUNITY_SCHOOL_RADIUS, False)
            elif kindergartens and draw < COMMUNITY_NEAR_PRIMARY + COMMUNITY_NEAR_KINDERGARTEN:
                pt = settle_point(rng, ring, rng.choice(kindergartens), COMMUNITY_SCHOOL_RADIUS,
                                  False)
            elif kind == "central":
                pt = settle_point(rng, ring, seat, None, False)
            else:
                pt = settle_point(rng, ring, seat, SEAT_RADIUS[kind], False)
            word = words[i % len(words)] + (numeral(i // len(words) + 1) if i >= len(words) else "")
            town_units.append({"name": f"{word}社区", "kind": "社区", "pt": pt,
                               "w": rest * share / n_comm * rng.uniform(0.7, 1.3)})
        # Villages: one at every village school and teaching point, the rest on the land people
        # settle (suitability).
        if share < 1.0:
            n_vil = max(1, int(rest * (1.0 - share) / PERSONS_PER_VILLAGE[kind] + 0.5))
            seen = set()
            for s in schools:
                if s["town"] != code or len(seen) >= n_vil:
                    continue
                v = village_of_school(s, tname)
                if v is None or v in seen:
                    continue
                seen.add(v)
                pt = settle_point(rng, ring, (s["lon"], s["lat"]), 0.002, False)
                town_units.append({"name": f"{v}村", "kind": "村", "pt": pt, "w": None})
            used = set(seen)
            while len(seen) < n_vil:
                v = rng.choice(VILLAGE_A) + rng.choice(VILLAGE_B)
                if v in used:
                    continue
                used.add(v)
                seen.add(v)
                pt = settle_point(rng, ring, seat, None, True)
                town_units.append({"name": f"{v}村", "kind": "村", "pt": pt, "w": None})
            vil = [u for u in town_units if u["kind"] == "村"]
            vil_total = rest * (1.0 - share)
            ws = [rng.uniform(0.5, 1.5) * (0.4 + 0.6 * suitability(u["pt"])) for u in vil]
            for u, w in zip(vil, ws):
                u["w"] = vil_total * w / sum(ws)
        # Residents: exact integers per town; children per age and category likewise, weighted by
        # residents with a kind factor (estates young and registered, urban communities with the
        # migrants, villages a little older).
        people = largest_remainder(residents[code], [u["w"] for u in town_units])
        for u, n in zip(town_units, people):
            u["residents"] = n
        age_factor = {"小区": (1.4, 1.2, 0.9), "社区": (1.0, 1.0, 1.0), "村": (0.95, 1.05, 1.1)}
        cat_factor = {"小区": (1.2, 0.6), "社区": (1.0, 1.3), "村": (1.0, 0.5)}
        for u in town_units:
            u["children"] = [[0, 0] for _ in range(MAX_AGE + 1)]
        for a in range(MAX_AGE + 1):
            band = 0 if a <= 5 else (1 if a <= 11 else 2)
            for c in (0, 1):
                ws = [u["residents"] * age_factor[u["kind"]][band] * cat_factor[u["kind"]][c]
                      for u in town_units]
                counts = largest_remainder(children[code][a][c], ws)
                for u, n in zip(town_units, counts):
                    u["children"][a][c] = n
        for i, u in enumerate(town_units):
            u["id"] = f"U{code}{i + 1:03d}"
            u["town"] = code
            u["lon"], u["lat"] = u["pt"]
            units.append(u)
    return units


DEMAND_UNIT_FIELDS = [("id", "单元编号"), ("name", "单元名称"), ("kind", "类型"), ("town", "乡镇代码"),
                      ("population", "常住人口")]


def demand_units_csv(units):
    rows = [[u["id"], u["name"], u["kind"], u["town"], str(u["residents"]), f"{u['lon']:.6f}",
             f"{u['lat']:.6f}"] for u in units]
    return csv_text(["单元编号", "单元名称", "类型", "乡镇代码", "常住人口", "经度", "纬度"], rows)


def unit_population_csv(units):
    rows = []
    for u in units:
        for a in range(MAX_AGE + 1):
            for c, label in ((0, "户籍"), (1, "随迁")):
                if u["children"][a][c] > 0:
                    rows.append([u["id"], str(a), label, str(u["children"][a][c])])
    return csv_text(["单元编号", "年龄", "户籍类别", "人数"], rows)


# --------------------------------------------------------------------------------------------
# The earlier snapshot (base year 2016), for back-testing the projection (README.md)
# --------------------------------------------------------------------------------------------
EARLIER_YEAR = 2016
EARLIER_SEED = 20160441700
# [A] births before the series (1997-1999) for the 2016 residents aged 17-18: as in 2000.
PRE_SERIES_BIRTHS = 37000.0
# [A] Estates completed after this year were not yet known in 2016 (sold/approved later).
EARLIER_HOUSING_KNOWN_TO = 2022
# [A] Movers into new housing, as docs/projection.md's defaults: cumulative occupancy in the
# completion year + 0..3, and the share of movers at each age 0-18; all counted as 户籍.
MOVE_IN_RAMP = [0.30, 0.60, 0.85, 0.95]


def mover_age_share(age):
    return 0.015 if age <= 5 else 0.014 if age <= 11 else 0.012 if age <= 14 else 0.010


# [A] Net migration 2016 -> 2020 of the children a town had in 2016 (2020 residents excluding
# new-housing movers ÷ survivors), per town kind, (户籍, 随迁): migrant families keep arriving in
# the towns with work, rural and mountain families leave.
MOVE_FACTOR = {"central": (0.99, 1.06), "seat": (1.0, 1.05), "urban": (1.0, 1.05),
               "rural": (0.99, 0.92), "mountain": (0.96, 0.90)}
HIGH_TECH_TOWNS = ("441702102", "441702103")
HIGH_TECH_MIGRANT_FACTOR = 1.08


def move_factors(rng):
    out = {}
    for t in TOWNS:
        reg, mig = MOVE_FACTOR[town_kind(t[0])]
        if t[0] in HIGH_TECH_TOWNS:
            mig = HIGH_TECH_MIGRANT_FACTOR
        out[t[0]] = (reg * rng.uniform(0.99, 1.01), mig * rng.uniform(0.99, 1.01))
    return out


def housing_movers(housing, first_year, last_year):
    """Children of each town in last_year who moved into estates completed in
    first_year + 1 .. last_year, by their age in last_year (survival as in city_children)."""
    out = {t[0]: [0.0] * (MAX_AGE + 1) for t in TOWNS}
    for p in housing:
        if not first_year < p["year"] <= last_year:
            continue
        for y in range(p["year"], last_year + 1):
            k = y - p["year"]
            if k >= len(MOVE_IN_RAMP):
                break
            persons = p["dwellings"] * PERSONS_PER_DWELLING * (
                MOVE_IN_RAMP[k] - (MOVE_IN_RAMP[k - 1] if k else 0.0))
            for a in range(MAX_AGE + 1):
                later = a + last_year - y
                if later <= MAX_AGE:
                    out[p["town"]][later] += (persons * mover_age_share(a) * survival(later)
                                              / survival(a))
    return out


def build_earlier(births, residents, children, migrant_share, schools, housing):
    """The 2016 snapshot derived from the 2020 one. Returns a dict with "children" (per town
    and age, [户籍, 随迁]), "schools" (copies with 2016 grade records), "housing", "opened"
    (schools opened after 2016) and "movers" (persons in 2020 who came with new housing)."""
    rng = Rng(EARLIER_SEED)
    gap = BASE_YEAR - EARLIER_YEAR
    factors = move_factors(rng)
    movers = housing_movers(housing, EARLIER_YEAR, BASE_YEAR)

    # Ages 0..MAX_AGE-gap: the people aged a+gap in 2020, less new-housing movers (户籍), divided
    # by survival and net migration.
    kids = {t[0]: [] for t in TOWNS}
    for t in TOWNS:
        code = t[0]
        for a in range(MAX_AGE + 1 - gap):
            s = survival(a + gap) / survival(a)
            reg20, mig20 = children[code][a + gap]
            reg = (reg20 - movers[code][a + gap]) / (s * factors[code][0])
            mig = mig20 / (s * factors[code][1])
            assert reg >= 0.0, (code, a)
            kids[code].append([round(reg), round(mig)])
    # Older ages (beyond the 2020 table): as build_population does for 2020, from the births
    # series of EARLIER_YEAR.
    def b(y):
        return births[y][0] if y in births else PRE_SERIES_BIRTHS
    for a in range(MAX_AGE + 1 - gap, MAX_AGE + 1):
        total = (0.5 * b(EARLIER_YEAR - 1 - a) + 0.5 * b(EARLIER_YEAR - a)) * survival(a) \
            * NET_MIGRATION
        w = {t[0]: residents[t[0]] * CHILD_FACTOR[town_kind(t[0])] * rng.uniform(0.96, 1.04)
             for t in TOWNS}
        ws = sum(w.values())
        age_factor = 1.1 if a <= 11 else (0.9 if a <= 14 else 0.6)
        for t in TOWNS:
            n = total * w[t[0]] / ws
            m = n * min(0.9, migrant_share[t[0]] * age_factor)
            kids[t[0]].append([round(n - m), round(m)])

    # Kindergartens opened 2017-2020: some private ones in the towns where estates were completed.
    growth = {p["town"] for p in housing if EARLIER_YEAR < p["year"] <= BASE_YEAR}
    opened = {s["id"] for s in schools
              if s["kind"] == "幼儿园" and s["ownership"] == "民办" and s["town"] in growth
              and rng.chance(0.2)}

    # Enrolment: each recruitment area (town; district for senior and vocational; city for
    # special) keeps its 2020 ratio of pupils to children of the stage's ages, and each school
    # its 2020 share of the area's pupils; grades split by the city's 2016 age structure and
    # classes of the school's 2020 mean size (the central streets stay crowded).
    def area(stage, code):
        return code if stage in ("kindergarten", "primary", "junior") else (
            code[:6] if stage in ("senior", "vocational") else CITY_CODE)

    def kids_of(table, stage, a_code):
        lo, hi = STAGE_AGES[stage]
        return sum(sum(table[t[0]][x]) for t in TOWNS if area(stage, t[0]) == a_code
                   for x in range(lo, hi + 1))

    city16 = [sum(sum(kids[t[0]][a]) for t in TOWNS) for a in range(MAX_AGE + 1)]
    new_stages = {s["id"]: {} for s in schools}
    for stage in STAGE_ORDER:
        groups = {}
        for s in schools:
            if stage in s["stages"]:
                groups.setdefault(area(stage, s["town"]), []).append(s)
        for a_code in sorted(groups):
            members = groups[a_code]
            total20 = sum(g[2] for s in members for g in s["stages"][stage])
            total16 = total20 * kids_of(kids, stage, a_code) / kids_of(children, stage, a_code)
            kept = [s for s in members if s["id"] not in opened]
            sizes = largest_remainder(int(round(total16)),
                                      [sum(g[2] for g in s["stages"][stage]) for s in kept])
            for s, n_school in zip(kept, sizes):
                old = s["stages"][stage]
                students = sum(g[2] for g in old)
                per_class = students / sum(g[1] for g in old)
                mig_share = sum(g[3] for g in old) / students
                dis_share = sum(g[4] for g in old) / students
                grades = [g[0] for g in old]
                weights = grade_weights(city16, stage)
                counts = largest_remainder(n_school, [weights[g - 1] for g in grades])
                rows = []
                for g, n in zip(grades, counts):
                    if n <= 0:
                        continue
                    rows.append((g, max(1, int(n / per_class + 0.5)), n,
                                 min(n, int(n * mig_share + rng.u())),
                                 min(n, int(n * dis_share + rng.u()))))
                new_stages[s["id"]][stage] = rows
    earlier_schools = []
    for s in schools:
        if s["id"] in opened:
            continue
        c = dict(s)
        c["stages"] = new_stages[s["id"]]
        earlier_schools.append(c)
    known = [p for p in housing if p["year"] <= EARLIER_HOUSING_KNOWN_TO]
    return {"children": kids, "schools": earlier_schools, "housing": known, "opened": opened,
            "movers": movers, "factors": factors}


EARLIER_MANIFEST_HEAD = f"""# 阳江市示意数据 {EARLIER_YEAR} 年快照 / Yangjiang illustrative dataset, {EARLIER_YEAR} snapshot, for
# back-testing (xuewei backtest). Generated by generate.py: do not edit by hand. Outlines and
# norms are those of the {BASE_YEAR} dataset. What is synthesised: ../yangjiang/README.md.
name: 阳江市（示意数据，{EARLIER_YEAR}年） Yangjiang (illustrative, {EARLIER_YEAR})
"""


def earlier_files(earlier, births, shared):
    return {
        "dataset.yaml": manifest_text(EARLIER_MANIFEST_HEAD, EARLIER_YEAR, shared),
        "schools.csv": schools_csv(earlier["schools"]),
        "school_grades.csv": school_grades_csv(earlier["schools"]),
        "population.csv": population_csv(earlier["children"]),
        "births.csv": births_csv(births, [y for y in BIRTH_YEARS if y <= EARLIER_YEAR]),
        "housing.csv": housing_csv(earlier["housing"]),
    }


def print_earlier_summary(earlier, children, schools):
    kids = earlier["children"]
    print()
    print(f"{EARLIER_YEAR} snapshot: {len(earlier['schools'])} schools "
          f"({len(earlier['opened'])} kindergartens opened later), "
          f"{len(earlier['housing'])} estates known")
    print("{:<13}{:>12}{:>12}{:>12}{:>12}".format("stage", "pop 2016", "enr 2016", "pop 2020",
                                                  "enr 2020"))
    for stage in STAGE_ORDER:
        lo, hi = STAGE_AGES[stage]
        pop16 = sum(sum(kids[t[0]][a]) for t in TOWNS for a in range(lo, hi + 1))
        pop20 = sum(sum(children[t[0]][a]) for t in TOWNS for a in range(lo, hi + 1))
        enr16 = sum(g[2] for s in earlier["schools"] for g in s["stages"].get(stage, []))
        enr20 = sum(g[2] for s in schools for g in s["stages"].get(stage, []))
        print(f"{stage:<13}{pop16:>12}{enr16:>12}{pop20:>12}{enr20:>12}")
    movers = sum(sum(v) for v in earlier["movers"].values())
    print(f"children in 2020 who moved into estates completed 2017-2020: {movers:.0f}")


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------
def yes_no(b):
    return "是" if b else "否"


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def geojson_text(name, features):
    lines = ["{",
             '"crs": {"properties": {"name": "urn:ogc:def:crs:EPSG::4490"}, "type": "name"},',
             '"features": [']
    for i, f in enumerate(features):
        sep = "," if i + 1 < len(features) else ""
        lines.append(json.dumps(f, ensure_ascii=False, sort_keys=True) + sep)
    lines.append("],")
    lines.append(f'"name": "{name}",')
    lines.append('"type": "FeatureCollection"')
    lines.append("}")
    return "\n".join(lines) + "\n"


def geometry(rings):
    polys = [[[list(p) for p in ring + [ring[0]]]] for ring in rings]
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


SCHOOL_FIELDS = [
    ("id", "学校标识码"), ("name", "学校名称"), ("ownership", "办学性质"),
    ("puhui", "普惠"), ("provincial_standard", "省规范化"), ("standardised", "标准化"),
    ("quality", "优质"), ("provincial_key", "省级重点"), ("teaching_point", "教学点"),
    ("land_m2", "占地面积"), ("floor_m2", "建筑面积"), ("teachers", "专任教师数"),
    ("teachers_college", "大专及以上教师数"), ("teachers_bachelor", "本科及以上教师数"),
    ("teachers_postgrad", "研究生教师数"), ("teachers_dual", "双师型教师数"),
]
GRADE_FIELDS = [
    ("school", "学校标识码"), ("stage", "学段"), ("grade", "年级"), ("classes", "班级数"),
    ("students", "在校生数"), ("migrant", "随迁子女数"), ("disabled", "残疾学生数"),
    ("large_classes", "大班额班数"), ("huge_classes", "超大班额班数"),
]
HOUSING_FIELDS = [
    ("id", "项目编号"), ("name", "项目名称"), ("dwellings", "住宅套数"),
    ("completion_year", "竣工年份"), ("kg_classes", "配套幼儿园班数"),
    ("kg_year", "配套幼儿园交付年份"), ("kg_public", "配套幼儿园公办普惠"),
]


def block_map(pairs, indent):
    pad = " " * indent
    return "".join(f"\n{pad}{a}: {b}" for a, b in pairs)


MANIFEST_HEAD = """# 阳江市示意数据 / Yangjiang illustrative dataset. Generated by generate.py: do not edit by hand.
# What is fact and what is synthesised: README.md. Format: docs/dataset-format.md.
name: 阳江市（示意数据） Yangjiang (illustrative)
"""


UNITS_LAYER = f"""
  demand_units:
    source: demand_units.csv
    crs: EPSG:4490
    geometry: {{x: 经度, y: 纬度}}
    fields:{block_map(DEMAND_UNIT_FIELDS, 6)}"""
UNITS_TABLE = """
  unit_population:
    source: unit_population.csv
    fields: {unit: 单元编号, age: 年龄, category: 户籍类别, persons: 人数}"""


def manifest_text(head=MANIFEST_HEAD, base_year=BASE_YEAR, shared="", units=False):
    """The manifest; `shared` prefixes the norms file and the outlines (e.g. "../yangjiang/" for
    the earlier snapshot, which uses the 2020 files); `units` adds the residential units."""
    return head + f"""city: {{code: "{CITY_CODE}", name: {CITY_NAME}}}
base_year: {base_year}
working_crs: EPSG:4546
norms: {shared}norms.yaml
groupings:
  - {{name: 海陵试验区, towns: ["441702105"]}}
  - {{name: 高新区, towns: ["441702102", "441702103"]}}
layers:
  districts:
    source: {shared}districts.geojson
    crs: EPSG:4490
    fields: {{code: 区县代码, name: 区县名称}}
  towns:
    source: {shared}towns.geojson
    crs: EPSG:4490
    fields: {{code: 乡镇代码, name: 乡镇名称, district: 区县代码, urban: 城乡, residents: 常住人口}}
  schools:
    source: schools.csv
    crs: EPSG:4490
    geometry: {{x: 经度, y: 纬度}}
    fields:{block_map(SCHOOL_FIELDS, 6)}
  housing:
    source: housing.csv
    crs: EPSG:4490
    geometry: {{x: 经度, y: 纬度}}
    fields:{block_map(HOUSING_FIELDS, 6)}{UNITS_LAYER if units else ""}
tables:
  school_grades:
    source: school_grades.csv
    fields:{block_map(GRADE_FIELDS, 6)}
  population:
    source: population.csv
    fields: {{town: 乡镇代码, age: 年龄, category: 户籍类别, persons: 人数}}
  births:
    source: births.csv
    fields: {{area: 地区代码, year: 年份, births: 出生人数}}{UNITS_TABLE if units else ""}
"""


NORMS_TEXT = """# Norm overrides of the illustrative Yangjiang dataset (阳江市示意数据的规范参数).
# Every norm not listed here keeps its default, taken from docs/domain.md
# (core::Norms::defaults(); docs/norms.md lists them with their sources).
# Recognised keys: per stage (kindergarten, primary, junior, senior, vocational, special)
#   entry_age, grades, age_min, age_max, class_size (list, one entry per grade or one for all),
#   target_rate, radius_urban_m, radius_rural_m, students_per_staff, land_per_student_m2,
#   land_per_student_central_m2, floor_per_student_m2, max_classes_per_school;
# top level: large_class_min, huge_class_min, persons_per_household,
#   kindergarten_seats_per_1000, kindergarten_min_people, kindergarten_min_classes;
# blocks: indicator_targets, balance, warning_thresholds, capital_cost (docs/norms.md).
stages:
  primary:
    # [A] illustrative override: pupils in 阳春/阳西 mountain towns are served by a central
    # school per town (2017 plan: 撤点并校 with boarding), so the rural catchment is widened
    # from the default 2,500 m.
    radius_rural_m: 3000
"""


def schools_csv(schools):
    return csv_text(
        ["学校标识码", "学校名称", "办学性质", "学校类型", "乡镇代码", "经度", "纬度", "普惠",
         "省规范化", "标准化", "优质", "省级重点", "教学点", "占地面积", "建筑面积", "专任教师数",
         "大专及以上教师数", "本科及以上教师数", "研究生教师数", "双师型教师数"],
        [[s["id"], s["name"], s["ownership"], s["kind"], s["town"], f"{s['lon']:.6f}",
          f"{s['lat']:.6f}", yes_no(s["puhui"]), yes_no(s["prov_std"]),
          yes_no(s["standardised"]), yes_no(s["quality"]), yes_no(s["prov_key"]),
          yes_no(s["teaching_point"]), s["land"], s["floor"], s["teachers"], s["college"],
          s["bachelor"], s["postgrad"], s["dual"]] for s in schools])


def school_grades_csv(schools):
    grade_rows = []
    for s in schools:
        for stage in STAGE_ORDER:
            for g, cls, n, mig, dis in s["stages"].get(stage, []):
                grade_rows.append([s["id"], STAGE_ZH[stage], g, cls, n, mig, dis, "", ""])
    return csv_text([f[1] for f in GRADE_FIELDS], grade_rows)


def population_csv(children):
    return csv_text(
        ["乡镇代码", "年龄", "户籍类别", "人数"],
        [[t[0], a, cat, children[t[0]][a][ci]] for t in TOWNS for a in range(MAX_AGE + 1)
         for ci, cat in enumerate(("户籍", "随迁"))])


def births_csv(births, years):
    return csv_text(
        ["地区代码", "年份", "出生人数", "数据性质"],
        [[CITY_CODE, y, int(births[y][0]), births[y][1]] for y in years])


def housing_csv(housing):
    return csv_text(
        ["项目编号", "项目名称", "乡镇代码", "经度", "纬度", "住宅套数", "竣工年份",
         "配套幼儿园班数", "配套幼儿园交付年份", "配套幼儿园公办普惠"],
        [[p["id"], p["name"], p["town"], f"{p['lon']:.6f}", f"{p['lat']:.6f}", p["dwellings"],
          p["year"], p["kg"][0], "" if p["kg"][1] is None else p["kg"][1],
          "" if p["kg"][0] == 0 else yes_no(p["kg"][2])] for p in housing])


def write_files(out_dir, files):
    os.makedirs(out_dir, exist_ok=True)
    for name in sorted(files):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(files[name])


def write_all(out_dir, summary):
    rng = Rng(SEED)
    cells, district_rings = build_town_polygons()
    births = births_series()
    city = city_children(births)
    residents, children, migrant_share = build_population(rng, births)
    schools = build_schools(rng, cells, city, children)
    for s in schools:
        finish_school(rng, s)
        assert inside_convex(cells[s["town"]][0], (s["lon"], s["lat"]), 0.0), s["name"]
    housing = build_housing(rng, cells)
    for p in housing:
        assert inside_convex(cells[p["town"]][0], (p["lon"], p["lat"]), 0.0), p["name"]

    files = {}
    units = build_settlement(cells, residents, children, schools, housing)
    files["dataset.yaml"] = manifest_text(units=True)
    files["norms.yaml"] = NORMS_TEXT
    files["districts.geojson"] = geojson_text("districts", [
        {"type": "Feature", "properties": {"区县代码": d, "区县名称": n},
         "geometry": geometry(district_rings[d])} for d, n in DISTRICTS])
    files["towns.geojson"] = geojson_text("towns", [
        {"type": "Feature",
         "properties": {"乡镇代码": t[0], "乡镇名称": t[1], "区县代码": t[0][:6],
                        "城乡": "城镇" if t[3] else "乡村", "常住人口": residents[t[0]]},
         "geometry": geometry(cells[t[0]])} for t in TOWNS])
    files["schools.csv"] = schools_csv(schools)
    files["school_grades.csv"] = school_grades_csv(schools)
    files["population.csv"] = population_csv(children)
    files["births.csv"] = births_csv(births, BIRTH_YEARS)
    files["housing.csv"] = housing_csv(housing)
    files["demand_units.csv"] = demand_units_csv(units)
    files["unit_population.csv"] = unit_population_csv(units)

    write_files(out_dir, files)
    if summary:
        print_summary(cells, district_rings, residents, children, schools, housing)
        print_settlement_summary(units)

    # The earlier snapshot: a sibling folder "<name>-2016" that uses this folder's outlines and
    # norms through "../<name>/" paths. Its own random stream, so the files above do not change.
    out_dir = os.path.abspath(out_dir)
    name = os.path.basename(out_dir)
    earlier = build_earlier(births, residents, children, migrant_share, schools, housing)
    write_files(os.path.join(os.path.dirname(out_dir), f"{name}-{EARLIER_YEAR}"),
                earlier_files(earlier, births, f"../{name}/"))
    if summary:
        print_earlier_summary(earlier, children, schools)


# --------------------------------------------------------------------------------------------
# Summary (printed with --summary; not written to any file)
# --------------------------------------------------------------------------------------------
TARGET_RATE = {"kindergarten": 0.98, "primary": 1.0, "junior": 1.0, "senior": 0.475,
               "vocational": 0.475, "special": 0.002}


def even_split_counts(n, c, threshold):
    base, extra = divmod(n, c)
    return (c - extra) * (base >= threshold) + extra * (base + 1 >= threshold)


def print_summary(cells, district_rings, residents, children, schools, housing):
    areas = {d: sum(ring_area_km2(r) for r in district_rings[d]) for d, _ in DISTRICTS}
    print(f"{'area':<12}" + "".join(f"{n:>12}" for _, n in DISTRICTS) + f"{'city':>12}")
    print(f"{'km2':<12}" + "".join(f"{areas[d]:>12.0f}" for d, _ in DISTRICTS)
          + f"{sum(areas.values()):>12.0f}")
    print(f"{'residents':<12}" + "".join(
        f"{sum(v for k, v in residents.items() if k[:6] == d):>12}" for d, _ in DISTRICTS)
          + f"{sum(residents.values()):>12}")
    print()
    hdr = ("stage", "district", "age pop", "demand", "enrolled", "classes", "seats", "util%",
           "avg/class", ">=56", ">=66")
    print("{:<13}{:<8}{:>9}{:>9}{:>9}{:>8}{:>9}{:>7}{:>10}{:>6}{:>6}".format(*hdr))
    for stage in STAGE_ORDER:
        lo, hi = STAGE_AGES[stage]
        for d, dn in DISTRICTS + [("", "city")]:
            pop = sum(sum(children[t[0]][a]) for t in TOWNS if t[0].startswith(d)
                      for a in range(lo, hi + 1))
            n = cls = seats = big = huge = 0
            for s in schools:
                if not s["town"].startswith(d) or stage not in s["stages"]:
                    continue
                std = STD_CLASS[stage]
                for g, c, k, _, _ in s["stages"][stage]:
                    n += k
                    cls += c
                    seats += c * std[min(g, len(std)) - 1]
                    big += even_split_counts(k, c, 56)
                    huge += even_split_counts(k, c, 66)
            print("{:<13}{:<8}{:>9}{:>9.0f}{:>9}{:>8}{:>9}{:>7.0f}{:>10.1f}{:>6}{:>6}".format(
                stage, dn, pop, pop * TARGET_RATE[stage], n, cls, seats,
                100.0 * n / max(1, seats), n / max(1, cls), big, huge))
    print()

    def enrolled(pred, stage):
        return sum(g[2] for s in schools if pred(s) for g in s["stages"].get(stage, []))

    kg_all = enrolled(lambda s: True, "kindergarten")
    kg_pub = enrolled(lambda s: s["ownership"] == "公办" or s["puhui"], "kindergarten")
    c35 = sum(sum(children[t[0]][a]) for t in TOWNS for a in range(3, 6))
    c1517 = sum(sum(children[t[0]][a]) for t in TOWNS for a in range(15, 18))
    sen = enrolled(lambda s: True, "senior")
    voc = enrolled(lambda s: True, "vocational")
    mig_all = sum(g[3] for s in schools for st in ("primary", "junior")
                  for g in s["stages"].get(st, []))
    mig_pub = sum(g[3] for s in schools if s["ownership"] == "公办"
                  for st in ("primary", "junior") for g in s["stages"].get(st, []))
    print(f"学前三年毛入园率 kindergarten gross rate: {100.0 * kg_all / c35:.1f} %")
    print(f"公办+普惠 coverage: {100.0 * kg_pub / kg_all:.1f} %")
    print(f"高中阶段毛入学率: {100.0 * (sen + voc) / c1517:.1f} %;  普:职 = "
          f"{100.0 * sen / (sen + voc):.0f}:{100.0 * voc / (sen + voc):.0f}")
    print(f"随迁子女公办就读 (compulsory): {100.0 * mig_pub / max(1, mig_all):.1f} %")
    counts = {}
    for s in schools:
        counts[s["kind"]] = counts.get(s["kind"], 0) + 1
    print("schools:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print()
    print("central 江城 streets vs mountain towns (primary + junior, public schools):")
    for label, pred in (("central", lambda c: c in CENTRAL_STREETS),
                        ("mountain", lambda c: town_kind(c) == "mountain")):
        n = cls = seats = 0
        for s in schools:
            if pred(s["town"]) and s["ownership"] == "公办":
                for st in ("primary", "junior"):
                    for g, c, k, _, _ in s["stages"].get(st, []):
                        n, cls, seats = n + k, cls + c, seats + c * STD_CLASS[st][0]
        print(f"  {label:<9} students {n:>7}  classes {cls:>5}  avg/class {n / cls:5.1f}  "
              f"utilisation {100.0 * n / seats:5.1f} %")
    print()
    print("housing 配套幼儿园:", ", ".join(
        f"{k} {sum(1 for p in housing if p['status'] == k)}"
        for k in ("ok", "missing", "small", "late", "private", "none-needed")))


def print_settlement_summary(units):
    print()
    kinds = {}
    for u in units:
        k = kinds.setdefault(u["kind"], [0, 0])
        k[0] += 1
        k[1] += u["residents"]
    print("residential units:", ", ".join(f"{k} {n} ({p} residents)"
                                          for k, (n, p) in sorted(kinds.items())))
    heights = sorted(height((u["lon"], u["lat"])) for u in units if u["kind"] == "村")
    if heights:
        print(f"village heights (schematic): median {heights[len(heights) // 2]:.0f} m, "
              f"90th percentile {heights[len(heights) * 9 // 10]:.0f} m")


def main(argv):
    parser = argparse.ArgumentParser(description="Generates the illustrative Yangjiang dataset.")
    parser.add_argument("out_dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--summary", action="store_true", help="print demand vs enrolment")
    args = parser.parse_args(argv)
    write_all(args.out_dir, args.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
