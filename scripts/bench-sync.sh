#!/usr/bin/env bash
# Times `okr sync` of 2,000 key results (500 objective files of 4 KRs, one
# quarter) from one SQLite query and from one CSV file, with peak memory,
# through /usr/bin/time -v on the release build. Each case runs on a fresh
# checkout of the same commit: a dry run, a run that writes every value,
# and a run with --commit (one commit of the 500 files).
#
#   scripts/bench-sync.sh                  # 2,000 KRs, 3 runs per case
#   N_KRS=400 RUNS=5 scripts/bench-sync.sh
set -euo pipefail

cd "$(dirname "$0")/.."
n="${N_KRS:-2000}"
runs="${RUNS:-3}"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "== building (release)" >&2
cargo build --release --quiet
okr="$PWD/target/release/okr"

work="$(mktemp -d "${TMPDIR:-/tmp}/okr-bench-sync.XXXXXX")"
trap 'rm -rf "$work"' EXIT
project="$work/project"

# The project: KR i has the metric `metric-i` and current value i; the
# sources give every KR the value i + 0.5, so every value changes.
python3 - "$project" "$n" <<'PY'
import csv, os, sqlite3, sys

root, n = sys.argv[1], int(sys.argv[2])
per_file = 4
for f in range((n + per_file - 1) // per_file):
    team = f"team-{f % 20:02d}"
    folder = os.path.join(root, "okrs", "2026-Q4", team)
    os.makedirs(folder, exist_ok=True)
    lines = ["---", f"owner: owner-{f}", "key_results:"]
    for k in range(per_file):
        i = f * per_file + k
        if i >= n:
            break
        lines += [
            f"  - id: kr-{k}",
            f"    title: Raise measured value number {i} from {i} to {i + 10} this quarter",
            f"    metric: metric-{i}",
            f"    baseline: {i}",
            f"    target: {i + 10}",
            f"    current: {i}   # last week's reading",
        ]
    lines += ["---", f"# Objective {f} of {team}", ""]
    with open(os.path.join(folder, f"objective-{f:04d}.md"), "w", encoding="utf-8") as out:
        out.write("\n".join(lines))
os.makedirs(os.path.join(root, "data"), exist_ok=True)
db = sqlite3.connect(os.path.join(root, "data", "metrics.db"))
db.execute("create table readings (metric text, value real, week text)")
db.executemany("insert into readings values (?, ?, ?)", [(f"metric-{i}", i + 0.5, "2026-11-30") for i in range(n)])
db.commit()
db.close()
with open(os.path.join(root, "data", "metrics.csv"), "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["key", "value", "date"])
    for i in range(n):
        w.writerow([f"metric-{i}", i + 0.5, "2026-11-30"])
with open(os.path.join(root, "okr.toml"), "w", encoding="utf-8") as out:
    out.write('[sources.db]\nsqlite = "data/metrics.db"\nquery = "select metric as key, value, week as date from readings"\n\n')
    out.write('[sources.sheet]\ncsv = "data/metrics.csv"\n')
PY

git_() { git -C "$project" -c user.name=Bench -c user.email=bench@example.com "$@"; }
git_ init -q -b main
git_ add -A
GIT_AUTHOR_DATE=2026-10-01T09:00:00Z GIT_COMMITTER_DATE=2026-10-01T09:00:00Z git_ commit -q -m "Plan 2026-Q4"
git_ config user.name Bench
git_ config user.email bench@example.com
files="$(find "$project/okrs" -name '*.md' | wc -l | tr -d ' ')"
echo "== $n key results in $files files, $(nproc) CPUs, $("$okr" --version)" >&2

printf '| source | run | wall time [s] (each run) | peak RSS [MB] (max) |\n|:---|:---|---:|---:|\n'
for source in db sheet; do
  for mode in "--dry-run" "" "--commit"; do
    times=() peak=0
    for _ in $(seq "$runs"); do
      git_ reset -q --hard HEAD
      git_ clean -qfd okrs
      stats="$work/time.txt"
      # shellcheck disable=SC2086 # an empty mode is no argument
      /usr/bin/time -v "$okr" -C "$project" sync "$source" --as-of 2026-12-01 $mode >"$work/out.txt" 2>"$stats"
      grep -q "Wrote $n values\|Dry run: $n values" "$work/out.txt" || { cat "$work/out.txt" >&2; exit 1; }
      wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$stats")"
      times+=("${wall#0:}")
      rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$stats")"
      [ "$rss" -gt "$peak" ] && peak="$rss"
      # --commit moved HEAD: go back to the planned commit for the next run.
      if [ "$mode" = "--commit" ]; then git_ reset -q --hard HEAD~1; fi
    done
    printf '| %s | sync %s | %s | %s |\n' "$source" "${mode:-(write)}" "${times[*]}" "$((peak / 1024))"
  done
done
