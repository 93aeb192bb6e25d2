#!/usr/bin/env bash
# Scale run: every command of okr on the two synthetic worst cases, with wall
# time, peak memory (max RSS) and exit code, as a Markdown table.
#
#   1. history: 2,000 objective files x 50,000 commits (examples/gen_history.rs,
#      repacked like a real repository; the repo of scripts/bench-history.sh);
#   2. quarter: one quarter of 20,000 objectives, 80,000 KRs
#      (examples/gen_okrs.rs), beneath 400 objectives of the year 2026 and 40
#      of the span 2026-2028 (the bet graph of SPEC §11: company quarter
#      objectives name a year KR as parent, year objectives a span KR),
#      committed, then 200 values and one target of the quarter changed in a
#      second commit; a side branch adds a copy of the quarter as 2026-Q2 and
#      of the year as 2027 for `okr diff` of two quarters and of two years;
#   3. shapes that once made `okr check` quadratic (scripts/gen-pathological.py,
#      plain directories, no history): a 10,000-deep `parent` chain, one file
#      with 20,000 and one with 40,000 KRs of distinct titles, and 100,000
#      files of one KR each.
#
#   scripts/bench-scale.sh                  # both
#   OKR_BENCH_REPO=/tmp/h OKR_BENCH_QUARTER=/tmp/q OKR_BENCH_SHAPES=/tmp/s scripts/bench-scale.sh
#                                           # keep and reuse the generated repos
#   OKR_BENCH_ONLY=shapes scripts/bench-scale.sh   # only the third
#   OKR_BENCH_ONLY=quarter (or history): only the second (or the first), with the output guard's run
#                                           after the quarter
#   LIMIT_MB=500 (default): exit 1 when a command's peak exceeds it.
set -euo pipefail
cd "$(dirname "$0")/.."
limit_mb=${LIMIT_MB:-500}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
history_repo=${OKR_BENCH_REPO:-$work/history}
quarter_repo=${OKR_BENCH_QUARTER:-$work/quarter}
shapes_dir=${OKR_BENCH_SHAPES:-$work/shapes}
only=${OKR_BENCH_ONLY:-all}
case $only in
  all | history | quarter | shapes) ;;
  *) echo "OKR_BENCH_ONLY is all, history, quarter or shapes, not $only" >&2; exit 2 ;;
esac
runs() { [ "$only" = all ] || [ "$only" = "$1" ]; } # runs PART: whether this run measures it

cargo build --release --quiet
cargo build --release --quiet --example gen_history --example gen_okrs
okr=$PWD/target/release/okr

git_pinned() { # dir, date, git args...
  local dir=$1 date=$2
  shift 2
  GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date git -C "$dir" -c user.name=bench -c user.email=bench@example.com \
    -c commit.gpgsign=false "$@"
}

if runs history && [ ! -d "$history_repo/.git" ]; then
  echo "generating 2,000 objectives x 50,000 commits in $history_repo" >&2
  git init -q -b main "$history_repo"
  ./target/release/examples/gen_history 2000 50000 | git -C "$history_repo" fast-import --quiet
  git -C "$history_repo" repack -a -d -f -q --depth=50 --window=10
  git -C "$history_repo" commit-graph write --reachable 2>/dev/null || true
  git -C "$history_repo" reset -q --hard main
fi

if runs quarter && [ ! -d "$quarter_repo/.git" ]; then
  echo "generating one quarter of 20,000 objectives (and 400 year, 40 multi-year) in $quarter_repo" >&2
  ./target/release/examples/gen_okrs "$quarter_repo" 20000 400 40 >&2
  git init -q -b main "$quarter_repo"
  git_pinned "$quarter_repo" 2026-01-05T10:00:00Z add -A
  git_pinned "$quarter_repo" 2026-01-05T10:00:00Z commit -q -m "Q1 OKRs"
  # A second commit: 200 check-ins and one moved target.
  find "$quarter_repo/okrs/2026-Q1" -name '*.md' | sort | awk 'NR % 100 == 0' | while read -r f; do
    sed -i '0,/^    current: .*/s//    current: 1/' "$f"
  done
  first=$(find "$quarter_repo/okrs/2026-Q1" -name '*.md' | sort | sed -n 1p)
  sed -i '0,/^    target: .*/s//    target: 99/' "$first"
  git_pinned "$quarter_repo" 2026-02-01T10:00:00Z commit -q -a -m "February check-in"
  git -C "$quarter_repo" checkout -q -b two-quarters
  cp -r "$quarter_repo/okrs/2026-Q1" "$quarter_repo/okrs/2026-Q2"
  cp -r "$quarter_repo/okrs/2026" "$quarter_repo/okrs/2027"
  git_pinned "$quarter_repo" 2026-03-30T10:00:00Z add -A
  git_pinned "$quarter_repo" 2026-03-30T10:00:00Z commit -q -m "Q2 and 2027 drafted as copies"
  git -C "$quarter_repo" checkout -q main
fi

