#!/usr/bin/env python3
"""Compares two output folders of xuewei (e.g. before and after a refactoring) figure by figure.

    scripts/compare_outputs.py OLD_FOLDER NEW_FOLDER [--rename FILE:OLD=NEW ...] [--explain RULES]

Every CSV file of OLD is compared with the file of the same name in NEW, cell by cell, after the
column renames given (e.g. allocation_areas.csv:shortfall=children_without_seat). GeoPackages are
compared layer by layer through `ogr2ogr -f CSV` (gdal-bin). A difference is either listed as
expected — a rule of the --explain file (one per line: FILE COLUMN REASON, `*` as wildcard), for
changes made on purpose and documented — or reported as unexpected. Exit status 0 when every
difference is explained, 1 otherwise, 2 on bad arguments. Standard library only.
"""
import argparse
import csv
import fnmatch
import os
import subprocess
import sys
import tempfile
from collections import defaultdict


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return (rows[0], rows[1:]) if rows else ([], [])


def dump_gpkg(path, folder):
    """Each layer of a GeoPackage as CSV (attributes only) in `folder`; {layer: csv path}."""
    out = subprocess.run(["ogrinfo", "-ro", "-q", path], capture_output=True, text=True, check=True)
    layers = {}
    for line in out.stdout.splitlines():
        parts = line.split(":", 1)
        if len(parts) == 2 and parts[0].strip().isdigit():
            name = parts[1].strip().split(" ")[0]
            target = os.path.join(folder, f"{name}.csv")
            subprocess.run(["ogr2ogr", "-f", "CSV", target, path, name], check=True,
                           capture_output=True)
            layers[name] = target
    return layers


def rules_from(path):
    rules = []
    if path:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    file_glob, column_glob, reason = line.split(None, 2)
                    rules.append((file_glob, column_glob, reason))
    return rules


def explain(rules, name, column):
    for file_glob, column_glob, reason in rules:
        if fnmatch.fnmatch(name, file_glob) and fnmatch.fnmatch(column, column_glob):
            return reason
    return None


def compare_table(name, old, new, renames, rules, report):
    (oh, orows), (nh, nrows) = old, new
    mapped = [renames.get((name, c), c) for c in oh]
    index = {c: i for i, c in enumerate(nh)}
    if len(orows) != len(nrows):
        reason = explain(rules, name, "(rows)")
        report[(name, "(rows)", reason)].append(f"{len(orows)} rows → {len(nrows)}")
        return
    for col_old, col in zip(oh, mapped):
        if col not in index:
            reason = explain(rules, name, col_old)
            report[(name, f"{col_old} (missing)", reason)].append("column gone")
            continue
        j, i = index[col], oh.index(col_old)
        for r, (a, b) in enumerate(zip(orows, nrows)):
            if a[i] != b[j]:
                reason = explain(rules, name, col_old)
                report[(name, col_old, reason)].append(f"row {r + 2}: {a[i]!r} → {b[j]!r}")
    for col in nh:
        if col not in mapped:
            reason = explain(rules, name, col)
            report[(name, f"{col} (new)", reason)].append("new column")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--rename", action="append", default=[], help="FILE:OLD=NEW")
    p.add_argument("--explain", help="a file of FILE COLUMN REASON lines")
    a = p.parse_args()
    renames = {}
    for r in a.rename:
        f, pair = r.split(":", 1)
        old, new = pair.split("=", 1)
        renames[(f, old)] = new
    rules = rules_from(a.explain)
    report = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(a.old)):
            old_path, new_path = os.path.join(a.old, name), os.path.join(a.new, name)
            if not os.path.exists(new_path):
                report[(name, "(file)", explain(rules, name, "(file)"))].append("file gone")
                continue
            if name.endswith(".csv"):
                compare_table(name, read_csv(old_path), read_csv(new_path), renames, rules, report)
            elif name.endswith(".gpkg"):
                os.makedirs(os.path.join(tmp, "old", name))
                os.makedirs(os.path.join(tmp, "new", name))
                lo = dump_gpkg(old_path, os.path.join(tmp, "old", name))
                ln = dump_gpkg(new_path, os.path.join(tmp, "new", name))
                for layer, path in lo.items():
                    key = f"{name}/{layer}"
                    if layer not in ln:
                        report[(key, "(layer)", explain(rules, key, "(layer)"))].append("layer gone")
                        continue
                    compare_table(key, read_csv(path), read_csv(ln[layer]), renames, rules, report)
    unexplained = 0
    for (name, column, reason), lines in sorted(report.items(), key=lambda kv: (kv[0][2] is not None, kv[0][:2])):
        tag = f"expected: {reason}" if reason else "UNEXPECTED"
        print(f"{name} {column}: {len(lines)} difference(s) [{tag}]")
        for line in lines[:3]:
            print(f"    {line}")
        if reason is None:
            unexplained += 1
    if not report:
        print("identical")
    print(f"{unexplained} unexplained difference group(s)")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
