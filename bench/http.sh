#!/usr/bin/env bash
# HTTP benchmark (not a test): builds release, serves Haven on SQLite with demo data, and runs wrk
# (2 threads, 64 connections, 10 s) against /, /help, /healthz, /sign-in (a form page rendered every time),
# /account as the signed-in demo admin (a session lookup in the database on every request) and a bare route
# that returns a constant string — the framework's ceiling, in the same process and the same run. Prints requests/s, p50 and p99
# for each and each page's share of the ceiling. Record the figures in docs/PERFORMANCE.md.
#
#   bench/http.sh                 # defaults
#   DURATION=30s CONNECTIONS=128 bench/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HAVEN_BENCHMARK_ROUTE=1 DATABASE_URL="sqlite:$WORK/haven.sqlite" LOG_LEVEL=info \
  "$BIN" demo --hostname 127.0.0.1 --port "$PORT" >"$WORK/stdout.log" 2>"$WORK/haven.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

# wrk's Lua hook prints the figures we need in one parseable line.
cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
LUA

# A signed-in session for /account: the demo admin, through the real sign-in form.
COOKIE=$(curl -fsS -o /dev/null -D - -H "Origin: http://127.0.0.1:$PORT" \
  --data-urlencode "email=admin@haven-demo.example" --data-urlencode "password=haven-demo-passphrase" \
  "http://127.0.0.1:$PORT/sign-in" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(haven_session=[^;]*\).*/\1/p')
[ -n "$COOKIE" ] || { echo "could not sign in as the demo admin" >&2; exit 1; }

run() {
  local header=()
  [ "$1" = /account ] && header=(-H "Cookie: $COOKIE")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${header[@]}" -s "$WORK/report.lua" "http://127.0.0.1:$PORT$1" | grep '^RESULT'
}

echo "Haven HTTP benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds (medians)"
run / >/dev/null  # warm up
declare -A RPS P50 P99 ERR
paths=(/bench/ceiling / /help /healthz /sign-in /account)
for path in "${paths[@]}"; do RPS[$path]=""; P50[$path]=""; P99[$path]=""; ERR[$path]=0; done
# Rounds interleave the paths so drift on a noisy machine hits all of them alike.
for round in $(seq 1 "$ROUNDS"); do
  for path in "${paths[@]}"; do
    read -r _ rps p50 p99 errors total < <(run "$path")
    RPS[$path]+="$rps "; P50[$path]+="$p50 "; P99[$path]+="$p99 "; ERR[$path]=$((ERR[$path] + errors))
  done
done
ceiling=$(echo "${RPS[/bench/ceiling]}" | median)
printf '%-16s %12s %10s %10s %8s %14s\n' path "requests/s" "p50 ms" "p99 ms" errors "of ceiling"
for path in "${paths[@]}"; do
  rps=$(echo "${RPS[$path]}" | median)
  printf '%-16s %12.0f %10.2f %10.2f %8d %13.0f%%\n' "$path" "$rps" "$(echo "${P50[$path]}" | median)" \
    "$(echo "${P99[$path]}" | median)" "${ERR[$path]}" "$(awk -v a="$rps" -v b="$ceiling" 'BEGIN {print 100*a/b}')"
done
echo "peak server memory: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$SERVER/status)"
