#!/usr/bin/env bash
# Times `okr report` on large synthetic projects and reports page sizes:
#   1. 2,000 objective files without history (examples/gen_okrs.rs);
#   2. 2,000 objective files with N_COMMITS commits of check-ins
#      (examples/gen_history.rs), with history.
# Each run also times `okr check` on the same project, since the report
# includes its findings.
#
#   scripts/bench-report.sh               # 2,000 objectives, 20,000 commits
#   N_OBJECTIVES=500 N_COMMITS=5000 scripts/bench-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n="${N_OBJECTIVES:-2000}"
commits="${N_COMMITS:-20000}"

cargo build --release --quiet
cargo build --release --quiet --example gen_okrs --example gen_history
okr="$PWD/target/release/okr"
work="$(mktemp -d "${TMPDIR:-/tmp}/okr-bench-report.XXXXXX")"
trap 'rm -rf "$work"' EXIT

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
  read -r secs kb < "$work/time"
  printf '%-44s %7.2f s  %6d MB peak\n' "$label" "$secs" "$(( kb / 1024 ))"
}

sizes() { # site folder
  local site=$1
  printf '  pages: %d, total %s\n' "$(find "$site" -name '*.html' | wc -l)" "$(du -sh "$site" | cut -f1)"
  for f in index trees metrics findings; do
    printf '  %-34s %8d bytes\n' "$f.html" "$(wc -c < "$site/$f.html")"
  done
  printf '  %-34s %8d bytes\n' "largest team page" "$(find "$site/teams" -name '*.html' -exec wc -c {} + | grep -v total | sort -n | tail -1 | awk '{print $1}')"
  printf '  %-34s %8d bytes\n' "median objective page" "$(find "$site/objectives" -name '*.html' -exec wc -c {} + | grep -v total | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}

echo "== $n objectives, no history (gen_okrs), $(nproc) CPUs"
"$PWD/target/release/examples/gen_okrs" "$work/flat" "$n" > /dev/null 2>&1
measure "okr check --no-history" "$okr" -C "$work/flat" check --no-history --as-of 2026-02-15
measure "okr report --no-history" "$okr" -C "$work/flat" report --out "$work/flat-site" --no-history --as-of 2026-02-15
sizes "$work/flat-site"

echo "== $n objectives x $commits commits (gen_history), with history"
git init -q -b main "$work/hist"
"$PWD/target/release/examples/gen_history" "$n" "$commits" | git -C "$work/hist" fast-import --quiet
git -C "$work/hist" repack -a -d -f -q --depth=50 --window=10
git -C "$work/hist" reset -q --hard main
measure "okr check" "$okr" -C "$work/hist" check --as-of 2026-02-15
measure "okr report" "$okr" -C "$work/hist" report --out "$work/hist-site" --as-of 2026-02-15
printf '[check.rules]\ncopy-paste-cascade = "off"\n' > "$work/hist/okr.toml"
measure "okr check (copy-paste-cascade off)" "$okr" -C "$work/hist" check --as-of 2026-02-15
measure "okr report (copy-paste-cascade off)" "$okr" -C "$work/hist" report --out "$work/hist-site2" --as-of 2026-02-15
sizes "$work/hist-site"
