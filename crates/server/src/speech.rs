//! Speaking a summary: the key points through `khulasa-speech`, encoded,
//! with timing marks that tell the page which key point is being spoken.

use crate::engine::Format;
use crate::error::ApiError;
use crate::state::AppState;
use axum::http::StatusCode;
use khulasa_core::Lang;
use khulasa_speech::{AudioFormat, SpeechError};
use khulasa_store::StoredAudio;

fn unavailable(why: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "speech_unavailable",
        format!("speech is not available on this server: {why}"),
    )
}

fn speech_error(e: SpeechError) -> ApiError {
    match e {
        SpeechError::EngineUnavailable(_) | SpeechError::DiacritizerUnavailable(_) => {
            unavailable(e)
        }
        SpeechError::TooLong { .. } | SpeechError::AudioTooLong { .. } => {
            ApiError::too_large(e.to_string())
        }
        SpeechError::TimeBudget { .. } => crate::engine::stage_timeout(e),
        SpeechError::Empty | SpeechError::NothingToSay => {
            ApiError::invalid("nothing_to_say", e.to_string())
        }
        other => ApiError::internal(other),
    }
}

/// Speaks `points` and encodes them as `format`. The marks are JSON:
/// `[{"point": 0, "start_ms": 0, "end_ms": 3120}, ...]`.
pub fn speak(
    state: &AppState,
    points: &[String],
    lang: Lang,
    format: Format,
) -> Result<StoredAudio, ApiError> {
    let refs: Vec<&str> = points.iter().map(String::as_str).collect();
    let audio = state
        .inner
        .speaker
        .speak_points(&refs, lang)
        .map_err(speech_error)?;
    let fmt = match format {
        Format::Mp3 => AudioFormat::Mp3,
        Format::Wav => AudioFormat::Wav,
        Format::Ogg => AudioFormat::Ogg,
    };
    let bytes = audio.encode(fmt).map_err(speech_error)?;
    let marks: Vec<serde_json::Value> = audio
        .marks
        .iter()
        .map(|m| serde_json::json!({"point": m.point, "start_ms": m.start_ms, "end_ms": m.end_ms}))
        .collect();
    Ok(StoredAudio {
        content_type: format.mime().to_string(),
        marks: serde_json::Value::Array(marks).to_string(),
        bytes,
    })
}
