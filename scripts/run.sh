#!/usr/bin/env bash
# The main job: set up, build, and serve the reader page and API on an
# embedded SQLite store holding the demo article.
#   ADDR=127.0.0.1:8080 DB=khulasa.sqlite bash scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release -p khulasa
addr="${ADDR:-127.0.0.1:8080}"
db="${DB:-khulasa.sqlite}"
echo "khulasa: open http://$addr/ (Ctrl-C to stop)"
exec target/release/khulasa serve --addr "$addr" --db "$db"
