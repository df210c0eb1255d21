//! khulasa-summarize (being written).
