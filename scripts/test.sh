#!/usr/bin/env bash
# The test command: installs what the tests need (speech libraries, chromium,
# ffmpeg, sox, wrk), then runs every crate's tests, benches in test mode, and
# doctests. Evaluation data is read from ../shared/data when present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# setup made sure PostgreSQL answers: its tests must run, not skip.
export KHULASA_REQUIRE_PG="${KHULASA_REQUIRE_PG:-1}"
cargo test --workspace --all-targets
cargo test --workspace --doc
# The one slow test kept out of the default run (a 50 MB page): CI runs it too.
cargo test -p khulasa-extract --test bad_input -- --ignored
# schemathesis against a running `khulasa serve`: every operation of
# /openapi.json, bounded examples (about half a minute).
bash scripts/schemathesis.sh 25
