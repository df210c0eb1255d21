//! khulasa-extract (being written).
