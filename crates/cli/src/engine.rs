//! The summary engine flags, shared by `summarize`, `serve`, `batch`,
//! `ingest` and `eval summarize`: `--engine extractive|llm`, and the
//! language model endpoint (`--llm-url`, `--llm-model`; the key from
//! `KHULASA_LLM_KEY`, never a flag, so it stays out of shell history and
//! process lists).

use anyhow::{Result, bail};
use khulasa_pipeline::{Engine, LlmConfig};
use std::time::Duration;

/// The engine to make key points with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    /// The offline extractive engine (the default).
    Extractive,
    /// A language model's points, each checked against the article.
    Llm,
}

/// Engine and endpoint flags.
#[derive(clap::Args, Debug, Clone)]
pub struct EngineArgs {
    /// The summary engine: `extractive` (offline, the default) or `llm` (an
    /// OpenAI-compatible endpoint's points, each checked against the article).
    #[arg(long, value_enum, default_value_t = EngineArg::Extractive)]
    pub engine: EngineArg,
    /// The language model API base, e.g. `http://127.0.0.1:8000/v1`
    /// (`/chat/completions` is appended). The key, if the endpoint needs
    /// one, is read from KHULASA_LLM_KEY.
    #[arg(long, value_name = "URL")]
    pub llm_url: Option<String>,
    /// The model name the endpoint serves (as its /v1/models lists it).
    #[arg(long, value_name = "NAME")]
    pub llm_model: Option<String>,
    /// Seconds one request to the model may take.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub llm_timeout_secs: u64,
    /// Retries after a 429, a 5xx or a refused connection (with backoff).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub llm_retries: u32,
    /// Requests to the model in flight at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub llm_concurrency: usize,
    /// Most (estimated) tokens of the article sent; it is cut at a sentence boundary.
    #[arg(long, value_name = "N", default_value_t = 3000)]
    pub llm_article_tokens: usize,
    /// Do not ask for a JSON answer (`response_format`), for servers that reject it.
    #[arg(long)]
    pub llm_no_json_mode: bool,
}

impl EngineArgs {
    /// The endpoint settings (when `--llm-url` is given) and the engine,
    /// validated: `--engine llm` needs both `--llm-url` and `--llm-model`.
    pub fn settings(&self) -> Result<(Option<LlmConfig>, Engine)> {
        let engine = match self.engine {
            EngineArg::Extractive => Engine::Extractive,
            EngineArg::Llm => Engine::Llm,
        };
        let config = match (&self.llm_url, &self.llm_model) {
            (Some(url), Some(model)) if !model.trim().is_empty() => {
                let mut c = LlmConfig::new(url.trim(), model.trim());
                c.timeout = Duration::from_secs(self.llm_timeout_secs.max(1));
                c.retries = self.llm_retries;
                c.max_concurrent = self.llm_concurrency.max(1);
                c.json_mode = !self.llm_no_json_mode;
                Some(c)
            }
            (None, None) => None,
            (Some(_), _) => {
                bail!("--llm-url needs --llm-model NAME (the model the endpoint serves)")
            }
            (None, Some(_)) => bail!(
                "--llm-model needs --llm-url URL (the API base, e.g. http://127.0.0.1:8000/v1)"
            ),
        };
        if engine == Engine::Llm && config.is_none() {
            bail!("--engine llm needs --llm-url URL and --llm-model NAME");
        }
        Ok((config, engine))
    }

    /// `config` with these engine settings.
    pub fn apply(&self, config: khulasa_pipeline::Config) -> Result<khulasa_pipeline::Config> {
        let (llm, engine) = self.settings()?;
        Ok(khulasa_pipeline::Config {
            llm,
            engine,
            ..config
        })
    }
}
