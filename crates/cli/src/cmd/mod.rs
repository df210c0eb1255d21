//! One module a subcommand. Each has an `Args` (clap) and a `run`.

pub mod batch;
pub mod enqueue;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod segment;
pub mod serve;
pub mod speak;
pub mod stats;
pub mod summarize;
pub mod voices;
pub mod worker;
