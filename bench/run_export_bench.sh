#!/usr/bin/env bash
# Writing N points to GeoPackage: gis::exportTables against ogr2ogr on the same points, side by
# side in one run (docs/performance.md, "Exports").
#
#   bench/run_export_bench.sh [N=1000000] [RUNS=3]
#
# ours      export_bench: the table is in memory; timed from exportTables() to its return (checks,
#           WKB parsing, one transaction, R-tree, fsync, rename).
# ogr2ogr   from the CSV export_bench writes (id,name,value,x,y), GDAL defaults, and again with
#           the SQLite pragma ours uses (OGR_SQLITE_SYNCHRONOUS=OFF);
#           from a FlatGeobuf copy of the same points (binary: little reading cost, so this is
#           closest to a pure GeoPackage write).
# Each run prints wall and CPU (user + system) seconds; at the end the median of each and the
# ratios ours / ogr2ogr. CPU time is the steadier figure on a machine shared with other jobs.
set -euo pipefail
n="${1:-1000000}"
runs="${2:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/build/release/bench/export_bench"
[[ -x "$bench" ]] || { echo "build first: cmake --build --preset release --target export_bench" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A wall cpu
record() { # name run wall cpu
    wall[$1]="${wall[$1]:-} $3"
    cpu[$1]="${cpu[$1]:-} $4"
    printf '%-22s run %d  wall %7.3f s  cpu %7.3f s\n' "$1" "$2" "$3" "$4"
}
# timed NAME RUN COMMAND...: runs COMMAND and records its wall and user + system seconds.
timed() {
    local name="$1" run="$2" line
    shift 2
    line="$({ TIMEFORMAT='%R %U %S'; time "$@" >/dev/null; } 2>&1 | tail -1)"
    read -r w u s <<<"$line"
    record "$name" "$run" "$w" "$(echo "$u + $s" | bc)"
}

csvOpen=(-oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -oo AUTODETECT_TYPE=YES -oo KEEP_GEOM_COLUMNS=NO)
for ((run = 1; run <= runs; run++)); do
    read -r _ w c < <("$bench" "$n" "$work" | grep '^ours_gpkg')
    record ours "$run" "$w" "$c"
    if ((run == 1)); then
        ogr2ogr -f FlatGeobuf "$work/points.fgb" "$work/points.csv" "${csvOpen[@]}" \
            -a_srs EPSG:4546 -nln points
    fi
    rm -f "$work/ogr.gpkg"
    timed ogr2ogr_csv "$run" ogr2ogr -f GPKG "$work/ogr.gpkg" "$work/points.csv" "${csvOpen[@]}" \
        -a_srs EPSG:4546 -nln points
    rm -f "$work/ogr.gpkg"
    timed ogr2ogr_csv_sync_off "$run" ogr2ogr --config OGR_SQLITE_SYNCHRONOUS OFF -f GPKG \
        "$work/ogr.gpkg" "$work/points.csv" "${csvOpen[@]}" -a_srs EPSG:4546 -nln points
    rm -f "$work/ogr.gpkg"
    timed ogr2ogr_fgb "$run" ogr2ogr -f GPKG "$work/ogr.gpkg" "$work/points.fgb" -nln points
done

# The same content: feature counts of ours and of the last ogr2ogr output.
ogrinfo -so "$work/ours.gpkg" points | grep -i "feature count" | sed 's/^/ours    /'
ogrinfo -so "$work/ogr.gpkg" points | grep -i "feature count" | sed 's/^/ogr2ogr /'

median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ow="$(median "${wall[ours]}")"
oc="$(median "${cpu[ours]}")"
echo "median over $runs runs, N = $n (ratio = ours / contender; below 1 means ours is faster):"
for k in ours ogr2ogr_csv ogr2ogr_csv_sync_off ogr2ogr_fgb; do
    w="$(median "${wall[$k]}")"
    c="$(median "${cpu[$k]}")"
    printf '  %-22s wall %7.3f s (ratio %.2f)   cpu %7.3f s (ratio %.2f)\n' "$k" "$w" \
        "$(echo "$ow / $w" | bc -l)" "$c" "$(echo "$oc / $c" | bc -l)"
done
