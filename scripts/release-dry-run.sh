#!/usr/bin/env bash
# A local dry run of a release for this machine's Linux x86_64 target:
# `dist build` makes the archive, its SHA-256 and the installer into
# target/distrib/, then the action's install step (action/install.sh) runs
# against them through a local HTTP server, with the sums committed as
# scripts/release.sh pin would, and must install a working `okr --version`.
# Needs `dist` (cargo install cargo-dist --locked --version 0.34.0) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-unknown-linux-gnu
version=$(bash scripts/release.sh check)

[ "${SKIP_BUILD:-}" = 1 ] || dist build --artifacts=all --target "$target"
cat target/distrib/sha256.sum

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server"; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/www/v$version" "$work/action/action"
cp target/distrib/okr-"$target".tar.xz "$work/www/v$version/"
cp Cargo.toml "$work/action/"
cp action/install.sh "$work/action/action/"
{ echo "# okr $version"; sed "s/ \*/  /" target/distrib/sha256.sum | grep "  okr-$target.tar.xz\$"; } > "$work/action/action/checksums.txt"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

GITHUB_ACTION_PATH="$work/action" OKR_TOOL_DIR="$work/tool" RUNNER_OS=Linux RUNNER_ARCH=X64 \
  RUNNER_TEMP="$work" OKR_TARGET="$target" OKR_DOWNLOAD_URL="http://127.0.0.1:$port" \
  bash "$work/action/action/install.sh"
got=$("$work/tool/bin/okr" --version)
[ "$got" = "okr $version" ] || { echo "dry run: installed okr says '$got', not 'okr $version'" >&2; exit 1; }
echo "dry run: the action installed $got from target/distrib/okr-$target.tar.xz"
