#!/usr/bin/env bash
# Directory benchmark (not a test): builds release, generates N synthetic services (bench/generate-directory.py,
# N=100000 by default), imports them with `haven directory import` into a fresh SQLite database (or the
# PostgreSQL in DATABASE_URL), then serves and runs wrk (2 threads, 64 connections) on a keyword search, a
# radius search and a combined filtered search, each through the page and the HSDS API. Prints the import
# time and the importer's peak memory, then requests/s, p50 and p99 for each search (medians of ROUNDS
# rounds, interleaved) and the server's peak memory. Record the figures in docs/PERFORMANCE.md.
#
#   bench/directory.sh                     # 100,000 services on SQLite
#   N=20000 DURATION=5s bench/directory.sh
#   DATABASE_URL=postgres://… bench/directory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
. bench/common.sh

WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
export DATABASE_URL=${DATABASE_URL:-sqlite:$WORK/haven.sqlite}
export LOG_LEVEL=warning

python3 bench/generate-directory.py "$WORK/package" "$N" >&2
echo "Haven directory benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), ${DATABASE_URL%%:*}, $N services"

# The import, timed, with the importer's peak resident memory.
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$WORK/import-memory" "$BIN" directory import "$WORK/package" >"$WORK/import.log" 2>"$WORK/import.err" \
  || { cat "$WORK/import.err" >&2; exit 1; }
end=$(date +%s.%N)
tail -n 1 "$WORK/import.log"
printf 'import: %.1f s, importer peak memory %.0f MB\n' "$(echo "$end - $start" | bc)" "$(awk '{print $1/1024}' "$WORK/import-memory")"

# The demo region's places, so the page can search "near Millbrook" (the synthetic services are around it).
"$BIN" directory places Resources/Directory/demo-places.txt >/dev/null 2>"$WORK/places.err" || { cat "$WORK/places.err" >&2; exit 1; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 200); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %.3f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

SUPPORT_GROUP=$(python3 -c 'import json; print([t["id"] for t in json.load(open("Resources/Directory/taxonomy.json"))["terms"] if t["code"]=="support-group"][0])')
declare -A URLS=(
  ["page keyword"]="/directory?q=anxiety+support"
  ["page radius"]="/directory?place=Millbrook&radius=25"
  ["page combined"]="/directory?q=group&place=Millbrook&radius=50&need=$SUPPORT_GROUP&language=es&free=1&open=1"
  ["api keyword"]="/api/hsds/services?search=anxiety+support"
  ["api radius"]="/api/hsds/services?lat=44.5&lon=-89.5&radius_km=25"
  ["api combined"]="/api/hsds/services?search=group&lat=44.5&lon=-89.5&radius_km=50&taxonomy_term_id=$SUPPORT_GROUP&language=es&free=true&open_now=true"
)
names=("page keyword" "page radius" "page combined" "api keyword" "api radius" "api combined")
for name in "${names[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT${URLS[$name]}")
  [ "$code" = 200 ] || { echo "$name answered $code" >&2; exit 1; }
done
run() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/report.lua" "http://127.0.0.1:$PORT$1" | grep '^RESULT'; }
run "${URLS["page keyword"]}" >/dev/null  # warm up
declare -A RPS P50 P99 ERR
for name in "${names[@]}"; do RPS[$name]=""; P50[$name]=""; P99[$name]=""; ERR[$name]=0; done
for round in $(seq 1 "$ROUNDS"); do
  for name in "${names[@]}"; do
    read -r _ rps p50 p99 errors < <(run "${URLS[$name]}")
    RPS[$name]+="$rps "; P50[$name]+="$p50 "; P99[$name]+="$p99 "; ERR[$name]=$((ERR[$name] + errors))
  done
done
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds (medians)"
printf '%-16s %12s %10s %10s %8s\n' search "requests/s" "p50 ms" "p99 ms" errors
for name in "${names[@]}"; do
  printf '%-16s %12.0f %10.2f %10.2f %8d\n' "$name" "$(echo "${RPS[$name]}" | median)" "$(echo "${P50[$name]}" | median)" \
    "$(echo "${P99[$name]}" | median)" "${ERR[$name]}"
done
echo "peak server memory: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$SERVER/status)"
