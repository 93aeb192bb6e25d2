#!/usr/bin/env bash
# The output guard's cost (issue 14): every byte okr prints passes
# escape::guard_output (output::Guarded when streamed). This captures the
# largest outputs of `okr check` and `okr status` on a quarter of N
# objectives, times each command end to end, then measures the guard alone
# on the captured bytes against a raw write (examples/bench_guard.rs).
#
#   scripts/bench-guard.sh [QUARTER_REPO] [N_OBJECTIVES]
#
# Without QUARTER_REPO (or when it does not exist yet) a quarter of
# N_OBJECTIVES (default 20,000) is generated there, committed, so the
# history is read as in CI. scripts/bench-scale.sh calls this with its
# quarter repository.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:-}
n=${2:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$repo" ]; then repo=$work/quarter; fi

cargo build --release --quiet
cargo build --release --quiet --example gen_okrs --example bench_guard
okr=$PWD/target/release/okr

if [ ! -d "$repo/.git" ]; then
  echo "generating one quarter of $n objectives in $repo" >&2
  ./target/release/examples/gen_okrs "$repo" "$n" >&2
  git init -q -b main "$repo"
  GIT_AUTHOR_DATE=2026-01-05T10:00:00Z GIT_COMMITTER_DATE=2026-01-05T10:00:00Z \
    git -C "$repo" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false add -A
  GIT_AUTHOR_DATE=2026-01-05T10:00:00Z GIT_COMMITTER_DATE=2026-01-05T10:00:00Z \
    git -C "$repo" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false commit -q -m Q1
fi

echo "| command | output | wall |"
echo "|---|---:|---:|"
capture() { # name, okr args...
  local name=$1 start end
  shift
  start=$(date +%s%N)
  "$okr" -C "$repo" "$@" >"$work/$name" 2>/dev/null || true
  end=$(date +%s%N)
  # shellcheck disable=SC2016 # the backquotes are Markdown
  printf '| `okr %s` | %.1f MB | %.2f s |\n' "$*" "$(echo "$(stat -c %s "$work/$name") / 1000000" | bc -l)" \
    "$(echo "($end - $start) / 1000000000" | bc -l)"
}
capture check.txt check --as-of 2026-02-15
capture check.json check --as-of 2026-02-15 --format json
capture check.sarif check --as-of 2026-02-15 --format sarif
capture check.github check --as-of 2026-02-15 --format github
capture check.md check --as-of 2026-02-15 --format markdown
capture status.json status --as-of 2026-02-15 --format json
capture status.md status --as-of 2026-02-15 --format markdown
echo
./target/release/examples/bench_guard "$work"/check.txt "$work"/check.json "$work"/check.sarif \
  "$work"/check.github "$work"/check.md "$work"/status.json "$work"/status.md
echo
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