echo "| repo | command | wall | peak | exit |"
echo "|---|---|---:|---:|---:|"
over=0
measure() { # repo label, dir, okr args...
  local label=$1 dir=$2
  shift 2
  local start end code=0
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$okr" -C "$dir" "$@" >/dev/null 2>"$work/stderr" || code=$?
  end=$(date +%s%N)
  if [ "$code" -ge 2 ]; then
    echo "okr $* failed:" >&2
    cat "$work/stderr" >&2
  fi
  local mb=$(($(tail -n 1 "$work/rss") / 1024))
  if [ "$mb" -gt "$limit_mb" ]; then over=1; fi
  local shown="$*"
  shown=${shown//$work\//}
  # shellcheck disable=SC2016 # the backquotes are Markdown
  printf '| %s | `okr %s` | %.2f s | %d MB | %d |\n' "$label" "$shown" \
    "$(echo "($end - $start) / 1000000000" | bc -l)" "$mb" "$code"
}

every_command() { # label, dir, as-of, a KR ref, an older revision
  local label=$1 dir=$2 as_of=$3 kr=$4 old=$5
  measure "$label" "$dir" status --as-of "$as_of"
  measure "$label" "$dir" status --as-of "$as_of" --format json
  measure "$label" "$dir" check --as-of "$as_of"
  measure "$label" "$dir" check --as-of "$as_of" --format json
  measure "$label" "$dir" check --as-of "$as_of" --format sarif
  measure "$label" "$dir" check --as-of "$as_of" --format github --summary "$work/summary.md"
  measure "$label" "$dir" trend
  measure "$label" "$dir" trend --format json
  measure "$label" "$dir" review --as-of "$as_of"
  measure "$label" "$dir" retro 2026-Q1 --as-of "$as_of"
  measure "$label" "$dir" retro 2026-Q1 --as-of "$as_of" --format json
  measure "$label" "$dir" tree
  measure "$label" "$dir" tree --format mermaid
  measure "$label" "$dir" tree --format dot
  measure "$label" "$dir" tree --format json
  measure "$label" "$dir" tree --format markdown
  rm -rf "$work/report"
  measure "$label" "$dir" report --out "$work/report" --as-of "$as_of"
  measure "$label" "$dir" diff "$old" HEAD
  measure "$label" "$dir" diff "$old" HEAD --format json
  measure "$label" "$dir" pr --base "$old" --as-of "$as_of"
  measure "$label" "$dir" pr --base "$old" --as-of "$as_of" --format json
  # --allow-ended: the fixtures' quarters are over by the time the script
  # runs; without it `set` refuses, and the reset below would drop a commit
  # of the fixture instead of the check-in.
  measure "$label" "$dir" set "$kr" 42 --allow-ended
  git -C "$dir" checkout -q -- .
  local head
  head=$(git -C "$dir" rev-parse HEAD)
  measure "$label" "$dir" set "$kr" 43 --commit --allow-ended
  git -C "$dir" reset -q --hard "$head"
  measure "$label" "$dir" new objective --quarter 2026-Q1 --team growth --owner bench bench-new
  git -C "$dir" clean -q -fd okrs
  measure "$label" "$dir" rules
}

if runs history; then
  every_command "history 2,000 x 50,000" "$history_repo" 2026-03-15 2026-Q1/company/objective-00000#kr-0 HEAD~5000
fi
if runs quarter; then
  every_command "quarter 20,000" "$quarter_repo" 2026-02-15 2026-Q1/growth/become-the-obvious-0001#output HEAD~1
  measure "quarter 20,000" "$quarter_repo" diff 2026-Q1 2026-Q2 --rev two-quarters
  measure "quarter 20,000" "$quarter_repo" diff 2026-Q1 2026-Q2 --rev two-quarters --format json
  # The longer horizons above the quarter (SPEC §11).
  measure "quarter 20,000" "$quarter_repo" status --period 2026 --as-of 2026-02-15
  measure "quarter 20,000" "$quarter_repo" status --period 2026-2028 --as-of 2026-02-15 --format json
  measure "quarter 20,000" "$quarter_repo" tree --period 2026 --as-of 2026-02-15
  measure "quarter 20,000" "$quarter_repo" retro 2026 --as-of 2026-02-15
  measure "quarter 20,000" "$quarter_repo" diff 2026 2027 --rev two-quarters
  measure "quarter 20,000" "$quarter_repo" diff 2026 2027 --rev two-quarters --format json
fi

for shape in "chain 10000" "wide 20000" "wide 40000" "files 100000"; do
  runs shapes || break
  read -r kind n <<<"$shape"
  dir=$shapes_dir/$kind-$n
  if [ ! -d "$dir" ]; then
    echo "generating $kind $n in $dir" >&2
    python3 scripts/gen-pathological.py "$kind" "$dir" "$n"
  fi
  measure "$kind $n" "$dir" check --as-of 2026-02-15
done

# --- Output guard (issue 14) -------------------------------------------------
# The cost of escape::guard_output / output::Guarded on the quarter's largest
# outputs, against a raw write: scripts/bench-guard.sh (runs alone too).
if runs quarter; then
  echo
  scripts/bench-guard.sh "$quarter_repo"
fi
# --- end of the output guard section ------------------------------------------

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$over" = 1 ]; then
  echo "a command exceeded ${limit_mb} MB peak" >&2
  exit 1
fi
