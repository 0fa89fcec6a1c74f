#!/usr/bin/env bash
# Runs clang-tidy 14 with the repository's .clang-tidy (viewer/app/, tests/, tests/viewer/app/ and
# bench/ adjust it, each with its reason) and fails on any warning. CI runs the default scope;
# the whole tree (--all) takes longer than the CI budget.
#
#   scripts/check_tidy.sh [--preset P] [--all | --base REF | FILE...]
#
# Scope, in this order:
#   --all        every .cpp file of the compile database, in every room (bench/, cli/, core/, gis/,
#                scenarios/, study/, tests/, viewer/): 261 files today;
#   FILE...      these .cpp files (paths from the repository root);
#   --base REF   the .cpp files that differ from REF (committed or not) and that the compile
#                database knows, whatever their room;
#   none of them the default scope, CI's: every .cpp file of core/src and scenarios/src (59
#                files), pure rooms quick to parse. study/, gis/, cli/, viewer/, tests/ and bench/
#                are left out for time: their files include GDAL, GEOS, Qt or every room's
#                headers (one run of study/, gis/, cli/ and viewer/ with allocation/ and siting/,
#                142 files, took 38 min of CPU); check them with --all or --base.
# Diagnostics are shown for those files and for the headers of their rooms (core/, scenarios/;
# otherwise the rooms of the files checked).
#
# Needs build/P/compile_commands.json (P = debug by default, the preset CI builds first; the
# presets export it) and clang-tidy-14 (scripts/setup.sh installs it). Runs run-clang-tidy-14
# with 2 jobs when it is installed, else clang-tidy-14 through xargs -P 2.
#
# Times, debug preset, measured once each with `time` on the 2-core machine:
#   default scope (59 files): 4 min 47 s wall for 9 min 27 s of CPU, the cores free but for this
#     run (load average 0.4 before, 1.9 after); about 10 s of CPU per file. Before siting/ was
#     rewritten: 9 min 6 s of CPU with it and 7 min 0 s without its 13 files, so siting/ costs
#     about 2 min of CPU.
#   --all (261 files, before siting/ was rewritten): 47 min 50 s wall for 75 min 5 s of CPU, the
#     cores partly shared (load average 2-3.7); about 38 min when the two cores are free.
#
# Exit status: 0 without a warning, 1 with any warning or when clang-tidy fails, 2 on bad usage.
set -euo pipefail
export LANG=C.UTF-8
unset LC_ALL
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

preset=debug
base=""
all=false
files=()
while (($# > 0)); do
    case "$1" in
    --preset) preset="${2:?--preset needs a name}" && shift 2 ;;
    --base) base="${2:?--base needs a git ref}" && shift 2 ;;
    --all) all=true && shift ;;
    -h | --help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//' && exit 0 ;;
    -*) echo "错误 / error: 未知选项 / unknown option $1" >&2 && exit 2 ;;
    *) files+=("$1") && shift ;;
    esac
done
if [[ "$all" == true ]] && { [[ -n "$base" ]] || ((${#files[@]} > 0)); }; then
    echo "错误 / error: --all 不能与 --base 或文件同用 / --all takes no --base and no FILE" >&2
    exit 2
fi

tidy="$(command -v clang-tidy-14 || true)"
[[ -n "$tidy" ]] || {
    echo "错误 / error: clang-tidy-14 未安装 / is not installed (scripts/setup.sh deps)" >&2
    exit 1
}
db="build/$preset/compile_commands.json"
[[ -f "$db" ]] || {
    echo "错误 / error: 找不到 / no $db: 先配置预设 / configure first: cmake --preset $preset" >&2
    exit 1
}

# Every source file of the compile database, relative to the root.
mapfile -t known < <(python3 - "$db" "$root" <<'EOF'
import json, os, sys
root = sys.argv[2]
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    if path.startswith(root + "/") and "/build/" not in path[len(root):]:
        print(os.path.relpath(path, root))
EOF
)

scope=()
if [[ "$all" == true ]]; then
    mapfile -t scope < <(printf '%s\n' "${known[@]}" | grep '\.cpp$' | sort -u)
elif ((${#files[@]} > 0)); then
    scope=("${files[@]}")
elif [[ -n "$base" ]]; then
    git rev-parse --verify --quiet "$base^{commit}" >/dev/null || {
        echo "错误 / error: 未知的 git 引用 / unknown git ref: $base" >&2
        exit 2
    }
    mapfile -t scope < <(git diff --name-only --diff-filter=d "$base" -- '*.cpp')
else
    mapfile -t scope < <(git ls-files 'core/src/*.cpp' 'scenarios/src/*.cpp')
fi

# Only files the compile database knows can be checked (a new file needs a re-configure).
declare -A inDb=()
for k in "${known[@]}"; do
    inDb["$k"]=1
done
selected=()
for f in "${scope[@]}"; do
    if [[ -n "${inDb[$f]:-}" ]]; then
        selected+=("$f")
    else
        echo "==> 跳过，不在 $db 中 / skipped, not in $db: $f"
    fi
done
if ((${#selected[@]} == 0)); then
    echo "==> clang-tidy: 范围内没有文件 / no file in scope"
    exit 0
fi

# Headers are reported for the rooms of the files checked.
rooms="$(printf '%s\n' "${selected[@]}" | cut -d/ -f1 | sort -u | paste -sd'|')"
headerFilter="^${root}/(${rooms})/"
# The compile commands are GCC's: clang does not know some of its warning options.
extra=(-extra-arg=-Wno-unknown-warning-option)

echo "==> clang-tidy-14: ${#selected[@]} 个文件 / files (${rooms}), build/${preset}"
start="$(date +%s)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
rc=0
if command -v run-clang-tidy-14 >/dev/null 2>&1; then
    regexes=()
    for f in "${selected[@]}"; do
        regexes+=("^$(printf '%s' "$root/$f" | sed 's/[][\.*^$+?(){}|]/\\&/g')\$")
    done
    run-clang-tidy-14 -clang-tidy-binary "$tidy" -p "build/$preset" -j 2 -quiet \
        -header-filter "$headerFilter" "${extra[@]}" "${regexes[@]}" >"$log" 2>&1 || rc=$?
else
    printf '%s\n' "${selected[@]}" |
        xargs -P 2 -n 4 "$tidy" -p "build/$preset" --quiet --header-filter="$headerFilter" \
            "${extra[@]}" >"$log" 2>&1 || rc=$?
fi

# A diagnostic line: path:line:column: warning|error: text [check], without the colours that
# run-clang-tidy asks for. Each is shown once, its path normalised (a header's warning comes once
# per file that includes it, and as dir/../header.hpp from a subfolder's files).
mapfile -t found < <(sed 's/\x1b\[[0-9;]*m//g' "$log" |
    grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' |
    python3 -c 'import os, sys
for line in sys.stdin:
    path, sep, rest = line.partition(":")
    sys.stdout.write(os.path.normpath(path) + sep + rest)' | sort -u || true)
took=$(($(date +%s) - start))
if ((${#found[@]} > 0)); then
    printf '%s\n' "${found[@]}"
    echo "错误 / error: clang-tidy 报告 ${#found[@]} 处问题 / reported ${#found[@]} problems" \
        "(${took} s); 见上 / see above" >&2
    exit 1
fi
if ((rc != 0)); then
    cat "$log" >&2
    echo "错误 / error: clang-tidy 失败 / failed (exit code $rc, ${took} s)" >&2
    exit 1
fi
echo "==> clang-tidy 通过 / passed: ${#selected[@]} 个文件无警告 / files without a warning (${took} s)"
