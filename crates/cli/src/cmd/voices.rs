//! `khulasa voices`: the voices this machine can read with, and `--voice`,
//! the flag that chooses them on `speak`, `summarize --speak` and `serve`.
//!
//! ```text
//! khulasa voices                      # espeak-ng's, then each Piper voice found
//! khulasa speak "..." --voice piper:/usr/local/lib/khulasa/voices/en_US-joe-medium.onnx -o a.mp3
//! khulasa serve --voice piper:ar_JO-kareem-medium.onnx --voice piper:en_US-joe-medium.onnx
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use khulasa_speech::voices::{installed_voices, voice_dirs};
use khulasa_speech::{SpeechOptions, VoiceSpec};

/// `--voice`, repeatable: one voice for Arabic and one for English at once.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct VoiceArgs {
    /// A voice: espeak:ar (the default), espeak:en, or piper:PATH.onnx (its
    /// .onnx.json beside it). Repeat it for an Arabic and an English voice:
    /// each reads the language it was made for (a Piper voice's .onnx.json
    /// says which); a language no --voice names is read by espeak-ng.
    #[arg(long = "voice", value_name = "VOICE")]
    pub voices: Vec<VoiceSpec>,
}

impl VoiceArgs {
    /// These voices set on speech options.
    pub fn apply(&self, opts: SpeechOptions) -> SpeechOptions {
        SpeechOptions {
            voices: self.voices.clone(),
            ..opts
        }
    }
}

/// Flags of `khulasa voices`.
#[derive(clap::Args)]
pub struct Args {
    /// Also look in these folders for Piper voices (`*.onnx` with `.onnx.json`).
    #[arg(long = "dir", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Load each Piper model to check it is usable (a second or so each),
    /// instead of reading only its configuration.
    #[arg(long)]
    pub check: bool,
}

/// Runs the command: one voice a line, `--voice` value first.
pub fn run(args: Args) -> Result<ExitCode> {
    let voices = installed_voices(&args.dirs, args.check);
    for v in &voices {
        let rate = v
            .sample_rate
            .map_or_else(|| "-".to_string(), |r| format!("{r} Hz"));
        match &v.usable {
            Ok(()) => println!("{}\t{}\t{rate}\tok", v.spec, v.language),
            Err(e) => println!("{}\t{}\t{rate}\tUNUSABLE: {e}", v.spec, v.language),
        }
    }
    if !voices.iter().any(|v| matches!(v.spec, VoiceSpec::Piper(_))) {
        let dirs: Vec<String> = voice_dirs()
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        eprintln!(
            "khulasa: no Piper voice found in {}; docs/speech.md says where to get one",
            dirs.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
