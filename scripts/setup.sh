#!/usr/bin/env bash
# Sets up a Debian 12 (bookworm) machine for Xuewei, builds it and runs it or its tests.
#
#   scripts/setup.sh deps              install the Debian packages the project needs, nothing else
#   scripts/setup.sh run [ARGS...]     deps, build the `headless` preset, run `xuewei run --out out ARGS`
#   scripts/setup.sh test              deps, build the `debug` preset, run `ctest --preset debug`
#   scripts/setup.sh bench [TARGET...] deps, build the benchmark programs (all, or the named ones)
#                                      in the `release` preset, list them; docs/performance.md
#                                      says how each is run and what it measured
#
# Environment: XW_WARNINGS_AS_ERRORS=1 configures with -DXW_WARNINGS_AS_ERRORS=ON (CI does this).
# Only packages that dpkg reports as missing are installed; `apt-get update` runs only then.
set -euo pipefail

# Chinese progress lines need a UTF-8 locale; C.UTF-8 ships with libc on Debian 12, even on a
# minimal system without the `locales` package.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
*UTF-8* | *utf8* | *UTF8* | *utf-8*) ;;
*) export LANG=C.UTF-8 && unset LC_ALL ;;
esac

readonly kPackages=(
    build-essential cmake ninja-build pkg-config git ca-certificates python3 python3-jsonschema
    python3-yaml
    libgdal-dev gdal-bin libgeos-dev libxlsxwriter-dev libyaml-cpp-dev libcli11-dev libfmt-dev libeigen3-dev
    liblemon-dev libgtest-dev libgmock-dev libbenchmark-dev glpk-utils coinor-cbc
    qt6-base-dev qt6-svg-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-l10n-tools
    qt6-translations-l10n
    libgl-dev xvfb xauth
    fonts-noto-cjk fonts-wqy-microhei fonts-dejavu-core poppler-utils
    clang-format-14
    # scripts/check_tidy.sh (CI runs it): clang-tidy-14, with run-clang-tidy-14.
    clang-tidy-14
    # scripts/fuzz.sh (CI runs it): clang-14, and libclang-rt-14-dev for libclang_rt.fuzzer and
    # clang's AddressSanitizer/UBSan runtimes (clang only recommends it, and recommends are not
    # installed). libfuzzer-14-dev is not needed: it holds the standalone libFuzzer.a, which
    # -fsanitize=fuzzer does not use.
    clang-14 libclang-rt-14-dev
)

repoRoot="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repoRoot

say() { printf '==> %s\n' "$*"; }
fail() {
    printf '错误 / error: %s\n' "$*" >&2
    exit 1
}

usage() {
    cat <<'EOF'
用法 / usage: scripts/setup.sh <deps|run|test|bench> [xuewei run 的参数或基准目标 / args for `xuewei run` or benchmark targets...]
  deps   只安装依赖包 / install the Debian packages only
  run    安装依赖、构建 headless 预设并在内置数据集上运行 xuewei run（输出到 out/）
         / install, build the `headless` preset and run `xuewei run` on the embedded dataset (to out/)
  test   安装依赖、构建 debug 预设并运行全部测试
         / install, build the `debug` preset and run every test with ctest
  bench  安装依赖、在 release 预设中构建基准程序（全部或指定的目标）
         / install, build the benchmark programs (all, or the targets named) in the `release` preset
环境变量 / environment: XW_WARNINGS_AS_ERRORS=1 → -DXW_WARNINGS_AS_ERRORS=ON
EOF
}

# runOr MESSAGE COMMAND...: runs COMMAND; on failure prints MESSAGE and exits with its status.
runOr() {
    local message="$1" rc=0
    shift
    "$@" || rc=$?
    if ((rc != 0)); then
        printf '错误 / error: %s（退出码 / exit code %d）\n' "$message" "$rc" >&2
        exit "$rc"
    fi
}

# Seconds since the epoch, for the timing lines.
now() { date +%s; }

