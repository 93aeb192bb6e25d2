#!/usr/bin/env bash
# Writes the starting corpora of the fuzz targets from the OKR files the
# project ships (okrs/, templates/, tests/fixtures/): every file for `parse`,
# and for `set` every file once per KR id, with a header `KR_ID VALUE`.
# Run from the repository root; then fuzz and minimize (CONTRIBUTING.md).
set -euo pipefail
out=${1:-fuzz/corpus}
mkdir -p "$out/parse" "$out/set"
values=(0 26.5 -3 1000000 0.125 7)
n=0
while IFS= read -r -d '' f; do
  name=$(printf '%s' "$f" | tr '/' '_')
  cp "$f" "$out/parse/seed_$name"
  i=0
  while IFS= read -r id; do
    value=${values[$(( (n + i) % ${#values[@]} ))]}
    { printf '%s %s\n' "$id" "$value"; cat "$f"; } >"$out/set/seed_${name}_$id"
    i=$((i + 1))
  done < <(grep -oE '^\s*-?\s*id:\s*[a-z0-9._-]+' "$f" | sed -E 's/.*id:\s*//' | sort -u)
  n=$((n + 1))
done < <(find okrs templates tests/fixtures -name '*.md' -type f -print0 | sort -z)
echo "parse: $(ls "$out/parse" | wc -l) seeds, set: $(ls "$out/set" | wc -l) seeds"
