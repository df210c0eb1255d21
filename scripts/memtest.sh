#!/usr/bin/env bash
# Peak memory of `khulasa batch` and of `khulasa serve` under load, at several
# store sizes: the figures of docs/limits.md, "Memory".
#
#   bash scripts/memtest.sh [N...]            (default: 1000 10000)
#
# For each N it
#   1. writes N distinct pages made from the repository's own fixtures
#      (crates/extract/tests/fixtures/*.html and the demo article; copy i gets
#      the number 100000+i in its title, headline and first paragraphs, so each
#      copy is a new article and the number is a word only it holds);
#   2. ingests them with `khulasa batch DIR --db k.db -q --json` under
#      /usr/bin/time -v (peak RSS of batch);
#   3. runs `khulasa serve --db k.db --no-demo` under /usr/bin/time -v while
#      `wrk -t2 -c64 -dSECS` sends a mix of requests: listing pages at random
#      offsets, searches of common and of rare words (one article's number),
#      stored summaries by id, and POST /v1/summarize;
#   4. prints one row: pages, stored, batch peak RSS, requests served, server
#      peak RSS (and the most threads the server had).
#
# Settings (environment):
#   MEMTEST_SECS=30        length of each wrk run
#   MEMTEST_CONNS=64       wrk connections
#   MEMTEST_MIX=list:2,common:1,rare:1,summary:2,post:2
#                          request types and their weights; give one type
#                          (MEMTEST_MIX=common:1) to measure it alone
#   MEMTEST_STORE_DIR=DIR  keep the stores in DIR and reuse one that exists
#                          (skips generating and batch for that N)
#   MEMTEST_TRACE=1        print the server's VmRSS and threads every second
#   KHULASA_BIN=PATH       the binary to measure (default: build the release one)
#   Any other variable (MALLOC_ARENA_MAX=2, ...) reaches both commands.
#
# Bounded: each wrk run lasts SECS; the server is stopped after it; temporary
# pages and stores are removed on exit (trap), whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
secs="${MEMTEST_SECS:-30}"
conns="${MEMTEST_CONNS:-64}"
mix="${MEMTEST_MIX:-list:2,common:1,rare:1,summary:2,post:2}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]{0,6}$ ]] || { echo "memtest: '$n' is not a page count (1 to 9999999)" >&2; exit 1; }
done
# The mix as Lua pairs, checked before any work.
weights=""
IFS=',' read -ra parts <<<"$mix"
for p in "${parts[@]}"; do
  type="${p%%:*}"; w="${p#*:}"
  case "$type" in list|common|rare|summary|post) ;; *) echo "memtest: unknown request type '$type' in MEMTEST_MIX (list, common, rare, summary, post)" >&2; exit 1;; esac
  [[ "$w" =~ ^[1-9][0-9]*$ ]] || { echo "memtest: the weight of '$type' in MEMTEST_MIX is not a positive number" >&2; exit 1; }
  weights+="{\"$type\", $w},"
