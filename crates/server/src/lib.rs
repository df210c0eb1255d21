//! khulasa-server (being written).
