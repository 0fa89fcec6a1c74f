#!/usr/bin/env bash
# `xuewei export` on the embedded dataset, per format (docs/performance.md, "Exports"): the whole
# command's wall and CPU time, and from its progress lines the time of the study run, of building
# the export tables and of writing the files; the size of the output. Medians of RUNS runs.
#
#   bench/run_export_command.sh [RUNS=3] [xuewei export options…]
# e.g. bench/run_export_command.sh 3 --years 2020-2035
set -euo pipefail
runs="${1:-3}"
shift || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
xuewei="$root/build/release/cli/xuewei"
[[ -x "$xuewei" ]] || { echo "build first: cmake --build --preset release --target xuewei" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The seconds of the progress line starting with LABEL in FILE.
step() { grep -o "$1 … [0-9.]* s" "$2" | awk '{print $(NF-1)}' | head -1; }

printf '%-8s %9s %9s %9s %9s %9s %10s\n' format wall_s cpu_s study_s tables_s write_s size_MB
for f in gdb shp gpkg dxf xlsx geojson csv; do
    case "$f" in shp | geojson | csv) target="$work/out_$f" ;; *) target="$work/out.$f" ;; esac
    wall="" cpu="" study="" tables="" write=""
    for ((run = 1; run <= runs; run++)); do
        rm -rf "$target"
        line="$({ TIMEFORMAT='%R %U %S'; time "$xuewei" export --format "$f" "$@" --out "$target" \
            >"$work/stdout" 2>"$work/stderr"; } 2>&1 | tail -1)"
        read -r w u s <<<"$line"
        wall+=" $w"
        cpu+=" $(echo "$u + $s" | bc)"
        # The study's own steps: everything between loading and building the tables.
        study+=" $(grep -o '… [0-9.]* s' "$work/stderr" | awk '{print $2}' | sed -n '2,$p' |
            head -n -2 | paste -sd+ | bc)"
        tables+=" $(step '整理导出表 Building the export tables' "$work/stderr")"
        write+=" $(step '写出导出文件 Writing the export' "$work/stderr")"
    done
    size="$(du -sb "$target" | awk '{printf "%.1f", $1 / 1e6}')"
    printf '%-8s %9s %9s %9s %9s %9s %10s\n' "$f" "$(echo "$wall" | median)" \
        "$(echo "$cpu" | median)" "$(echo "$study" | median)" "$(echo "$tables" | median)" \
        "$(echo "$write" | median)" "$size"
done
