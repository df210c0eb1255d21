//! The only unsafe code of the crate: a small FFI to the system's
//! `libespeak-ng`, loaded at run time with `libloading`.
//!
//! Why our own FFI: the `espeakng` crate segfaults in `synthesize()` on these
//! machines. Why run-time loading: so the binary starts (and everything but
//! speech keeps working) on a machine without espeak-ng, and can say what to
//! install.
//!
//! espeak-ng keeps global state and is not thread-safe: every call goes
//! through one process-wide [`Mutex`].

#![allow(unsafe_code)]

use std::ffi::{CString, c_char, c_int, c_short, c_uint, c_void};
use std::sync::{Mutex, OnceLock};

use crate::SpeechError;

/// `AUDIO_OUTPUT_SYNCHRONOUS`: `espeak_Synth` returns only when all audio has
/// been handed to the callback.
const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
/// `espeakINITIALIZE_DONT_EXIT`: report errors instead of calling `exit()`.
const INITIALIZE_DONT_EXIT: c_int = 0x8000;
/// `espeakCHARS_UTF8`.
const CHARS_UTF8: c_uint = 1;
/// `espeakENDPAUSE`: add the sentence-final pause at the end of the text.
const ENDPAUSE: c_uint = 0x1000;
/// `POS_CHARACTER`.
const POS_CHARACTER: c_int = 1;
/// `espeakRATE` parameter id.
const PARAM_RATE: c_int = 1;
/// `espeakEVENT_LIST_TERMINATED`.
const EVENT_LIST_TERMINATED: c_int = 0;
/// `espeakPHONEMES_SHOW`... not used; `espeak_TextToPhonemes` phoneme mode 0
/// gives eSpeak's own (Kirshenbaum-like) mnemonics, as `espeak-ng -x` prints.
const PHONEMES_ASCII: c_int = 0;
/// `espeakPHONEMES_IPA`: the phonemes as IPA characters (what Piper voices
/// were trained on).
const PHONEMES_IPA: c_int = 0x02;

/// Mirrors `espeak_EVENT` from `speak_lib.h` (espeak-ng 1.49+ layout).
#[repr(C)]
struct EspeakEvent {
    kind: c_int,
    unique_identifier: c_uint,
    text_position: c_int,
    length: c_int,
    audio_position: c_int,
    sample: c_int,
    user_data: *mut c_void,
    id: [u8; 8],
}

type SynthCallback = unsafe extern "C" fn(*mut c_short, c_int, *mut EspeakEvent) -> c_int;
type FnInitialize = unsafe extern "C" fn(c_int, c_int, *const c_char, c_int) -> c_int;
type FnSetSynthCallback = unsafe extern "C" fn(SynthCallback);
type FnSetVoiceByName = unsafe extern "C" fn(*const c_char) -> c_int;
type FnSetParameter = unsafe extern "C" fn(c_int, c_int, c_int) -> c_int;
#[allow(clippy::type_complexity)]
type FnSynth = unsafe extern "C" fn(
    *const c_void,
    usize,
    c_uint,
    c_int,
    c_uint,
    c_uint,
    *mut c_uint,
    *mut c_void,
) -> c_int;
type FnTextToPhonemes = unsafe extern "C" fn(*mut *const c_void, c_int, c_int) -> *const c_char;

/// The loaded library and its entry points. The `Library` must outlive the
/// function pointers: both live in one static that is never dropped.
struct Api {
    _lib: libloading::Library,
    set_voice_by_name: FnSetVoiceByName,
    set_parameter: FnSetParameter,
    synth: FnSynth,
    text_to_phonemes: FnTextToPhonemes,
    sample_rate: u32,
}

/// State that changes between calls, guarded by the global mutex.
struct State {
    voice: Option<String>,
    rate: c_int,
}

static API: OnceLock<Result<Api, String>> = OnceLock::new();
static LOCK: Mutex<State> = Mutex::new(State {
    voice: None,
    rate: 0,
});

/// The message a user sees when the library is absent.
pub(crate) const INSTALL_HINT: &str =
    "install espeak-ng (apt install libespeak-ng1 espeak-ng-data), or run scripts/setup.sh";

