//! `khulasa summarize FILE|-`: key points of an article.
//!
//! Contract (docs/design.md): text output is one `- ` bullet a key point;
//! `--format json` prints one object; `--jsonl` reads `{"id", "text",
//! "title"?}` lines and writes one line per article, `{"id", "key_points":
//! [{"text", "sources": [sentence index, ...]}], ...}` or `{"id", "error"}`,
//! going on after a bad line; the exit status is 2 if any line failed.
//! Length: `--bullets N` (default 3), `--words N`, `--ratio R`.

use crate::input;
use anyhow::{Context, Result};
use khulasa_core::Limit;
use khulasa_pipeline::wire::{JsonlLine, LengthParams, SummarizedJson, SummaryJson};
use khulasa_pipeline::{Article, Input, Length, Pipeline};
use serde_json::Value;
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One `- ` bullet a key point.
    Text,
    /// One JSON object with sources.
    Json,
}

/// Length flags, shared with `khulasa eval summarize`.
#[derive(clap::Args, Debug, Clone, Copy)]
#[group(multiple = false)]
pub struct LengthArgs {
    /// Number of key points (default 3).
    #[arg(long, value_name = "N")]
    pub bullets: Option<u32>,
    /// About this many words in all.
    #[arg(long, value_name = "N")]
    pub words: Option<u32>,
    /// This share (0 < R ≤ 1) of the article's words.
    #[arg(long, value_name = "R")]
    pub ratio: Option<f64>,
}

impl LengthArgs {
    /// The length setting, validated.
    pub fn length(&self) -> Result<Length> {
        Ok(LengthParams {
            bullets: self.bullets,
            words: self.words,
            ratio: self.ratio,
        }
        .to_length()?)
    }
}

