#!/usr/bin/env bash
# Haven's one test command (`make test`). On a fresh Debian machine it installs what the tests need
# (idempotently), starts a throw-away PostgreSQL on a free loopback port, builds once, runs the whole Swift
# suite on SQLite and again on PostgreSQL, then the browser checks in headless Chromium. It stops what it
# started even when a step fails, and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/haven-test.XXXXXX")
VENV=$ROOT/.build/test-venv
PG_PORT=""
PG_DATA=$WORK/postgres
failed=()

say() { printf '\n==> %s\n' "$*"; }

as_postgres() {
  # initdb and the server refuse to run as root; on a developer's own account they run as that account.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  if [ -n "$PG_PORT" ] && [ -d "$PG_DATA" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Installing what the tests need (skipped when present)"
scripts/install-test-deps.sh || { echo "installing test dependencies failed" >&2; exit 1; }

say "Starting a throw-away PostgreSQL"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$PG_DATA" "$WORK/pg-socket"
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK" && chmod 755 "$WORK"
as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log"; exit 1; }
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$WORK/pg-socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$WORK/postgres.log"; exit 1; }
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

say "Building (debug, with tests)"
if ! swift build --build-tests; then
  echo "the build failed" >&2
  exit 1
fi

say "Swift suite on SQLite"
HAVEN_TEST_DATABASE=sqlite swift test --skip-build || failed+=("swift tests on SQLite")

say "Swift suite on PostgreSQL"
HAVEN_TEST_DATABASE=postgres HAVEN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" \
  swift test --skip-build || failed+=("swift tests on PostgreSQL")

say "Browser checks (headless Chromium, axe-core)"
HAVEN_BINARY=$ROOT/.build/debug/haven HAVEN_ARTIFACTS=$ROOT/.build/browser-artifacts \
  HAVEN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" \
  "$VENV/bin/python" -m pytest Tests/browser -p no:cacheprovider -q || failed+=("browser checks")

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
printf '\nAll checks passed: Swift suite on SQLite and PostgreSQL, browser checks.\n'