/// Library names tried, in order. The soname first: it is what the runtime
/// package ships (the unversioned `.so` only comes with the -dev package).
const LIB_NAMES: &[&str] = &["libespeak-ng.so.1", "libespeak-ng.so", "libespeak-ng.dylib"];

fn load() -> Result<Api, String> {
    let mut last_err = String::new();
    // KHULASA_ESPEAK_LIB names the library file to use instead of the
    // system's (an install elsewhere; tests use it to simulate a machine
    // without espeak-ng).
    let custom = std::env::var("KHULASA_ESPEAK_LIB")
        .ok()
        .filter(|s| !s.is_empty());
    let names: Vec<&str> = match &custom {
        Some(path) => vec![path.as_str()],
        None => LIB_NAMES.to_vec(),
    };
    for name in &names {
        // SAFETY: loading libespeak-ng runs its ELF initialisers, which only
        // set up static tables; it has no load-time side effects we rely on.
        match unsafe { libloading::Library::new(*name) } {
            Ok(lib) => return init(lib),
            Err(e) => last_err = e.to_string(),
        }
    }
    Err(format!(
        "libespeak-ng could not be loaded ({last_err}): {INSTALL_HINT}"
    ))
}

fn init(lib: libloading::Library) -> Result<Api, String> {
    // SAFETY: each symbol is looked up by its exported C name and cast to the
    // signature declared in espeak-ng's speak_lib.h; the pointers are copied
    // out and kept together with `lib`, which is never unloaded.
    unsafe {
        let sym_err = |e: libloading::Error| format!("libespeak-ng is missing a symbol ({e})");
        let initialize: FnInitialize = *lib.get(b"espeak_Initialize\0").map_err(sym_err)?;
        let set_cb: FnSetSynthCallback = *lib.get(b"espeak_SetSynthCallback\0").map_err(sym_err)?;
        let set_voice_by_name: FnSetVoiceByName =
            *lib.get(b"espeak_SetVoiceByName\0").map_err(sym_err)?;
        let set_parameter: FnSetParameter = *lib.get(b"espeak_SetParameter\0").map_err(sym_err)?;
        let synth: FnSynth = *lib.get(b"espeak_Synth\0").map_err(sym_err)?;
        let text_to_phonemes: FnTextToPhonemes =
            *lib.get(b"espeak_TextToPhonemes\0").map_err(sym_err)?;
        // Buffer length 0 = espeak's default (200 ms); NULL path = the data
        // directory compiled into the library (Debian: espeak-ng-data).
        let rate = initialize(
            AUDIO_OUTPUT_SYNCHRONOUS,
            0,
            std::ptr::null(),
            INITIALIZE_DONT_EXIT,
        );
        if rate <= 0 {
            return Err(format!(
                "espeak-ng failed to initialise (its voice data may be missing): {INSTALL_HINT}"
            ));
        }
        set_cb(synth_callback);
        Ok(Api {
            _lib: lib,
            set_voice_by_name,
            set_parameter,
            synth,
            text_to_phonemes,
            sample_rate: rate as u32,
        })
    }
}

fn api() -> Result<&'static Api, SpeechError> {
    API.get_or_init(load)
        .as_ref()
        .map_err(|m| SpeechError::SynthesizerUnavailable(m.clone()))
}

/// True when libespeak-ng can be loaded and initialised.
pub(crate) fn available() -> bool {
    api().is_ok()
}

/// The sample rate espeak-ng produces (22050 Hz for its own voices).
pub(crate) fn sample_rate() -> Result<u32, SpeechError> {
    Ok(api()?.sample_rate)
}

