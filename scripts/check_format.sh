#!/usr/bin/env bash
# Checks that every C++ file of the repository is formatted as .clang-format says (clang-format 14,
# installed by scripts/setup.sh). Prints the files that are not and exits 1; fix them with
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format-14 -i
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
format="$(command -v clang-format-14 || command -v clang-format || true)"
[[ -n "$format" ]] || { echo "错误 / error: clang-format-14 未安装 / is not installed (scripts/setup.sh deps)" >&2; exit 1; }
bad=()
while IFS= read -r f; do
    "$format" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files '*.cpp' '*.hpp')
if ((${#bad[@]} > 0)); then
    printf '未按 .clang-format 格式化 / not formatted as .clang-format says:\n' >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "==> 格式检查通过 / every C++ file is formatted ($(git ls-files '*.cpp' '*.hpp' | wc -l) files)"
