#!/usr/bin/env bash
# Load test of `khulasa serve` on loopback with wrk: throughput and latency
# (p50, p99) of
#   - GET /assets/reader.css          baseline: the server with no store work
#   - GET /v1/articles/{id}/summary   a stored summary (store lookup + JSON)
#   - POST /v1/summarize              the demo article summarised every time
# in the same run, on a fresh store holding the demo article; and, when a
# PostgreSQL answers (KHULASA_TEST_PG, default postgres://postgres@127.0.0.1/test),
#   - GET /v1/articles/{id}/summary   the same, with the store on PostgreSQL
# (a second server on a schema of its own, dropped at the end).
#
#   bash scripts/loadtest.sh [SECONDS] [CONNECTIONS]     (default 10 s, 64)
#
# Bounded: each run lasts SECONDS; the server is stopped at the end. wrk and
# the server share the machine's cores, as they would on one small host.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
conns="${2:-64}"
command -v wrk >/dev/null || { echo "loadtest: wrk is missing (scripts/setup.sh --test installs it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "loadtest: curl is missing" >&2; exit 1; }

cargo build --release -q -p khulasa
tmp=$(mktemp -d)
pid=""
pgpid=""
pg_base_url="${KHULASA_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}"
pg_schema="loadtest_$$"
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$pgpid" ] && kill "$pgpid" 2>/dev/null
  wait 2>/dev/null || true
  [ -n "$pgpid" ] && psql "$pg_base_url" -qc "DROP SCHEMA IF EXISTS $pg_schema CASCADE" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

RUST_LOG=warn target/release/khulasa serve --addr 127.0.0.1:0 --db "$tmp/k.db" 2>"$tmp/log" &
pid=$!
for _ in $(seq 1 100); do
  grep -q "serving" "$tmp/log" 2>/dev/null && break
  sleep 0.1
done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/log" | head -1)
[ -n "$base" ] || { echo "loadtest: the server did not start:" >&2; cat "$tmp/log" >&2; exit 1; }
id=$(curl -sf "$base/v1/articles" | grep -o '"id":"[0-9a-f]\{16\}"' | head -1 | cut -d'"' -f4)
[ -n "$id" ] || { echo "loadtest: no demo article in the store" >&2; exit 1; }

# The POST body: the demo article's title and text, as JSON.
curl -sf "$base/v1/articles/$id" |
  python3 -c 'import json, sys; a = json.load(sys.stdin); print(json.dumps({"text": a["text"], "title": a["title"]}, ensure_ascii=False))' >"$tmp/body.json"
grep -q '^{"text":' "$tmp/body.json" || { echo "loadtest: could not build the POST body" >&2; exit 1; }
cat >"$tmp/post.lua" <<LUA
local f = io.open("$tmp/body.json", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA
# Warm the summary cache, and check each endpoint answers 200 before timing it.
for path in /assets/reader.css "/v1/articles/$id/summary"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  [ "$code" = 200 ] || { echo "loadtest: GET $path answered $code" >&2; exit 1; }
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary @"$tmp/body.json" "$base/v1/summarize")
[ "$code" = 200 ] || { echo "loadtest: POST /v1/summarize answered $code" >&2; exit 1; }

run() { # name, then wrk arguments
  local name="$1"; shift
  local out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@")
  local rps p50 p99 errs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  printf '%-40s %12s %10s %10s  %s\n' "$name" "$rps" "$p50" "$p99" "$errs"
}

echo "khulasa load test: $(nproc) cores, wrk -t2 -c$conns -d${secs}s, loopback; load average before: $(cut -d" " -f1-3 /proc/loadavg)"
printf '%-40s %12s %10s %10s\n' "endpoint" "requests/s" "p50" "p99"
run "GET /assets/reader.css (baseline)" "$base/assets/reader.css"
run "GET /v1/articles/{id}/summary (cached)" "$base/v1/articles/$id/summary"
run "POST /v1/summarize (demo article)" -s "$tmp/post.lua" "$base/v1/summarize"
curl -sf "$base/metrics" | grep -E '^khulasa_cache_requests_total\{cache="summary"' || true

# The same cached GET with the store on PostgreSQL (same machine, same run).
if command -v psql >/dev/null && psql "$pg_base_url" -qc "CREATE SCHEMA $pg_schema" >/dev/null 2>&1; then
  sep='?'; case "$pg_base_url" in *\?*) sep='&';; esac
  pg_url="${pg_base_url}${sep}options=-c%20search_path%3D${pg_schema}"
  pgpid=1 # so cleanup drops the schema even if the server does not start
  RUST_LOG=warn target/release/khulasa serve --addr 127.0.0.1:0 --db "$pg_url" 2>"$tmp/pglog" &
  pgpid=$!
  for _ in $(seq 1 100); do
    grep -q "serving" "$tmp/pglog" 2>/dev/null && break
    sleep 0.1
  done
  pgbase=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/pglog" | head -1)
  [ -n "$pgbase" ] || { echo "loadtest: the PostgreSQL server did not start:" >&2; cat "$tmp/pglog" >&2; exit 1; }
  pgid=$(curl -sf "$pgbase/v1/articles" | grep -o '"id":"[0-9a-f]\{16\}"' | head -1 | cut -d'"' -f4)
  code=$(curl -s -o /dev/null -w '%{http_code}' "$pgbase/v1/articles/$pgid/summary")
  [ "$code" = 200 ] || { echo "loadtest: GET summary on PostgreSQL answered $code" >&2; exit 1; }
  run "GET /v1/articles/{id}/summary (PostgreSQL)" "$pgbase/v1/articles/$pgid/summary"
else
  echo "loadtest: no PostgreSQL at $pg_base_url; its row skipped"
fi