/// Receives audio from `espeak_Synth` (synchronous mode: on the calling
/// thread, before `espeak_Synth` returns).
unsafe extern "C" fn synth_callback(
    wav: *mut c_short,
    n: c_int,
    events: *mut EspeakEvent,
) -> c_int {
    if events.is_null() {
        return 0;
    }
    // SAFETY: espeak passes an event list terminated by LIST_TERMINATED whose
    // first entry carries the `user_data` we gave to espeak_Synth: a live
    // `&mut Vec<i16>` owned by `synthesize` below, which is blocked inside
    // espeak_Synth while this runs. `wav` points to `n` samples when non-null.
    unsafe {
        let out = (*events).user_data as *mut Vec<i16>;
        if out.is_null() {
            return 0;
        }
        if !wav.is_null() && n > 0 {
            let samples = std::slice::from_raw_parts(wav as *const i16, n as usize);
            (*out).extend_from_slice(samples);
        }
        // Walk to the end of the list so a malformed list is noticed in debug.
        let mut e = events;
        let mut guard = 0;
        while (*e).kind != EVENT_LIST_TERMINATED && guard < 10_000 {
            e = e.add(1);
            guard += 1;
        }
    }
    0 // 0 = continue synthesis
}

fn lock() -> std::sync::MutexGuard<'static, State> {
    // A panic while holding the lock leaves espeak's state as it was between
    // calls: safe to go on.
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

fn select(api: &Api, st: &mut State, voice: &str, rate: u32) -> Result<(), SpeechError> {
    if st.voice.as_deref() != Some(voice) {
        let c = CString::new(voice)
            .map_err(|_| SpeechError::Synthesizer(format!("bad voice name {voice:?}")))?;
        // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
        let rc = unsafe { (api.set_voice_by_name)(c.as_ptr()) };
        if rc != 0 {
            return Err(SpeechError::Synthesizer(format!(
                "espeak-ng has no voice {voice:?} (is espeak-ng-data installed?)"
            )));
        }
        st.voice = Some(voice.to_string());
        st.rate = 0; // a new voice resets the rate
    }
    let rate = rate.clamp(80, 450) as c_int;
    if st.rate != rate {
        // SAFETY: plain integer arguments.
        unsafe { (api.set_parameter)(PARAM_RATE, rate, 0) };
        st.rate = rate;
    }
    Ok(())
}

/// Synthesises `text` (UTF-8, plain text: no SSML) with `voice` at `rate`
/// words per minute, appending 16-bit mono samples to `out`.
pub(crate) fn synthesize(
    text: &str,
    voice: &str,
    rate: u32,
    out: &mut Vec<i16>,
) -> Result<(), SpeechError> {
    let api = api()?;
    let c = CString::new(text.replace('\0', " ")).expect("NULs were replaced");
    let mut st = lock();
    select(api, &mut st, voice, rate)?;
    let bytes = c.as_bytes_with_nul();
    // The sentence-final pause only where a sentence ends: a chunk cut at a
    // voice switch (Arabic → English mid-sentence) runs on without one.
    let ends_sentence = text
        .trim_end()
        .ends_with(['.', '!', '?', '؟', '؛', ';', '…', ':']);
    let flags = if ends_sentence {
        CHARS_UTF8 | ENDPAUSE
    } else {
        CHARS_UTF8
    };
    // SAFETY: `bytes` is NUL-terminated UTF-8 and lives until the call ends;
    // `out` is passed as user_data and only touched by `synth_callback`
    // during this synchronous call, while we hold the global lock so no other
    // thread can enter espeak.
    let rc = unsafe {
        (api.synth)(
            bytes.as_ptr() as *const c_void,
            bytes.len(),
            0,
            POS_CHARACTER,
            0,
            flags,
            std::ptr::null_mut(),
            out as *mut Vec<i16> as *mut c_void,
        )
    };
    drop(st);
    if rc != 0 {
        return Err(SpeechError::Synthesizer(format!(
            "espeak_Synth failed with code {rc}"
        )));
    }
    Ok(())
}

