#!/usr/bin/env bash
# Checks the two size rules of the house (docs/architecture.md, "Inside the rooms"):
#   - a source folder holds at most 12 files of its own (sub-folders not counted): past a dozen,
#     each concern gets a sub-folder of its own;
#   - a C++ source file has at most 600 lines: a file that long holds more than one concern;
#   - core/ stays pure (docs/architecture.md): none of its files includes a GDAL, OGR, CPL, GEOS,
#     Qt, yaml-cpp or libxlsxwriter header.
# Source folders are those of the rooms (bench, cli, core, gis, scenarios, scripts, study, tests,
# viewer), without data: data/, tests/data/, tests/fuzz/corpus/ and tests/golden/yangjiang/ (the
# expected outputs, one file per output table) hold what their formats dictate. Files tracked by git only. Prints each breach and exits 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
rooms=(bench cli core gis scenarios scripts study tests viewer)
while read -r count folder; do
    if ((count > 12)); then
        echo "文件夹超过 12 个文件 / folder holds more than 12 files: $folder ($count)" >&2
        status=1
    fi
done < <(git ls-files "${rooms[@]}" |
    grep -vE '^tests/(data|fuzz/corpus|golden/yangjiang)/' |
    awk -F/ '{ OFS = "/"; NF = NF - 1; print }' | sort | uniq -c)
while IFS= read -r f; do
    lines=$(wc -l <"$f")
    if ((lines > 600)); then
        echo "文件超过 600 行 / file longer than 600 lines: $f ($lines)" >&2
        status=1
    fi
done < <(git ls-files '*.cpp' '*.hpp')
while IFS= read -r hit; do
    echo "core/ 不得包含 I/O 库头文件 / core/ includes an I/O library's header: $hit" >&2
    status=1
done < <(git grep -nE '#include [<"](gdal|ogr|cpl_|geos|Q[A-Z]|Qt|yaml-cpp|xlsxwriter)' -- core/ || true)
if ((status == 0)); then
    echo "==> 布局检查通过 / every folder ≤ 12 files, every C++ file ≤ 600 lines, core/ pure"
fi
exit "$status"
