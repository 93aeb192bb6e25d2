#!/usr/bin/env bash
# The whole test suite, as the README promises it: `bash scripts/test.sh`.
# The tests build fixture repositories with git, okr report's tests open its
# pages in headless Chromium, and okr sync's start a PostgreSQL server. This
# installs all three with apt where it can
# (root on Debian or Ubuntu); otherwise it stops with one line saying what to
# install. OKR_SKIP_BROWSER=1 skips the browser checks. Extra arguments go to
# `cargo test`. .ci/run runs this same script.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing $2 with apt-get (the tests need $1)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    command -v "$1" >/dev/null && return 0
  fi
  echo "okr's tests need $1: install $2 (Debian/Ubuntu: sudo apt-get install $2)${3:-}" >&2
  exit 1
}

need git git
if [ "${OKR_SKIP_BROWSER:-}" != 1 ] && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  need chromium chromium ", or set OKR_SKIP_BROWSER=1 to skip the browser checks"
fi
# tests/it/sync_postgres.rs starts a real PostgreSQL server (Debian keeps its
# programs in /usr/lib/postgresql/<version>/bin, off the PATH).
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && [ -z "${OKR_TEST_PG_BIN:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing postgresql with apt-get (the tests start a PostgreSQL server)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || {
    echo "okr's tests need a PostgreSQL server: install postgresql (Debian/Ubuntu: sudo apt-get install postgresql), or set OKR_TEST_PG_BIN to the directory of its initdb, pg_ctl and psql" >&2
    exit 1
  }
fi
exec cargo test --locked "$@"
