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
# khulasa loads libonnxruntime at run time and reads the Apache-2.0 rawi
# diacritisation model from the text2tashkeel wheel. Both wheels are only
# downloaded (not pip-installed, so Debian's externally-managed Python is not
# touched) and the three files copied to /usr/local/lib/khulasa, where the
# binary looks without any environment variable. Override: KHULASA_LIB_DIR.
KHULASA_LIB_DIR="${KHULASA_LIB_DIR:-/usr/local/lib/khulasa}"
ORT_VERSION=1.32.0
TASHKEEL_VERSION=0.1.0
speech_ort_setup() {
  if [ -f "$KHULASA_LIB_DIR/libonnxruntime.so.$ORT_VERSION" ] \
     && [ -f "$KHULASA_LIB_DIR/rawi_ensemble.int8.onnx" ] && [ -f "$KHULASA_LIB_DIR/rawi_v2.vocab.json" ]; then
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || apt_install python3
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  local tmp; tmp=$(mktemp -d)
  echo "setup: downloading onnxruntime==$ORT_VERSION and text2tashkeel==$TASHKEEL_VERSION wheels"
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" \
    "onnxruntime==$ORT_VERSION" "text2tashkeel==$TASHKEEL_VERSION"
  $SUDO mkdir -p "$KHULASA_LIB_DIR"
  python3 - "$tmp" "$KHULASA_LIB_DIR" "$SUDO" <<'PY'
import glob, os, subprocess, sys, tempfile, zipfile
src, dest, sudo = sys.argv[1], sys.argv[2], sys.argv[3]
want = {"onnxruntime/capi/libonnxruntime.so.": None,
        "text2tashkeel/models/rawi_ensemble.int8.onnx": None,
        "text2tashkeel/models/rawi_v2.vocab.json": None}
out = tempfile.mkdtemp()
for whl in glob.glob(os.path.join(src, "*.whl")):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            for key in want:
                if name.startswith(key):
                    path = os.path.join(out, os.path.basename(name))
                    with open(path, "wb") as f:
                        f.write(z.read(name))
                    want[key] = path
missing = [k for k, v in want.items() if v is None]
if missing:
    sys.exit("setup: the wheels lack " + ", ".join(missing))
cmd = ([sudo] if sudo else []) + ["cp"] + list(want.values()) + [dest]
subprocess.check_call(cmd)
PY
  rm -rf "$tmp"
  echo "setup: ONNX Runtime and the diacritisation model are in $KHULASA_LIB_DIR"
}
speech_ort_setup

# --- fetch / ingest: TLS roots for https feeds and pages -----------------------
# khulasa-fetch checks certificates against the system store (rustls platform
# verifier); a minimal Debian has no /etc/ssl/certs without this package.
apt_install ca-certificates

if [ $want_test -eq 1 ]; then
  apt_install chromium chromium-driver ffmpeg sox wrk
  # scripts/memtest.sh: peak RSS by /usr/bin/time -v (and perl, Essential
  # on Debian, to write its pages).
  apt_install time
fi
echo "setup: done"
