//! `khulasa speak`: text (argument, file or stdin) → audio file.
//!
//! ```text
//! khulasa speak "ارتفعت الأسعار 5%" -o out.mp3
//! khulasa speak --file points.txt --points -o out.ogg --marks
//! echo "نص" | khulasa speak - -o out.wav
//! khulasa speak --check                  # what is installed
//! khulasa speak --phonemes "نص"          # espeak phonemes after diacritisation
//! ```

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use khulasa_core::Lang;
use khulasa_speech::{AudioFormat, Diacritics, Espeak, Speaker, SpeechError, SpeechOptions};

/// Flags of `khulasa speak`.
#[derive(clap::Args)]
pub struct Args {
    /// The text to read, or `-` for standard input.
    pub text: Option<String>,
    /// Read the text from this file (`-` for standard input).
    #[arg(short, long, value_name = "FILE", conflicts_with = "text")]
    pub file: Option<PathBuf>,
    /// Output file; the format comes from its extension (.wav, .mp3, .ogg).
    /// `-` writes to standard output (then give --format).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Audio format, overriding the extension: wav, mp3 or ogg.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Language of the text: ar, en or auto (from its script).
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Treat each non-empty line as one key point (a pause between them,
    /// one mark each).
    #[arg(long)]
    pub points: bool,
    /// Print the key-point marks (JSON, milliseconds) on standard error.
    #[arg(long)]
    pub marks: bool,
    /// Speaking rate, words per minute (80-450).
    #[arg(long, default_value_t = 160)]
    pub rate: u32,
    /// Pause between key points, milliseconds.
    #[arg(long, default_value_t = 600)]
    pub pause_ms: u32,
    /// Do not diacritise Arabic (read it as written).
    #[arg(long, conflicts_with = "require_diacritics")]
    pub no_diacritics: bool,
    /// Fail instead of reading Arabic without diacritics when the model is missing.
    #[arg(long)]
    pub require_diacritics: bool,
    /// Instead of audio, print the text as the synthesizer will read it
    /// (verbalised, diacritised), one chunk a line with its voice.
    #[arg(long)]
    pub preview: bool,
    /// Instead of audio, print espeak-ng's phonemes for that text.
    #[arg(long)]
    pub phonemes: bool,
    /// Instead of audio, print the IPA a Piper voice reads for that text
    /// (espeak-ng's IPA with each clause's punctuation).
    #[arg(long, conflicts_with = "phonemes")]
    pub ipa: bool,
    /// Which diacritiser puts the short vowels back: dengjen (the default)
    /// or rawi.
    #[arg(long, value_name = "NAME", default_value = "dengjen")]
    pub diacritizer: khulasa_speech::DiacritizerKind,
    /// Report whether espeak-ng and the diacritiser are installed, then exit.
    #[arg(long)]
    pub check: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,
    #[command(flatten)]
    pub voice: crate::cmd::voices::VoiceArgs,
    #[command(flatten)]
    pub limits: crate::limits::SpeechLimits,
}

fn lang_of(s: &str) -> Result<Option<Lang>> {
    Ok(match s {
        "auto" => None,
        "ar" => Some(Lang::Ar),
        "en" => Some(Lang::En),
        other => bail!("unknown --lang {other:?} (use ar, en or auto)"),
    })
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let opts = args.voice.apply(args.limits.apply(SpeechOptions {
        diacritics: if args.no_diacritics {
            Diacritics::Off
        } else if args.require_diacritics {
            Diacritics::Require
        } else {
            Diacritics::Auto
        },
        diacritizer: args.diacritizer,
        rate_wpm: args.rate,
        pause_ms: args.pause_ms,
        ..SpeechOptions::default()
    }));
    let speaker = Speaker::new(opts)?;
    if args.check {
        let st = speaker.status();
        let mut ok = true;
        match &st.synth.1 {
            Ok(()) => println!("synthesizer:  {} ok ({})", st.synth.0, speaker.voice_id()),
            Err(e) => {
                ok = false;
                println!("synthesizer:  {} MISSING: {e}", st.synth.0)
            }
        }
        match &st.diacritizer {
            Ok(name) => println!("diacritiser:  {name} ok"),
            Err(e) => println!("diacritiser:  MISSING (Arabic will lack short vowels): {e}"),
        }
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }

    let text = match (&args.text, &args.file) {
        (_, Some(f)) => crate::input::read_text(f, args.lossy)?,
        (Some(t), None) if t == "-" => {
            crate::input::read_text(std::path::Path::new("-"), args.lossy)?
        }
        (Some(t), None) => t.clone(),
        (None, None) => bail!("give the text to read, `-` for standard input, or --file FILE"),
    };
    let lang = lang_of(&args.lang)?.unwrap_or_else(|| {
        if text.chars().any(khulasa_speech::frontend::is_arabic_letter) {
            Lang::Ar
        } else {
            Lang::En
        }
    });

    if args.preview || args.phonemes || args.ipa {
        let chunks = speaker.preview(&text, lang)?;
        if chunks.is_empty() {
            bail!("{}", SpeechError::NothingToSay);
        }
        for c in chunks {
            if args.phonemes {
                let ph = Espeak::phonemes(&c.text, c.voice)?;
                println!("{ph}");
            } else if args.ipa {
                let voice = if c.voice == khulasa_speech::Voice::Arabic {
                    "ar"
                } else {
                    "en-us"
                };
                println!("{}", Espeak::ipa(&c.text, voice)?);
            } else {
                println!("[{:?}] {}", c.voice, c.text);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let Some(out) = &args.output else {
        bail!("give an output file with -o out.wav|out.mp3|out.ogg");
    };
    let format = match &args.format {
        Some(f) => f.parse::<AudioFormat>()?,
        None => AudioFormat::from_path(out).with_context(|| {
            format!(
                "cannot tell the audio format of {} (use .wav, .mp3 or .ogg, or --format)",
                out.display()
            )
        })?,
    };
    let points: Vec<&str> = if args.points {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        vec![text.as_str()]
    };
    // Encoded while it is synthesised (same bytes as encoding afterwards).
    let (audio, bytes) = speaker.speak_points_encoded(&points, lang, format)?;
    for w in &audio.warnings {
        eprintln!("khulasa: warning: {w}");
    }
    if out.as_os_str() == "-" {
        std::io::stdout()
            .lock()
            .write_all(&bytes)
            .context("could not write to standard output")?;
    } else {
        std::fs::write(out, &bytes)
            .with_context(|| format!("could not write {}", out.display()))?;
    }
    if args.marks {
        eprintln!("{}", serde_json::to_string(&audio.marks)?);
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads key points aloud into `path` (format from its extension), with the
/// default settings and `limits`; warnings go to standard error. Used by
/// `khulasa summarize --speak`.
pub fn points_to_file(
    points: &[&str],
    lang: Lang,
    path: &std::path::Path,
    limits: &crate::limits::SpeechLimits,
    voice: &crate::cmd::voices::VoiceArgs,
) -> Result<()> {
    let format = AudioFormat::from_path(path).with_context(|| {
        format!(
            "cannot tell the audio format of {} (use .wav, .mp3 or .ogg)",
            path.display()
        )
    })?;
    let (audio, bytes) = Speaker::new(voice.apply(limits.apply(SpeechOptions::default())))?
        .speak_points_encoded(points, lang, format)?;
    for w in &audio.warnings {
        eprintln!("khulasa: warning: {w}");
    }
    std::fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}
