#!/usr/bin/env python3
"""Compares two output folders of xuewei (e.g. before and after a refactoring) figure by figure.

    scripts/compare_outputs.py OLD_FOLDER NEW_FOLDER [--rename FILE:OLD=NEW ...] [--explain RULES]
                               [--tolerance REL] [--strict] [--max-lines N]
    scripts/compare_outputs.py --dump OUTPUT_FOLDER DEST_FOLDER

Every CSV file of OLD is compared with the file of the same name in NEW, cell by cell, after the
column renames given (e.g. allocation_areas.csv:shortfall=children_without_seat). GeoPackages are
compared layer by layer through `ogr2ogr -f CSV` (gdal-bin), attributes only; a layer is named
FILE.gpkg/LAYER. Either folder may also be a folder of expected CSVs as --dump writes it: the CSV
files as they are, and each GeoPackage as a folder FILE.gpkg/ holding one LAYER.csv per layer.

Rows are matched by their key columns (year, code, stage, … whichever the table has) when those
identify every row, else by position. Text cells must be equal; with --tolerance REL two numbers
written with a decimal point or an exponent may differ by REL × max(1, |old|, |new|) (numbers
written as whole numbers, such as codes and counts, must still be equal).

A difference is either listed as expected — a rule of the --explain file (one per line: FILE
COLUMN REASON, `*` as wildcard), for changes made on purpose and documented — or reported as
unexpected. With --strict a file, layer or column that only NEW has is unexpected too, and so is
a file of NEW that is neither CSV nor GeoPackage. Exit status 0 when every difference is
explained, 1 otherwise, 2 on bad arguments. Standard library only (plus ogr2ogr).
"""
import argparse
import csv
import fnmatch
import operator
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

# Columns that name a row (in this order in a row's label); a table's key is those it has.
KEY_COLUMNS = ("year", "level", "unit", "category", "code", "town_code", "district_code",
               "school_id", "id", "campus", "stage", "grade", "age", "mode", "indicator",
               "severity", "file", "layer", "feature", "field")
NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
WHOLE_NUMBER = re.compile(r"^[-+]?\d+$")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return (rows[0], rows[1:]) if rows else ([], [])


def dump_gpkg(path, folder):
    """Each layer of a GeoPackage as CSV (attributes only) in `folder`, which must not exist yet;
    {layer: csv path}."""
    subprocess.run(["ogr2ogr", "-f", "CSV", folder, path], check=True, capture_output=True)
    if not os.path.isdir(folder):  # a GeoPackage without layers
        return {}
    return {name[:-4]: os.path.join(folder, name)
            for name in sorted(os.listdir(folder)) if name.endswith(".csv")}


def load_folder(folder, work):
    """The tables of an output folder or of a folder of expected CSVs.

    Returns ({file: {table name: csv path}}, [other files]). A CSV file is one table named as the
    file; a GeoPackage (dumped into `work`) or a FILE.gpkg/ folder of layer CSVs has one table per
    layer, named FILE.gpkg/LAYER. Hidden files (the output marker) are left out."""
    files, others = {}, []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith("."):
            continue
        if name.endswith(".csv") and os.path.isfile(path):
            files[name] = {name: path}
        elif name.endswith(".gpkg") and os.path.isdir(path):
            files[name] = {f"{name}/{layer[:-4]}": os.path.join(path, layer)
                           for layer in sorted(os.listdir(path)) if layer.endswith(".csv")}
        elif name.endswith(".gpkg"):
            os.makedirs(work, exist_ok=True)
            dumped = dump_gpkg(path, os.path.join(work, name))
            files[name] = {f"{name}/{layer}": p for layer, p in dumped.items()}
        else:
            others.append(name)
    return files, others


