#!/usr/bin/env bash
# The okr action's install step: puts okr into "$OKR_TOOL_DIR/bin".
#
# 1. The release archive of okr for this runner's OS and architecture, at the
#    version in the action's own Cargo.toml, is downloaded and its SHA-256
#    compared with action/checksums.txt, committed in the action itself (never
#    fetched from where the archive comes from). A mismatch stops the step.
# 2. Only when no binary exists for that version (no checksum committed for
#    this target, or the download answers 404) is okr built from the action's
#    own source, and the log says so.
#
# Environment: GITHUB_ACTION_PATH (the action's directory), OKR_TOOL_DIR
# (where to install), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP (set by GitHub),
# OKR_DOWNLOAD_URL (optional: the releases base URL, for tests),
# OKR_RUST_TOOLCHAIN (optional: the toolchain of the fallback build, default
# stable), OKR_TARGET (optional: the archive's target triple instead of the
# runner's, e.g. x86_64-unknown-linux-gnu). tests/it/action_install.rs runs this script against a local server.
set -euo pipefail

REPOSITORY="okr-cli/okr"
action="${GITHUB_ACTION_PATH:?}"
dest="${OKR_TOOL_DIR:?}"
tmp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
base="${OKR_DOWNLOAD_URL:-https://github.com/$REPOSITORY/releases/download}"

version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$action/Cargo.toml" | head -n 1)
if [ -z "$version" ]; then
  echo "::error title=okr::no version in $action/Cargo.toml"
  exit 2
fi

build_from_source() {
  echo "::notice title=okr::$1: building okr $version from the action's source (a few minutes)"
  if ! command -v cargo >/dev/null; then
    echo "::error title=okr::cargo is not installed on this runner, and the fallback build needs it (GitHub-hosted runners have it)"
    exit 1
  fi
  # From the action's own directory, with the toolchain pinned: run in the
  # workspace, rustup would take the toolchain from the pull request's
  # rust-toolchain.toml (a `path` there runs its own cargo) and cargo would
  # read its .cargo/config.toml.
  (cd "$action" && RUSTUP_TOOLCHAIN="${OKR_RUST_TOOLCHAIN:-stable}" \
    cargo install --locked --path . --root "$dest" --target-dir "$tmp/okr-action-target")
  rm -rf "$tmp/okr-action-target"
}

exe=""
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc; exe=.exe ;;
  *) target="" ;;
esac
target="${OKR_TARGET:-$target}"
case "$target" in *windows*) exe=.exe ;; esac
if [ -z "$target" ]; then
  build_from_source "no okr release binary for ${RUNNER_OS:-this OS} on ${RUNNER_ARCH:-this architecture}"
  exit 0
fi
if [ -n "$exe" ]; then archive="okr-$target.zip"; else archive="okr-$target.tar.xz"; fi

sums="$action/action/checksums.txt"
expected=""
if [ -f "$sums" ] && [ "$(head -n 1 "$sums")" = "# okr $version" ]; then
  expected=$(awk -v f="$archive" '$2 == f { print $1 }' "$sums")
fi
if [ -z "$expected" ]; then
  build_from_source "no checksum for $archive of okr $version is committed in this action (action/checksums.txt), so there is no release binary to use"
  exit 0
fi

work=$(mktemp -d "$tmp/okr-download.XXXXXX")
trap 'rm -rf "$work"' EXIT
url="$base/v$version/$archive"
echo "Downloading $url"
status=$(curl --proto '=https,http' --silent --show-error --location --retry 3 \
  --output "$work/$archive" --write-out '%{http_code}' "$url") || status="failed"
if [ "$status" = 404 ]; then
  build_from_source "okr $version has no release archive at $url (404)"
  exit 0
fi
if [ "$status" != 200 ]; then
  echo "::error title=okr::downloading $url failed (HTTP status: $status)"
  exit 1
fi

if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$archive" | cut -d' ' -f1)
else
  actual=$(shasum -a 256 "$work/$archive" | cut -d' ' -f1)
fi
if [ "$actual" != "$expected" ]; then
  echo "::error title=okr::$archive does not match the SHA-256 committed in the action (expected $expected, got $actual); refusing to run it"
  exit 1
fi
echo "$archive: SHA-256 $actual matches action/checksums.txt"

if [ -n "$exe" ]; then
  unzip -q "$work/$archive" -d "$work/x"
else
  mkdir "$work/x"
  tar -xJf "$work/$archive" -C "$work/x"
fi
found=$(find "$work/x" -type f -name "okr$exe" | head -n 1)
if [ -z "$found" ]; then
  echo "::error title=okr::$archive holds no okr$exe"
  exit 1
fi
mkdir -p "$dest/bin"
mv "$found" "$dest/bin/okr$exe"
chmod +x "$dest/bin/okr$exe"
echo "Installed $("$dest/bin/okr$exe" --version) from the release archive"