done
[[ "$secs" =~ ^[1-9][0-9]*$ ]] || { echo "memtest: MEMTEST_SECS must be a positive number of seconds" >&2; exit 1; }
[[ "$conns" =~ ^[1-9][0-9]*$ ]] || { echo "memtest: MEMTEST_CONNS must be a positive number" >&2; exit 1; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/time ] || missing+=(time)
command -v curl >/dev/null || missing+=(curl)
command -v perl >/dev/null || missing+=(perl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "memtest: missing: ${missing[*]} (scripts/setup.sh --test installs wrk and time; or apt-get install ${missing[*]})" >&2
  exit 1
fi

tmp=$(mktemp -d)
time_pid=""
server_pid=""
sampler_pid=""
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "$time_pid" ] && kill "$time_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bin="${KHULASA_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p khulasa
  bin="$root/target/release/khulasa"
fi
# Our own copy: other builds may replace target/release/khulasa meanwhile.
cp "$bin" "$tmp/khulasa"
bin="$tmp/khulasa"
store_dir="${MEMTEST_STORE_DIR:-$tmp}"
mkdir -p "$store_dir"

fixtures=("$root"/crates/extract/tests/fixtures/*.html "$root"/crates/server/assets/demo-article.html)

# Writes N pages into DIR: fixture copies with a distinct number (ASCII, so
# the windows-1256 fixture stays valid) in title, headline, og:title, h1 and
# the first three paragraphs.
generate() { # dir n
  perl -e '
    my ($dir, $n, @files) = @ARGV;
    my @docs = map { local $/; open my $f, "<:raw", $_ or die "$_: $!"; scalar <$f> } @files;
    for my $i (1 .. $n) {
      my $d = $docs[($i - 1) % @docs];
      my $k = 100000 + $i;
      $d =~ s/(<title>)/$1$k /;
      $d =~ s/(og:title" content=")/$1$k /;
      $d =~ s/("headline"\s*:\s*")/$1$k /;
      $d =~ s/(<h1(?:\s[^>]*)?>)/$1$k /;
      my $c = 0;
      $d =~ s/(<p(?:\s[^>]*)?>)/$c++ < 3 ? "$1$k " : $1/ge;
      open my $o, ">:raw", sprintf("%s/%07d.html", $dir, $i) or die "$dir: $!";
      print $o $d;
      close $o or die "$dir: $!";
    }' "$1" "$2" "${fixtures[@]}"
}

# Peak RSS in MB from a /usr/bin/time -v report.
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$1"; }

# The wrk script: one request of the mix per call, chosen by weight.
write_lua() { # lua ids_file body_file n pages
  cat >"$1" <<LUA
local weights = { $weights }
local total = 0
for _, tw in ipairs(weights) do total = total + tw[2] end
local ids = {}
for line in io.lines("$2") do ids[#ids + 1] = line end
local f = io.open("$3", "rb")
local body = f:read("*a")
f:close()
local n, pages = $4, $5
-- Words in most stored articles (not stop words: a query of stop words alone is refused).
local common = { "وزير", "المياه", "الحكومة", "العاصمة" }
local json = { ["Content-Type"] = "application/json" }
local thread_no = 0
function setup(thread) thread_no = thread_no + 1; thread:set("tid", thread_no) end
function init(args) math.randomseed(os.time() * 7 + (tid or 0)) end
function request()
  local r = math.random() * total
  local kind = weights[#weights][1]
  for _, tw in ipairs(weights) do
    if r < tw[2] then kind = tw[1]; break end
    r = r - tw[2]
  end
  if kind == "list" then
    return wrk.format("GET", "/v1/articles?page=" .. math.random(pages))
  elseif kind == "common" then
    return wrk.format("GET", "/v1/articles?q=" .. common[math.random(#common)]:gsub("[^%w]", function(c) return string.format("%%%02X", c:byte()) end))
  elseif kind == "rare" then
    return wrk.format("GET", "/v1/articles?q=" .. (100000 + math.random(n)))
  elseif kind == "summary" then
    return wrk.format("GET", "/v1/articles/" .. ids[math.random(#ids)] .. "/summary")
  else
    return wrk.format("POST", "/v1/summarize", json, body)
  end
end
LUA
}

sample() { # pid out
  while [ -r "/proc/$1/status" ]; do
    awk -v t="$(date +%s)" '/^VmRSS/ {r=$2} /^Threads/ {th=$2} END {printf "%s %d %d\n", t, r, th}' "/proc/$1/status" >>"$2" 2>/dev/null || true
    sleep 1
  done
}

wrk_threads=$(( conns < 2 ? conns : 2 ))
echo "khulasa memtest: $(nproc) cores, wrk -t$wrk_threads -c$conns -d${secs}s, mix $mix, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${MALLOC_ARENA_MAX:-}" ] && echo "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
rows=()
for n in "${sizes[@]}"; do
  db="$store_dir/k-$n.db"
  batch_rss="-"; batch_secs="-"
  if [ -e "$db" ] && [ -n "${MEMTEST_STORE_DIR:-}" ]; then
    echo "memtest: reusing $db" >&2
  else
    rm -f "$db" "$db"-wal "$db"-shm "$db".failures.jsonl
    pages="$tmp/pages-$n"
    mkdir -p "$pages"
    generate "$pages" "$n"
    start=$(date +%s.%N)
    set +e
    /usr/bin/time -v -o "$tmp/batch.time" "$bin" batch "$pages" --db "$db" -q --json >"$tmp/batch.json" 2>"$tmp/batch.err"
    rc=$?
    set -e
    # 2: some items failed (the home page has no article): expected.
    if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
      echo "memtest: batch failed ($rc):" >&2; cat "$tmp/batch.err" >&2; exit 1
    fi
    batch_secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", e - s}')
    batch_rss=$(peak_mb "$tmp/batch.time")
    rm -rf "$pages"
  fi

  : >"$tmp/serve.log"
  /usr/bin/time -v -o "$tmp/serve.time" "$bin" serve --db "$db" --no-demo --addr 127.0.0.1:0 2>"$tmp/serve.log" &
  time_pid=$!
  base=""
  for _ in $(seq 1 300); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" 2>/dev/null | head -1 || true)
    [ -n "$base" ] && break
    kill -0 "$time_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$base" ] || { echo "memtest: the server did not start:" >&2; cat "$tmp/serve.log" >&2; exit 1; }
  server_pid=$(cat "/proc/$time_pid/task/$time_pid/children" 2>/dev/null | awk '{print $1}')
  [ -n "$server_pid" ] || { echo "memtest: cannot find the server's process" >&2; exit 1; }

  stored=$(curl -sf "$base/v1/articles?per_page=1" | grep -o '"total":[0-9]*' | cut -d: -f2)
  [ -n "$stored" ] && [ "$stored" -gt 0 ] || { echo "memtest: the store is empty" >&2; exit 1; }
  list_pages=$(( (stored + 19) / 20 ))
  # Ids of stored articles from ten listing pages spread over the store.
  : >"$tmp/ids"
  step=$(( (stored + 99) / 100 / 10 + 1 ))
  for p in $(seq 1 "$step" $(( (stored + 99) / 100 )) | head -10); do
    curl -sf "$base/v1/articles?per_page=100&page=$p" | grep -o '"id":"[0-9a-f]\{16\}"' | cut -d'"' -f4 >>"$tmp/ids"
  done
  id=$(head -1 "$tmp/ids")
  # The POST body: a stored article's title and text, as JSON.
  # By key, not by field order (the answer's fields may come in any order).
  curl -sf "$base/v1/articles/$id" | python3 -c '
import json, sys
a = json.load(sys.stdin)
a = a.get("article", a)
print(json.dumps({"text": a["text"], "title": a.get("title") or ""}, ensure_ascii=False))
' >"$tmp/body.json" || true
  grep -q '^{"text":' "$tmp/body.json" || { echo "memtest: could not build the POST body" >&2; exit 1; }
  for path in "/v1/articles?page=$list_pages" "/v1/articles?q=%D9%88%D8%B2%D9%8A%D8%B1" "/v1/articles?q=100001" "/v1/articles/$id/summary"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
    [ "$code" = 200 ] || { echo "memtest: GET $path answered $code" >&2; exit 1; }
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary @"$tmp/body.json" "$base/v1/summarize")
  [ "$code" = 200 ] || { echo "memtest: POST /v1/summarize answered $code" >&2; exit 1; }
  write_lua "$tmp/mix.lua" "$tmp/ids" "$tmp/body.json" "$n" "$list_pages"

  : >"$tmp/samples"
  sample "$server_pid" "$tmp/samples" &
  sampler_pid=$!
  wrk -t"$wrk_threads" -c"$conns" -d"${secs}s" --latency -s "$tmp/mix.lua" "$base" >"$tmp/wrk.out" 2>&1
  sleep 1
  curl -sf "$base/metrics" >"$tmp/metrics" || true
  kill -TERM "$server_pid"
  wait "$time_pid" || true
  time_pid=""; server_pid=""
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""

  requests=$(awk '/requests in/ {print $1}' "$tmp/wrk.out")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$tmp/wrk.out")
  bad=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.out"); bad="${bad:-0}"
  serve_rss=$(peak_mb "$tmp/serve.time")
  threads=$(awk 'BEGIN {m = 0} $3 > m {m = $3} END {print m}' "$tmp/samples")
  if [ -n "${MEMTEST_TRACE:-}" ]; then
    echo "--- N=$n: seconds, VmRSS MB, threads"
    awk 'NR == 1 {t0 = $1} {printf "%4d %7.1f %4d\n", $1 - t0, $2 / 1024, $3}' "$tmp/samples"
    grep -E '^khulasa_http_requests_total' "$tmp/metrics" || true
    cat "$tmp/wrk.out"
  fi
  rows+=("$(printf '| %s | %s | %s | %s | %s (%s/s, %s non-2xx) | %s | %s |' \
    "$n" "$stored" "$batch_rss" "$batch_secs" "$requests" "$rps" "$bad" "$serve_rss" "$threads")")
  echo "${rows[-1]}" >&2
done
echo
echo "| pages | stored | batch peak RSS (MB) | batch time (s) | requests served in ${secs} s | server peak RSS (MB) | server threads (max) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