def dump_folder(source, dest):
    """Writes the tables of an output folder into `dest` as a folder of expected CSVs."""
    os.makedirs(dest, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        files, _ = load_folder(source, work)
        for name, tables in files.items():
            for table, path in tables.items():
                target = os.path.join(dest, f"{table}.csv" if "/" in table else table)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(path, target)


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


def decimals(text):
    """Digits written after the decimal point of a plain number (0 for 12 or 1e5)."""
    if "e" in text.lower() or "." not in text:
        return 0
    return len(text.split(".", 1)[1])


def same_cell(old, new, tolerance, printed=False):
    """Whether two cells agree: text exactly; numbers within the tolerance (see the docstring).

    With `printed` the old cell is a figure as a CSV prints it (rounded) and the new one the same
    figure in full: they agree when the new one rounds to the old, give or take the tolerance."""
    if old == new:
        return True
    if not (tolerance or printed) or not (NUMBER.match(old) and NUMBER.match(new)):
        return False
    if WHOLE_NUMBER.match(old) and WHOLE_NUMBER.match(new):
        return False
    a, b = float(old), float(new)
    allowed = tolerance * max(1.0, abs(a), abs(b))
    if printed:  # half a unit of the last printed digit, a hair more for the binary rounding
        allowed += 0.5 * 10.0 ** -decimals(old) * (1 + 1e-9)
    return abs(a - b) <= allowed


class Table:
    """A table read for comparison: its header, rows and the columns that name a row."""

    def __init__(self, path):
        self.header, self.rows = read_csv(path)
        self.key_columns = [self.header.index(c) for c in KEY_COLUMNS if c in self.header]
        width = len(self.header)
        for row in self.rows:  # a short row reads as empty cells, so cells can be indexed
            if len(row) < width:
                row.extend([""] * (width - len(row)))
        self._key = operator.itemgetter(*self.key_columns) if self.key_columns else None

    def key(self, row):
        return self._key(row)

    def label(self, r):
        """Row r (0 = first data row) as a reader finds it: its line and its key."""
        row = self.rows[r]
        named = " ".join(f"{self.header[i]}={row[i]}" for i in self.key_columns if row[i])
        return f"row {r + 2}" + (f" [{named}]" if named else "")

    def keyed(self):
        """{key: row index} when the key columns name every row once, else None."""
        if not self.key_columns:
            return None
        keys = {}
        for r, row in enumerate(self.rows):
            k = self.key(row)
            if k in keys:
                return None
            keys[k] = r
        return keys


def matched_rows(name, old, new, rules, report):
    """Pairs (old row, new row) to compare; rows only one side has are reported here."""
    ko, kn = old.keyed(), new.keyed()
    if ko is not None and kn is not None and old.key_columns and \
            [old.header[i] for i in old.key_columns] == [new.header[i] for i in new.key_columns]:
        reason = explain(rules, name, "(rows)")
        for k, r in ko.items():
            if k not in kn:
                report[(name, "(rows)", reason)].append((old.label(r), None, "row gone"))
        for k, r in kn.items():
            if k not in ko:
                report[(name, "(rows)", reason)].append((new.label(r), None, "new row"))
        pairs = [(r, kn[k]) for k, r in ko.items() if k in kn]
        if [o for o, _ in pairs] != sorted(o for o, _ in pairs) or \
                [n for _, n in pairs] != sorted(n for _, n in pairs):
            report[(name, "(row order)", explain(rules, name, "(row order)"))].append(
                ("rows", "in the old order", "in another order"))
        return pairs
    if len(old.rows) == len(new.rows):
        return [(r, r) for r in range(len(old.rows))]
    # Rows cannot be matched one by one: name those that one side has more often.
    reason = explain(rules, name, "(rows)")
    report[(name, "(rows)", reason)].append(
        ("row count", f"{len(old.rows)} rows", f"{len(new.rows)} rows"))
    co, cn = Counter(map(tuple, old.rows)), Counter(map(tuple, new.rows))
    for table, surplus, word in ((old, co - cn, "gone"), (new, cn - co, "new")):
        for r, row in enumerate(table.rows):
            if surplus[tuple(row)] > 0:  # as many copies as this side has more
                surplus[tuple(row)] -= 1
                report[(name, "(rows)", reason)].append(
                    (table.label(r), None, f"{word}: {','.join(row)}"))
    return []


def compare_table(name, old, new, renames, rules, report, tolerance=0.0, printed=False):
    """Compares two Tables cell by cell into `report`, {(table, column, reason): [(row label,
    old cell, new cell)]}."""
    mapped = [renames.get((name, c), c) for c in old.header]
    index = {c: i for i, c in enumerate(new.header)}
    pairs = matched_rows(name, old, new, rules, report)
    columns = []  # (old index, new index, old name) of the columns both have
    for i, (col_old, col) in enumerate(zip(old.header, mapped)):
        if col in index:
            columns.append((i, index[col], col_old))
        else:
            report[(name, f"{col_old} (missing)", explain(rules, name, col_old))].append(
                ("column", None, "gone"))
    same_layout = old.header == new.header and not renames
    for ro, rn in pairs:
        a, b = old.rows[ro], new.rows[rn]
        if same_layout and a == b:
            continue
        for i, j, col_old in columns:
            x, y = a[i], b[j]
            if x != y and not same_cell(x, y, tolerance, printed):
                report[(name, col_old, explain(rules, name, col_old))].append((old.label(ro), x, y))
    for col in new.header:
        if col not in mapped:
            report[(name, f"{col} (new)", explain(rules, name, col))].append(
                ("column", None, "new column"))


def compare_files(old_files, new_files, report, renames=None, rules=(), tolerance=0.0,
                  strict=False, printed=frozenset()):
    """Compares {file: {table: csv path}} of load_folder; `printed` names the tables whose old side
    is a rounded CSV print of the new side's figures (see same_cell)."""
    renames = renames or {}
    for name, old_tables in old_files.items():
        if name not in new_files:
            report[(name, "(file)", explain(rules, name, "(file)"))].append(
                ("file", None, "gone"))
            continue
        new_tables = new_files[name]
        for table, path in old_tables.items():
            if table not in new_tables:
                report[(table, "(layer)", explain(rules, table, "(layer)"))].append(
                    ("layer", None, "gone"))
                continue
            compare_table(table, Table(path), Table(new_tables[table]), renames, rules, report,
                          tolerance, table in printed)
        if strict:
            for table in new_tables:
                if table not in old_tables:
                    report[(table, "(layer)", explain(rules, table, "(layer)"))].append(
                        ("layer", None, "new layer"))
    if strict:
        for name in new_files:
            if name not in old_files:
                report[(name, "(file)", explain(rules, name, "(file)"))].append(
                    ("file", None, "new file"))


def print_report(report, max_lines=3, old_word="", new_word=" → "):
    """Prints the report, unexplained groups first; returns how many groups are unexplained."""
    unexplained = 0
    for (name, column, reason), lines in sorted(
            report.items(), key=lambda kv: (kv[0][2] is not None, kv[0][:2])):
        tag = f"expected: {reason}" if reason else "UNEXPECTED"
        print(f"{name} {column}: {len(lines)} difference(s) [{tag}]")
        shown = lines if max_lines <= 0 else lines[:max_lines]
        for label, a, b in shown:
            if a is None:
                print(f"    {label}: {b}")
            elif b is None:
                print(f"    {label}: {a}")
            else:
                print(f"    {label}: {old_word}{a!r}{new_word}{b!r}")
        if len(shown) < len(lines):
            print(f"    … and {len(lines) - len(shown)} more")
        if reason is None:
            unexplained += 1
    return unexplained


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--rename", action="append", default=[], help="FILE:OLD=NEW")
    p.add_argument("--explain", help="a file of FILE COLUMN REASON lines")
    p.add_argument("--tolerance", type=float, default=0.0,
                   help="relative tolerance of numbers with a decimal point (default 0: exact)")
    p.add_argument("--strict", action="store_true",
                   help="files, layers and columns only NEW has are differences too")
    p.add_argument("--max-lines", type=int, default=3,
                   help="differences shown per file and column (0: all)")
    p.add_argument("--dump", action="store_true",
                   help="write the tables of the output folder OLD as expected CSVs into NEW")
    a = p.parse_args()
    if a.tolerance < 0:
        p.error("--tolerance must be ≥ 0")
    if a.dump:
        dump_folder(a.old, a.new)
        return 0
    renames = {}
    for r in a.rename:
        f, pair = r.split(":", 1)
        old, new = pair.split("=", 1)
        renames[(f, old)] = new
    rules = rules_from(a.explain)
    report = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        old_files, _ = load_folder(a.old, os.path.join(tmp, "old"))
        new_files, others = load_folder(a.new, os.path.join(tmp, "new"))
        compare_files(old_files, new_files, report, renames, rules, a.tolerance, a.strict)
    if a.strict:
        for name in others:
            report[(name, "(file)", explain(rules, name, "(file)"))].append(
                ("file", None, "neither CSV nor GeoPackage: not compared"))
    unexplained = print_report(report, a.max_lines)
    if not report:
        print("identical")
    print(f"{unexplained} unexplained difference group(s)")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
