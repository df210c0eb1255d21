//! khulasa-ingest (being written).