/// Flags of `khulasa summarize`.
#[derive(clap::Args)]
pub struct Args {
    /// The article: a text file, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Batch: the input is JSON Lines `{"id", "text", "title"?}`; one output line each.
    #[arg(long)]
    pub jsonl: bool,
    #[command(flatten)]
    pub length: LengthArgs,
    /// Keep whole sentences (no editor-style trimming).
    #[arg(long)]
    pub no_compress: bool,
    /// The headline (helps choose the sentences that carry the story).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// The input is an HTML page (or `.html.gz`): extract the article first.
    /// Without it, input that looks like HTML is treated as HTML anyway.
    #[arg(long, conflicts_with = "plain")]
    pub html: bool,
    /// The input is plain text, even if it looks like HTML.
    #[arg(long)]
    pub plain: bool,
    /// The page's URL (with `--html`), for extraction.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Also read the key points aloud into this audio file (.wav, .mp3 or .ogg).
    #[arg(long, value_name = "OUT", conflicts_with = "jsonl")]
    pub speak: Option<PathBuf>,
    #[command(flatten)]
    pub limits: crate::limits::SummarizeLimits,
    #[command(flatten)]
    pub extract_limits: crate::limits::ExtractLimits,
    #[command(flatten)]
    pub speech_limits: crate::limits::SpeechLimits,
    #[command(flatten)]
    pub engine: crate::engine::EngineArgs,
    /// The voices of `--speak` (see `khulasa voices`).
    #[command(flatten)]
    pub voice: crate::cmd::voices::VoiceArgs,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let length = args.length.length()?;
    let config = crate::limits::pipeline_config(
        &args.extract_limits,
        &args.limits,
        khulasa_summarize::Options {
            compress: !args.no_compress,
            ..Default::default()
        },
    );
    let config = args.engine.apply(config)?;
    let pipeline = Pipeline::new(khulasa_pipeline::Config {
        speech: args.speech_limits.apply(config.speech.clone()),
        ..config
    })?;
    if args.jsonl {
        return run_jsonl(&args, &pipeline, length);
    }
    let bytes = read_bounded(&args.input, input_limit(&args))?;
    let name = args.input.display().to_string();
    let is_html = args.html || (!args.plain && khulasa_extract::looks_like_html(&bytes));
    let given = if is_html {
        Input::Html {
            html: bytes,
            charset: None,
            url: args.url.clone(),
            title: args.title.clone(),
        }
    } else {
        Input::Text {
            text: input::utf8(bytes, &name, args.lossy)?,
            title: args.title.clone(),
            url: args.url.clone(),
        }
    };
    let article = pipeline
        .article(given)
        .with_context(|| format!("could not read an article from {name}"))?;
    let summary = pipeline
        .summarize(&article, length)
        .with_context(|| format!("could not summarize {name}"))?;
    let out = std::io::stdout();
    let mut out = out.lock();
    match args.format {
        Format::Text => {
            for k in &summary.key_points {
                writeln!(out, "- {}", k.text)?;
            }
        }
        Format::Json => {
            // The same object `POST /v1/summarize` answers, with the article
            // text the spans index.
            let v = summarized(&pipeline, &article, &summary);
            writeln!(out, "{}", serde_json::to_string(&v)?)?
        }
    }
    if let Some(path) = &args.speak {
        let points: Vec<&str> = summary.key_points.iter().map(|k| k.text.as_str()).collect();
        crate::cmd::speak::points_to_file(
            &points,
            khulasa_pipeline::lang_of(&article),
            path,
            &args.speech_limits,
            &args.voice,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn summarized(
    pipeline: &Pipeline,
    article: &Article,
    summary: &khulasa_pipeline::Summary,
) -> SummarizedJson {
    SummarizedJson::new(
        article,
        SummaryJson::new(summary, pipeline.engine_version()),
    )
}

fn run_jsonl(args: &Args, pipeline: &Pipeline, length: Length) -> Result<ExitCode> {
    let max_line = line_limit(args);
    let reader: Box<dyn BufRead> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(&args.input)
            .with_context(|| format!("could not read {}", args.input.display()))?;
        Box::new(std::io::BufReader::new(f))
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    let mut buf = Vec::new();
    let mut reader = reader;
    let mut lineno = 0usize;
    loop {
        buf.clear();
        // At most `max_line` bytes of a line are held; the rest of a longer
        // line is read and dropped, and the line is reported.
        let n = (&mut reader)
            .take(max_line as u64)
            .read_until(b'\n', &mut buf)
            .with_context(|| format!("could not read {}", args.input.display()))?;
        if n == 0 {
            break;
        }
        lineno += 1;
        if buf.len() == max_line && buf.last() != Some(&b'\n') {
            skip_line(&mut reader)
                .with_context(|| format!("could not read {}", args.input.display()))?;
            failed += 1;
            let e = format!(
                "line {lineno}: longer than {max_line} bytes, skipped; {}",
                Limit::TextBytes.hint()
            );
            let line = JsonlLine::Failed {
                id: Value::Null,
                error: e,
            };
            writeln!(out, "{}", serde_json::to_string(&line)?)?;
            continue;
        }
        let line = String::from_utf8_lossy(&buf);
        if line.trim().is_empty() {
            continue;
        }
        let v = match one_line(pipeline, &line, length, args.title.as_deref()) {
            Ok(v) => v,
            Err((id, e)) => {
                failed += 1;
                JsonlLine::Failed {
                    id,
                    error: format!("line {lineno}: {e}"),
                }
            }
        };
        writeln!(out, "{}", serde_json::to_string(&v)?)?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The longest JSON line read in `--jsonl` mode: a text at the summarizer's
/// limit with room for JSON escapes, or a page at the extractor's.
fn line_limit(args: &Args) -> usize {
    (4 * args.limits.max_text_bytes.get()).max(args.extract_limits.max_page_bytes.get())
}

/// The longest single input read: a page at the extractor's limit (pages
/// carry more than their text), or a text at the summarizer's.
fn input_limit(args: &Args) -> u64 {
    args.extract_limits
        .max_page_bytes
        .0
        .max(args.limits.max_text_bytes.0)
}

/// Reads and drops the rest of the current line.
fn skip_line(reader: &mut dyn BufRead) -> std::io::Result<()> {
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        if let Some(i) = chunk.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let n = chunk.len();
        reader.consume(n);
    }
}

/// Reads a file or stdin, refusing more than `max` bytes without holding it
/// all.
fn read_bounded(path: &std::path::Path, max: u64) -> Result<Vec<u8>> {
    let name = path.display();
    let mut buf = Vec::new();
    let src: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("could not read {name}"))?)
    };
    src.take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .with_context(|| format!("could not read {name}"))?;
    if buf.len() as u64 > max {
        anyhow::bail!(
            "{name} is larger than {max} bytes; {} (pages) or {} (text)",
            Limit::PageBytes.hint(),
            Limit::TextBytes.flag()
        );
    }
    Ok(buf)
}

/// One `--jsonl` line: `{"id", "text", "title"?, "url"?}`, or `html` in
/// place of `text` (extracted first, its headline winning over `title`).
fn one_line(
    pipeline: &Pipeline,
    line: &str,
    length: Length,
    default_title: Option<&str>,
) -> Result<JsonlLine, (Value, String)> {
    let v: Value =
        serde_json::from_str(line).map_err(|e| (Value::Null, format!("not valid JSON: {e}")))?;
    let id = v.get("id").cloned().unwrap_or(Value::Null);
    let Some(obj) = v.as_object() else {
        return Err((id, "expected a JSON object".into()));
    };
    let string = |key: &str| match obj.get(key) {
        Some(Value::String(t)) => Ok(Some(t.clone())),
        Some(Value::Null) | None => Ok(None),
        Some(_) => Err((id.clone(), format!("\"{key}\" must be a string"))),
    };
    let title = string("title")?.or_else(|| default_title.map(str::to_owned));
    let url = string("url")?;
    let given = match (string("text")?, string("html")?) {
        (Some(text), _) => Input::Text { text, title, url },
        (None, Some(html)) => Input::Html {
            html: html.into_bytes(),
            charset: None,
            url,
            title,
        },
        (None, None) => return Err((id, "missing \"text\"".into())),
    };
    let fail =
        |e: khulasa_pipeline::PipelineError| (id.clone(), crate::limits::explain_pipeline(&e));
    let article = pipeline.article(given).map_err(fail)?;
    let summary = pipeline.summarize(&article, length).map_err(fail)?;
    Ok(JsonlLine::Summarized {
        id,
        summary: Box::new(summarized(pipeline, &article, &summary)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    fn line(s: &str) -> Result<Value, (Value, String)> {
        let p = Pipeline::new(khulasa_pipeline::Config::default()).unwrap();
        one_line(&p, s, Length::Bullets(2), None).map(|l| serde_json::to_value(l).unwrap())
    }

    const TEXT: &str = "أعلنت الحكومة خطة جديدة للطاقة الشمسية في المدن الكبرى. وقال الوزير إن الخطة تبدأ في يناير المقبل. وتشمل الخطة تركيب ألواح شمسية في المدارس والمستشفيات.";

    #[test]
    fn jsonl_line_gives_points_with_sentence_indices() {
        let v = line(&json!({"id": "a1", "text": TEXT}).to_string()).unwrap();
        assert_eq!(v["id"], "a1");
        let points = v["key_points"].as_array().unwrap();
        assert_eq!(points.len(), 2);
        for p in points {
            let idx = p["sources"].as_array().unwrap();
            assert!(!idx.is_empty());
            assert!(idx.iter().all(|i| i.as_u64().unwrap() < 3));
        }
        // Numeric ids come back as they were.
        let v = line(&json!({"id": 7, "text": TEXT, "title": "خطة الطاقة"}).to_string()).unwrap();
        assert_eq!(v["id"], 7);
    }

    #[test]
    fn jsonl_bad_lines_are_errors_with_their_id() {
        let (id, e) = line("{not json").unwrap_err();
        assert_eq!(id, Value::Null);
        assert!(e.contains("not valid JSON"), "{e}");
        let (id, e) = line(&json!({"id": "x"}).to_string()).unwrap_err();
        assert_eq!(id, "x");
        assert!(e.contains("missing"), "{e}");
        let (_, e) = line(&json!({"id": "y", "text": "   "}).to_string()).unwrap_err();
        assert!(e.contains("no article text"), "{e}");
        let (_, e) = line(&json!({"id": "z", "text": 5}).to_string()).unwrap_err();
        assert!(e.contains("must be a string"), "{e}");
        assert!(line("[1, 2]").is_err());
    }

    #[test]
    fn skip_line_drops_the_rest_of_a_line_only() {
        let mut r = std::io::Cursor::new(b"xxxxxxxx\nnext\n".to_vec());
        skip_line(&mut r).unwrap();
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "next\n");
        let mut r = std::io::Cursor::new(b"no newline at all".to_vec());
        skip_line(&mut r).unwrap();
        assert_eq!(r.position(), 17);
    }

    #[test]
    fn length_flags_are_validated() {
        let l = |b, w, r| {
            LengthArgs {
                bullets: b,
                words: w,
                ratio: r,
            }
            .length()
        };
        assert_eq!(l(None, None, None).unwrap(), Length::Bullets(3));
        assert_eq!(l(Some(5), None, None).unwrap(), Length::Bullets(5));
        assert_eq!(l(None, Some(40), None).unwrap(), Length::Words(40));
        assert!(l(Some(0), None, None).is_err());
        assert!(l(None, None, Some(1.5)).is_err());
        assert!(l(None, None, Some(f64::NAN)).is_err());
    }
}
