#!/usr/bin/env bash
# Jobs per second through the PostgreSQL queue with 1, 2 and 4 workers (one
# process each, `--jobs 1`), beside the inline `batch --db` on SQLite with
# the same number of threads, in the same run, on the same synthetic pages.
#
#   bash scripts/queuebench.sh [PAGES]        (default 2000)
#
# PostgreSQL at KHULASA_TEST_PG (default postgres://postgres@127.0.0.1/test);
# each run gets a schema of its own, dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-2000}"
pg="${KHULASA_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}"
command -v psql >/dev/null || { echo "queuebench: psql is missing" >&2; exit 1; }
cargo build --release -q -p khulasa
k=target/release/khulasa
tmp=$(mktemp -d)
schemas=()
cleanup() {
  for s in "${schemas[@]}"; do psql "$pg" -qc "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# The pages: khulasa-ingest's synthetic news pages, as JSON Lines of HTML.
python3 - "$pages" "$tmp/pages.jsonl" <<'PY'
import json, sys, random
n, out = int(sys.argv[1]), sys.argv[2]
words = "الحكومة أعلنت اليوم خطة جديدة لتطوير التعليم في المدن والقرى وقال الوزير إن المشروع سيبدأ الشهر المقبل بتمويل من الموازنة العامة".split()
random.seed(7)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        paras = []
        for p in range(6):
            sent = " ".join(random.choice(words) for _ in range(18)) + f" رقم {i}-{p}."
            paras.append(f"<p>{sent} {' '.join(random.choice(words) for _ in range(14))}.</p>")
        html = f"<html><head><title>خبر {i}</title></head><body><article><h1>خبر رقم {i} عن التعليم</h1>{''.join(paras)}</article></body></html>"
        f.write(json.dumps({"id": f"p{i}", "html": html}, ensure_ascii=False) + "\n")
PY

now() { date +%s.%N; }
echo "queuebench: $pages pages, $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-46s %10s %10s\n' "run" "seconds" "pages/s"
for w in 1 2 4; do
  # Baseline: inline batch into SQLite with w threads.
  t0=$(now)
  $k batch "$tmp/pages.jsonl" --db "$tmp/inline-$w.db" --jobs "$w" -q >/dev/null 2>&1 || true
  t1=$(now)
  printf '%-46s %10.2f %10.0f\n' "inline batch, SQLite, $w thread(s) (baseline)" "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $pages / ($t1 - $t0)}")"

  s="queuebench_$$_$w"; schemas+=("$s")
  psql "$pg" -qc "CREATE SCHEMA $s" >/dev/null
  sep='?'; case "$pg" in *\?*) sep='&';; esac
  url="${pg}${sep}options=-c%20search_path%3D${s}"
  $k batch "$tmp/pages.jsonl" --db "$url" -q >/dev/null 2>&1
  t0=$(now)
  pids=()
  for _ in $(seq 1 "$w"); do
    $k worker --db "$url" --jobs 1 --exit-when-idle >/dev/null 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  t1=$(now)
  done_jobs=$($k stats --db "$url" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["queue"]["done"])')
  [ "$done_jobs" = "$pages" ] || echo "queuebench: only $done_jobs of $pages jobs done" >&2
  printf '%-46s %10.2f %10.0f\n' "queue, PostgreSQL, $w worker process(es)" "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $pages / ($t1 - $t0)}")"
done
