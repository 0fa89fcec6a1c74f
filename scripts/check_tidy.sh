#!/usr/bin/env bash
# Runs clang-tidy 14 with the repository's .clang-tidy (viewer/app/, tests/, tests/viewer/app/ and
# bench/ adjust it, each with its reason) and fails on any warning.
#
#   scripts/check_tidy.sh [--preset P] [--list] [--record] [--all | --base REF | FILE...]
#
# --list prints the files of the scope and stops. --record (with --all or the default scope):
# after a clean run, writes the commit checked to scripts/tidy-baseline (commit that file); by the
# default scope's reasoning below, every file is then clean at that commit.
#
# Scope, in this order:
#   --all        every .cpp file of the compile database, in every room (bench/, cli/, core/, gis/,
#                scenarios/, study/, tests/, viewer/): 267 files today;
#   FILE...      these .cpp files (paths from the repository root);
#   --base REF   the .cpp files that differ from REF (committed or not) and that the compile
#                database knows, whatever their room;
#   none of them CI's scope: every .cpp file of core/src and scenarios/src (pure rooms, quick to
#                parse), and beyond them whatever changed since the commit in scripts/tidy-baseline
#                (the last clean --all): each .cpp file changed since then, and for each header
#                changed since then one .cpp file of its room that includes it. The other rooms'
#                files include GDAL, GEOS, Qt or every room's headers and take too long to check
#                all on every run; a file that has not changed since a clean --all cannot have
#                gained a warning but through a header, and a changed header is checked through
#                a file that includes it. Without that commit in the clone (a shallow clone) the
#                script fails and says so.
# Diagnostics are shown for those files and for the headers of their rooms (core/, scenarios/;
# otherwise the rooms of the files checked).
#
# Needs build/P/compile_commands.json (P = debug by default, the preset CI builds first; the
# presets export it) and clang-tidy-14 (scripts/setup.sh installs it). Runs run-clang-tidy-14
# with 2 jobs when it is installed, else clang-tidy-14 through xargs -P 2.
#
# Times, debug preset, measured once each with `time` on the 2-core machine:
#   core/ and scenarios/ (59 files): 4 min 47 s wall for 9 min 27 s of CPU, the cores free but for
#     this run (load average 0.4 before, 1.9 after); about 10 s of CPU per file. A file of the
#     other rooms takes 15–25 s of CPU (study/src/allocation_step.cpp: 23 s, of which the checks
#     12 s and parsing the rest).
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
record=false
list=false
files=()
while (($# > 0)); do
    case "$1" in
    --preset) preset="${2:?--preset needs a name}" && shift 2 ;;
    --base) base="${2:?--base needs a git ref}" && shift 2 ;;
    --all) all=true && shift ;;
    --record) record=true && shift ;;
    --list) list=true && shift ;;
    -h | --help) sed -n '2,41p' "$0" | sed 's/^# \{0,1\}//' && exit 0 ;;
    -*) echo "错误 / error: 未知选项 / unknown option $1" >&2 && exit 2 ;;
    *) files+=("$1") && shift ;;
    esac
done
if [[ "$all" == true ]] && { [[ -n "$base" ]] || ((${#files[@]} > 0)); }; then
    echo "错误 / error: --all 不能与 --base 或文件同用 / --all takes no --base and no FILE" >&2
    exit 2
fi
if [[ "$record" == true ]] && { [[ -n "$base" ]] || ((${#files[@]} > 0)); }; then
    echo "错误 / error: --record 只能与 --all 或默认范围同用 / --record goes with --all or the" \
        "default scope" >&2
    exit 2
fi
baselineFile=scripts/tidy-baseline

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
    clean="$(sed -n 's/^commit \([0-9a-f]\{40\}\).*/\1/p' "$baselineFile" 2>/dev/null || true)"
    if [[ -z "$clean" ]] || ! git rev-parse --verify --quiet "$clean^{commit}" >/dev/null; then
        echo "错误 / error: $baselineFile 所记提交不在本克隆中 / the commit recorded in" \
            "$baselineFile (${clean:-none}) is not in this clone: fetch the full history" \
            "(git fetch --unshallow) or run scripts/check_tidy.sh --all" >&2
        exit 1
    fi
    if [[ -n "$(git diff --name-only "$clean" -- .clang-tidy '*/.clang-tidy')" ]]; then
        echo "错误 / error: .clang-tidy 自 ${clean:0:10} 起有改动, 每个文件都须重查 / a" \
            ".clang-tidy changed since ${clean:0:10}: every file must be checked again:" \
            "scripts/check_tidy.sh --all --record" >&2
        exit 1
    fi
    echo "==> 全部文件无警告的提交 / last clean commit ${clean:0:10} (scripts/tidy-baseline); 其后改动的文件 / files changed since:"
    outside='^(core|scenarios)/'
    # Files changed since the clean commit, committed or not (deleted ones left out).
    mapfile -t changed < <(git diff --name-only --diff-filter=d "$clean" -- '*.cpp' '*.hpp' |
        grep -vE "$outside" || true)
    for f in "${changed[@]}"; do
        if [[ "$f" == *.cpp ]]; then
            scope+=("$f")
            echo "    $f"
            continue
        fi
        # A header: the first file of its room that includes it by its name.
        room="${f%%/*}"
        name="$(basename "$f")"
        user="$(printf '%s\n' "${known[@]}" | grep "^$room/.*\.cpp$" | sort |
            while IFS= read -r c; do
                if grep -qE "#include [<\"]([^>\"]*/)?$name[>\"]" "$c"; then
                    echo "$c"
                    break
                fi
            done)"
        if [[ -n "$user" ]]; then
            scope+=("$user")
            echo "    $f (through $user)"
        else
            echo "    $f (没有文件包含它 / no file of its room includes it)"
        fi
    done
    mapfile -t scope < <(printf '%s\n' "${scope[@]}" | sort -u)
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
if [[ "$list" == true ]]; then
    printf '%s\n' "${selected[@]}"
    exit 0
fi
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
if [[ "$record" == true ]]; then
    head="$(git rev-parse HEAD)"
    if [[ -n "$(git status --porcelain -- '*.cpp' '*.hpp' .clang-tidy '*/.clang-tidy')" ]]; then
        echo "错误 / error: 有未提交的源文件改动, 未记录 / uncommitted source changes: nothing" \
            "recorded (commit first, then run again with --record)" >&2
        exit 1
    fi
    how="--all"
    [[ "$all" == true ]] || how="the default scope (what changed since ${clean:0:10})"
    printf 'commit %s\n# The last commit at which every C++ file was clean: scripts/check_tidy.sh passed on\n# %s, %s files, %s.\n# CI checks core/, scenarios/ and what changed since.\n' \
        "$head" "$how" "${#selected[@]}" "$(date -u +%Y-%m-%d)" >"$baselineFile"
    echo "==> 已记录 / recorded $head in $baselineFile: commit it"
fi
