#!/usr/bin/env python3
"""Checks every figure that `xuewei run`, `run --years 2020-2035` and `project` write on the
embedded dataset against the expected outputs checked in beside this script (README.md).

    check_golden.py --xuewei BIN --data DIR [--expected DIR] [--work DIR] [--tolerance REL]
                    [--max-lines N] [--update]

Runs the three commands into a temporary folder (or --work), reads every CSV and every layer of
every GeoPackage (attributes, through ogr2ogr) and compares them with the expected CSVs: each
unexpected difference is printed (file, row key, column, expected, got), and a missing or extra
file, layer or column is a difference too. With --update, or XW_UPDATE_GOLDEN=1 in the
environment, the expected files are rewritten from this run instead.

Exit status 0 when the outputs are as expected (or were rewritten), 1 on a difference or when a
command fails, 2 on bad arguments, 77 (ctest's skip code) without ogr2ogr.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import compare_outputs as co  # noqa: E402

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
# Each checked command: the folder of its expected outputs and its arguments (default seed and
# draws; `project`'s figures do not depend on --threads).
COMMANDS = (
    ("run", ["run", "--no-report", "-q"]),
    ("run_years", ["run", "--years", "2020-2035", "--no-report", "-q"]),
    ("project", ["project"]),
)
# Tables kept elsewhere, one a line: `TABLE = PATH` (the same content as the expected file PATH,
# relative to this folder) or `TABLE ~ FILE.csv` (a GeoPackage layer with the rows and columns of
# that CSV output, the CSV printing its figures rounded: compared to the CSV's printed digits).
REFERENCES = "references.txt"
REFERENCES_HEAD = """\
# Written by check_golden.py --update: expected tables not stored in this folder.
# TABLE = PATH     the same content as PATH (relative to this folder), stored once
# TABLE ~ FILE.csv a GeoPackage layer with the rows and columns of that CSV output, which prints
#                  the same figures rounded: compared to the CSV's printed digits
"""
DEFAULT_TOLERANCE = 1e-9


def run_commands(xuewei, data, work):
    """Runs the commands side by side into work/NAME; returns {name: output folder}, or exits
    on a failure."""
    def run_one(name, args):
        out = os.path.join(work, name)
        cmd = [xuewei] + args[:1] + ["--data", data, "--out", out] + args[1:]
        p = subprocess.run(cmd, capture_output=True, cwd=work, timeout=600,
                           env=dict(os.environ, LANG="C.UTF-8"))
        if p.returncode != 0:
            text = (p.stdout + p.stderr).decode("utf-8", "replace")
            return f"FAILED (exit {p.returncode}): {' '.join(cmd)}\n{text[-3000:]}"
        return None

    with ThreadPoolExecutor(len(COMMANDS)) as pool:
        failures = [f for f in pool.map(lambda c: run_one(*c), COMMANDS) if f]
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    return {name: os.path.join(work, name) for name, _ in COMMANDS}


def load_outputs(outputs, work):
    """load_folder of each command's outputs, the GeoPackages dumped side by side."""
    with ThreadPoolExecutor(len(COMMANDS)) as pool:
        loaded = pool.map(lambda c: co.load_folder(outputs[c[0]], os.path.join(work, c[0])),
                          COMMANDS)
        return {name: files_others for (name, _), files_others in zip(COMMANDS, loaded)}


def read_references(folder):
    """{table: (kind, target)} from a folder's references.txt (kind '=' or '~')."""
    refs = {}
    path = os.path.join(folder, REFERENCES)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    table, kind, target = line.split(None, 2)
                    refs[table] = (kind, target)
    return refs


def table_file(table):
    """The file a table belongs to: FILE.csv, or FILE.gpkg for FILE.gpkg/LAYER."""
    return table.split("/", 1)[0]


def expected_tables(folder, work):
    """The expected {file: {table: csv path}} of one command, the tables compared to printed
    digits, and the problems of the folder itself (a stray file, a reference to nothing). A `~`
    reference resolves to the expected CSV it names (itself perhaps an `=`)."""
    files, others = co.load_folder(folder, work)
    problems = [(other, "neither CSV nor layer folder") for other in others if other != REFERENCES]
    refs = read_references(folder)
    printed = set()
    for table, (kind, target) in refs.items():
        if kind == "=":
            path = os.path.normpath(os.path.join(folder, target))
        elif kind == "~":
            path = files.get(target, {}).get(target)
            if path is None and refs.get(target, ("",))[0] == "=":
                path = os.path.normpath(os.path.join(folder, refs[target][1]))
            printed.add(table)
        else:
            problems.append((REFERENCES, f"{table}: unknown kind {kind!r}"))
            continue
        if path is None or not os.path.isfile(path):
            problems.append((REFERENCES, f"{table} {kind} {target}: no such expected file"))
            continue
        files.setdefault(table_file(table), {})[table] = path
    return files, printed, problems


