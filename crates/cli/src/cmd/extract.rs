//! `khulasa extract FILE...`: the article out of HTML pages.
//!
//! `--format text` (default) prints the headline, the metadata lines and the
//! body; `--format json` prints one object (an array of objects when given
//! several files); `--format jsonl` prints one line per file with
//! `"source": PATH`, and a file that fails gives `{"source", "error"}` while
//! the run goes on (exit status 2 if any failed).

use crate::input::read_bytes;
use crate::limits::explain;
use anyhow::{Context, Result};
use khulasa_core::Article;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Flags of `khulasa extract`.
#[derive(clap::Args)]
pub struct Args {
    /// HTML pages (`.html`, `.html.gz`, any charset); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The page's URL: recorded in the article and used to make image links absolute.
    #[arg(long)]
    pub url: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub limits: crate::limits::ExtractLimits,
}

/// How the article is printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Headline, metadata lines, then the body as paragraphs.
    Text,
    /// One JSON object (an array when several files are given).
    Json,
    /// One JSON line per file, with `"source": PATH`.
    Jsonl,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let several = args.files.len() > 1;
    let mut json_all = Vec::new();
    let extractor = khulasa_extract::Extractor::with_limits(args.limits.limits());
    for (n, path) in args.files.iter().enumerate() {
        let result = extract_file(&extractor, path, args.url.as_deref());
        match (args.format, result) {
            (Format::Jsonl, Ok(a)) => {
                let mut v = serde_json::Map::new();
                v.insert("source".into(), path.display().to_string().into());
                if let serde_json::Value::Object(fields) = serde_json::to_value(&a)? {
                    v.extend(fields);
                }
                writeln!(out, "{}", serde_json::Value::Object(v))?;
            }
            (Format::Jsonl, Err(e)) => {
                failed += 1;
                let v = serde_json::json!({ "source": path.display().to_string(), "error": explain(&e) });
                writeln!(out, "{v}")?;
            }
            (Format::Json, Ok(a)) if several => json_all.push(serde_json::to_value(&a)?),
            (Format::Json, Ok(a)) => writeln!(out, "{}", serde_json::to_string_pretty(&a)?)?,
            (Format::Text, Ok(a)) => {
                if several {
                    if n > 0 {
                        writeln!(out)?;
                    }
                    writeln!(out, "==> {} <==", path.display())?;
                }
                write_text(&mut out, &a)?;
            }
            (_, Err(e)) => {
                failed += 1;
                out.flush()?;
                eprintln!("khulasa: {}", explain(&e));
            }
        }
    }
    if !json_all.is_empty() {
        writeln!(out, "{}", serde_json::to_string_pretty(&json_all)?)?;
    }
    out.flush()?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else if failed == args.files.len() && !several {
        ExitCode::FAILURE
    } else {
        ExitCode::from(2)
    })
}

fn extract_file(
    extractor: &khulasa_extract::Extractor,
    path: &Path,
    url: Option<&str>,
) -> Result<Article> {
    let bytes = read_bytes(path)?;
    extractor
        .extract(&bytes, url)
        .with_context(|| format!("{}", path.display()))
}

fn write_text(out: &mut impl Write, a: &Article) -> std::io::Result<()> {
    if let Some(t) = &a.title {
        writeln!(out, "{t}")?;
    }
    let mut meta = Vec::new();
    if let Some(d) = &a.published {
        meta.push(d.clone());
    }
    if !a.authors.is_empty() {
        meta.push(a.authors.join("، "));
    }
    if let Some(s) = &a.site_name {
        meta.push(s.clone());
    }
    if !meta.is_empty() {
        writeln!(out, "{}", meta.join(" · "))?;
    }
    if let Some(img) = &a.lead_image
        && let Some(c) = &img.caption
    {
        match &img.credit {
            Some(cr) => writeln!(out, "[{c} ({cr})]")?,
            None => writeln!(out, "[{c}]")?,
        }
    }
    if !a.publisher_summary.is_empty() {
        writeln!(out)?;
        for s in &a.publisher_summary {
            writeln!(out, "- {s}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", a.text)
}
