#!/usr/bin/env bash
# History benchmark: `okr trend --format json` for every KR versus
# `git log -p -- okrs/` on the same synthetic repository, packed like a real
# one (`git repack -adf --depth=50`, as `git gc --aggressive` would, so delta
# chains are up to 50 deep; never a fresh fast-import pack).
#
#   scripts/bench-history.sh [N_OBJECTIVES] [N_COMMITS]    (default 2000 50000)
#
# Prints wall time and peak memory (max RSS) of each command.
set -euo pipefail
cd "$(dirname "$0")/.."
objectives=${1:-2000}
commits=${2:-50000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# OKR_BENCH_REPO=DIR keeps the generated repository in DIR and reuses it.
repo=${OKR_BENCH_REPO:-$work/repo}

cargo build --release --quiet
cargo build --release --quiet --example gen_history
if [ ! -d "$repo/.git" ]; then
  echo "generating $objectives objectives x $commits commits in $repo"
  git init -q -b main "$repo"
  ./target/release/examples/gen_history "$objectives" "$commits" | git -C "$repo" fast-import --quiet
  git -C "$repo" repack -a -d -f -q --depth=50 --window=10
  git -C "$repo" commit-graph write --reachable 2>/dev/null || true
  git -C "$repo" reset -q --hard main
fi
du -sh "$repo/.git" | sed 's/^/pack size: /'

measure() { # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$@" > /dev/null
  end=$(date +%s%N)
  printf '%-34s %8.2f s  %6d MB peak\n' "$label" "$(echo "($end - $start) / 1000000000" | bc -l)" "$(( $(cat "$work/rss") / 1024 ))"
}

okr=$PWD/target/release/okr
cd "$repo"
for run in 1 2; do
  echo "run $run"
  measure "git log -p -- okrs/" git log -p -- okrs/
  measure "okr trend --format json" "$okr" trend --format json
  measure "okr status --as-of 2026-03-15" "$okr" status --as-of 2026-03-15
  measure "okr check --as-of 2026-03-15" "$okr" check --as-of 2026-03-15
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
