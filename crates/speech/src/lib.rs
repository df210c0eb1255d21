//! khulasa-speech (being written).
