#!/usr/bin/env bash
# Writes `xuewei export` of the embedded dataset (or a scenario) in every format and each target
# CRS and checks every written file with the tools a recipient would use:
#   gdalsrsinfo -e   the EPSG code GDAL identifies from the file's own CRS (.prj, gdb, gpkg);
#   ogrinfo          that each file opens and how many features each layer has;
#   ezdxf audit      the DXF as a CAD library reads it (skipped when python3-ezdxf is absent).
#
#   scripts/check_exports.sh [OUT_FOLDER=/tmp/xw_exports] [xuewei export options…]
# e.g. scripts/check_exports.sh /tmp/xw_exports --scenario tests/data/study/export_scenario.yaml
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
xuewei="$root/build/release/cli/xuewei"
[[ -x "$xuewei" ]] || { echo "build first: cmake --build --preset release --target xuewei" >&2; exit 1; }
out="${1:-/tmp/xw_exports}"
shift || true
status=0

for crs in EPSG:4546 EPSG:4525 EPSG:4490; do
    dir="$out/${crs/:/_}"
    mkdir -p "$dir"
    for f in gdb gpkg shp geojson dxf xlsx csv; do
        # Folders for shp, geojson and csv; files (and the .gdb folder) for the rest.
        case "$f" in shp | geojson | csv) target="$dir/yangjiang_$f" ;; *) target="$dir/yangjiang.$f" ;; esac
        [[ "$crs" != EPSG:4546 && "$f" =~ ^(dxf|xlsx|csv)$ ]] && continue
        "$xuewei" export --format "$f" --crs "$crs" --force "$@" --out "$target" >/dev/null 2>&1 ||
            { echo "xuewei export --format $f --crs $crs failed" >&2; status=1; }
    done
    for f in "$dir/yangjiang.gdb" "$dir/yangjiang.gpkg" "$dir"/yangjiang_shp/*.prj; do
        got="$(gdalsrsinfo -e "$f" 2>/dev/null | grep -o 'EPSG:[0-9]*' | head -1 || true)"
        mark="ok"
        [[ "$got" == "$crs" ]] || { mark="WRONG"; status=1; }
        printf '%-10s %-60s %s (%s)\n' "$crs" "${f#"$out"/}" "${got:-none}" "$mark"
    done
    got="$(gdalsrsinfo -e "$dir/yangjiang_geojson/towns.geojson" 2>/dev/null | grep -o 'EPSG:[0-9]*' | head -1 || true)"
    printf '%-10s %-60s %s (RFC 7946: always EPSG:4326)\n' "$crs" "yangjiang_geojson/towns.geojson" "$got"
    [[ "$got" == "EPSG:4326" ]] || status=1
done

dir="$out/EPSG_4546"
echo "feature counts (EPSG:4546):"
for f in "$dir/yangjiang.gdb" "$dir/yangjiang.gpkg" "$dir/yangjiang_shp" "$dir/yangjiang.dxf" "$dir/yangjiang.xlsx"; do
    printf '  %s\n' "${f#"$dir"/}"
    # A sheet whose every cell is text cannot show GDAL its header row: say it has one.
    open=()
    [[ "$f" == *.xlsx ]] && open=(--config OGR_XLSX_HEADERS FORCE) # GDAL 3.6: no open option
    ogrinfo -ro -so -al "${open[@]}" "$f" 2>/dev/null | awk '/^Layer name:/ {n=$0} /^Feature Count:/ {print "    " n ", " $0}'
done

if /usr/bin/python3 -c "import ezdxf" 2>/dev/null; then
    /usr/bin/python3 - "$dir/yangjiang.dxf" <<'PY' || status=1
import sys
import ezdxf
doc = ezdxf.readfile(sys.argv[1])
auditor = doc.audit()
layers = {layer.dxf.name: layer.dxf.color for layer in doc.layers}
print(f"ezdxf audit {sys.argv[1]}: {len(auditor.errors)} errors, {len(auditor.fixes)} fixes; "
      f"layers (ACI) {layers}")
sys.exit(1 if auditor.errors else 0)
PY
else
    echo "python3-ezdxf not installed: DXF audit skipped"
fi
exit "$status"