def check(outputs, expected_root, tolerance, max_lines):
    """Compares each command's outputs with its expected folder; prints the differences and
    returns (groups of unexpected differences, tables, cells)."""
    report = defaultdict(list)
    tables = cells = 0
    with tempfile.TemporaryDirectory() as work:
        loaded = load_outputs(outputs, os.path.join(work, "got"))
        for name, _ in COMMANDS:
            folder = os.path.join(expected_root, name)
            if not os.path.isdir(folder):
                report[(name, "(folder)", None)].append(
                    (folder, None, "no expected outputs: run with --update"))
                continue
            expected, printed, problems = expected_tables(folder,
                                                          os.path.join(work, "expected", name))
            got, others = loaded[name]
            part = defaultdict(list)
            for where, problem in problems:
                part[(where, "(expected)", None)].append(("expected outputs", None, problem))
            co.compare_files(expected, got, part, tolerance=tolerance, strict=True, printed=printed)
            for other in others:
                part[(other, "(file)", None)].append(
                    ("file", None, "neither CSV nor GeoPackage: not checked"))
            for (table, column, reason), lines in part.items():
                report[(f"{name}/{table}", column, reason)] = lines
            for file_tables in expected.values():
                for path in file_tables.values():
                    header, rows = co.read_csv(path)
                    tables, cells = tables + 1, cells + len(header) * len(rows)
    failed = co.print_report(report, max_lines, "expected ", ", got ")
    return failed, tables, cells


def store(table, path, folder, stored, lines):
    """Stores one table into the expected folder, or a reference to an identical stored file."""
    target = os.path.join(folder, f"{table}.csv" if "/" in table else table)
    for earlier in stored:
        if filecmp.cmp(path, earlier, shallow=False):
            lines.append(f"{table} = {os.path.relpath(earlier, folder)}")
            return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(path, target)
    stored.append(target)


def mirror_of(path, csv_paths):
    """The name of the CSV output whose figures the layer at `path` repeats at full precision
    (same columns and rows, equal to the CSV's printed digits), or None."""
    layer = co.Table(path)
    for name, csv_path in csv_paths.items():
        candidate = co.Table(csv_path)
        if candidate.header != layer.header or len(candidate.rows) != len(layer.rows):
            continue
        report = defaultdict(list)
        co.compare_table(name, candidate, layer, {}, (), report, DEFAULT_TOLERANCE, printed=True)
        if not report:
            return name
    return None


def update(outputs, expected_root):
    """Rewrites the expected folders from `outputs` (each table stored once, see REFERENCES)."""
    stored = []
    with tempfile.TemporaryDirectory() as work:
        loaded = load_outputs(outputs, work)
        for name, _ in COMMANDS:
            folder = os.path.join(expected_root, name)
            if os.path.isdir(folder):
                shutil.rmtree(folder)
            os.makedirs(folder)
            files, others = loaded[name]
            if others:
                print(f"{name}: not stored (neither CSV nor GeoPackage): {', '.join(others)}")
            csv_paths = {f: t[f] for f, t in files.items() if f.endswith(".csv")}
            lines = []
            for file_tables in files.values():
                for table, path in file_tables.items():
                    mirror = mirror_of(path, csv_paths) if "/" in table else None
                    if mirror:
                        lines.append(f"{table} ~ {mirror}")
                    else:
                        store(table, path, folder, stored, lines)
            if lines:
                with open(os.path.join(folder, REFERENCES), "w", encoding="utf-8") as f:
                    f.write(REFERENCES_HEAD + "\n".join(lines) + "\n")
    size = sum(os.path.getsize(p) for p in stored)
    print(f"expected outputs rewritten in {expected_root}: {len(stored)} files, "
          f"{size / 1e6:.1f} MB")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--xuewei", required=True, help="the xuewei binary")
    p.add_argument("--data", required=True, help="the embedded dataset (data/yangjiang)")
    p.add_argument("--expected", default=os.path.join(HERE, "yangjiang"),
                   help="the expected outputs (default: yangjiang/ beside this script)")
    p.add_argument("--work", help="run the commands here (kept) instead of a temporary folder")
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                   help="relative tolerance of numbers with decimals "
                        f"(default {DEFAULT_TOLERANCE})")
    p.add_argument("--max-lines", type=int, default=20,
                   help="differences shown per file and column (0: all)")
    p.add_argument("--update", action="store_true",
                   default=os.environ.get("XW_UPDATE_GOLDEN") == "1",
                   help="rewrite the expected outputs from this run (also XW_UPDATE_GOLDEN=1)")
    a = p.parse_args()
    if shutil.which("ogr2ogr") is None:
        print("SKIP: ogr2ogr (gdal-bin) is needed to read the GeoPackages")
        return SKIP
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        work = a.work or tmp
        os.makedirs(work, exist_ok=True)
        outputs = run_commands(os.path.abspath(a.xuewei), os.path.abspath(a.data), work)
        if a.update:
            update(outputs, a.expected)
            return 0
        failed, tables, cells = check(outputs, a.expected, a.tolerance, a.max_lines)
    took = time.monotonic() - start
    if failed:
        print(f"{failed} unexpected difference group(s) from {a.expected} ({took:.1f} s). If the "
              "figures changed on purpose, rewrite them with --update (or XW_UPDATE_GOLDEN=1) and "
              "say why in the commit (tests/golden/README.md).")
        return 1
    print(f"as expected: {tables} tables, {cells} cells, tolerance {a.tolerance:g} ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
