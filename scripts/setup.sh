#!/usr/bin/env bash
# Installs what khulasa needs on a fresh Debian/Ubuntu machine (run as root,
# or with sudo available). Safe to run again: each step checks first.
#
#   scripts/setup.sh            system libraries for speech + the ONNX runtime
#   scripts/setup.sh --test     also what the tests use (chromium, ffmpeg, sox)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- speech: espeak-ng (synthesis) -------------------------------------------
apt_install libespeak-ng1 espeak-ng-data espeak-ng

# --- speech: ONNX Runtime for diacritisation (from the PyPI wheel) -----------
# (filled in by the speech work)

if [ $want_test -eq 1 ]; then
  apt_install chromium chromium-driver ffmpeg sox wrk
fi
echo "setup: done"
