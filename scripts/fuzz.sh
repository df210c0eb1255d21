#!/usr/bin/env bash
# Runs khulasa's fuzz targets (fuzz/, cargo-fuzz + libFuzzer) and reports the
# executions, time and crashes of each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 600 s, every target
#   JOBS=2 EXTRACT_FACTOR=2 scripts/fuzz.sh   two targets at a time; extraction
#                                             runs EXTRACT_FACTOR times longer
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain is stable:
# RUSTC_BOOTSTRAP=1 lets it take the nightly-only sanitizer flags. Set
# SANITIZER=none if AddressSanitizer fails to build or run.
#
# Seed corpora are copied at run time from the repository's own fixtures into
# fuzz/corpus/<target> (git-ignored), beside whatever earlier runs found.
# Crashes land in fuzz/artifacts/<target>/; logs in fuzz/artifacts/logs/.
# The summary table is printed at the end and written to
# fuzz/artifacts/logs/summary.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ="$ROOT/fuzz"
SECONDS_EACH=${1:-600}
shift || true
ALL=(extract decode text summarize speech_frontend feed api_json)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
JOBS=${JOBS:-2}
EXTRACT_FACTOR=${EXTRACT_FACTOR:-2}
SANITIZER=${SANITIZER:-address}
export RUSTC_BOOTSTRAP=1

command -v cargo-fuzz >/dev/null || { echo "fuzz.sh: cargo-fuzz is missing: cargo install cargo-fuzz" >&2; exit 1; }

LOGS="$FUZZ/artifacts/logs"
mkdir -p "$LOGS"

# --- seed corpora, from our own fixtures -----------------------------------
seed() { # seed TARGET FILE...
    local dir="$FUZZ/corpus/$1"; shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do [ -f "$f" ] && cp -f "$f" "$dir/seed-$(basename "$f")"; done
    return 0
}
seed_text() { # seed_text TARGET NAME TEXT
    mkdir -p "$FUZZ/corpus/$1"
    printf '%s' "$3" > "$FUZZ/corpus/$1/seed-$2"
}
shopt -s nullglob
PAGES=("$ROOT"/crates/extract/tests/fixtures/*.html "$ROOT"/crates/server/assets/demo-article.html)
TEXTS=("$ROOT"/demo/*.txt)
seed extract "${PAGES[@]}"
seed decode "${PAGES[@]}"
# A gzip page and a windows-1256 page for the decoder.
if [ -f "$ROOT/crates/server/assets/demo-article.html" ]; then
    mkdir -p "$FUZZ/corpus/decode"
    { printf '\x00'; gzip -c "$ROOT/crates/server/assets/demo-article.html"; } > "$FUZZ/corpus/decode/seed-demo.gz"
    { printf '\x02'; iconv -f UTF-8 -t CP1256 "$ROOT/crates/server/assets/demo-article.html" 2>/dev/null || true; } > "$FUZZ/corpus/decode/seed-demo-1256"
fi
seed text "${TEXTS[@]}"
seed summarize "${TEXTS[@]}"
seed speech_frontend "${TEXTS[@]}"
if [ -f "$ROOT/crates/speech/tests/data/tashkeel_gold.txt" ]; then
    head -c 4000 "$ROOT/crates/speech/tests/data/tashkeel_gold.txt" > "$FUZZ/corpus/speech_frontend/seed-gold"
fi
seed_text speech_frontend numbers 'ارتفعت الأسعار 5.5% إلى 1,250,000 دولار في 12/3/2024 الساعة 10:30 ص، وفي القرن الـ21 (UN, NATO) من 3 إلى 7.'
seed_text text mixed $'قال د. أحمد: "سنبدأ غداً." ثم غادر؟ نعم!\n\nThe U.S. said 3.5% — ok.\u200f ١٢٣ كتـــاب'
seed_text summarize mixed $'AAA\x01عنوان الخبر\nاجتمع الوزير أمس. وقال إن المحادثات مثمرة.\n\nوأضاف أن اللقاء المقبل في الشهر القادم.'
seed_text feed rss '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title><link>https://news.example/</link><item><title>خبر أول</title><link>/a/1</link><guid>1</guid><pubDate>Mon, 02 Mar 2026 10:00:00 +0300</pubDate><description>&lt;p&gt;نص&lt;/p&gt;</description></item><item><title>second</title><link>https://news.example/a/2</link></item></channel></rss>'
seed_text feed atom '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2026-03-02T10:00:00Z</updated><entry><title>خبر</title><id>urn:1</id><link href="a/1"/><updated>2026-03-02T10:00:00Z</updated><content type="html">&lt;p&gt;نص&lt;/p&gt;</content></entry></feed>'
seed_text feed json '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","url":"/a/1","title":"خبر","content_html":"<p>نص</p>"},{"id":"2","content_text":"x"}]}'
seed_text api_json text '{"text":"اجتمع الوزير أمس مع نظيره. وقال إن المحادثات مثمرة.\n\nوأضاف أن اللقاء المقبل قريب.","title":"لقاء","bullets":2}'
seed_text api_json html '{"html":"<html><head><title>خبر</title></head><body><article><p>اجتمع الوزير أمس مع نظيره في العاصمة.</p><p>وقال إن المحادثات مثمرة.</p></article></body></html>","url":"https://news.example/a","ratio":0.5}'
seed_text api_json words '{"text":"one. two. three.","words":5}'

# --- build -----------------------------------------------------------------
cd "$FUZZ"
echo "fuzz.sh: building (sanitizer: $SANITIZER)"
BUILD=()
[ ${#TARGETS[@]} -eq 1 ] && BUILD=("${TARGETS[0]}")
nice -n 19 cargo fuzz build -O --sanitizer "$SANITIZER" "${BUILD[@]}" 2>"$LOGS/build.log" \
    || { tail -30 "$LOGS/build.log"; exit 1; }

max_len() {
    case $1 in
        extract | decode) echo 524288 ;;
        feed | api_json) echo 131072 ;;
        *) echo 65536 ;;
    esac
}

run_one() { # run_one TARGET
    local t=$1 secs=$SECONDS_EACH
    [ "$t" = extract ] && secs=$((SECONDS_EACH * EXTRACT_FACTOR))
    mkdir -p "$FUZZ/corpus/$t" "$FUZZ/artifacts/$t"
    local start=$(date +%s) rc=0
    # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: 2 GiB
    # is a memory blow-up. Both are reported as crashes.
    nice -n 19 cargo fuzz run -O --sanitizer "$SANITIZER" "$t" -- \
        -max_total_time="$secs" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$LOGS/$t.log" 2>&1 || rc=$?
    local end=$(date +%s)
    local execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$LOGS/$t.log" | grep -oE '[0-9]+$' | tail -1)
    local crashes=$(find "$FUZZ/artifacts/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    local corpus=$(find "$FUZZ/corpus/$t" -type f | wc -l)
    printf '%-16s %8ss %12s execs %6s corpus %3s artifacts exit %s\n' \
        "$t" "$((end - start))" "${execs:-?}" "$corpus" "$crashes" "$rc" | tee -a "$LOGS/summary.txt"
}

echo "# $(date -u +%FT%TZ) ${SECONDS_EACH}s each, $JOBS at a time, sanitizer $SANITIZER" >> "$LOGS/summary.txt"
running=0
for t in "${TARGETS[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait || true
echo "fuzz.sh: logs in $LOGS; crashes (if any) in $FUZZ/artifacts/<target>/"
