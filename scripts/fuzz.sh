#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (libraries instrumented, AddressSanitizer
# and UBSan on) and runs each for a bounded time on a copy of its seed corpus (tests/fuzz/corpus).
# A crash, a leak, a timeout or an out-of-memory stops the script with exit 1 and the input that
# caused it under build/fuzz/artifacts/; make that input a test case (tests/badinput or a unit
# test beside the code) before fixing it.
#
#   scripts/fuzz.sh                 every target, XW_FUZZ_SECONDS each (default 30)
#   scripts/fuzz.sh norms_fuzz      one target
#
# Budget: 4 targets × 30 s of fuzzing after the build. The build (every library instrumented)
# took 6.9 min of CPU and 11 min of wall time here on 2 cores shared with other builds; on 2 free
# cores that is about 3.5 min (CPU time ÷ 2, an estimate). CI (.ci/run) runs it after asan.
set -euo pipefail
export LANG=C.UTF-8
unset LC_ALL

repoRoot="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${XW_FUZZ_BUILD:-$repoRoot/build/fuzz}"
seconds="${XW_FUZZ_SECONDS:-30}"
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(manifest_fuzz norms_fuzz table_fuzz text_fuzz)
fi

for tool in clang-14 clang++-14; do
    command -v "$tool" >/dev/null || {
        echo "错误 / error: $tool 未安装 / is not installed (scripts/setup.sh deps)" >&2
        exit 1
    }
done

echo "==> 构建模糊测试目标 / building the fuzz targets in $build"
CC=clang-14 CXX=clang++-14 cmake -S "$repoRoot" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXW_FUZZ=ON -DXW_BUILD_TESTS=OFF -DXW_BUILD_BENCH=OFF \
    >/dev/null
cmake --build "$build" -j 2 --target "${targets[@]}"

artifacts="$build/artifacts"
mkdir -p "$artifacts"
status=0
for target in "${targets[@]}"; do
    seeds="$repoRoot/tests/fuzz/corpus/${target%_fuzz}"
    work="$(mktemp -d)"
    cp -r "$seeds/." "$work/"
    dict=()
    if [[ -f "$repoRoot/tests/fuzz/${target%_fuzz}.dict" ]]; then
        dict=(-dict="$repoRoot/tests/fuzz/${target%_fuzz}.dict")
    fi
    rm -f "$artifacts/$target-"* # what an earlier run found is not this run's failure
    echo "==> $target: ${seconds} s"
    # Leaks are checked at exit by AddressSanitizer (detect_leaks); one input may take 10 s.
    if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/tests/fuzz/$target" "$work" "${dict[@]}" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/$target-" >"$build/$target.log" 2>&1; then
        echo "错误 / error: $target 发现崩溃 / found a failure; input and log:" >&2
        ls -1 "$artifacts/$target-"* >&2 || true
        tail -40 "$build/$target.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$target.log" |
            sed "s/^/    /"
    fi
    rm -rf "$work"
done
exit "$status"
