#!/usr/bin/env bash
# The test command: every crate's tests and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