installDeps() {
    local start
    start="$(now)"
    say "检查依赖包 / checking Debian packages"
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        printf '%s\n' \
            "错误：未找到 apt-get。本脚本只支持 Debian 12 (bookworm)。请用本系统的包管理器安装以下包（或同等包）：" \
            "error: apt-get not found. This script supports Debian 12 (bookworm) only. Install these packages (or their equivalents) with your system's package manager:" \
            "  ${kPackages[*]}" >&2
        exit 1
    fi

    local missing=() pkg status
    for pkg in "${kPackages[@]}"; do
        status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
        if [[ "$status" != "installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        say "依赖已齐全 / all ${#kPackages[@]} packages already installed"
        return 0
    fi

    local asRoot=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            asRoot=(sudo)
        else
            fail "需要 root 权限安装以下包，但未找到 sudo；请以 root 运行 / root is needed to install these packages and sudo is missing; run as root: ${missing[*]}"
        fi
    fi

    say "安装 ${#missing[@]} 个缺少的包 / installing ${#missing[@]} missing packages: ${missing[*]}"
    "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
        fail "apt-get update 失败 / apt-get update failed"
    "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${missing[@]}" ||
        fail "安装失败 / apt-get install failed for: ${missing[*]}"
    say "依赖安装完成，用时 $(($(now) - start)) 秒 / packages installed in $(($(now) - start)) s"
}

warningFlag() {
    case "${XW_WARNINGS_AS_ERRORS:-0}" in
    1 | ON | on | true | TRUE | yes) echo "-DXW_WARNINGS_AS_ERRORS=ON" ;;
    *) echo "-DXW_WARNINGS_AS_ERRORS=OFF" ;;
    esac
}

# configureAndBuild PRESET [extra cmake --build args...]
configureAndBuild() {
    local preset="$1"
    shift
    local start
    start="$(now)"
    cd "$repoRoot"
    # A build folder configured before the presets named Ninja cannot be reconfigured with it.
    local cache="build/$preset/CMakeCache.txt"
    if [[ -f "$cache" ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$cache"; then
        say "build/${preset} 用的是其他生成器，重新配置 / build/${preset} used another generator; reconfiguring"
        rm -rf "build/$preset/CMakeCache.txt" "build/$preset/CMakeFiles"
    fi
    say "配置 CMake 预设 ${preset} / configuring CMake preset ${preset} ($(warningFlag))"
    runOr "CMake 配置失败 / CMake configure failed: preset ${preset}" \
        cmake --preset "$preset" "$(warningFlag)"
    say "构建 ${preset}（2 个并行任务）/ building ${preset} with 2 jobs"
    runOr "构建失败，见上面的编译错误 / build failed, see the compiler errors above: preset ${preset}" \
        cmake --build --preset "$preset" -j 2 "$@"
    say "构建完成，用时 $(($(now) - start)) 秒 / built in $(($(now) - start)) s"
}

cmdRun() {
    installDeps
    configureAndBuild headless --target xuewei
    local exe="$repoRoot/build/headless/cli/xuewei"
    [[ -x "$exe" ]] || fail "找不到程序 / program not found: $exe"

    # The caller may name its own output folder; otherwise write to out/ in the checkout.
    local outDir="out" ownOut=0 args=() arg prev=""
    for arg in "$@"; do
        if [[ "$prev" == "--out" ]]; then
            outDir="$arg" && ownOut=1
        elif [[ "$arg" == --out=* ]]; then
            outDir="${arg#--out=}" && ownOut=1
        fi
        prev="$arg"
    done
    ((ownOut)) || args=(--out out)
    args+=("$@")

    say "运行 / running: build/headless/cli/xuewei run ${args[*]}"
    runOr "xuewei run 失败 / xuewei run failed" "$exe" run "${args[@]}"
    case "$outDir" in /*) ;; *) outDir="$repoRoot/$outDir" ;; esac
    say "输出已写入 / outputs written to: $outDir"
    if [[ -d "$outDir" ]]; then
        (cd "$outDir" && find . -maxdepth 1 -type f | sort | sed 's|^\./|    |')
    fi
}

cmdTest() {
    installDeps
    configureAndBuild debug
    local start
    start="$(now)"
    say "运行测试 / running tests: ctest --preset debug"
    runOr "有测试失败 / some tests failed (ctest --preset debug)" ctest --preset debug
    say "测试全部通过，用时 $(($(now) - start)) 秒 / all tests passed in $(($(now) - start)) s"
}

cmdBench() {
    installDeps
    local targets=("$@")
    ((${#targets[@]})) || targets=(benchmarks)
    configureAndBuild release --target "${targets[@]}"
    say "基准程序 / benchmark programs (build/release/bench):"
    (cd "$repoRoot/build/release/bench" && find . -maxdepth 1 -type f -executable | sort |
        sed 's|^\./|    |')
    say "各程序的用法与结果见 docs/performance.md / how to run each and its figures: docs/performance.md"
}

main() {
    local cmd="${1:-}"
    case "$cmd" in
    deps) installDeps ;;
    run) shift && cmdRun "$@" ;;
    test) cmdTest ;;
    bench) shift && cmdBench "$@" ;;
    -h | --help | help) usage ;;
    *)
        usage >&2
        exit 2
        ;;
    esac
}

main "$@"
