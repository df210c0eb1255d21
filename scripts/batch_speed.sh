#!/usr/bin/env bash
# `khulasa batch` throughput on real pages: pages/s (wall) and CPU ms/page,
# for one binary or for a baseline binary beside it in the same run.
#
#   scripts/batch_speed.sh DATA_DIR [BIN] [BASELINE_BIN] [ROUNDS]
#
# DATA_DIR: a folder searched for `.html` / `.html.gz` pages (for example
# ../shared/data/extraction: AEB, trafilatura-eval, the Readability,
# newspaper4k and goose3 fixtures, 1,545 pages). The pages are copied flat
# into a scratch folder (batch reads one folder; names must be unique), and
# the scratch folder and stores are deleted at the end. BIN defaults to
# target/release/khulasa. Each round runs every binary once, alternating,
# with a fresh SQLite store, `--jobs 2`; CPU is user + sys from
# /usr/bin/time, which the machine's other load does not inflate the way
# it inflates wall time.
set -euo pipefail
data=${1:?usage: batch_speed.sh DATA_DIR [BIN] [BASELINE_BIN] [ROUNDS]}
bin=${2:-target/release/khulasa}
base=${3:-}
rounds=${4:-2}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/pages"
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  case "$f" in
    *.gz) cp "$f" "$scratch/pages/p$n.html.gz" ;;
    *) cp "$f" "$scratch/pages/p$n.html" ;;
  esac
done < <(find "$data" -type f \( -name '*.html' -o -name '*.html.gz' \) -print0 | sort -z)
echo "pages: $n from $data"
run() {
  local label=$1 exe=$2
  rm -f "$scratch"/t.db*
  /usr/bin/time -f "%e %U %S" -o "$scratch/time" \
    "$exe" batch "$scratch/pages" --db "$scratch/t.db" --jobs 2 -q >"$scratch/out" 2>&1 || true
  read -r wall user sys < <(tail -1 "$scratch/time")
  awk -v l="$label" -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {
    printf "%-9s wall %6.2f s  %6.0f pages/s  CPU %6.2f s  %5.2f ms/page  (<= %5.0f pages/s on 2 idle cores)\n",
      l, w, n / w, u + s, (u + s) * 1000 / n, 2 * n / (u + s) }'
  tail -1 "$scratch/out"
}
for _ in $(seq "$rounds"); do
  if [ -n "$base" ]; then run baseline "$base"; fi
  run khulasa "$bin"
done
