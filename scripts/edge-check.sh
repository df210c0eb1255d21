#!/usr/bin/env bash
# Issue 13 reproductions against one or more khulasa binaries, in one run
# (a baseline beside a new build):
#   scripts/edge-check.sh OLD/khulasa target/debug/khulasa
set -u
for bin in "$@"; do
  d=$(mktemp -d); port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  $bin serve --addr 127.0.0.1:$port --db $d/k.db --no-demo --api-key k3y --allow-private-urls 2>/dev/null & pid=$!
  for _ in $(seq 100); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
  u=http://127.0.0.1:$port
  for i in $(seq 200); do curl -s -o /dev/null -X "M$(printf %0300d $i)" $u/healthz; done
  series=$(curl -s $u/metrics | grep -c '^khulasa_http_requests_total')
  mbytes=$(curl -s $u/metrics | wc -c)
  keyless=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d '{"nonsense":1}' $u/v1/articles)
  lower=$(curl -s -o /dev/null -w '%{http_code}' -H 'authorization: bearer k3y' -H 'content-type: application/json' -d '{"text":"أعلنت الوزارة اليوم إطلاق حملة وطنية للتطعيم في جميع المحافظات. وقالت إن الحملة تستمر شهراً.","title":"حملة"}' $u/v1/articles)
  id=$(curl -s -H 'x-api-key: k3y' -H 'content-type: application/json' -d '{"text":"أعلنت الوزارة اليوم إطلاق حملة وطنية للتطعيم في جميع المحافظات. وقالت إن الحملة تستمر شهراً.","title":"حملة"}' $u/v1/articles | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  anon=""
  for r in 0.50000000000001 0.50000000000002 0.50000000000003 0.37 ; do anon+="$(curl -s -o /dev/null -w '%{http_code}' "$u/v1/articles/$id/summary?ratio=$r") "; done
  for r in $(seq 1 20); do curl -s -o /dev/null -H 'x-api-key: k3y' "$u/v1/articles/$id/summary?ratio=0.5000000000000$r"; curl -s -o /dev/null -H 'x-api-key: k3y' "$u/v1/articles/$id/summary?words=$((r+10))"; done
  summaries=$(python3 -c "import sqlite3; print(sqlite3.connect('$d/k.db').execute('select count(*) from summaries').fetchone()[0])")
  fetchmsg=$(curl -s -H 'x-api-key: k3y' -H 'content-type: application/json' -d '{"url":"http://127.0.0.1:1/x"}' $u/v1/articles)
  echo "$(basename $bin): metrics series after 200 made-up methods=$series (/metrics $mbytes B); keyless bad POST=$keyless; 'bearer' lowercase POST=$lower; anonymous uncached GETs=$anon; stored summaries after 40 keyed GETs (20 ratio variants, 20 word counts)=$summaries; fetch error=$fetchmsg"
  kill $pid; wait $pid 2>/dev/null; rm -rf $d
done
