//! `khulasa segment FILE|-`: the sentences of a text, one a line, or as JSON
//! with byte spans and paragraph index.

use crate::input;
use khulasa_text::Segmenter;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `khulasa segment`.
#[derive(clap::Args)]
pub struct Args {
    /// The text file to read (UTF-8), or `-` for standard input.
    pub input: PathBuf,
    /// Output format: `text` (one sentence a line, blank line between
    /// paragraphs) or `json` (spans and paragraph index).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Replace invalid UTF-8 bytes with U+FFFD instead of stopping with an error.
    #[arg(long)]
    pub lossy: bool,
    /// Treat single line breaks as wrapping, not as sentence ends (for
    /// hard-wrapped text); blank lines still separate paragraphs.
    #[arg(long)]
    pub unwrap_lines: bool,
}

/// Output formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One sentence a line.
    Text,
    /// One JSON object with every sentence's text, byte span and paragraph.
    Json,
}

#[derive(Serialize)]
struct Out<'a> {
    index: usize,
    text: &'a str,
    start: usize,
    end: usize,
    paragraph: usize,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = input::read_text(&args.input, args.lossy)?;
    let sentences = Segmenter::new()
        .split_lines(!args.unwrap_lines)
        .segment(&text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Text => {
            let mut last_para = 0;
            for s in &sentences {
                if s.paragraph != last_para {
                    writeln!(out)?;
                    last_para = s.paragraph;
                }
                writeln!(out, "{}", &text[s.span.start..s.span.end])?;
            }
        }
        Format::Json => {
            let items: Vec<Out> = sentences
                .iter()
                .enumerate()
                .map(|(index, s)| Out {
                    index,
                    text: &text[s.span.start..s.span.end],
                    start: s.span.start,
                    end: s.span.end,
                    paragraph: s.paragraph,
                })
                .collect();
            serde_json::to_writer(&mut out, &serde_json::json!({ "sentences": items }))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
