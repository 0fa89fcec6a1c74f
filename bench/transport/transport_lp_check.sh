#!/usr/bin/env bash
# Independent exact check of xw::core::solveTransport: writes the full LP (every point–facility
# pair, the same integer-centimetre costs) of seeded instances and solves it with COIN-OR CBC
# (Debian coinor-cbc), falling back to GLPK's glpsol (glpk-utils); objectives must be equal.
#   bench/transport/transport_lp_check.sh [POINTSxFACILITIES:RATIO ...]   default 5000x200 at 0.9, 1.0, 1.1
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${XW_BENCH_BUILD:-$root/build/release}"
if [ -z "${XW_BENCH_BUILD:-}" ]; then
  bash "$root/scripts/setup.sh" bench transport_compare >/dev/null # the release preset's tree
else
  cmake --build "$build" -j2 --target transport_compare >/dev/null
fi
bin="$build/bench/transport_compare"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
specs=("$@")
[ ${#specs[@]} -eq 0 ] && specs=(5000x200:0.9 5000x200:1.0 5000x200:1.1)
status=0
for spec in "${specs[@]}"; do
  nm="${spec%%:*}"; ratio="${spec##*:}"; n="${nm%%x*}"; m="${nm##*x}"
  ours="$("$bin" "$n" "$m" 1 lp 16 "$ratio" "$work/t.lp" | sed -n 's/.*objective_cm=\([0-9]*\).*/\1/p')"
  if command -v cbc >/dev/null; then
    cbc "$work/t.lp" solve solu "$work/t.sol" >/dev/null 2>&1
    # The solution file prints the objective in full (the log rounds it to 8 digits).
    ref="$(sed -n 's/^Optimal - objective value *\([0-9.e+]*\).*/\1/p' "$work/t.sol" | head -n1)"
    tool=cbc
  else
    glpsol --lp "$work/t.lp" -o "$work/t.txt" >/dev/null
    ref="$(sed -n 's/^Objective: *obj = \([0-9.e+]*\).*/\1/p' "$work/t.txt")"
    tool=glpsol
  fi
  ref_int="$(awk -v r="$ref" 'BEGIN { printf "%.0f", r }')"
  verdict=equal; [ "$ref_int" = "$ours" ] || { verdict=DIFFERENT; status=1; }
  echo "$spec ours=$ours $tool=$ref_int $verdict"
done
exit $status
