//! `khulasa`: the command-line face of the library crates.
//!
//! Thin by design: each subcommand lives in `cmd/<name>.rs`, parses its flags,
//! calls the crates and reports errors in words. The work is in the libraries.

mod cmd;
mod db;
mod engine;
mod input;
mod limits;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// khulasa (خلاصة, "the gist"): Arabic-first news summaries, offline.
#[derive(Parser)]
#[command(name = "khulasa", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Split a text into sentences (with byte spans and paragraph index).
    Segment(cmd::segment::Args),
    /// Summarize an article into key points that trace back to their sources.
    Summarize(cmd::summarize::Args),
    /// Extract the article (title, date, caption, body, contributors) from HTML pages.
    Extract(cmd::extract::Args),
    /// Read text aloud into an audio file (WAV, MP3 or Ogg).
    Speak(cmd::speak::Args),
    /// List the voices installed and usable (espeak-ng, Piper).
    Voices(cmd::voices::Args),
    /// Measure quality against evaluation data, beside a baseline.
    #[command(subcommand)]
    Eval(cmd::eval::EvalCommand),
    /// Serve the HTTP API and the reader page.
    Serve(cmd::serve::Args),
    /// Fetch feeds (RSS, Atom, JSON Feed) and store their articles.
    Ingest(cmd::ingest::Args),
    /// Process a folder of pages, a JSON Lines file or a WARC archive in bulk.
    Batch(cmd::batch::Args),
    /// Show what a store holds.
    Stats(cmd::stats::Args),
    /// Run queued jobs (fetch, extract, summarize, speak) from a PostgreSQL store.
    Worker(cmd::worker::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Segment(a) => cmd::segment::run(a),
        Command::Summarize(a) => cmd::summarize::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Speak(a) => cmd::speak::run(a),
        Command::Voices(a) => cmd::voices::run(a),
        Command::Eval(c) => cmd::eval::run(c),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Batch(a) => cmd::batch::run(a),
        Command::Stats(a) => cmd::stats::run(a),
        Command::Worker(a) => cmd::worker::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("khulasa: {}", limits::explain(&err));
            ExitCode::FAILURE
        }
    }
}