/// eSpeak's phoneme mnemonics for `text` with `voice` (what `espeak-ng -x`
/// prints), clause by clause joined with spaces.
pub(crate) fn phonemes(text: &str, voice: &str) -> Result<String, SpeechError> {
    let api = api()?;
    let c = CString::new(text.replace('\0', " ")).expect("NULs were replaced");
    let mut st = lock();
    select(api, &mut st, voice, 175)?;
    let mut out = String::new();
    let mut ptr: *const c_void = c.as_ptr() as *const c_void;
    let mut guard = 0usize;
    // SAFETY: espeak_TextToPhonemes advances `ptr` through our NUL-terminated
    // buffer (which outlives the loop) and sets it to NULL at the end; the
    // returned C string lives in espeak's static buffer until the next call,
    // and we copy it out before that, under the global lock.
    unsafe {
        while !ptr.is_null() && guard < 100_000 {
            let p = (api.text_to_phonemes)(&mut ptr, CHARS_UTF8 as c_int, PHONEMES_ASCII);
            if p.is_null() {
                break;
            }
            let s = std::ffi::CStr::from_ptr(p).to_string_lossy();
            let s = s.trim();
            if !s.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(s);
            }
            guard += 1;
        }
    }
    Ok(out)
}

/// espeak-ng's IPA for `text` read by `voice`, clause by clause, each with
/// the punctuation that ended it (the API drops it; we find it in the text
/// the clause consumed). Language-switch flags such as `(en)` are removed.
pub(crate) fn ipa_clauses(
    text: &str,
    voice: &str,
) -> Result<Vec<(String, Option<char>)>, SpeechError> {
    let api = api()?;
    let c = CString::new(text.replace('\0', " ")).expect("NULs were replaced");
    let base = c.as_ptr() as usize;
    let bytes = c.as_bytes();
    let mut st = lock();
    select(api, &mut st, voice, 175)?;
    let mut out = Vec::new();
    let mut ptr: *const c_void = c.as_ptr() as *const c_void;
    let mut guard = 0usize;
    // SAFETY: as in `phonemes` above: espeak advances `ptr` through our
    // NUL-terminated buffer and sets it to NULL at the end; the returned
    // string is copied out under the global lock before the next call.
    unsafe {
        while !ptr.is_null() && guard < 100_000 {
            let start = (ptr as usize).saturating_sub(base).min(bytes.len());
            let p = (api.text_to_phonemes)(&mut ptr, CHARS_UTF8 as c_int, PHONEMES_IPA);
            if p.is_null() {
                break;
            }
            let end = if ptr.is_null() {
                bytes.len()
            } else {
                (ptr as usize)
                    .saturating_sub(base)
                    .clamp(start, bytes.len())
            };
            let consumed = String::from_utf8_lossy(&bytes[start..end]);
            let ph = std::ffi::CStr::from_ptr(p).to_string_lossy();
            out.push((
                without_language_flags(ph.trim()),
                clause_end(&consumed, ptr.is_null()),
            ));
            guard += 1;
        }
    }
    Ok(out)
}

/// The punctuation that ends a clause, in Piper's terms, if any.
/// `consumed` is the text espeak-ng moved past; except for the `last`
/// clause it runs a character into the next one (`"Hello, w"`), and that
/// partial word is not part of this clause.
fn clause_end(consumed: &str, last: bool) -> Option<char> {
    let mut t = consumed;
    if !last && let Some(i) = t.rfind(char::is_whitespace) {
        t = &t[..i];
    }
    let last = t.trim_end().chars().last()?;
    Some(match last {
        '.' | '…' => '.',
        '?' | '؟' => '?',
        '!' => '!',
        ',' | '،' => ',',
        ';' | '؛' => ';',
        ':' => ':',
        _ => return None,
    })
}

/// Removes espeak's language-switch flags (`(en)`, `(ar)`), which are not
/// phonemes.
fn without_language_flags(ph: &str) -> String {
    let mut out = String::with_capacity(ph.len());
    let mut depth = 0usize;
    for ch in ph.chars() {
        match ch {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_ends_map_to_pipers_punctuation() {
        assert_eq!(clause_end("قال، ث", false), Some(','));
        assert_eq!(clause_end("Hello, w", false), Some(','));
        assert_eq!(clause_end("orld. I", false), Some('.'));
        assert_eq!(clause_end("aybe!", true), Some('!'));
        assert_eq!(clause_end("one two th", false), None);
        assert_eq!(clause_end("هل؟", true), Some('?'));
        assert_eq!(clause_end("word", true), None);
        assert_eq!(
            without_language_flags("(en)hˈɛloʊ(ar) marħaba"),
            "hˈɛloʊ marħaba"
        );
    }
}
