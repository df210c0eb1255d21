//! `khulasa serve`: the HTTP API and reader page over a SQLite store.

use anyhow::Context;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

/// Flags of `khulasa serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The store: a SQLite file (created if missing, with its folder), or a
    /// `postgres://` URL shared with other nodes.
    #[arg(long, env = "KHULASA_DB", hide_env_values = true, default_value = "khulasa.db", value_name = "PATH|URL", value_parser = crate::db::Db::parse)]
    db: crate::db::Db,
    /// Require this key on write endpoints (`Authorization: Bearer KEY` or
    /// `X-Api-Key: KEY`). Also read from KHULASA_API_KEY.
    #[arg(long)]
    api_key: Option<String>,
    /// Let `{"url"}` requests reach loopback, private, link-local and cloud
    /// metadata addresses (refused by default).
    #[arg(long)]
    allow_private_urls: bool,
    /// Largest request body, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 4 << 20)]
    max_body_bytes: usize,
    /// Time allowed for one request, in seconds.
    #[arg(long, default_value_t = 60)]
    timeout_secs: u64,
    /// Connections served at once; more clients wait in the listen queue.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
    /// Seconds a client has to send a request's headers (slow-loris and
    /// idle kept-alive connections are closed after it).
    #[arg(long, default_value_t = 10)]
    header_timeout_secs: u64,
    /// Seconds a client may take none of an answer's bytes before its
    /// connection is closed (resets whenever bytes go out).
    #[arg(long, default_value_t = 30)]
    write_timeout_secs: u64,
    /// Answer only requests whose Host is this name (repeatable; without
    /// the port). Guards a local instance against DNS rebinding. By
    /// default any Host is answered.
    #[arg(long = "allowed-host", value_name = "HOST")]
    allowed_hosts: Vec<String>,
    /// Requests per second one client (IP address) may make on average;
    /// over it, 429. By default no limit.
    #[arg(long, value_name = "N")]
    rate_limit: Option<f64>,
    /// Requests a client may make at once before --rate-limit applies.
    #[arg(long, value_name = "N", default_value_t = 20, requires = "rate_limit")]
    rate_burst: u32,
    /// A web origin (`https://news.example`) whose pages may embed the
    /// summary box, `<script src="…/embed.js">` (repeatable). Only these
    /// origins get CORS headers on the API reads the box makes, and only
    /// their pages are fetched for a `url=` box not stored yet. By default
    /// none.
    #[arg(long = "embed-origin", value_name = "ORIGIN")]
    embed_origins: Vec<String>,
    /// Pages fetched for `url=` boxes per embed origin a minute (in bursts
    /// of as many); over it the box is told to try again later.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    embed_fetches_per_minute: u32,
    /// Do not load the demo article into an empty store.
    #[arg(long)]
    no_demo: bool,
    /// Worker threads for the async runtime (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    extract_limits: crate::limits::ExtractLimits,
    #[command(flatten)]
    summarize_limits: crate::limits::SummarizeLimits,
    #[command(flatten)]
    speech_limits: crate::limits::SpeechLimits,
    /// `--engine` is the server's default; a request may ask for another
    /// with `"engine"` (llm only when `--llm-url` and `--llm-model` are set).
    #[command(flatten)]
    engine: crate::engine::EngineArgs,
    /// The voices of the audio endpoint (a voice that will not load is
    /// replaced by espeak-ng, with a warning in the log).
    #[command(flatten)]
    voice: crate::cmd::voices::VoiceArgs,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let mut args = args;
    if args.api_key.is_none() {
        args.api_key = std::env::var("KHULASA_API_KEY").ok();
    }
    if args.api_key.as_deref().is_some_and(|k| k.trim().is_empty()) {
        anyhow::bail!("--api-key is empty: give a key, or leave the flag out to serve without one");
    }
    if args.timeout_secs == 0 {
        anyhow::bail!("--timeout-secs must be at least 1");
    }
    let (llm, engine) = args.engine.settings()?;
    let store = args.db.open()?;
    let config = khulasa_server::Config {
        api_key: args.api_key,
        allow_private_urls: args.allow_private_urls,
        max_body_bytes: args.max_body_bytes,
        request_timeout: Duration::from_secs(args.timeout_secs),
        max_connections: args.max_connections,
        header_timeout: Duration::from_secs(args.header_timeout_secs),
        write_timeout: Duration::from_secs(args.write_timeout_secs.max(1)),
        allowed_hosts: args.allowed_hosts,
        rate_limit: args.rate_limit.map(|per_second| khulasa_server::RateLimit {
            per_second,
            burst: args.rate_burst,
        }),
        embed_origins: args.embed_origins,
        embed_fetch_limit: khulasa_server::RateLimit {
            per_second: f64::from(args.embed_fetches_per_minute) / 60.0,
            burst: args.embed_fetches_per_minute,
        },
        // One text limit for the `text` field and the summarizer.
        max_text_bytes: args.summarize_limits.max_text_bytes.get(),
        extract: args.extract_limits.limits(),
        summarize: args.summarize_limits.limits(),
        speech: args
            .voice
            .apply(args.speech_limits.apply(Default::default())),
        llm,
        engine,
        ..khulasa_server::Config::default()
    };
    let rt = khulasa_server::runtime(&config, args.threads)
        .context("could not start the async runtime")?;
    rt.block_on(async move {
        let state = khulasa_server::AppState::new(store, config)?;
        if !args.no_demo
            && let Some(id) = khulasa_server::demo::load_demo_if_empty(&state).await?
        {
            tracing::info!("the store was empty: loaded the demo article {id}");
        }
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("could not listen on {}", args.addr))?;
        let local = listener.local_addr()?;
        eprintln!(
            "khulasa: serving {} on http://{local}/ (Ctrl-C to stop)",
            args.db.shown()
        );
        if !state.config().embed_origins.is_empty() {
            eprintln!(
                "khulasa: the summary box may be embedded by {}: <script src=\"http://{local}{}\" defer></script>",
                state.config().embed_origins.join(", "),
                khulasa_server::embed_script_path()
            );
        }
        khulasa_server::serve(listener, state)
            .await
            .context("the server failed")?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
