#!/usr/bin/env bash
# Times `okr status` and `okr check` on a synthetic project of 2,000 objective
# files (8,000 key results, 20 teams, one quarter) made by
# examples/gen_okrs.rs. Uses hyperfine when it is installed
# (`apt-get install hyperfine`), else a loop timed with `date +%s%N`.
#
#   scripts/bench-status.sh            # 2,000 objectives, 10 runs each
#   N_OBJECTIVES=500 RUNS=20 scripts/bench-status.sh
set -euo pipefail

cd "$(dirname "$0")/.."
n="${N_OBJECTIVES:-2000}"
runs="${RUNS:-10}"

echo "== building (release)" >&2
cargo build --release --quiet
cargo build --release --quiet --example gen_okrs
okr="$PWD/target/release/okr"
gen="$PWD/target/release/examples/gen_okrs"

work="$(mktemp -d "${TMPDIR:-/tmp}/okr-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
project="$work/project"
"$gen" "$project" "$n" >&2

# The generated project must be valid: every parent and drives ref resolves.
summary="$("$okr" -C "$project" check --no-history --format json | tail -n 6 | tr -d ' \n')"
case "$summary" in
  *'"errors":0,'*) ;;
  *) echo "the generated project has data errors: $summary" >&2; exit 1 ;;
esac
files="$(find "$project/okrs" -name '*.md' | wc -l | tr -d ' ')"
echo "== $files objective files, $(nproc) CPUs, $("$okr" --version)" >&2

commands=(
  "status --as-of 2026-02-15 --no-history"
  "status --as-of 2026-02-15 --no-history --format json"
  "check --no-history"
  "check --no-history --format json"
)

if command -v hyperfine >/dev/null 2>&1; then
  args=()
  for c in "${commands[@]}"; do
    args+=(--command-name "okr $c" "$okr -C $project $c")
  done
  hyperfine --shell=none --warmup 2 --runs "$runs" --ignore-failure \
    --export-markdown "$work/results.md" "${args[@]}" >&2
  echo
  cat "$work/results.md"
else
  echo "hyperfine not found: timing $runs runs with date +%s%N" >&2
  printf '| Command | Mean [ms] | Min [ms] | Max [ms] |\n|:---|---:|---:|---:|\n'
  for c in "${commands[@]}"; do
    # shellcheck disable=SC2086 # the command line is split on purpose
    "$okr" -C "$project" $c >/dev/null || true # warm-up
    total=0 min="" max=0
    for _ in $(seq "$runs"); do
      start="$(date +%s%N)"
      # shellcheck disable=SC2086
      "$okr" -C "$project" $c >/dev/null || true
      elapsed=$(( ($(date +%s%N) - start) / 1000 ))
      total=$(( total + elapsed ))
      if [ -z "$min" ] || [ "$elapsed" -lt "$min" ]; then min="$elapsed"; fi
      if [ "$elapsed" -gt "$max" ]; then max="$elapsed"; fi
    done
    awk -v c="okr $c" -v t="$total" -v r="$runs" -v lo="$min" -v hi="$max" \
      'BEGIN { printf "| `%s` | %.1f | %.1f | %.1f |\n", c, t / r / 1000, lo / 1000, hi / 1000 }'
  done
fi
