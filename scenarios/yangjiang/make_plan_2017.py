#!/usr/bin/env python3
"""Drafts plan-2017.yaml: the city's 2017 plan (阳江市推进教育现代化先进市实施方案) as a Xuewei
scenario on the embedded illustrative dataset, as far as its programme can be reconstructed.

The plan states targets, not projects: 学前三年毛入园率 ≥ 98 %, 公办+普惠 ≥ 80 %, 新建小区配套
幼儿园 delivered with the housing and run as 公办/普惠, 消除大班额, 普职比大体相当 (about 1 : 1).
This script turns each target into concrete interventions on the dataset by simple, stated rules
(below); the schools, class counts and years it chooses are ours, not the plan's. The plan's dates
(2017–2018) lie before the dataset's base year (2020), so the programme is dated 2021–2025.

Deterministic: reads data/yangjiang/*.csv and writes the YAML (stdout, or the path given).
"""
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "yangjiang"

STAGE = {"学前": "kindergarten", "小学": "primary", "初中": "junior", "普通高中": "senior",
         "中职": "vocational", "特殊教育": "special"}
CLASS_SIZE = {"primary": 45, "junior": 50, "vocational": 50}
LARGE = 56
MAX_CLASSES = 36  # primary and junior schools (domain.md §2)


def rows(name):
    with open(DATA / name, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


schools = {r["学校标识码"]: r for r in rows("schools.csv")}
grades = defaultdict(list)
for g in rows("school_grades.csv"):
    grades[(g["学校标识码"], STAGE[g["学段"]])].append(
        (int(g["年级"]), int(g["班级数"]), int(g["在校生数"])))
housing = rows("housing.csv")
with open(DATA / "towns.geojson", encoding="utf-8") as f:
    town_name = {t["properties"]["乡镇代码"]: t["properties"]["乡镇名称"]
                 for t in json.load(f)["features"]}


def district(town):
    return town[:6]


out = []
emit = out.append

emit("# 阳江市 2017 年推进教育现代化实施方案（按示意数据重建） / The 2017 plan, reconstructed")
emit("# on the illustrative dataset. Drafted by make_plan_2017.py from data/yangjiang; edit freely.")
emit("#")
emit("# From the 2017 plan (阳江市推进教育现代化先进市实施方案, 2017): the targets — 学前三年毛入园率 ≥ 98 %,")
emit("# 公办及普惠性幼儿园覆盖率 ≥ 80 %, 配套幼儿园与小区同步规划、建设、交付并用于公办或普惠, 消除大班额,")
emit("# 高中阶段普职比大体相当. Ours: every school, class count and year below (the plan names no")
emit("# projects) and the dates (the plan's 2017–2018 lie before the base year 2020, so 2021–2025).")
emit("xuewei_scenario: 1")
emit("name: 2017 规划方案 / plan-2017")
emit("description: 示意数据上重建的 2017 年方案：配套园补建、民办园转普惠、扩班消除大班额、扩大中职。")
emit("dataset: ../../data/yangjiang")
emit("horizon: 2035")
emit("assumptions:")
emit("  fertility: medium")
emit("interventions:")

# 1. 配套幼儿园 (the plan, 三): every estate whose kindergarten is missing, too small, late or not public
#    gets one of the classes the rule requires (40 seats per 1,000 residents, 30 per mixed class,
#    at least 6 classes, 2 kindergartens above 13,500 people), delivered with the housing and public.
emit("  # -- 配套幼儿园同步交付并公办普惠 (the plan, 三): the rule of 40 seats per 1,000 residents,")
emit("  #    ≥ 6 classes, delivered in the completion year, run as 公办/普惠 [the plan]; class counts ours.")
for h in housing:
    people = int(h["住宅套数"]) * 3.2
    if people < 4500:
        continue
    required = max(math.ceil(people * 40 / 1000 / 30 - 1e-9), (2 if people > 13500 else 1) * 6)
    planned = int(h["配套幼儿园班数"] or 0)
    year = int(h["竣工年份"])
    delivered = h["配套幼儿园交付年份"]
    public = h["配套幼儿园公办普惠"] == "是"
    if planned >= required and delivered and int(delivered) <= year and public:
        continue
    # A kindergarten owed by an estate finished before the plan opens in the plan's first year.
    delivery = max(year, 2021)
    emit(f"  - housing: {{id: {h['项目编号']}, name: {h['项目名称']}, "
         f"location: {{lon: {h['经度']}, lat: {h['纬度']}}}, town: \"{h['乡镇代码']}\", "
         f"dwellings: {h['住宅套数']}, completion_year: {year}, "
         f"kindergarten: {{classes: {required}, year: {delivery}, public: true}}}}")

# 2. 公办+普惠 ≥ 80 % (the plan, 三): per district below the target, convert the largest private
#    non-普惠 kindergartens to 普惠 until the district's covered children reach 80 %.
emit("  # -- 民办园转普惠 toward 公办+普惠 ≥ 80 % (the plan, 三); which kindergartens: the largest private")
emit("  #    non-普惠 ones of each district below the target (ours), in 2021.")
children = defaultdict(int)
covered = defaultdict(int)
candidates = defaultdict(list)
for sid, s in schools.items():
    n = sum(c for _, _, c in grades.get((sid, "kindergarten"), []))
    if n == 0:
        continue
    d = district(s["乡镇代码"])
    children[d] += n
    if s["办学性质"] == "公办" or s["普惠"] == "是":
        covered[d] += n
    else:
        candidates[d].append((-n, sid))
for d in sorted(children):
    for neg, sid in sorted(candidates[d]):
        if covered[d] >= 0.80 * children[d]:
            break
        covered[d] += -neg
        emit(f"  - convert: {{school: \"{sid}\", year: 2021, puhui: true}}"
             f"  # {schools[sid]['学校名称']}, {-neg} 名幼儿")

# 2b. 学前三年毛入园率 ≥ 98 % (the plan, 三): per district below the target, classes for the missing
#     children added to its public 中心幼儿园 (the plan: 加快乡镇中心幼儿园建设), 30 children per
#     mixed class, up to 12 classes per kindergarten, in 2022.
emit("  # -- 乡镇中心幼儿园扩班 toward 毛入园率 ≥ 98 % (the plan, 三): the district's missing children")
emit("  #    (98 % of residents 3–5 − children enrolled) ÷ 30 per class, added to its public 中心幼儿园")
emit("  #    up to 12 classes each, in 2022 (ours).")
kg_residents = defaultdict(float)
for r in rows("population.csv"):
    if 3 <= int(r["年龄"]) <= 5:
        kg_residents[district(r["乡镇代码"])] += float(r["人数"])
centres = defaultdict(list)
for sid, s in sorted(schools.items()):
    if "中心幼儿园" in s["学校名称"] and s["办学性质"] == "公办":
        classes = sum(c for _, c, _ in grades.get((sid, "kindergarten"), []))
        centres[district(s["乡镇代码"])].append((sid, classes))
for d in sorted(kg_residents):
    missing = 0.98 * kg_residents[d] - children[d]
    need = math.ceil(missing / 30) if missing > 0 else 0
    for sid, classes in centres[d]:
        if need <= 0:
            break
        k = min(need, max(0, 12 - classes))
        if k > 0:
            emit(f"  - expand: {{school: \"{sid}\", year: 2022, stage: kindergarten, "
                 f"classes: {k}}}  # {schools[sid]['学校名称']}")
            need -= k

# 3. 消除大班额 (the plan, 四): every primary and junior school with classes of ≥ 56 pupils gets the
#    classes its pupils need at the standard size (45 / 50), up to 36 classes, in 2022.
emit("  # -- 扩班消除大班额 (the plan, 四): classes added so that each grade's pupils fit the standard size")
emit("  #    (45 primary, 50 junior) where a class has ≥ 56 pupils; schools capped at 36 classes (ours).")
expansions = {}
for (sid, stage), gs in sorted(grades.items()):
    if stage not in ("primary", "junior"):
        continue
    size = CLASS_SIZE[stage]
    total = sum(c for _, c, _ in gs)
    large = any(c > 0 and math.ceil(n / c) >= LARGE for _, c, n in gs)
    if not large:
        continue
    deltas = {}
    for g, c, n in sorted(gs):
        need = math.ceil(n / size) - c
        if need > 0:
            deltas[g] = need
    room = MAX_CLASSES - total
    if room <= 0 or not deltas:
        continue
    # Trim to the room left, from the highest grade down.
    for g in sorted(deltas, reverse=True):
        while sum(deltas.values()) > room and deltas[g] > 0:
            deltas[g] -= 1
    offset = 6 if stage == "junior" else 0
    per_grade = [deltas.get(g, 0) for g in range(offset + 1, offset + (4 if stage == "junior" else 7))]
    if sum(per_grade) == 0:
        continue
    emit(f"  - expand: {{school: \"{sid}\", year: 2022, stage: {stage}, grades: {per_grade}}}"
         f"  # {schools[sid]['学校名称']}")
    expansions.setdefault(stage, {})[sid] = per_grade

# 3b. Where the 36-class cap leaves a town's primary pupils without standard seats, a new
#     primary school (the plan, 四: 科学编制学校布局规划, 确保足够的学位供给) with the classes missing
#     (45 per class, at most 36), opening in 2025 at the mean position of the town's primary
#     schools (town given explicitly).
emit("  # -- 新建小学 where the capped expansions are not enough (the plan, 四: 确保足够的学位供给): the")
emit("  #    town's pupils above its seats after the expansions, 45 per class, ≤ 36 classes, 2025;")
emit("  #    placed at the mean position of the town's primary schools (ours).")
town_pupils = defaultdict(int)
town_seats = defaultdict(int)
town_xy = defaultdict(list)
for (sid, stage), gs in grades.items():
    if stage != "primary":
        continue
    town = schools[sid]["乡镇代码"]
    town_pupils[town] += sum(n for _, _, n in gs)
    town_seats[town] += sum(c for _, c, _ in gs) * 45
    town_xy[town].append((float(schools[sid]["经度"]), float(schools[sid]["纬度"])))
for sid, per_grade in expansions.get("primary", {}).items():
    town_seats[schools[sid]["乡镇代码"]] += sum(per_grade) * 45
k = 0
for town in sorted(town_pupils):
    short = town_pupils[town] - town_seats[town]
    classes = min(36, math.ceil(short / 45)) if short > 0 else 0
    if classes < 6:
        continue
    k += 1
    lon = sum(x for x, _ in town_xy[town]) / len(town_xy[town])
    lat = sum(y for _, y in town_xy[town]) / len(town_xy[town])
    emit(f"  - new_school: {{id: XX{town}P{k}, name: {town_name[town]}规划小学, year: 2025, "
         f"location: {{lon: {lon:.6f}, lat: {lat:.6f}}}, town: \"{town}\", ownership: public, "
         f"flags: {{standardised: true}}, stages: {{primary: {classes}}}}}")

# 4. 普职比大体相当 (the plan, 五): the vocational schools of each district grow by the classes that
#    bring vocational seats to the vocational half of 高中阶段 demand (residents 15–17 × 95 % ÷ 2),
#    spread evenly over the district's vocational schools, in 2023 and 2025.
emit("  # -- 扩大中职 toward 普职比 1 : 1 (the plan, 五): each district's vocational schools grow by the")
emit("  #    classes that bring their seats to half of 高中阶段 demand (15–17-year-olds × 95 % ÷ 2);")
emit("  #    half of the classes in 2023, half in 2025 (ours).")
residents = defaultdict(float)
for r in rows("population.csv"):
    if 15 <= int(r["年龄"]) <= 17:
        residents[district(r["乡镇代码"])] += float(r["人数"])
voc = defaultdict(list)
seats = defaultdict(int)
for (sid, stage), gs in sorted(grades.items()):
    if stage == "vocational":
        d = district(schools[sid]["乡镇代码"])
        voc[d].append(sid)
        seats[d] += sum(c for _, c, _ in gs) * CLASS_SIZE["vocational"]
for d in sorted(voc):
    demand = residents[d] * 0.95 / 2
    classes = max(0, math.ceil((demand - seats[d]) / CLASS_SIZE["vocational"]))
    if classes == 0:
        continue
    first = classes // 2
    for year, n in ((2023, first), (2025, classes - first)):
        per_school = [n // len(voc[d]) + (1 if i < n % len(voc[d]) else 0)
                      for i in range(len(voc[d]))]
        for sid, k in zip(voc[d], per_school):
            if k > 0:
                emit(f"  - expand: {{school: \"{sid}\", year: {year}, stage: vocational, "
                     f"classes: {k}}}  # {schools[sid]['学校名称']}")

text = "\n".join(out) + "\n"
if len(sys.argv) > 1:
    Path(sys.argv[1]).write_text(text, encoding="utf-8")
else:
    sys.stdout.write(text)
