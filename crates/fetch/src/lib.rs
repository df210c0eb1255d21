//! khulasa-fetch (being written).
