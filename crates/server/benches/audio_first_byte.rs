//! Time to the first audio byte over HTTP: a Piper voice beside espeak-ng,
//! in the same run, on a real server over loopback.
//!
//! `cargo bench -p khulasa-server --bench audio_first_byte` (needs espeak-ng
//! and the Piper voice `scripts/setup.sh --test` installs; prints a notice
//! and measures nothing without them).
//!
//! Each voice gets its own server and store; each request asks for the MP3
//! of a summary not spoken yet (a fresh article each time), so it measures
//! speaking, not the cache. "first byte" is when the first chunk of the body
//! arrives; "last byte" is what the first byte would cost if audio were
//! not streamed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use khulasa_server::{AppState, Config};
use khulasa_speech::VoiceSpec;

const RUNS: usize = 5;

/// An English article of our own, about 150 words; `i` makes each unique.
fn article(i: usize) -> String {
    format!(
        "The defence minister met the leader of North Korea in the capital on Friday to strengthen military cooperation, officials said. \
         Both sides described the talks as frank and useful, and agreed to meet again before the end of the year.\n\n\
         A strategic partnership treaty signed in June commits each side to help the other if it is attacked. \
         Analysts said the agreement was the closest the two countries had come to an alliance in decades.\n\n\
         The visit comes amid reports that soldiers from the North are fighting in the war, which neither government has confirmed. \
         Report number {i} was filed from the capital by our correspondent, who attended the briefing."
    )
}

fn joe() -> Option<PathBuf> {
    khulasa_speech::voices::voice_dirs()
        .into_iter()
        .map(|d| d.join("en_US-joe-medium.onnx"))
        .find(|p| p.is_file())
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

async fn measure(name: &str, voices: Vec<VoiceSpec>, offset: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(khulasa_store::SqliteStore::open(dir.path().join("k.db")).unwrap());
    let mut config = Config::default();
    config.speech.voices = voices;
    let state = AppState::new(store, config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(khulasa_server::serve(listener, state));
    let client = reqwest::Client::new();
    let (mut first, mut last) = (Vec::new(), Vec::new());
    let mut speech_kb = 0usize;
    // One warm-up request loads espeak-ng, the diacritiser and the voice.
    for i in 0..=RUNS {
        let created: serde_json::Value = client
            .post(format!("http://{addr}/v1/articles"))
            .json(&serde_json::json!({"text": article(offset + i), "title": "Talks"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().expect("an article id");
        let t = Instant::now();
        let mut res = client
            .get(format!("http://{addr}/v1/articles/{id}/summary/audio.mp3"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        let mut bytes = 0;
        let mut t_first = None;
        while let Some(chunk) = res.chunk().await.unwrap() {
            t_first.get_or_insert_with(|| t.elapsed());
            bytes += chunk.len();
        }
        if i > 0 {
            first.push(t_first.unwrap());
            last.push(t.elapsed());
            speech_kb = bytes / 1024;
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {name} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms | {speech_kb} KiB |",
        ms(percentile(first.clone(), 0.5)),
        ms(*first.iter().max().unwrap()),
        ms(percentile(last.clone(), 0.5)),
        ms(*last.iter().max().unwrap()),
    );
}

fn main() {
    if std::env::args().all(|a| a != "--bench") {
        return; // `cargo test` builds benches: nothing to check here
    }
    if !khulasa_speech::Espeak::available() {
        eprintln!("NOTICE: libespeak-ng not found; bench skipped (run scripts/setup.sh)");
        return;
    }
    let Some(model) = joe() else {
        eprintln!(
            "NOTICE: the Piper voice en_US-joe-medium is not installed; bench skipped (run scripts/setup.sh --test)"
        );
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        println!("\nGET summary/audio.mp3 of a 3-point English summary not yet spoken, {RUNS} runs each, same run");
        println!("| voice | first byte, median | max | last byte, median | max | MP3 |\n|---|---|---|---|---|---|");
        measure("Piper en_US-joe-medium", vec![VoiceSpec::Piper(model)], 0).await;
        measure("baseline: espeak-ng", Vec::new(), 100).await;
    });
}
