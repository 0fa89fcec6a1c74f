#!/usr/bin/env bash
# Builds transport_compare (release preset) and runs the capacitated assignment solver (xw::core::solveTransport)
# and LEMON 1.3 NetworkSimplex / CostScaling side by side on identical seeded instances, each in
# its own process under /usr/bin/time -v (peak RSS), then prints time ratios.
#   bench/transport/run_transport_bench.sh [sizes...]      sizes as POINTSxFACILITIES[:RATIO], e.g. 50000x1000:1.1
# Environment: XW_BENCH_BUILD (an already configured build dir; default: the release preset's,
# built by scripts/setup.sh bench), XW_BENCH_NS=1 to also
# run NetworkSimplex (slow), XW_BENCH_SOLVERS="ours cs+" to choose, XW_BENCH_TIMEOUT seconds per run (default 900), XW_BENCH_K (16),
# XW_TRANSPORT_THREADS (our solver's threads, default all cores). Our runs also print a per-phase time line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${XW_BENCH_BUILD:-$root/build/release}"
timeout_s="${XW_BENCH_TIMEOUT:-900}"
k="${XW_BENCH_K:-16}"
if [ -z "${XW_BENCH_BUILD:-}" ]; then
  # The release preset's tree, configured and built by the setup script like every benchmark.
  bash "$root/scripts/setup.sh" bench transport_compare >/dev/null
else
  cmake --build "$build" -j2 --target transport_compare >/dev/null
fi
bin="$build/bench/transport_compare"
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(50000x1000:1.1 50000x1000:0.9 300000x1000:1.1)
fi
run() { # which n m ratio → prints "seconds objective rss_kb cpu_seconds"
  local log
  log="$(mktemp)"
  if /usr/bin/time -v timeout "$timeout_s" "$bin" "$2" "$3" 1 "$1" "$k" "$4" >"$log.out" 2>"$log"; then
    :
  fi
  local line secs obj rss cpu
  line="$(head -n1 "$log.out")"
  secs="$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$line")"
  cpu="$(sed -n 's/.*cpu_seconds=\([0-9.]*\).*/\1/p' <<<"$line")"
  obj="$(sed -n 's/.*objective_cm=\([0-9-]*\).*/\1/p' <<<"$line")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$log")"
  cat "$log.out" >&2
  rm -f "$log" "$log.out"
  echo "${secs:-timeout} ${obj:-?} ${rss:-?} ${cpu:--}"
}
printf '%-18s %-14s %10s %10s %16s %10s\n' instance solver seconds cpu_s objective_cm rss_MiB
for spec in "${sizes[@]}"; do
  nm="${spec%%:*}"; ratio="1.0"; [[ "$spec" == *:* ]] && ratio="${spec##*:}"
  n="${nm%%x*}"; m="${nm##*x}"
  # cs: LEMON on the k-nearest graph (may be suboptimal over all pairs); cs+: the same graph plus
  # the support of our optimum, so LEMON's optimum equals the all-pairs optimum (equal terms).
  solvers=(ours cs cs+); [ "${XW_BENCH_NS:-0}" = 1 ] && solvers+=(ns+)
  [ -n "${XW_BENCH_SOLVERS:-}" ] && read -r -a solvers <<<"$XW_BENCH_SOLVERS"
  declare -A secs=() objs=()
  for s in "${solvers[@]}"; do
    read -r t o r c < <(run "$s" "$n" "$m" "$ratio")
    secs[$s]="$t"; objs[$s]="$o"
    printf '%-18s %-14s %10s %10s %16s %10s\n' "$spec" "$s" "$t" "$c" "$o" \
      "$([ "$r" != "?" ] && echo $((r / 1024)) || echo '?')"
  done
  for s in "${solvers[@]}"; do
    [ "$s" = ours ] && continue
    if [[ "${secs[$s]:-timeout}" != timeout && "${secs[ours]:-timeout}" != timeout ]]; then
      awk -v a="${secs[$s]}" -v b="${secs[ours]}" -v s="$s" -v oa="${objs[$s]}" -v ob="${objs[ours]}" \
        'BEGIN { printf "  ratio lemon-%s / ours = %.2f (wall); objective lemon - ours(all pairs) = %d cm\n", s, a / b, oa - ob }'
    fi
  done
  unset secs objs
done
