//! khulasa-store (being written).
