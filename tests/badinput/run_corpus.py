#!/usr/bin/env python3
"""Runs cases of the bad-input corpus (make_corpus.py) through `xuewei check` and `xuewei run`.

For each case it asserts what expect.json says (exit code, fragments of the message), and for
every case alike:
  - no signal (a crash), no hang (each command has a time limit);
  - a run that fails leaves no output behind (no partial output set);
  - no inf or NaN in any output file (every CSV cell, every GeoPackage value) or on the terminal.

    run_corpus.py --xuewei BIN --data DIR --fixtures DIR --work DIR [--case NAME ...]

Exit status 0 when every case passes, 1 when one fails, 77 when the only case given cannot run
here (ctest's skip code).
"""
import argparse
import csv
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus  # noqa: E402

SKIP = 77
NON_FINITE = re.compile(r"^[-+]?(inf|infinity|nan)$", re.IGNORECASE)
NON_FINITE_IN_TEXT = re.compile(r"(?<![A-Za-z_])[-+]?(inf|infinity|nan)(?![A-Za-z_])",
                                re.IGNORECASE)


class Failure(Exception):
    pass


def run(cmd, timeout, as_user=None):
    if as_user:
        cmd = ["setpriv", f"--reuid={as_user}", f"--regid={as_user}", "--clear-groups"] + cmd
    env = dict(os.environ, LANG="C.UTF-8")
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise Failure(f"hung: no answer within {timeout} s: {' '.join(cmd)}")
    out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or p.returncode >= 128:
        raise Failure(f"ended by a signal (exit {p.returncode}): {' '.join(cmd)}\n{out[-2000:]}")
    return p.returncode, out


QUOTED = re.compile(r'"[^"]*"')


def scan_text(label, text):
    """Figures on the terminal must be finite; user input quoted in a message ("inf") may not be."""
    for line in text.splitlines():
        if NON_FINITE_IN_TEXT.search(QUOTED.sub('""', line)):
            raise Failure(f"inf/NaN in {label}: {line.strip()[:200]}")


def scan_outputs(folder):
    """Every value of every output file must be finite."""
    checked = 0
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".csv"):
                with open(path, encoding="utf-8-sig", newline="") as f:
                    for r, row in enumerate(csv.reader(f)):
                        for cell in row:
                            if NON_FINITE.match(cell.strip()):
                                raise Failure(f"inf/NaN in {name} row {r}: {row}")
                checked += 1
            elif name.endswith(".gpkg"):
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                tables = [t for (t,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite_%' AND name NOT LIKE 'gpkg_%' AND name NOT LIKE 'rtree_%'")]
                for t in tables:
                    for row in db.execute(f'SELECT * FROM "{t}"'):
                        for v in row:
                            if isinstance(v, float) and not math.isfinite(v):
                                raise Failure(f"inf/NaN in {name} table {t}: {row[:8]}")
                            if isinstance(v, str) and NON_FINITE.match(v.strip()):
                                raise Failure(f"inf/NaN text in {name} table {t}: {row[:8]}")
                db.close()
                checked += 1
    return checked


def check_case(name, args):
    folder = make_corpus.make(name, args.data, args.fixtures, args.work)
    spec = make_corpus.CASES[name]
    dataset = os.path.join(folder, "dataset")
    as_user = None
    if spec["needs"] == "fifo" and not hasattr(os, "mkfifo"):
        return SKIP, "no FIFOs here"
    if spec["needs"] == "unprivileged" and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            return SKIP, "root reads every file and setpriv is missing"
        as_user = "65534"  # nobody
        os.chmod(folder, 0o755)

    rc, out = run([args.xuewei, "check", dataset], args.timeout, as_user)
    if rc != spec["check_exit"]:
        raise Failure(f"check: exit {rc}, expected {spec['check_exit']}\n{out[-3000:]}")
    for fragment in spec["check_says"]:
        if fragment not in out:
            raise Failure(f"check: missing \"{fragment}\" in\n{out[-3000:]}")
    scan_text("the output of check", out)
    fatal = "校验 Validation" not in out

    wanted = spec["run"] or {}
    run_args = [a.replace("{dataset}", dataset) for a in wanted.get("args", ["--allocate", "none"])]
    # The leaders' report (its own projection and 1,000 Monte Carlo draws) is 95 % of a run's
    # time: the made-up cases skip it; the inputs from the field (source "case:…") keep it, so
    # the report's path is still run on real bad input.
    if not spec["source"].startswith("case:") and "--no-report" not in run_args:
        run_args.append("--no-report")
    expected_exit = wanted.get("exit", 1 if fatal else 0)
    out_dir = os.path.join(folder, "out")
    shutil.rmtree(out_dir, ignore_errors=True)
    rc, out = run([args.xuewei, "run", "--data", dataset, "--out", out_dir, "-q"] + run_args,
                  args.timeout * 3, as_user)
    if rc != expected_exit:
        raise Failure(f"run {' '.join(run_args)}: exit {rc}, expected {expected_exit}\n"
                      f"{out[-3000:]}")
    for fragment in wanted.get("says", []):
        if fragment not in out:
            raise Failure(f"run: missing \"{fragment}\" in\n{out[-3000:]}")
    scan_text("the output of run", out)
    if rc != 0:
        left = [f for _, _, files in os.walk(out_dir) for f in files] if os.path.isdir(out_dir) \
            else []
        if left:
            raise Failure(f"run failed but left a partial output set: {sorted(left)}")
        return 0, "check and run refused it as expected"
    files = scan_outputs(out_dir)
    if files == 0:
        raise Failure("run succeeded but wrote no output file")
    return 0, f"ok; {files} output files scanned, all finite"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--xuewei", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--case", action="append")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per check")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    names = args.case or list(make_corpus.CASES)
    failed = skipped = 0
    for name in names:
        try:
            rc, note = check_case(name, args)
        except Failure as e:
            failed += 1
            print(f"FAIL {name}: {e}")
            continue
        if rc == SKIP:
            skipped += 1
            print(f"SKIP {name}: {note}")
        else:
            print(f"pass {name}: {note}")
    print(f"{len(names) - failed - skipped} passed, {failed} failed, {skipped} skipped")
    if failed:
        return 1
    return SKIP if skipped == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())
