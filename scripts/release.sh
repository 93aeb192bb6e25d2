#!/usr/bin/env bash
# okr's release steps (CONTRIBUTING.md, Releasing). The version lives in
# Cargo.toml; the tag vVERSION, the action's pinned binaries
# (action/checksums.txt) and every `okr-cli/okr@vVERSION` in the docs move
# with it.
#
#   scripts/release.sh check [TAG]   print the version; fail when anything drifts
#   scripts/release.sh bump VERSION  set the version everywhere, clear the sums, commit
#   scripts/release.sh pin VERSION   commit the draft release's sums, tag vVERSION
#
# `check` runs in CI (tests/it/release.rs) and in .github/workflows/release.yml.
set -euo pipefail
cd "$(dirname "$0")/.."

REPOSITORY="okr-cli/okr"
TARGETS="x86_64-unknown-linux-musl x86_64-unknown-linux-gnu aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc"
# Files that name the action or the pre-commit hook at a version.
DOCS=(README.md docs/github-action.md docs/workflows/*.yml)

die() { echo "release: $*" >&2; exit 1; }

cargo_version() { sed -n 's/^version = "\([^"]*\)"$/\1/p' Cargo.toml | head -n 1; }

check() {
  local tag="${1:-}" version bad=0
  version=$(cargo_version)
  [ -n "$version" ] || die "no version in Cargo.toml"
  if [ -n "$tag" ] && [ "$tag" != "v$version" ]; then
    echo "release: the tag $tag is not v$version, the version in Cargo.toml" >&2; bad=1
  fi
  if [ "$(head -n 1 action/checksums.txt)" != "# okr $version" ]; then
    echo "release: action/checksums.txt pins $(head -n 1 action/checksums.txt | sed 's/^# //'), not okr $version (scripts/release.sh bump)" >&2; bad=1
  fi
  local sums
  sums=$(grep -cv '^#' action/checksums.txt || true)
  if [ "$sums" -ne 0 ]; then
    for t in $TARGETS; do
      grep -Eq "^[0-9a-f]{64}  okr-$t\.(tar\.xz|zip)$" action/checksums.txt \
        || { echo "release: action/checksums.txt has no sum for $t" >&2; bad=1; }
    done
  elif [ -n "$tag" ]; then
    echo "release: action/checksums.txt has no sums: run scripts/release.sh pin $version before tagging" >&2; bad=1
  fi
  local stale
  stale=$(grep -HnoE "$REPOSITORY(@|\\s+rev: )?v[0-9]+\.[0-9]+\.[0-9]+" "${DOCS[@]}" | grep -v "v$version\$" || true)
  stale+=$(grep -HnE "^\s+rev: v[0-9]" README.md docs/*.md | grep -v "rev: v$version\$" || true)
  if [ -n "$stale" ]; then
    echo "release: these name another version than $version:" >&2; echo "$stale" >&2; bad=1
  fi
  [ "$bad" -eq 0 ] || exit 1
  echo "$version"
}

bump() {
  local new="${1:?usage: scripts/release.sh bump VERSION}" old
  [[ "$new" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "VERSION is X.Y.Z"
  old=$(cargo_version)
  sed -i.bak "0,/^version = \"$old\"$/s//version = \"$new\"/" Cargo.toml && rm Cargo.toml.bak
  cargo update --offline --workspace --quiet
  for f in "${DOCS[@]}"; do
    sed -i.bak -e "s|$REPOSITORY@v$old|$REPOSITORY@v$new|g" -e "s|rev: v$old\$|rev: v$new|" "$f" && rm "$f.bak"
  done
  { echo "# okr $new"; grep '^#' action/checksums.txt | tail -n +2; } > action/checksums.txt.new
  mv action/checksums.txt.new action/checksums.txt
  check >/dev/null
  git commit -q -am "Release $new: version bump (the action builds from source until scripts/release.sh pin $new)"
  echo "Committed the bump to $new. Merge it, run the Release workflow on it (workflow_dispatch), then: scripts/release.sh pin $new"
}

pin() {
  local version="${1:?usage: scripts/release.sh pin VERSION}" dir
  [ "$version" = "$(cargo_version)" ] || die "Cargo.toml is at $(cargo_version), not $version"
  dir=$(mktemp -d)
  gh release download "v$version" --repo "$REPOSITORY" --pattern sha256.sum --dir "$dir"
  { grep '^#' action/checksums.txt; sed 's/ \*/  /' "$dir/sha256.sum" | grep -E '  okr-[a-z0-9_-]+\.(tar\.xz|zip)$'; } > action/checksums.txt.new
  mv action/checksums.txt.new action/checksums.txt
  check "v$version" >/dev/null
  git commit -q -am "Release $version: the action pins the release archives' SHA-256"
  git tag -a "v$version" -m "okr $version"
  echo "Tagged v$version. Push the commit and the tag; the Release workflow verifies the draft and publishes it."
}

case "${1:-}" in
  check) shift; check "$@" ;;
  bump) shift; bump "$@" ;;
  pin) shift; pin "$@" ;;
  *) die "usage: scripts/release.sh check [TAG] | bump VERSION | pin VERSION" ;;
esac
