//! khulasa-text (being written).
